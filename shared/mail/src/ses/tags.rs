//! The message tags SES records with each send (and passes to the configuration set's event
//! destinations): the store and the delivery's reference, so a bounce or complaint event leads
//! back to the delivery. SES accepts only ASCII letters, digits, `_` and `-` in a tag, at most
//! 256 of them: other characters become `_`.

use aws_sdk_sesv2::types::MessageTag;

use crate::{MailError, OutgoingEmail};

/// SES's limit on a tag value's length.
const MAX_LENGTH: usize = 256;

/// The `store` and `reference` tags of `email`.
pub(super) fn of(email: &OutgoingEmail) -> Result<Vec<MessageTag>, MailError> {
    [("store", &email.store), ("reference", &email.reference)]
        .into_iter()
        .map(|(name, value)| {
            MessageTag::builder().name(name).value(value_of(value)).build().map_err(super::error::invalid)
        })
        .collect()
}

/// `value` with every character SES refuses in a tag replaced by `_`, cut to SES's limit.
fn value_of(value: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    value.chars().take(MAX_LENGTH).map(|c| if safe(c) { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::value_of;

    #[test]
    fn a_tag_value_keeps_letters_digits_underscores_and_dashes_only_up_to_256() {
        assert_eq!(value_of("store-1_A"), "store-1_A");
        assert_eq!(value_of("CHECKOUT#s1/c.2 é"), "CHECKOUT_s1_c_2__");
        assert_eq!(value_of(&"x".repeat(300)).len(), 256);
        assert_eq!(value_of(""), "");
    }
}
