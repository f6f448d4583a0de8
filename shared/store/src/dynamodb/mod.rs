//! The DynamoDB backend: one table, `PK`/`SK` strings (see [`super::keys`]), items mapped with
//! serde_dynamo, every write conditional (but the purge's, of what a deleted promotion left).
//! One file per entity; this one holds the client and the mapping of SDK failures; [`table`]
//! creates the table from `template.yaml` (feature `template`); [`changes`] reads the table's
//! stream; [`batch_write`] sends a BatchWriteItem until all of it is written.

mod api_keys;
mod backoff;
pub mod batch_write;
mod candidates;
pub mod changes;
pub mod client;
mod code_ids;
mod codes;
mod counted_codes;
mod delete_if;
mod idempotency;
mod listing;
mod marketing;
mod optouts;
mod outreach;
mod paged_query;
mod promotion_count;
mod promotion_item;
mod promotions;
mod purge;
mod redemption_items;
mod redemptions;
mod settings;
#[cfg(feature = "template")]
pub mod table;
pub mod transact;
pub mod usage;
mod uses;
mod versions;

use std::collections::HashMap;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use aws_sdk_dynamodb::Client;

use crate::error::StoreError;
use crate::keys::{self, PK, SK};
use domain::ids::StoreId;

pub(crate) type Item = HashMap<String, AttributeValue>;

/// Error codes DynamoDB answers when a retry later may succeed.
const TRANSIENT_CODES: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
];

/// Attempts of one BatchGetItem chunk, or of one BatchWriteItem, while DynamoDB leaves some of
/// it unprocessed.
pub const BATCH_ATTEMPTS: usize = 4;

/// The table named by `TABLE_NAME`.
fn table_name() -> Result<String, String> {
    std::env::var("TABLE_NAME").map_err(|_| "TABLE_NAME is not set".to_owned())
}

/// A store on one DynamoDB table. Cheap to clone; build it once per container.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    pub(crate) client: Client,
    pub(crate) table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// The store the environment describes: the SDK's standard configuration (region,
    /// credentials, `AWS_ENDPOINT_URL_DYNAMODB`) and the table named by `TABLE_NAME`.
    pub async fn from_env() -> Result<Self, String> {
        let table = table_name()?;
        Ok(Self::new(Client::new(&client::sdk_config().await), table))
    }

    /// The store of a Lambda function: [`client::lambda_config`] and the table named by
    /// `TABLE_NAME`.
    pub fn for_lambda() -> Result<Self, String> {
        Ok(Self::new(Client::from_conf(client::lambda_config()?), table_name()?))
    }

    /// Opens the connection to DynamoDB (TCP, TLS, credentials, signing) with one GetItem of a
    /// key no item has, so that the first request does not pay for it. Lambda runs the init
    /// phase at full CPU and bills it once per container; a failure here is left for the first
    /// real request to report.
    pub async fn warm_up(&self) {
        let key = HashMap::from([
            (PK.to_owned(), AttributeValue::S("WARMUP".to_owned())),
            (SK.to_owned(), AttributeValue::S("WARMUP".to_owned())),
        ]);
        let _ = self.client.get_item().table_name(&self.table).set_key(Some(key)).send().await;
    }

    /// The items with these keys, in any order (one BatchGetItem per 100 keys). Keys DynamoDB
    /// left unprocessed (it was throttling) are sent again after a jittered pause that doubles,
    /// [`BATCH_ATTEMPTS`] attempts in all, as the SDK retries its own calls; then the store is
    /// unavailable.
    pub(crate) async fn batch_get(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        self.batch_get_with(keys, true).await
    }

    /// [`Self::batch_get`], strongly consistent only when `consistent`.
    pub(crate) async fn batch_get_with(&self, keys: Vec<Item>, consistent: bool) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::new();
        for chunk in keys.chunks(100) {
            let mut pending = chunk.to_vec();
            for attempt in 0..BATCH_ATTEMPTS {
                if pending.is_empty() {
                    break;
                }
                if attempt > 0 {
                    tokio::time::sleep(backoff::backoff(attempt - 1)).await;
                }
                let request = KeysAndAttributes::builder()
                    .set_keys(Some(pending))
                    .consistent_read(consistent)
                    .build()
                    .map_err(backend)?;
                let output =
                    self.client.batch_get_item().request_items(&self.table, request).send().await.map_err(sdk_error)?;
                found.extend(output.responses.unwrap_or_default().remove(&self.table).unwrap_or_default());
                pending =
                    output.unprocessed_keys.unwrap_or_default().remove(&self.table).map(|k| k.keys).unwrap_or_default();
            }
            if !pending.is_empty() {
                return Err(StoreError::Unavailable("DynamoDB kept keys of a batch read unprocessed".into()));
            }
        }
        Ok(found)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// The store's item under `sk`, read strongly consistently, as `T`; `None` when there is none.
    pub(crate) async fn read_item<T: serde::de::DeserializeOwned>(
        &self,
        store: &StoreId,
        sk: String,
    ) -> Result<Option<T>, StoreError> {
        let request = self.client.get_item().table_name(&self.table).set_key(Some(Self::key(store, sk)));
        let item = request.consistent_read(true).send().await.map_err(sdk_error)?.item;
        item.map(|item| serde_dynamo::from_item(item).map_err(backend)).transpose()
    }

    pub(crate) fn key(store: &StoreId, sk: String) -> Item {
        HashMap::from([
            (PK.to_owned(), AttributeValue::S(keys::store_pk(store))),
            (SK.to_owned(), AttributeValue::S(sk)),
        ])
    }
}

/// Maps an SDK failure: throttling, timeouts and connection failures are worth a retry
/// ([`StoreError::Unavailable`]); everything else is a backend failure.
pub(crate) fn sdk_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let transient = match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => true,
        SdkError::ServiceError(service) => is_transient(service.err().code()),
        _ => false,
    };
    if transient {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Backend(Box::new(error))
    }
}

pub(crate) fn service_error<E>(error: E) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if is_transient(error.code()) {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Backend(Box::new(error))
    }
}

pub(crate) fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(error))
}

fn is_transient(code: Option<&str>) -> bool {
    code.is_some_and(|code| TRANSIENT_CODES.contains(&code))
}
