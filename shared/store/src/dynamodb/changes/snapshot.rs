//! One side of a change: the entity a stream image of the table holds, when it is one that
//! merchants see change (a promotion, a code under its text, the promotion settings, a
//! marketing configuration). Every other item is bookkeeping (counters, claims, idempotency
//! records, redemptions, a code's copy under its promotion, keys) and reads as `None`, so a
//! code is announced once although it is stored twice.

use aws_sdk_dynamodb::types::AttributeValue;
use domain::marketing::ConfigKind;
use serde::Serialize;
use serde_json::Value;

use super::super::codes::CodeItem;
use super::super::marketing::ConfigurationItem;
use super::super::promotion_item::read_promotion;
use super::super::settings::SettingsItem;
use super::super::{backend, Item};
use crate::error::StoreError;
use crate::keys;

/// The `entity_id` of a store's promotion settings (one per store).
pub const SETTINGS_ID: &str = "settings";

/// What a change event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Promotion,
    Code,
    PromotionSettings,
    MarketingConfiguration,
}

impl Entity {
    /// The first half of an event's detail type (`promotion` in `promotion.created`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Promotion => "promotion",
            Self::Code => "code",
            Self::PromotionSettings => "promotion_settings",
            Self::MarketingConfiguration => "marketing_configuration",
        }
    }

    /// Whether the API changes one in place. A code is only created and deleted: its items
    /// change otherwise only as redemptions count its uses, which is no merchant's change.
    pub fn is_updatable(self) -> bool {
        self != Self::Code
    }
}

/// An entity as one image shows it.
pub(super) struct Snapshot {
    pub entity: Entity,
    pub store_id: String,
    pub entity_id: String,
    /// A code's promotion.
    pub promotion_id: Option<u64>,
    /// The item's version, where it has one (promotions and marketing configurations).
    pub version: Option<u64>,
    /// What the API answers for it: an update's changed fields are its top-level differences.
    pub view: Value,
}

/// The entity `image` holds, or `None` for an empty image or a bookkeeping item.
pub(super) fn read(image: &serde_dynamo::Item) -> Result<Option<Snapshot>, StoreError> {
    let item: Item = image.clone().into();
    let text = |name: &str| match item.get(name) {
        Some(AttributeValue::S(text)) => Some(text.clone()),
        _ => None,
    };
    let store_id = text(keys::PK).as_deref().and_then(keys::store_of_pk).map(str::to_owned);
    let (Some(entity_type), Some(store_id), Some(sk)) = (text("entity_type"), store_id, text(keys::SK)) else {
        return Ok(None);
    };
    let snapshot = |entity, entity_id, promotion_id, version, view| Snapshot {
        entity,
        store_id,
        entity_id,
        promotion_id,
        version,
        view,
    };
    Ok(Some(match entity_type.as_str() {
        keys::PROMOTION_ENTITY => {
            let promotion = read_promotion(item)?;
            let (id, view) = (promotion.value.id().0.to_string(), view_of(&promotion.value.view())?);
            snapshot(Entity::Promotion, id, None, Some(promotion.version), view)
        }
        keys::CODE_ENTITY => {
            let code: CodeItem = serde_dynamo::from_item(item).map_err(backend)?;
            let view = view_of(&code.code)?;
            snapshot(Entity::Code, code.code.id.to_string(), Some(code.promotion_id.0), None, view)
        }
        keys::SETTINGS_ENTITY => {
            let settings: SettingsItem = serde_dynamo::from_item(item).map_err(backend)?;
            snapshot(Entity::PromotionSettings, SETTINGS_ID.to_owned(), None, None, view_of(&settings.settings)?)
        }
        keys::MARKETING_CONFIG_ENTITY => {
            let Some(kind) = ConfigKind::ALL.into_iter().find(|kind| keys::marketing_config_sk(*kind) == sk) else {
                return Ok(None);
            };
            let config: ConfigurationItem = serde_dynamo::from_item(item).map_err(backend)?;
            let view = view_of(&config.configuration.view())?;
            snapshot(Entity::MarketingConfiguration, kind.path_segment().to_owned(), None, Some(config.version), view)
        }
        _ => return Ok(None),
    }))
}

fn view_of(value: &impl Serialize) -> Result<Value, StoreError> {
    serde_json::to_value(value).map_err(backend)
}
