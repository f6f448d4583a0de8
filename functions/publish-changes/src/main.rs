//! The Lambda binary: picks the allocator, builds the EventBridge client once and runs
//! [`publish_changes::Publisher::publish`] on each batch of the table's stream.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{service_fn, LambdaEvent};

/// mimalloc, as every function of the project (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let bus = std::env::var("EVENT_BUS_NAME").map_err(|_| "EVENT_BUS_NAME is not set")?;
    let config = store::dynamodb::client::sdk_config().await;
    let publisher = publish_changes::Publisher::new(aws_sdk_eventbridge::Client::new(&config), bus);
    let publisher = &publisher;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| async move {
        Ok::<_, lambda_runtime::Error>(publisher.publish(&event.payload).await)
    }))
    .await
}
