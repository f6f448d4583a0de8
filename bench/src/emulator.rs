//! A Lambda Runtime API emulator: `GET …/invocation/next` hands out the next event, `POST
//! …/invocation/{id}/response` (or `/error`) reports it done. Enough for a `bootstrap` to run
//! as it does on Lambda, and for the runner to time it. Sockets have Nagle off, or delayed ACKs
//! would hold every call back by tens of milliseconds.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;
use tokio::sync::{mpsc, Mutex};

/// An invocation handed to the function: its id and event.
pub struct Invocation {
    pub id: String,
    pub event: String,
}

/// What the function reported for an invocation.
pub struct Completion {
    pub id: String,
    pub at: Instant,
    pub ok: bool,
    pub body: String,
}

struct Shared {
    next: Mutex<mpsc::Receiver<Invocation>>,
    polled: mpsc::Sender<Instant>,
    done: mpsc::Sender<Completion>,
}

/// The runner's side of a running emulator.
pub struct Emulator {
    pub address: String,
    pub invoke: mpsc::Sender<Invocation>,
    pub polled: mpsc::Receiver<Instant>,
    pub done: mpsc::Receiver<Completion>,
}

/// Starts an emulator on a free loopback port.
pub async fn start() -> std::io::Result<Emulator> {
    let (invoke, next) = mpsc::channel(1);
    let (polled_tx, polled) = mpsc::channel(1024);
    let (done_tx, done) = mpsc::channel(1024);
    let shared = Arc::new(Shared { next: Mutex::new(next), polled: polled_tx, done: done_tx });
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next_invocation))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?.to_string();
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Emulator { address, invoke, polled, done })
}

async fn next_invocation(State(shared): State<Arc<Shared>>) -> (HeaderMap, String) {
    let _ = shared.polled.try_send(Instant::now());
    let invocation = shared.next.lock().await.recv().await;
    let invocation = invocation.unwrap_or(Invocation { id: "end".into(), event: "{}".into() });
    let mut headers = HeaderMap::new();
    let deadline =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_millis() + 10_000;
    let pairs = [
        ("lambda-runtime-aws-request-id", invocation.id.clone()),
        ("lambda-runtime-deadline-ms", deadline.to_string()),
        ("lambda-runtime-invoked-function-arn", "arn:aws:lambda:us-east-1:123456789012:function:bench".to_owned()),
        ("lambda-runtime-trace-id", "Root=1-00000000-000000000000000000000000".to_owned()),
    ];
    for (name, value) in pairs {
        if let Ok(value) = value.parse() {
            headers.insert(name, value);
        }
    }
    (headers, invocation.event)
}

async fn response(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> StatusCode {
    let _ = shared.done.send(Completion { id, at: Instant::now(), ok: true, body }).await;
    StatusCode::ACCEPTED
}

async fn error(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> StatusCode {
    let _ = shared.done.send(Completion { id, at: Instant::now(), ok: false, body }).await;
    StatusCode::ACCEPTED
}

async fn init_error(body: String) -> StatusCode {
    eprintln!("init error: {body}");
    StatusCode::ACCEPTED
}
