//! A loopback HTTP proxy in front of DynamoDB Local that forwards requests or answers them with
//! a fault, as its plan says for each: DynamoDB's throttling error, a transaction cancelled by
//! a conflicting one, silence past the SDK's attempt timeout, or a connection closed without an
//! answer.
//!
//! It serves one request per connection (it asks DynamoDB Local to close after answering), so
//! the plan applies to each request the SDK sends, retries included.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the proxy does to a request once the forwarded ones are used up.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// HTTP 400 with DynamoDB's `ProvisionedThroughputExceededException`.
    Throttle,
    /// HTTP 400 with a `TransactionCanceledException` whose reason is `TransactionConflict`.
    TransactionConflict,
    /// No answer for this long, then the connection closes.
    Delay(Duration),
    /// The connection closes as soon as the request is read.
    HangUp,
    /// A BatchGetItem answered with nothing read and every key it asked for unprocessed, or a
    /// BatchWriteItem with every request unprocessed, as DynamoDB answers when the table is
    /// throttling.
    Unprocessed,
}

/// The body DynamoDB sends when a table's throughput is exceeded.
const THROTTLED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}"#;

/// The body DynamoDB sends when another transaction holds one of a transaction's items.
const CONFLICTED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","CancellationReasons":[{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}],"Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]"}"#;

/// One request as the plan sees it.
pub struct Seen<'a> {
    /// 0 for the first request the proxy got.
    pub number: usize,
    /// The DynamoDB operation (`GetItem`, `TransactWriteItems`, …).
    pub operation: &'a str,
}

/// Decides, for each request, whether it is forwarded (`None`) or answered with a fault.
pub type Plan = Arc<dyn Fn(Seen) -> Option<Fault> + Send + Sync>;

/// A plan that forwards the first `forward` requests and answers every later one with `fault`.
pub fn after(forward: usize, fault: Fault) -> Plan {
    Arc::new(move |seen: Seen| (seen.number >= forward).then_some(fault))
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    address: SocketAddr,
    seen: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// A proxy to `upstream` (an `http://host:port` URL) that treats each request as `plan` says.
    pub async fn start(upstream: &str, plan: Plan) -> Self {
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(serve(client, upstream.clone(), Arc::clone(&plan), Arc::clone(&counter)));
            }
        });
        Self { address, seen, task }
    }

    /// The proxy's URL, for the SDK's endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many requests reached the proxy (forwarded and faulted).
    pub fn requests(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut client: TcpStream, upstream: String, plan: Plan, counter: Arc<AtomicUsize>) {
    let Some(request) = read_request(&mut client).await else { return };
    let head = String::from_utf8_lossy(&request).to_ascii_lowercase();
    let target = head.lines().find_map(|line| line.strip_prefix("x-amz-target:")).unwrap_or("");
    let operation = target.trim().rsplit('.').next().unwrap_or("");
    let operation = OPERATIONS.iter().find(|known| known.eq_ignore_ascii_case(operation)).copied().unwrap_or("");
    let number = counter.fetch_add(1, Ordering::SeqCst);
    match plan(Seen { number, operation }) {
        None => {
            let Ok(mut server) = TcpStream::connect(&upstream).await else { return };
            let mut answer = Vec::new();
            if server.write_all(&closing(&request)).await.is_ok() && server.read_to_end(&mut answer).await.is_ok() {
                let _ = client.write_all(&answer).await;
            }
        }
        Some(Fault::Throttle) => bad_request(&mut client, THROTTLED).await,
        Some(Fault::TransactionConflict) => bad_request(&mut client, CONFLICTED).await,
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::HangUp) => {}
        Some(Fault::Unprocessed) => unprocessed(&mut client, &request, operation).await,
    }
    let _ = client.shutdown().await;
}

/// The operations a plan can name.
const OPERATIONS: &[&str] = &[
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactWriteItems",
    "CreateTable",
    "DescribeTable",
];

/// Answers a BatchGetItem with every key it asked for unprocessed, or a BatchWriteItem with
/// every request.
async fn unprocessed(client: &mut TcpStream, request: &[u8], operation: &str) {
    let body_at = find(request, b"\r\n\r\n").map_or(request.len(), |end| end + 4);
    let asked: serde_json::Value = serde_json::from_slice(&request[body_at..]).unwrap_or_default();
    let body = if operation == "BatchWriteItem" {
        serde_json::json!({"UnprocessedItems": asked["RequestItems"]})
    } else {
        serde_json::json!({"Responses": {}, "UnprocessedKeys": asked["RequestItems"]})
    }
    .to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amzn-requestid: FAULTPROXY\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = client.write_all(format!("{head}{body}").as_bytes()).await;
}

/// Answers as DynamoDB answers a client error: HTTP 400 with the error as JSON.
async fn bad_request(client: &mut TcpStream, body: &str) {
    let head = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amzn-requestid: FAULTPROXY\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = client.write_all(format!("{head}{body}").as_bytes()).await;
}

/// One whole request: the head up to the blank line, then `content-length` bytes of body.
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = find(&request, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return Some(request);
            }
        }
        let read = client.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        request.extend_from_slice(&chunk[..read]);
    }
}

/// The request with `connection: close`, so that the upstream ends its answer by closing.
fn closing(request: &[u8]) -> Vec<u8> {
    let Some(line_end) = find(request, b"\r\n") else { return request.to_vec() };
    let mut rewritten = request[..line_end + 2].to_vec();
    rewritten.extend_from_slice(b"connection: close\r\n");
    for line in request[line_end + 2..].split_inclusive(|b| *b == b'\n') {
        if !line.to_ascii_lowercase().starts_with(b"connection:") {
            rewritten.extend_from_slice(line);
        }
    }
    rewritten
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
