//! One function, measured as Lambda would run it: process start to its first `/next` (init, the
//! median of several cold starts) and the CPU time that took, its first invocation,
//! `invocations` warm ones (p50, p99), its peak resident memory (`VmHWM`), its size, and the
//! DynamoDB requests and CPU time per warm invocation.
//!
//! The proxy also times DynamoDB Local's share of init (the warm-up call) and of each
//! invocation, so that what the function itself costs (its *own* time: the whole minus
//! DynamoDB's) can be compared with the empty function's, which calls nothing.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use tokio::time::timeout;

use crate::emulator::{self, Emulator, Invocation};
use crate::proxy::{Proxy, Seen};

/// How to run one function.
pub struct Run {
    binary: PathBuf,
    event: String,
    invocations: usize,
    env: Vec<(String, String)>,
    seen: Option<Arc<Seen>>,
    proxy_port: u16,
}

/// What was measured.
pub struct Figures {
    /// The median of the cold starts' init (process start to first `/next`).
    pub init: Duration,
    /// The median of the cold starts' init without DynamoDB Local's share (the warm-up call).
    pub own_init: Duration,
    /// The median of the CPU time the function's process used up to its first `/next`.
    pub init_cpu: Duration,
    pub first: Duration,
    pub p50: Duration,
    pub p99: Duration,
    /// The median of each warm invocation's DynamoDB Local time.
    pub dynamodb_p50: Duration,
    /// The median of each warm invocation's own time: its latency minus its DynamoDB time.
    pub own_p50: Duration,
    /// The CPU time the function's process used per warm invocation, on average.
    pub cpu_per_invocation: Duration,
    pub rss_kib: u64,
    pub size_bytes: u64,
    pub calls_per_request: Option<f64>,
}

/// How many times each function is started cold.
const COLD_STARTS: usize = 21;

impl Run {
    /// The time DynamoDB Local has spent answering this function so far.
    fn dynamodb_time(&self) -> Duration {
        self.seen.as_ref().map(|seen| seen.dynamodb_time()).unwrap_or_default()
    }

    /// A function that needs no table (the empty reference).
    pub fn plain(binary: PathBuf, event: String, invocations: usize) -> Self {
        Self { binary, event, invocations, env: Vec::new(), seen: None, proxy_port: 0 }
    }

    /// A function on `table`, reached through `proxy`.
    pub fn on_table(binary: PathBuf, event: String, invocations: usize, table: &str, proxy: Proxy) -> Self {
        let env = [
            ("TABLE_NAME", table.to_owned()),
            ("AWS_ENDPOINT_URL_DYNAMODB", format!("http://127.0.0.1:{}", proxy.port)),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", "bench".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "bench".to_owned()),
        ];
        let env = env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        Self { binary, event, invocations, env, seen: Some(proxy.seen), proxy_port: proxy.port }
    }

    /// The same run over HTTPS, trusting the test CA in `ca_file`.
    pub fn over_tls(mut self, ca_file: &Path) -> Self {
        self.env.retain(|(k, _)| k != "AWS_ENDPOINT_URL_DYNAMODB");
        self.env.push(("AWS_ENDPOINT_URL_DYNAMODB".into(), format!("https://localhost:{}", self.proxy_port)));
        self.env.push(("EXTRA_CA_PEM".into(), ca_file.display().to_string()));
        self
    }
}

/// One cold start: the running process and its emulator, waiting at the first `/next`.
struct Started {
    child: Child,
    emulator: Emulator,
    init: Init,
}

/// One cold start's figures.
#[derive(Clone, Copy)]
struct Init {
    wall: Duration,
    dynamodb: Duration,
    cpu: Duration,
}

/// Starts the function and waits for its first `/next`.
async fn cold_start(run: &Run, name: &str) -> Result<Started, String> {
    let mut emulator = emulator::start().await.map_err(|e| e.to_string())?;
    let dynamodb_before = run.dynamodb_time();
    let started = Instant::now();
    let child = Command::new(&run.binary)
        .envs(run.env.iter().cloned())
        .env("AWS_LAMBDA_RUNTIME_API", &emulator.address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("{name}: {e}"))?;
    let polled =
        timeout(Duration::from_secs(10), emulator.polled.recv()).await.map_err(|_| format!("{name}: no /next"))?;
    let wall = polled.ok_or("emulator stopped")? - started;
    let init = Init { wall, dynamodb: run.dynamodb_time() - dynamodb_before, cpu: cpu_time(child.id().unwrap_or(0)) };
    Ok(Started { child, emulator, init })
}

/// Runs and measures one function: `COLD_STARTS` cold starts (the last of which then serves the
/// invocations), whose medians are the init figures, since one cold start is too noisy a
/// sample on a shared machine.
pub async fn measure(run: Run) -> Result<Figures, String> {
    let name = run.binary.display().to_string();
    let size_bytes = std::fs::metadata(&run.binary).map_err(|e| format!("{name}: {e}"))?.len();
    let mut inits = Vec::with_capacity(COLD_STARTS);
    for _ in 1..COLD_STARTS {
        let mut started = cold_start(&run, &name).await?;
        inits.push(started.init);
        let _ = started.child.kill().await;
    }
    let Started { mut child, mut emulator, init } = cold_start(&run, &name).await?;
    inits.push(init);
    let pid = child.id().unwrap_or(0);
    let mut cpu_before_warm = Duration::ZERO;
    let mut requests_before_warm = 0;
    let mut latencies = Vec::with_capacity(run.invocations + 1);
    let mut own = Vec::with_capacity(run.invocations + 1);
    let mut dynamodb = Vec::with_capacity(run.invocations + 1);
    for i in 0..=run.invocations {
        if i == 1 {
            requests_before_warm = run.seen.as_ref().map(|seen| seen.requests()).unwrap_or(0);
            cpu_before_warm = cpu_time(pid);
        }
        let dynamodb_before = run.dynamodb_time();
        let sent = Instant::now();
        let invocation = Invocation { id: i.to_string(), event: run.event.clone() };
        emulator.invoke.send(invocation).await.map_err(|e| e.to_string())?;
        let done =
            timeout(Duration::from_secs(10), emulator.done.recv()).await.map_err(|_| format!("{name}: timed out"))?;
        let done = done.ok_or("emulator stopped")?;
        if !done.ok || done.id != i.to_string() || status_of(&done.body) >= 500 {
            return Err(format!("{name}: invocation {i} failed: {}", done.body));
        }
        let latency = done.at - sent;
        let in_dynamodb = run.dynamodb_time() - dynamodb_before;
        latencies.push(latency);
        dynamodb.push(in_dynamodb);
        own.push(latency.saturating_sub(in_dynamodb));
    }
    let cpu_per_invocation = cpu_time(pid).saturating_sub(cpu_before_warm) / run.invocations.max(1) as u32;
    let rss_kib = peak_rss_kib(pid);
    let _ = child.kill().await;
    let first = latencies.remove(0);
    let warm = |mut durations: Vec<Duration>| {
        durations.remove(0);
        durations.sort();
        durations
    };
    let (own, dynamodb) = (warm(own), warm(dynamodb));
    latencies.sort();
    let calls_per_request =
        run.seen.map(|seen| (seen.requests() - requests_before_warm) as f64 / run.invocations as f64);
    let median = |value: fn(&Init) -> Duration| {
        let mut values: Vec<Duration> = inits.iter().map(value).collect();
        values.sort();
        percentile(&values, 0.5)
    };
    Ok(Figures {
        init: median(|i| i.wall),
        own_init: median(|i| i.wall.saturating_sub(i.dynamodb)),
        init_cpu: median(|i| i.cpu),
        first,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        dynamodb_p50: percentile(&dynamodb, 0.5),
        own_p50: percentile(&own, 0.5),
        cpu_per_invocation,
        rss_kib,
        size_bytes,
        calls_per_request,
    })
}

/// The `p` quantile of sorted `durations`.
fn percentile(durations: &[Duration], p: f64) -> Duration {
    durations[((durations.len() as f64 - 1.0) * p).round() as usize]
}

fn status_of(body: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v["statusCode"].as_u64()).unwrap_or(200)
}

/// The CPU time all of `pid`'s threads have run, from the scheduler's own accounting: unlike
/// latencies, it leaves out the time a function waits for a socket or for a core, so it shows
/// what the function itself costs.
fn cpu_time(pid: u32) -> Duration {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten();
    tasks.map(|task| scheduled_time(task.path().join("schedstat"))).sum()
}

/// The time on CPU that a `schedstat` file (`/proc/<pid>/task/<tid>/schedstat`,
/// `/proc/thread-self/schedstat`) reports: its first field, in nanoseconds.
pub fn scheduled_time(schedstat: impl AsRef<Path>) -> Duration {
    let stat = std::fs::read_to_string(schedstat).unwrap_or_default();
    Duration::from_nanos(stat.split_whitespace().next().and_then(|ns| ns.parse().ok()).unwrap_or(0))
}

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).unwrap_or(0)
}
