//! The benchmark's table: every figure also as a ratio to the empty function, and each budget
//! of the performance issue marked (timings depend on the machine, so nothing fails the run).
//! The DynamoDB calls per request are reported; their budgets live in the tests
//! (`tests/api/round_trips.rs`), which fail when one is exceeded.

use std::path::Path;
use std::time::Duration;

use crate::measure::Figures;

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// Prints the report.
pub fn print(
    empty: &Figures,
    rows: &[(String, Figures)],
    tls: &Figures,
    (ddb_latency, sdk_cpu): (f64, Duration),
    binaries: &Path,
    invocations: usize,
) {
    println!("\nBenchmark: {invocations} warm invocations per function, binaries from {}", binaries.display());
    println!("DynamoDB Local GetItem p50 from the runner: {ddb_latency:.3} ms");
    println!(
        "aws-sdk-dynamodb's own CPU per GetItem, with the functions' client configuration: {:.3} ms\n",
        ms(sdk_cpu)
    );
    println!("Each figure is followed by its ratio to the empty function's (×). *Own* is the function's");
    println!("time without DynamoDB Local's, as the proxy in front of it timed each call: init minus the");
    println!("warm-up call, and the median of each warm invocation's latency minus its calls. Init figures");
    println!("are medians over 21 cold starts.");
    println!("*CPU* is the CPU time the function's process used (the kernel's accounting): up to its first");
    println!("`/next`, and per warm invocation on average. What own time has beyond it is waiting (sockets, cores).");
    println!("Budgets: size ≤ 6 MB, own init ≤ empty + 3 ms, own p50 ≤ empty p50 + 0.3 ms, RSS ≤ 12 MiB.\n");
    println!("| function | size MB | init ms | own init ms | init CPU ms | 1st ms | warm p50 ms | DynamoDB p50 ms | own p50 ms | CPU/inv ms | warm p99 ms | peak RSS MiB | DynamoDB calls/req |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "| empty lambda_http | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.3} | – | {:.3} | {:.3} | {:.3} | {:.1} | – |",
        mb(empty.size_bytes),
        ms(empty.init),
        ms(empty.own_init),
        ms(empty.init_cpu),
        ms(empty.first),
        ms(empty.p50),
        ms(empty.p50),
        ms(empty.cpu_per_invocation),
        ms(empty.p99),
        mib(empty.rss_kib)
    );
    let ratio = |value: f64, reference: f64| if reference > 0.0 { value / reference } else { f64::NAN };
    for (name, f) in rows {
        let calls = f.calls_per_request.unwrap_or(0.0);
        let own_init = ms(f.own_init);
        let init_ok = own_init <= ms(empty.own_init) + 3.0;
        let p50_ok = ms(f.own_p50) <= ms(empty.p50) + 0.3;
        println!(
            "| {name} | {:.2} ×{:.1} {} | {:.2} | {:.2} ×{:.2} {} | {:.2} ×{:.1} | {:.2} | {:.3} | {:.3} | {:.3} ×{:.1} {} | {:.3} ×{:.1} | {:.3} | {:.1} ×{:.1} {} | {calls:.2} |",
            mb(f.size_bytes), ratio(mb(f.size_bytes), mb(empty.size_bytes)), mark(f.size_bytes <= 6_000_000),
            ms(f.init),
            own_init, ratio(own_init, ms(empty.own_init)), mark(init_ok),
            ms(f.init_cpu), ratio(ms(f.init_cpu), ms(empty.init_cpu)),
            ms(f.first),
            ms(f.p50),
            ms(f.dynamodb_p50),
            ms(f.own_p50), ratio(ms(f.own_p50), ms(empty.p50)), mark(p50_ok),
            ms(f.cpu_per_invocation), ratio(ms(f.cpu_per_invocation), ms(empty.cpu_per_invocation)),
            ms(f.p99),
            mib(f.rss_kib), ratio(mib(f.rss_kib), mib(empty.rss_kib)), mark(f.rss_kib <= 12 * 1024),
        );
    }
    println!(
        "\nOver TLS (a loopback TLS proxy with a test CA in front of DynamoDB Local), get-promotion: init {:.2} ms, first invocation {:.2} ms {} (budget 10 ms), peak RSS {:.1} MiB",
        ms(tls.init), ms(tls.first), mark(ms(tls.first) <= 10.0), mib(tls.rss_kib)
    );
}
