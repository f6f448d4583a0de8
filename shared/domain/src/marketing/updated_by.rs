//! Who last wrote a configuration: `{"type": "api_key", "id": "<flake id>"}`, or
//! `{"type": "anonymous"}` when the caller is not identified.

use serde::{Deserialize, Serialize};

use super::flake_id::FlakeId;

/// The author of the last write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatedBy {
    #[serde(rename = "type")]
    pub kind: ActorType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<FlakeId>,
}

/// The kinds of actor the platform knows, as the reference lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    Anonymous,
    User,
    ApiKey,
    Customer,
    GameServer,
    Internal,
    Admin,
    Platform,
    GlobalCustomer,
}

impl UpdatedBy {
    /// An unidentified caller, with no id.
    pub fn anonymous() -> Self {
        Self { kind: ActorType::Anonymous, id: None }
    }
}

/// The author a write made with an API key records: the key, by its flake id.
pub fn api_key(key_id: u64) -> UpdatedBy {
    UpdatedBy { kind: ActorType::ApiKey, id: Some(FlakeId::new(key_id)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anonymous_author_has_no_id_and_a_known_one_has_its_flake_id() {
        assert_eq!(serde_json::to_value(UpdatedBy::anonymous()).unwrap(), serde_json::json!({"type": "anonymous"}));
        let key: UpdatedBy = serde_json::from_value(serde_json::json!({"type": "api_key", "id": "42"})).unwrap();
        assert_eq!(key.kind, ActorType::ApiKey);
        assert_eq!(key.id.map(FlakeId::get), Some(42));
    }
}
