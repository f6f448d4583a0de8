//! The cursors of the promotion listing: a position in one listing (an index key, see
//! `store::listing`), opaque to the client and bound to the listing it came from.
//!
//! A cursor is the position in hex, a `.`, and 16 hex digits of the SHA-256 of the listing's
//! scope (the store, the sort, the direction and the filters) and the position. A cursor of
//! another store or another sort or filter, or one whose text was changed, does not check and is
//! refused (422 naming `after` or `before`). The check needs no secret: a forged cursor could
//! only name a position in the caller's own listing, since the store read is always the
//! caller's, never the cursor's.

use sha2::{Digest, Sha256};

/// The check digits of `position` in the listing `scope`.
fn check(scope: &str, position: &str) -> String {
    let digest = Sha256::new().chain_update(scope).chain_update([0]).chain_update(position).finalize();
    digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// The cursor of `position` in the listing `scope`.
pub fn encode(scope: &str, position: &str) -> String {
    let hex: String = position.bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("{hex}.{}", check(scope, position))
}

/// The position a cursor names, if it is a cursor of the listing `scope`.
pub fn decode(scope: &str, cursor: &str) -> Option<String> {
    let (hex, digits) = cursor.split_once('.')?;
    if hex.len() % 2 != 0 || !hex.is_ascii() {
        return None;
    }
    let bytes = (0..hex.len()).step_by(2).map(|at| u8::from_str_radix(&hex[at..at + 2], 16).ok());
    let position = String::from_utf8(bytes.collect::<Option<Vec<u8>>>()?).ok()?;
    (check(scope, &position) == digits).then_some(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_in_its_own_listing_only() {
        let cursor = encode("demo|name|asc", "spring\u{1}00000000000000000007");
        assert_eq!(decode("demo|name|asc", &cursor).as_deref(), Some("spring\u{1}00000000000000000007"));
        assert_eq!(decode("other|name|asc", &cursor), None);
        assert_eq!(decode("demo|name|desc", &cursor), None);
        let tampered = cursor.replacen('7', "8", 1);
        assert_eq!(decode("demo|name|asc", &tampered), None);
        for junk in ["", ".", "zz.00", "é.00", "7"] {
            assert_eq!(decode("demo|name|asc", junk), None, "{junk}");
        }
    }
}
