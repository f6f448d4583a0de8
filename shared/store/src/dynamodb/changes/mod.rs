//! Change events: what a merchant's systems hear when a promotion, a coupon code, the promotion
//! settings or a marketing configuration is created, updated or deleted. They are read from the
//! table's stream (its new and old images; the `publish-changes` function puts them on the
//! stack's EventBridge bus), so a change is announced whatever wrote it, once it is written.
//!
//! The mapping is pure: one stream record, at most one event. Everything else the table holds
//! maps to none (`snapshot` says which items count). docs/operations.md ("Change events")
//! describes the events for those who subscribe to them.

mod snapshot;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::StoreError;
pub use snapshot::{Entity, SETTINGS_ID};

/// The `source` of every change event.
pub const SOURCE: &str = "promotions-api";

/// What happened to the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

impl Action {
    /// The second half of an event's detail type (`created` in `promotion.created`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
        }
    }
}

/// One change: its detail type is `<entity>.<action>`, its detail [`ChangeDetail`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEvent {
    pub entity: Entity,
    pub action: Action,
    pub detail: ChangeDetail,
}

impl ChangeEvent {
    /// The event's detail type: `promotion.updated`, `code.created`, …
    pub fn detail_type(&self) -> String {
        format!("{}.{}", self.entity.name(), self.action.name())
    }
}

/// An event's `detail`. The field names are a published contract: renaming one breaks rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeDetail {
    pub store_id: String,
    /// The promotion's or code's id, the marketing configuration's kind (`abandoned-checkouts`),
    /// or [`SETTINGS_ID`]; always a string.
    pub entity_id: String,
    /// A code's promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<u64>,
    /// The entity's version after the change (before it, for a delete): its `ETag`. `None` for
    /// codes and settings, which have no version.
    pub version: Option<u64>,
    /// When DynamoDB wrote the change.
    pub time: DateTime<Utc>,
    /// The stream record's id: the same on every delivery of one change, so a reader can drop
    /// the repeats that at-least-once delivery brings.
    pub change_id: String,
    /// For an update, the top-level fields of the API's representation whose values changed
    /// (in name order; empty when only the version moved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_fields: Option<Vec<String>>,
}

/// One record of the table's stream, as the mapping reads it: what a Lambda stream event's record
/// holds (`publish_changes::stream_change` takes it from one), without the Lambda types, so that
/// the store depends on no Lambda crate.
#[derive(Debug, Clone, Copy)]
pub struct StreamChange<'a> {
    /// The record's id, the same on every delivery of it.
    pub id: &'a str,
    /// When DynamoDB wrote the change.
    pub time: DateTime<Utc>,
    /// The item before the change (empty for a create).
    pub old_image: &'a serde_dynamo::Item,
    /// The item after the change (empty for a delete).
    pub new_image: &'a serde_dynamo::Item,
}

/// The event a stream record makes, if any. An image that cannot be read is an error, never a
/// silently dropped change.
pub fn change_event(change: StreamChange<'_>) -> Result<Option<ChangeEvent>, StoreError> {
    let (old, new) = (snapshot::read(change.old_image)?, snapshot::read(change.new_image)?);
    let (action, current, changed_fields) = match (old, new) {
        (None, Some(new)) => (Action::Created, new, None),
        (Some(old), Some(new)) if new.entity.is_updatable() => {
            let changed = changed_fields(&old.view, &new.view);
            (Action::Updated, new, Some(changed))
        }
        (Some(old), None) => (Action::Deleted, old, None),
        _ => return Ok(None),
    };
    let detail = ChangeDetail {
        store_id: current.store_id,
        entity_id: current.entity_id,
        promotion_id: current.promotion_id,
        version: current.version,
        time: change.time,
        change_id: change.id.to_owned(),
        changed_fields,
    };
    Ok(Some(ChangeEvent { entity: current.entity, action, detail }))
}

/// The top-level fields whose values differ between two representations, in name order.
fn changed_fields(old: &Value, new: &Value) -> Vec<String> {
    let (old, new) = (old.as_object(), new.as_object());
    let names: BTreeSet<&String> = old.into_iter().chain(new).flat_map(|fields| fields.keys()).collect();
    let differs = |name: &&String| old.and_then(|f| f.get(*name)) != new.and_then(|f| f.get(*name));
    names.into_iter().filter(differs).cloned().collect()
}
