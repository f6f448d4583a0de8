//! One JSON line per request, for CloudWatch Logs Insights: request ids, route, store, status,
//! latency, DynamoDB calls and consumed capacity, and the error kind of a failure. Never a key,
//! a header or a body: the line is built from these fields only.
//!
//! The line is a derived `Serialize` written by serde_json, which every function links already.
//! `tracing-subscriber`'s JSON formatter was measured for the same line and pushed the binaries
//! past their size budget (docs/operations.md has the figures), so it is not used. Lambda's advanced logging controls still apply: with `AWS_LAMBDA_LOG_LEVEL` at WARN or
//! above, request lines are left out and only failures are written.

use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use store::dynamodb::usage::{self, Usage};

use crate::error::ErrorKind;

/// Writes `fields` as one JSON line on stdout, with the time and `level` first.
pub fn emit(level: &'static str, fields: &impl Serialize) {
    #[derive(Serialize)]
    struct Stamped<'a, T> {
        timestamp: String,
        level: &'static str,
        #[serde(flatten)]
        fields: &'a T,
    }
    let line = Stamped { timestamp: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true), level, fields };
    if let Ok(mut text) = serde_json::to_vec(&line) {
        text.push(b'\n');
        let _ = std::io::stdout().lock().write_all(&text);
    }
}

/// Whether INFO lines are written: not when `AWS_LAMBDA_LOG_LEVEL` asks for WARN or above.
fn info_enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| {
        let level = std::env::var("AWS_LAMBDA_LOG_LEVEL").unwrap_or_default().to_ascii_uppercase();
        !matches!(level.as_str(), "WARN" | "ERROR" | "FATAL")
    })
}

/// The line of one request, from its start to its answer.
pub struct RequestLine {
    facts: Facts,
    started: Instant,
}

/// What the line says about the request, read before the handler takes it.
#[derive(Serialize)]
struct Facts {
    message: &'static str,
    /// API Gateway's id of the request (the access log's `requestId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    /// Lambda's id of the invocation (its `REPORT` line's `RequestId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    invocation_id: Option<String>,
    route: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<String>,
}

/// The whole line: the request's facts and how it went.
#[derive(Serialize)]
pub struct LogLine {
    #[serde(flatten)]
    facts: Facts,
    status: u16,
    latency_ms: f64,
    dynamodb_calls: u32,
    consumed_capacity: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

impl Facts {
    fn of(request: &Request) -> Self {
        let invocation_id = request.lambda_context_ref().map(|context| context.request_id.clone());
        let (request_id, route) = match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(context)) => (context.request_id.clone(), context.route_key.clone()),
            _ => (None, None),
        };
        let parameters = request.path_parameters_ref();
        let store = parameters.and_then(|p| p.first("store_hash").or_else(|| p.first("storeId")));
        Self {
            message: "request",
            request_id,
            invocation_id,
            route: route.unwrap_or_else(|| format!("{} {}", request.method(), request.uri().path())),
            store: store.filter(|store| domain::ids::StoreId::parse(store).is_some()).map(str::to_owned),
        }
    }
}

impl RequestLine {
    /// Starts the line of `request` (read before its handler takes it).
    pub fn start(request: &Request) -> Self {
        Self { facts: Facts::of(request), started: Instant::now() }
    }

    /// Awaits the request's answer, gathering its DynamoDB usage, then writes the line.
    pub async fn around(self, answer: impl std::future::Future<Output = Response<Body>>) -> Response<Body> {
        let (response, line) = self.measure(answer).await;
        if info_enabled() {
            emit("INFO", &line);
        }
        response
    }

    /// The answer and its line's fields (what [`RequestLine::around`] writes).
    pub async fn measure(self, answer: impl std::future::Future<Output = Response<Body>>) -> (Response<Body>, LogLine) {
        let (response, usage) = usage::measured(answer).await;
        let latency = self.started.elapsed();
        let line = self.line(&response, latency, usage);
        (response, line)
    }

    fn line(self, response: &Response<Body>, latency: Duration, usage: Usage) -> LogLine {
        LogLine {
            facts: self.facts,
            status: response.status().as_u16(),
            latency_ms: latency.as_secs_f64() * 1000.0,
            dynamodb_calls: usage.calls,
            consumed_capacity: usage.capacity_units,
            error: response.extensions().get::<ErrorKind>().map(|kind| kind.0),
        }
    }
}
