//! Code ids that stay unique per store without a counter every code write would queue on.
//!
//! A new code's id is drawn from the clock and a random start ([`domain::ids::code_ids`]), so two
//! writes of one store in the same millisecond may draw the same id. A code's write also creates
//! its id's claim item (`CODEID#<id>`), on the condition that it does not exist: the second
//! write of an id is cancelled whole and draws again ([`crate::Refusal::IdTaken`]). The claim
//! outlives the code (deletes leave it), so an id is never handed out twice; it expires a day
//! later (TTL), when the clock has long moved past any draw that could land on it.

use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::Serialize;

use super::{backend, DynamoStore};
use crate::error::StoreError;
use crate::keys;
use domain::clock;
use domain::ids::StoreId;

/// How long a claim item lives, in seconds.
const CLAIM_SECONDS: i64 = 24 * 60 * 60;

/// The claim of one code id.
#[derive(Serialize)]
struct ClaimItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: &'static str,
    /// The TTL attribute ([`keys::TTL_ATTRIBUTE`]).
    expires_at: i64,
}

impl DynamoStore {
    /// The conditional put that claims code `id` for `store`; it fails when the id is taken.
    pub(super) fn code_id_claim(&self, store: &StoreId, id: u64) -> Result<TransactWriteItem, StoreError> {
        let claim = ClaimItem {
            pk: keys::store_pk(store),
            sk: keys::code_id_sk(id),
            entity_type: keys::CODE_ID_ENTITY,
            expires_at: clock::now().timestamp() + CLAIM_SECONDS,
        };
        self.put_new(serde_dynamo::to_item(claim).map_err(backend)?)
    }
}
