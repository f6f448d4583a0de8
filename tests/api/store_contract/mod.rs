//! The store contract: what every backend must do, run on SQLite and on DynamoDB Local.
//! Each entity's file lists its cases in one `on_every_backend!`.

/// Runs each case on a fresh store of every backend.
macro_rules! on_every_backend {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $case() {
                super::$case(&crate::support::sqlite_store()).await;
            })+
        }
        mod dynamodb {
            $(#[tokio::test]
            async fn $case() {
                skip_without_dynamodb!();
                super::$case(&crate::support::dynamo_store().await).await;
            })+
        }
    };
}

mod api_keys;
pub(crate) mod candidates;
mod codes;
mod idempotency;
mod listing;
mod marketing;
mod outreach;
mod promotions;
