//! The email a delivery sends: subject, plain text and HTML, from the delivery's snapshot, its
//! coupon and the unsubscribe link. Every caller-given string is escaped in the HTML part
//! ([`escape`]); the plain-text part carries it as it is (the ids, addresses and URLs are valid
//! by construction, and line names are one line of printable text).

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::coupon::major_units;
use super::delivery::{Delivery, Snapshot};
use crate::marketing::ConfigKind;

/// The rendered parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The coupon as the email shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub code: String,
    /// `15 %` or `5.00 EUR`.
    pub discount: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The email of `delivery` (`None` for one without a snapshot, which is never sent).
pub fn render(delivery: &Delivery, offer: Option<&Offer>, unsubscribe_url: &str) -> Option<Rendered> {
    let snapshot = delivery.snapshot.as_ref()?;
    let (subject, opening) = match delivery.kind {
        ConfigKind::AbandonedCheckouts => {
            ("You left something in your cart", "You left these in your cart. They are still waiting for you:")
        }
        ConfigKind::PurchaseFollowUps => {
            ("Thank you for your order", "Thank you for your order. We hope you enjoy it.")
        }
    };
    let lines = line_texts(snapshot);
    let total = format!("Total: {} {}", major_units(snapshot.value, &snapshot.currency), snapshot.currency.as_ref());
    let offer_text = offer.map(offer_sentence);
    let mut text = format!("{opening}\n\n");
    for line in &lines {
        let _ = writeln!(text, "- {line}");
    }
    let _ = writeln!(text, "\n{total}");
    if let Some(url) = &snapshot.resume_url {
        let _ = writeln!(text, "\nPick up where you left off: {}", url.as_ref());
    }
    if let Some(sentence) = &offer_text {
        let _ = writeln!(text, "\n{sentence}");
    }
    let _ = write!(text, "\nNo more emails like this: {unsubscribe_url}\n");
    let html = html(opening, &lines, &total, snapshot, offer_text.as_deref(), unsubscribe_url);
    Some(Rendered { subject: subject.to_owned(), text, html })
}

fn html(
    opening: &str,
    lines: &[String],
    total: &str,
    snapshot: &Snapshot,
    offer: Option<&str>,
    unsubscribe_url: &str,
) -> String {
    let mut html = format!("<!DOCTYPE html>\n<html><body>\n<p>{}</p>\n", escape(opening));
    if !lines.is_empty() {
        html.push_str("<ul>\n");
        for line in lines {
            let _ = writeln!(html, "<li>{}</li>", escape(line));
        }
        html.push_str("</ul>\n");
    }
    let _ = writeln!(html, "<p>{}</p>", escape(total));
    if let Some(url) = &snapshot.resume_url {
        let _ = writeln!(html, "<p><a href=\"{}\">Pick up where you left off</a></p>", escape(url.as_ref()));
    }
    if let Some(sentence) = offer {
        let _ = writeln!(html, "<p><strong>{}</strong></p>", escape(sentence));
    }
    let _ = write!(html, "<p><a href=\"{}\">Unsubscribe</a></p>\n</body></html>\n", escape(unsubscribe_url));
    html
}

fn line_texts(snapshot: &Snapshot) -> Vec<String> {
    let currency = &snapshot.currency;
    snapshot
        .lines
        .iter()
        .map(|line| {
            format!("{} × {} ({} {})", line.quantity, line.name, major_units(line.price, currency), currency.as_ref())
        })
        .collect()
}

fn offer_sentence(offer: &Offer) -> String {
    let until =
        offer.expires_at.map(|at| format!(", valid until {}", at.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default();
    format!("Use code {} for {} off{until}.", offer.code, offer.discount)
}

/// `text` safe inside HTML text and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
