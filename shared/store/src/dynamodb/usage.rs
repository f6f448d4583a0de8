//! What one request cost in DynamoDB: how many calls it sent (retries included) and the
//! capacity units they consumed, for the request's log line.
//!
//! An SDK interceptor on the client does the work, so that no store method counts anything: it
//! asks DynamoDB for the consumed capacity of every data call (`ReturnConsumedCapacity: TOTAL`,
//! added to the request body before signing; the answer is otherwise unchanged), and adds each
//! call and each answer's `ConsumedCapacity` to the [`Usage`] of the request being served. That
//! usage lives in a task-local that [`measured`] opens around one request: a Lambda container
//! serves one request at a time, and local-api's concurrent requests each run in a task of
//! their own, so usage never leaks between requests. Outside [`measured`] nothing is recorded.

use std::cell::Cell;
use std::future::Future;

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_smithy_types::body::SdkBody;
use serde::Deserialize;

tokio::task_local! {
    static USAGE: Cell<Usage>;
}

/// The DynamoDB calls of one request and the capacity units they consumed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    pub calls: u32,
    pub capacity_units: f64,
}

/// Runs `work` (one request), gathering the DynamoDB usage of the calls it makes.
pub async fn measured<F: Future>(work: F) -> (F::Output, Usage) {
    USAGE
        .scope(Cell::new(Usage::default()), async {
            let output = work.await;
            (output, USAGE.with(Cell::get))
        })
        .await
}

fn record(change: impl FnOnce(&mut Usage)) {
    let _ = USAGE.try_with(|usage| {
        let mut current = usage.get();
        change(&mut current);
        usage.set(current);
    });
}

/// The operations that accept `ReturnConsumedCapacity` (the `X-Amz-Target` suffix).
const DATA_OPERATIONS: [&str; 10] = [
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
];

/// The interceptor that records [`Usage`]; install it on the client of every store that serves
/// requests.
#[derive(Debug, Default)]
pub struct UsageInterceptor;

impl Intercept for UsageInterceptor {
    fn name(&self) -> &'static str {
        "RequestUsage"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if USAGE.try_with(|_| ()).is_err() {
            return Ok(());
        }
        let request = context.request_mut();
        let target = request.headers().get("x-amz-target").unwrap_or_default();
        let operation = target.rsplit('.').next().unwrap_or_default();
        if !DATA_OPERATIONS.contains(&operation) {
            return Ok(());
        }
        let Some(body) = request.body().bytes().and_then(with_consumed_capacity) else {
            return Ok(());
        };
        request.headers_mut().insert("content-length", body.len().to_string());
        *request.body_mut() = SdkBody::from(body);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        record(|usage| usage.calls += 1);
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(units) = context.response().body().bytes().and_then(consumed_units) {
            record(|usage| usage.capacity_units += units);
        }
        Ok(())
    }
}

const ASK: &[u8] = br#""ReturnConsumedCapacity":"TOTAL""#;
const ANSWER: &[u8] = br#""ConsumedCapacity":"#;

/// The JSON request `body` with `ReturnConsumedCapacity: TOTAL` added, unless it asks already.
fn with_consumed_capacity(body: &[u8]) -> Option<Vec<u8>> {
    if body.first() != Some(&b'{') || memchr::memmem::find(body, b"\"ReturnConsumedCapacity\"").is_some() {
        return None;
    }
    let rest = &body[1..];
    let empty = rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'}');
    let mut asked = Vec::with_capacity(body.len() + ASK.len() + 1);
    asked.push(b'{');
    asked.extend_from_slice(ASK);
    if !empty {
        asked.push(b',');
    }
    asked.extend_from_slice(rest);
    Some(asked)
}

/// The capacity units an answer reports: one object, or one per table (batches, transactions).
/// Only the key is searched for (a JSON string cannot hold it unescaped), then its value read.
fn consumed_units(body: &[u8]) -> Option<f64> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Consumed {
        One(Capacity),
        Many(Vec<Capacity>),
    }
    #[derive(Deserialize)]
    struct Capacity {
        #[serde(rename = "CapacityUnits", default)]
        units: f64,
    }
    let at = memchr::memmem::find(body, ANSWER)? + ANSWER.len();
    let consumed = serde_json::Deserializer::from_slice(&body[at..]).into_iter::<Consumed>().next()?.ok()?;
    Some(match consumed {
        Consumed::One(capacity) => capacity.units,
        Consumed::Many(all) => all.iter().map(|capacity| capacity.units).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_asks_for_its_capacity_once() {
        let asked = with_consumed_capacity(br#"{"TableName":"t"}"#).unwrap();
        assert_eq!(asked, br#"{"ReturnConsumedCapacity":"TOTAL","TableName":"t"}"#);
        assert_eq!(with_consumed_capacity(b"{ }").unwrap(), br#"{"ReturnConsumedCapacity":"TOTAL" }"#.to_vec());
        assert_eq!(with_consumed_capacity(&asked), None, "asked already");
    }

    #[test]
    fn capacity_is_read_from_one_table_or_many_and_never_from_a_value() {
        assert_eq!(
            consumed_units(br#"{"ConsumedCapacity":{"CapacityUnits":0.5,"TableName":"t"},"Item":{}}"#),
            Some(0.5)
        );
        let many = br#"{"ConsumedCapacity":[{"CapacityUnits":2.0},{"CapacityUnits":4.0}]}"#;
        assert_eq!(consumed_units(many), Some(6.0));
        let in_a_value = br#"{"Item":{"name":{"S":"\"ConsumedCapacity\":{\"CapacityUnits\":9}"}}}"#;
        assert_eq!(consumed_units(in_a_value), None);
    }
}
