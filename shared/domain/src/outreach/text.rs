//! The caller-given strings of the marketing events, each valid by construction: ids that can
//! sit in a storage key and a file name, an email address that can sit in a mail header, and a
//! resume URL that can sit in an HTML attribute and a plain-text line.

use crate::parse::StrValue;

/// Longest caller id (event, checkout, order, customer).
pub const MAX_REF_CHARS: usize = 64;
/// Longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest resume URL.
pub const MAX_URL_CHARS: usize = 2048;

/// An id the caller gives (event, checkout, order, customer): 1 to 64 of `A-Z a-z 0-9 _ - . :`,
/// so it is safe inside a sort key, an email reference and an outbox file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(String);

impl StrValue for Ref {
    const EXPECTING: &'static str = "an id of 1 to 64 letters, digits, '_', '-', '.' or ':'";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':');
        if raw.is_empty() || raw.len() > MAX_REF_CHARS || !raw.chars().all(allowed) {
            return Err(format!("{raw:?} is not {}", Self::EXPECTING));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for Ref {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// An email address: one `@` with text on both sides, no spaces or control characters, so it can
/// never inject a header line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl StrValue for Email {
    const EXPECTING: &'static str = "an email address such as ann@example.com";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let plain = raw.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | ',' | ';'));
        let valid = match raw.split_once('@') {
            Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.contains('@'),
            None => false,
        };
        if !plain || !valid || raw.len() > MAX_EMAIL_CHARS {
            return Err(format!("{raw:?} is not {}", Self::EXPECTING));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Where the customer picks the checkout up again: an `http` or `https` URL of printable ASCII
/// without quotes or angle brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeUrl(String);

impl StrValue for ResumeUrl {
    const EXPECTING: &'static str = "an http or https URL";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let scheme = raw.starts_with("https://") || raw.starts_with("http://");
        let plain = raw.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '\\'));
        if !scheme || !plain || raw.len() > MAX_URL_CHARS {
            return Err(format!("{raw:?} is not {} (at most {MAX_URL_CHARS} characters)", Self::EXPECTING));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for ResumeUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(Ref, Email, ResumeUrl);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_fit_keys_and_file_names() {
        for valid in ["chk_1", "ord-2026.12:1", &"x".repeat(64)] {
            assert!(Ref::parse_str(valid).is_ok(), "{valid}");
        }
        for invalid in ["", "a/b", "a#b", "a b", &"x".repeat(65), "é"] {
            assert!(Ref::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn emails_cannot_carry_headers() {
        assert!(Email::parse_str("ann@example.com").is_ok());
        for invalid in ["ann", "@example.com", "ann@example", "ann@example.com\r\nBcc: x@y.z", "a b@c.d", "<a@b.c>"] {
            assert!(Email::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn resume_urls_are_plain_http() {
        assert!(ResumeUrl::parse_str("https://shop.example/checkout/1?x=1&y=2").is_ok());
        for invalid in ["javascript:alert(1)", "https://a.b/\"onload=", "ftp://a.b", "https://a b"] {
            assert!(ResumeUrl::parse_str(invalid).is_err(), "{invalid}");
        }
    }
}
