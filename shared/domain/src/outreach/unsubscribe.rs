//! The token an unsubscribe link carries: 32 random hex digits per customer of a store, drawn
//! once and kept with their opt-out, so a link names one customer without showing who, and
//! nobody can make one for someone else's address.

use crate::error::RandomnessUnavailable;

/// Hex digits in a token (128 random bits).
pub const TOKEN_CHARS: usize = 32;

/// A fresh token.
pub fn new_token() -> Result<String, RandomnessUnavailable> {
    let mut bytes = [0u8; TOKEN_CHARS / 2];
    getrandom::fill(&mut bytes).map_err(RandomnessUnavailable)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `raw` can be a token (anything else is answered as unknown without a read).
pub fn is_token(raw: &str) -> bool {
    raw.len() == TOKEN_CHARS && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_lower_case_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert!(is_token(&a) && is_token(&b) && a != b);
        for not_one in
            ["", "ABCDEF0123456789ABCDEF0123456789", "0123", &"0".repeat(33), "g123456789abcdef0123456789abcdef"]
        {
            assert!(!is_token(not_one), "{not_one}");
        }
    }
}
