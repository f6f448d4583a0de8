//! The DynamoDB client a function builds once per container, tuned for a Lambda cold start
//! (`PERFORMANCE-NOTES.md` measures each choice):
//!
//! - **rustls with ring**, not aws-lc: no CPU-jitter entropy collection on the first TLS
//!   handshake (10–50 ms on small Lambda sizes). ring is not FIPS-validated; a deployment that
//!   needs FIPS would switch to aws-lc built with `AWS_LC_SYS_NO_JITTER_ENTROPY=1`.
//! - **An explicit trust store**: the Amazon Trust Services roots DynamoDB's endpoints chain to,
//!   compiled in, instead of scanning the OS certificate directory at start-up (~7 ms).
//!   `EXTRA_CA_PEM` names one more PEM file to trust (a test CA in front of DynamoDB Local).
//! - **Bounded time**: 1 s to connect, 2 s per attempt, at most 3 attempts within 5 s in all,
//!   well below the functions' 10 s timeout, so a throttled or unreachable table becomes a 503
//!   the function still has time to send.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode, TlsContext, TrustStore};

/// Root certificates DynamoDB's public endpoints chain to (Amazon Trust Services).
const AMAZON_ROOTS: [&[u8]; 5] = [
    include_bytes!("roots/Amazon_Root_CA_1.pem"),
    include_bytes!("roots/Amazon_Root_CA_2.pem"),
    include_bytes!("roots/Amazon_Root_CA_3.pem"),
    include_bytes!("roots/Amazon_Root_CA_4.pem"),
    include_bytes!("roots/Starfield_Services_Root_Certificate_Authority_-_G2.pem"),
];

/// The whole time one DynamoDB call may take, retries included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(5);

/// The HTTP client: HTTPS through rustls and ring, trusting only the Amazon roots (and
/// `EXTRA_CA_PEM`); plain HTTP for a local emulator.
pub fn http_client() -> SharedHttpClient {
    let mut roots = TrustStore::empty().with_native_roots(false);
    for pem in AMAZON_ROOTS {
        roots = roots.with_pem_certificate(pem);
    }
    if let Some(extra) = std::env::var_os("EXTRA_CA_PEM").and_then(|path| std::fs::read(path).ok()) {
        roots = roots.with_pem_certificate(extra);
    }
    let context = TlsContext::builder().with_trust_store(roots).build().unwrap_or_default();
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .tls_context(context)
        .build_https()
}

/// Timeouts that end every call well before the function's own timeout.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .operation_attempt_timeout(Duration::from_secs(2))
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// Standard retries (with backoff and the SDK's retry quota), three attempts at most.
pub fn retries() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(3)
}

/// The SDK configuration from the environment (region, credentials, endpoint override) with
/// the client, timeouts and retries above.
pub async fn sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .timeout_config(timeouts())
        .retry_config(retries())
        .load()
        .await
}
