//! Figures over many requests: latency percentiles and mean DynamoDB cost.

use std::time::Duration;

use store::dynamodb::usage::Usage;

/// What a series of requests cost.
#[derive(Default)]
pub struct Series {
    latencies: Vec<Duration>,
    calls: u64,
    capacity: f64,
    pub server_errors: u64,
    pub statuses: std::collections::BTreeMap<u16, u64>,
}

impl Series {
    pub fn record(&mut self, status: u16, latency: Duration, usage: Usage) {
        self.latencies.push(latency);
        self.calls += u64::from(usage.calls);
        self.capacity += usage.capacity_units;
        *self.statuses.entry(status).or_default() += 1;
        if status >= 500 {
            self.server_errors += 1;
        }
    }

    pub fn merge(&mut self, other: Series) {
        self.latencies.extend(other.latencies);
        self.calls += other.calls;
        self.capacity += other.capacity;
        self.server_errors += other.server_errors;
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
    }

    pub fn count(&self) -> usize {
        self.latencies.len()
    }

    /// The latency below which `percent` % of the requests answered, in ms.
    pub fn percentile_ms(&self, percent: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let Some(last) = sorted.len().checked_sub(1) else { return 0.0 };
        let index = ((percent / 100.0) * last as f64).round() as usize;
        sorted[index.min(last)].as_secs_f64() * 1000.0
    }

    pub fn calls_per_request(&self) -> f64 {
        self.calls as f64 / self.count().max(1) as f64
    }

    pub fn capacity_per_request(&self) -> f64 {
        self.capacity / self.count().max(1) as f64
    }

    /// `200×98, 422×2`.
    pub fn status_summary(&self) -> String {
        self.statuses.iter().map(|(status, count)| format!("{status}×{count}")).collect::<Vec<_>>().join(", ")
    }
}
