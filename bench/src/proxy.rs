//! Loopback proxies in front of DynamoDB Local: one that counts the requests passing through
//! (every DynamoDB call is a `POST /`) and times DynamoDB Local's share of each (from the
//! request reaching the proxy to the first byte of the answer, and the proxy's connection to
//! DynamoDB Local), and one that also terminates TLS with a certificate of a throw-away test
//! CA, so the first request's TLS handshake can be timed as on AWS.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// A running proxy: its address, and what it has seen.
pub struct Proxy {
    pub port: u16,
    pub seen: Arc<Seen>,
}

/// The requests a proxy has passed on, and the time DynamoDB Local spent answering them: the
/// time during which at least one request waited for its answer, so that calls a function makes
/// side by side count once, as they do in its latency.
#[derive(Default)]
pub struct Seen {
    requests: AtomicUsize,
    dynamodb_nanos: AtomicU64,
    waiting: Mutex<Waiting>,
}

/// The requests waiting for their answer, and since when one has been.
#[derive(Default)]
struct Waiting {
    count: usize,
    since: Option<Instant>,
}

impl Seen {
    fn asked(&self) {
        let mut waiting = self.waiting.lock().unwrap();
        waiting.count += 1;
        waiting.since.get_or_insert_with(Instant::now);
    }

    fn answered(&self) {
        let mut waiting = self.waiting.lock().unwrap();
        waiting.count = waiting.count.saturating_sub(1);
        if waiting.count == 0 {
            if let Some(since) = waiting.since.take() {
                self.dynamodb_nanos.fetch_add(since.elapsed().as_nanos() as u64, Ordering::SeqCst);
            }
        }
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn dynamodb_time(&self) -> Duration {
        Duration::from_nanos(self.dynamodb_nanos.load(Ordering::SeqCst))
    }
}

/// A test CA (PEM, for `EXTRA_CA_PEM`) and a TLS acceptor for `localhost` signed by it.
pub fn test_tls() -> Result<(String, TlsAcceptor), String> {
    let error = |e: &dyn std::fmt::Display| e.to_string();
    let ca_key = rcgen::KeyPair::generate().map_err(|e| error(&e))?;
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(|e| error(&e))?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).map_err(|e| error(&e))?;
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let leaf_key = rcgen::KeyPair::generate().map_err(|e| error(&e))?;
    let leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(|e| error(&e))?;
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).map_err(|e| error(&e))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| error(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(leaf.der().to_vec())], key)
        .map_err(|e| error(&e))?;
    Ok((ca.pem(), TlsAcceptor::from(Arc::new(config))))
}

/// Starts a proxy to `upstream_port`, terminating TLS with `tls` when given.
pub async fn start(upstream_port: u16, tls: Option<TlsAcceptor>) -> std::io::Result<Proxy> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let seen = Arc::new(Seen::default());
    let counter = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let _ = client.set_nodelay(true);
            let (tls, counter) = (tls.clone(), Arc::clone(&counter));
            tokio::spawn(async move {
                // Connecting to DynamoDB Local is its share too: the function's first request
                // waits in the socket until the proxy can pass it on.
                counter.asked();
                let upstream = TcpStream::connect(("127.0.0.1", upstream_port)).await;
                counter.answered();
                let Ok(upstream) = upstream else { return };
                let _ = upstream.set_nodelay(true);
                match tls {
                    Some(acceptor) => {
                        if let Ok(client) = acceptor.accept(client).await {
                            pipe(client, upstream, counter).await;
                        }
                    }
                    None => pipe(client, upstream, counter).await,
                }
            });
        }
    });
    Ok(Proxy { port, seen })
}

/// Copies both ways. A request waits from the chunk that starts it (`POST / `) to the first
/// chunk of the answer; a connection carries one request at a time.
async fn pipe<C: AsyncRead + AsyncWrite + Unpin>(client: C, upstream: TcpStream, seen: Arc<Seen>) {
    let (mut client_read, mut client_write) = tokio::io::split(client);
    let (mut upstream_read, mut upstream_write) = upstream.into_split();
    let pending = Arc::new(AtomicBool::new(false));
    let (asked, answered) = (Arc::clone(&pending), pending);
    let seen_forward = Arc::clone(&seen);
    let forward = async move {
        let mut buffer = vec![0u8; 64 * 1024];
        while let Ok(read) = client_read.read(&mut buffer).await {
            if read == 0 {
                break;
            }
            let starts = buffer[..read].windows(7).filter(|w| *w == b"POST / ").count();
            if starts > 0 {
                if !asked.swap(true, Ordering::SeqCst) {
                    seen_forward.asked();
                }
                seen_forward.requests.fetch_add(starts, Ordering::SeqCst);
            }
            if upstream_write.write_all(&buffer[..read]).await.is_err() {
                break;
            }
        }
    };
    let backward = async move {
        let mut buffer = vec![0u8; 64 * 1024];
        while let Ok(read) = upstream_read.read(&mut buffer).await {
            if read == 0 {
                break;
            }
            if answered.swap(false, Ordering::SeqCst) {
                seen.answered();
            }
            if client_write.write_all(&buffer[..read]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(forward, backward);
}
