//! A loopback HTTP proxy in front of DynamoDB Local that forwards the first requests it gets
//! and answers every later one with a fault: DynamoDB's throttling error, silence past the
//! SDK's attempt timeout, or a connection closed without an answer.
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
    /// No answer for this long, then the connection closes.
    Delay(Duration),
    /// The connection closes as soon as the request is read.
    HangUp,
}

/// The body DynamoDB sends when a table's throughput is exceeded.
const THROTTLED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}"#;

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    address: SocketAddr,
    seen: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Forwards the first `forward` requests to `upstream` (an `http://host:port` URL), then
    /// answers each one with `fault`.
    pub async fn start(upstream: &str, forward: usize, fault: Fault) -> Self {
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let number = counter.fetch_add(1, Ordering::SeqCst);
                let action = if number < forward { None } else { Some(fault) };
                tokio::spawn(serve(client, upstream.clone(), action));
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

async fn serve(mut client: TcpStream, upstream: String, fault: Option<Fault>) {
    let Some(request) = read_request(&mut client).await else { return };
    match fault {
        None => {
            let Ok(mut server) = TcpStream::connect(&upstream).await else { return };
            let mut answer = Vec::new();
            if server.write_all(&closing(&request)).await.is_ok() && server.read_to_end(&mut answer).await.is_ok() {
                let _ = client.write_all(&answer).await;
            }
        }
        Some(Fault::Throttle) => {
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.0\r\n\
                 x-amzn-requestid: FAULTPROXY\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                THROTTLED.len()
            );
            let _ = client.write_all(format!("{head}{THROTTLED}").as_bytes()).await;
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::HangUp) => {}
    }
    let _ = client.shutdown().await;
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
