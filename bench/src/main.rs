//! `./scripts/bench`: every function's release `bootstrap` against a Lambda Runtime API emulator
//! and DynamoDB Local, beside an empty `lambda_http` function built with the same profile.
//!
//! - [`emulator`]: the Runtime API the bootstraps talk to.
//! - [`proxy`]: the request-counting proxy, and the TLS one with a test CA.
//! - [`seed`]: a fresh table per function with the fixtures' data and keys.
//! - [`call_cost`]: DynamoDB Local's latency, and the SDK's own CPU per call.
//! - [`measure`]: one function's init, first invocation, warm latencies, peak memory and calls.
//! - [`report`]: the table, the ratios to the empty function, and the budgets marked.
//!
//! The functions are local-api's route table's; each runs with its fixture from `events/`.

mod call_cost;
mod emulator;
mod measure;
mod proxy;
mod report;
mod seed;

use std::path::{Path, PathBuf};

use local_api::routes::{Route, ROUTES};

use measure::{measure, Run};

/// Every function of local-api's route table, once, with the fixture it is invoked with: its
/// own (`events/<function>.json`), or else its first case in name order.
fn functions(root: &Path) -> Result<Vec<(String, String)>, String> {
    let mut fixtures: Vec<String> = std::fs::read_dir(root.join("events"))
        .map_err(|e| format!("events/: {e}"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok()?.strip_suffix(".json").map(str::to_owned))
        .collect();
    fixtures.sort();
    let mut functions: Vec<(String, String)> = Vec::new();
    for function in ROUTES.iter().map(Route::function) {
        if functions.iter().any(|(known, _)| *known == function) {
            continue;
        }
        let case = fixtures.iter().find(|name| **name == function || name.starts_with(&format!("{function}-")));
        let fixture = case.ok_or_else(|| format!("{function} has no fixture in events/"))?.clone();
        functions.push((function, fixture));
    }
    Ok(functions)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let binaries = std::env::var_os("BENCH_BINARIES").map(PathBuf::from).unwrap_or(root.join("target/release"));
    let invocations: usize = std::env::var("BENCH_INVOCATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let ddb_port: u16 =
        std::env::var("DYNAMODB_PORT").ok().and_then(|p| p.parse().ok()).ok_or("DYNAMODB_PORT is not set")?;
    let event = |name: &str| {
        std::fs::read_to_string(root.join(format!("events/{name}.json"))).map_err(|e| format!("{name}: {e}"))
    };

    // BENCH_ONLY=get-promotion,create-promotion measures just those (to profile or rerun one).
    let only = std::env::var("BENCH_ONLY").ok();
    let selected = |function: &str| only.as_deref().is_none_or(|only| only.split(',').any(|name| name == function));

    let ddb_latency = call_cost::dynamodb_latency(ddb_port, invocations).await?;
    let sdk_cpu = call_cost::sdk_cpu_per_call(ddb_port, invocations)?;
    let empty = measure(Run::plain(binaries.join("empty-lambda"), event("get-promotion")?, invocations)).await?;
    let mut rows = Vec::new();
    for (function, fixture) in functions(&root)?.into_iter().filter(|(function, _)| selected(function)) {
        let table = seed::fresh_table(ddb_port, &function).await?;
        let counter = proxy::start(ddb_port, None).await.map_err(|e| e.to_string())?;
        let run = Run::on_table(binaries.join(&function), event(&fixture)?, invocations, &table, counter);
        rows.push((function, measure(run).await?));
    }
    let tls = {
        let table = seed::fresh_table(ddb_port, "get-promotion").await?;
        let (ca, acceptor) = proxy::test_tls()?;
        let tls_proxy = proxy::start(ddb_port, Some(acceptor)).await.map_err(|e| e.to_string())?;
        let ca_file = std::env::temp_dir().join(format!("bench-ca-{}.pem", std::process::id()));
        std::fs::write(&ca_file, ca).map_err(|e| e.to_string())?;
        let run = Run::on_table(binaries.join("get-promotion"), event("get-promotion")?, 20, &table, tls_proxy)
            .over_tls(&ca_file);
        measure(run).await?
    };
    report::print(&empty, &rows, &tls, (ddb_latency, sdk_cpu), &binaries, invocations);
    Ok(())
}
