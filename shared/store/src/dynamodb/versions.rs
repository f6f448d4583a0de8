//! Conditions on an item's `version`, for writes a client made conditional with `If-Match`.

use super::transact::number;
use super::Item;

/// A condition that holds while the item's `version` is one of `versions`, and its values; with
/// no versions, one that never holds.
pub(super) fn version_in(versions: &[u64]) -> (String, Item) {
    if versions.is_empty() {
        return ("attribute_exists(PK) AND attribute_not_exists(PK)".to_owned(), Item::new());
    }
    let names: Vec<String> = (0..versions.len()).map(|i| format!(":version{i}")).collect();
    let values = names.iter().zip(versions).map(|(name, version)| (name.clone(), number(version))).collect();
    (format!("version IN ({})", names.join(", ")), values)
}

/// [`version_in`], where version 0 stands for an item never written (or written before it had a
/// version, as marketing configurations were).
pub(super) fn at_versions_or_unwritten(versions: &[u64]) -> (String, Item) {
    let written: Vec<u64> = versions.iter().copied().filter(|v| *v > 0).collect();
    let (condition, values) = version_in(&written);
    match (versions.contains(&0), written.is_empty()) {
        (true, true) => ("attribute_not_exists(version)".to_owned(), Item::new()),
        (true, false) => (format!("attribute_not_exists(version) OR {condition}"), values),
        (false, _) => (condition, values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_name_each_version_once() {
        let (condition, values) = version_in(&[3, 7]);
        assert_eq!(condition, "version IN (:version0, :version1)");
        assert_eq!(
            (values[":version0"].as_n().ok(), values[":version1"].as_n().ok()),
            (Some(&"3".to_owned()), Some(&"7".to_owned()))
        );
        assert_eq!(version_in(&[]).0, "attribute_exists(PK) AND attribute_not_exists(PK)");
        assert_eq!(at_versions_or_unwritten(&[0]).0, "attribute_not_exists(version)");
        assert_eq!(at_versions_or_unwritten(&[0, 2]).0, "attribute_not_exists(version) OR version IN (:version0)");
    }
}
