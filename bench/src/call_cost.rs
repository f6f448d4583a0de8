//! What one DynamoDB call costs from this machine: DynamoDB Local's latency as a client sees it,
//! and the CPU the SDK itself spends on a call in the calling thread. The second is the floor
//! under every function's own time per round trip; no tuning of the handlers removes it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use store::dynamodb::client;

use crate::measure::scheduled_time;
use crate::seed::{fresh_table, local_client};

fn promotion_key() -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("PK".to_owned(), AttributeValue::S("STORE#demo".into())),
        ("SK".to_owned(), AttributeValue::S("PROMO#00000000000000000001".into())),
    ])
}

/// DynamoDB Local's own latency: the median of `count` GetItem calls from this process, in ms.
pub async fn dynamodb_latency(port: u16, count: usize) -> Result<f64, String> {
    let table = fresh_table(port, "latency").await?;
    let client = local_client(port);
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        client
            .get_item()
            .table_name(&table)
            .set_key(Some(promotion_key()))
            .send()
            .await
            .map_err(|e| format!("{e:?}"))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// The CPU one GetItem costs the thread that makes it, with the functions' own client
/// configuration ([`client::lambda_config_from`]): the mean of `count` calls on a thread of its
/// own running a single-threaded runtime, as a function does, read from the kernel's accounting.
pub fn sdk_cpu_per_call(port: u16, count: usize) -> Result<Duration, String> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let table = fresh_table(port, "sdk-cpu").await?;
            let endpoint = format!("http://127.0.0.1:{port}");
            let variable = |name: &str| match name {
                "AWS_REGION" => Some("us-east-1".to_owned()),
                "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("bench".to_owned()),
                "AWS_ENDPOINT_URL_DYNAMODB" => Some(endpoint.clone()),
                _ => None,
            };
            let client = Client::from_conf(client::lambda_config_from(variable)?);
            let call = || client.get_item().table_name(&table).set_key(Some(promotion_key())).send();
            call().await.map_err(|e| format!("{e:?}"))?;
            let before = thread_cpu();
            for _ in 0..count {
                call().await.map_err(|e| format!("{e:?}"))?;
            }
            Ok((thread_cpu() - before) / count.max(1) as u32)
        })
    })
    .join()
    .map_err(|_| "the SDK cost thread panicked".to_owned())?
}

/// This thread's CPU time.
fn thread_cpu() -> Duration {
    scheduled_time("/proc/thread-self/schedstat")
}
