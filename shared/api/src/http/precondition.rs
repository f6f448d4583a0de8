//! Optimistic concurrency for clients: a promotion's or a configuration's `ETag` is its stored
//! version as a strong tag (`"v3"`; `"v0"` for a configuration never written), and a write with
//! `If-Match` applies only while the resource still has one of the tags it names (RFC 9110).
//!
//! `*` matches any stored version; a weak tag (`W/"v3"`) never matches, since `If-Match` compares
//! strongly; a list that names no tag of ours matches nothing; at most [`MAX_TAGS`] tags count.
//! The check and the write are one conditional store operation, so a writer that got in between
//! makes the request a 412 too.

use lambda_http::http::header::{ETAG, IF_MATCH};
use lambda_http::http::HeaderValue;
use lambda_http::{Body, Request, Response};

/// Most tags of one `If-Match` that are considered (a DynamoDB condition lists each).
pub const MAX_TAGS: usize = 20;

/// The `ETag` of a resource at `version`.
pub fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"v0\""))
}

/// `response` with the `ETag` of `version`.
pub fn with_etag(mut response: Response<Body>, version: u64) -> Response<Body> {
    response.headers_mut().insert(ETAG, etag(version));
    response
}

/// What a request's `If-Match` allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: any version, as long as the resource exists.
    Any,
    /// The versions of the strong tags it lists (possibly none).
    Versions(Vec<u64>),
}

impl IfMatch {
    /// The request's `If-Match`, if it has one (several header lines are one list).
    pub fn of(req: &Request) -> Option<Self> {
        let mut values = req.headers().get_all(IF_MATCH).iter().peekable();
        values.peek()?;
        let mut versions = Vec::with_capacity(MAX_TAGS);
        for value in values {
            for tag in String::from_utf8_lossy(value.as_bytes()).split(',').map(str::trim) {
                if tag == "*" {
                    return Some(Self::Any);
                }
                // Past MAX_TAGS versions only a `*` can still change the answer: one pass, each
                // tag compared with at most MAX_TAGS others, however long the header is.
                if versions.len() < MAX_TAGS {
                    versions.extend(parse_tag(tag).filter(|v| !versions.contains(v)));
                }
            }
        }
        Some(Self::Versions(versions))
    }

    /// Whether a resource at `version` satisfies the condition.
    pub fn allows(&self, version: u64) -> bool {
        match self {
            Self::Any => true,
            Self::Versions(versions) => versions.contains(&version),
        }
    }

    /// The versions a conditional write may find: `None` for `*` (any).
    pub fn versions(&self) -> Option<&[u64]> {
        match self {
            Self::Any => None,
            Self::Versions(versions) => Some(versions),
        }
    }
}

/// The version a strong tag of ours names: `"v<digits>"`.
fn parse_tag(tag: &str) -> Option<u64> {
    let digits = tag.strip_prefix("\"v")?.strip_suffix('"')?;
    let canonical =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn if_match(values: &[&str]) -> Option<IfMatch> {
        let mut builder = lambda_http::http::Request::builder();
        for value in values {
            builder = builder.header(IF_MATCH, *value);
        }
        IfMatch::of(&builder.body(Body::Empty).unwrap())
    }

    #[test]
    fn tags_are_strong_quoted_versions() {
        assert_eq!(etag(3), "\"v3\"");
        assert_eq!(if_match(&[]), None);
        assert_eq!(if_match(&["\"v3\""]), Some(IfMatch::Versions(vec![3])));
        assert_eq!(if_match(&["\"v1\", \"v2\"", "\"v7\""]), Some(IfMatch::Versions(vec![1, 2, 7])));
        assert_eq!(if_match(&["\"v1\", *"]), Some(IfMatch::Any));
    }

    #[test]
    fn weak_foreign_or_malformed_tags_match_nothing() {
        for value in ["W/\"v3\"", "\"3\"", "v3", "\"v03\"", "\"v\"", "\"v-1\"", "\"v99999999999999999999\"", ""] {
            let condition = if_match(&[value]).unwrap();
            assert!(!condition.allows(3) && !condition.allows(0), "{value}");
            assert_eq!(condition.versions(), Some(&[][..]), "{value}");
        }
    }

    #[test]
    fn repeated_tags_count_once_and_at_most_twenty_count() {
        let many: Vec<String> = (0..30).chain(0..5).map(|v| format!("\"v{v}\"")).collect();
        let condition = if_match(&[&many.join(", ")]).unwrap();
        assert_eq!(condition.versions().map(<[u64]>::len), Some(MAX_TAGS));
        assert!(condition.allows(19) && !condition.allows(20));
    }

    #[test]
    fn a_star_after_thousands_of_tags_still_means_any() {
        let many: Vec<String> = (0..35_000).map(|v| format!("\"v{v}\"")).collect();
        assert_eq!(if_match(&[&many.join(","), "*"]), Some(IfMatch::Any));
        let condition = if_match(&[&many.join(",")]).unwrap();
        assert_eq!(condition.versions().map(<[u64]>::len), Some(MAX_TAGS), "the first twenty count");
    }
}
