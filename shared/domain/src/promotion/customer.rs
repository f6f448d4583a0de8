//! Who may use a promotion: customer groups (or the groups excluded), a minimum number of past
//! orders, and customer segments.
//!
//! `group_ids` and `excluded_group_ids` are never both non-empty; group 0 stands for guests and
//! customers in no group. Segments combine with `and` / `or` (two or more each) and `not`,
//! nested at most [`MAX_NESTING`] deep.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::limits::{MAX_IDS, MAX_MEMBERS, MAX_NESTING, MAX_SEGMENT_IDS};
use crate::checks::{field, index, Checks, Path};
use crate::error::Violation;

/// Eligibility by customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub group_ids: Vec<u64>,
    #[serde(default)]
    pub excluded_group_ids: Vec<u64>,
    #[serde(default)]
    pub minimum_order_count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<SegmentMatcher>,
}

/// Customer segments, by id or combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentMatcher {
    Id(Vec<Uuid>),
    And(Vec<SegmentMatcher>),
    Or(Vec<SegmentMatcher>),
    Not(Box<SegmentMatcher>),
}

impl Customer {
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        let both = !self.group_ids.is_empty() && !self.excluded_group_ids.is_empty();
        checks.expect(!both, field(path, "excluded_group_ids"), Violation::ExclusiveWith("group_ids"));
        for (ids, name) in [(&self.group_ids, "group_ids"), (&self.excluded_group_ids, "excluded_group_ids")] {
            checks.unique(ids, field(path, name));
            checks.at_most(ids, MAX_IDS, field(path, name));
        }
        if let Some(segments) = &self.segments {
            let path = field(path, "segments");
            checks.expect(segments.nesting() <= MAX_NESTING, path, Violation::TooDeep(MAX_NESTING));
            segments.check(&path, checks);
        }
    }
}

impl SegmentMatcher {
    fn nesting(&self) -> usize {
        match self {
            Self::Id(_) => 0,
            Self::And(all) | Self::Or(all) => 1 + all.iter().map(Self::nesting).max().unwrap_or(0),
            Self::Not(inner) => 1 + inner.nesting(),
        }
    }

    fn check(&self, path: &Path, checks: &mut Checks) {
        match self {
            Self::Id(ids) => {
                checks.non_empty_unique(ids, field(path, "id"));
                checks.at_most(ids, MAX_SEGMENT_IDS, field(path, "id"));
            }
            Self::And(all) | Self::Or(all) => {
                let path = field(path, if matches!(self, Self::And(_)) { "and" } else { "or" });
                checks.expect(all.len() >= 2, path, Violation::TooFew(2));
                checks.at_most(all, MAX_MEMBERS, path);
                for (i, segment) in all.iter().enumerate() {
                    segment.check(&index(&path, i), checks);
                }
            }
            Self::Not(inner) => inner.check(&field(path, "not"), checks),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ROOT;
    use serde_json::json;

    fn error_paths(value: serde_json::Value) -> Vec<String> {
        let customer: Customer = serde_json::from_value(value).expect("parses");
        let mut checks = Checks::default();
        customer.check(&field(&ROOT, "customer"), &mut checks);
        checks.paths()
    }

    const SEGMENT: &str = "0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10";
    const OTHER: &str = "5f0e3a50-2b1f-4d3a-8b8b-2c6a9c0c1e22";

    #[test]
    fn group_ids_and_excluded_group_ids_exclude_each_other() {
        assert!(error_paths(json!({"group_ids": [1], "excluded_group_ids": []})).is_empty());
        assert_eq!(
            error_paths(json!({"group_ids": [1], "excluded_group_ids": [2]})),
            vec!["customer.excluded_group_ids"]
        );
    }

    #[test]
    fn segment_combinations_need_two_members_and_bounded_depth() {
        let two = json!({"segments": {"or": [{"id": [SEGMENT]}, {"id": [OTHER]}]}});
        assert!(error_paths(two).is_empty());
        assert_eq!(error_paths(json!({"segments": {"and": [{"id": [SEGMENT]}]}})), vec!["customer.segments.and"]);
        let deep = json!({"segments": {"not": {"not": {"not": {"not": {"id": [SEGMENT]}}}}}});
        assert_eq!(error_paths(deep), vec!["customer.segments"]);
    }

    #[test]
    fn segment_ids_must_be_uuids() {
        assert!(serde_json::from_value::<Customer>(json!({"segments": {"id": ["not-a-uuid"]}})).is_err());
    }
}
