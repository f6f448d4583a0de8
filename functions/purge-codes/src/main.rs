//! The Lambda binary: picks the allocator, builds the store once and runs
//! [`purge_codes::purge_deleted`] on each batch of the table's stream, until shortly before the
//! invocation's deadline.

use std::time::Duration;

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{service_fn, LambdaEvent};

/// mimalloc, as every function of the project (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let store = store::dynamodb::DynamoStore::for_lambda()?;
    let store = &store;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| async move {
        let deadline = event.context.deadline() - Duration::from_secs(20);
        Ok::<_, lambda_runtime::Error>(purge_codes::purge_deleted(store, &event.payload, deadline).await)
    }))
    .await
}
