//! The DynamoDB client a function builds once per container, tuned for a Lambda cold start
//! (docs/performance.md has what each choice measured):
//!
//! - **rustls with ring**, not aws-lc: no CPU-jitter entropy collection on the first TLS
//!   handshake, which costs the most on small Lambda sizes. ring is not FIPS-validated; a deployment that
//!   needs FIPS would switch to aws-lc built with `AWS_LC_SYS_NO_JITTER_ENTROPY=1`.
//! - **An explicit trust store**: the Amazon Trust Services roots DynamoDB's endpoints chain to,
//!   compiled in, instead of scanning the OS certificate directory at start-up.
//!   `EXTRA_CA_PEM` names one more PEM file to trust (a test CA in front of DynamoDB Local).
//! - **Bounded time**: 1 s to connect, 2 s per attempt, at most 3 attempts within 5 s in all,
//!   well below the functions' 10 s timeout, so a throttled or unreachable table becomes a 503
//!   the function still has time to send.
//! - **Usage per request**: the [`super::usage`] interceptor gathers each request's calls and
//!   consumed capacity for its log line.
//! - **Only what Lambda needs** in a function: [`lambda_config`] reads the region and the
//!   execution role's credentials from the environment Lambda sets, instead of the SDK's whole
//!   provider chain (profile files, SSO, STS web identity, IMDS, ECS), which a function never
//!   uses and which weighed on every binary's size. Local tools keep [`sdk_config`].

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::{Credentials, Region, SharedHttpClient};
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

/// The client configuration of a Lambda function: the region (`AWS_REGION`) and the execution
/// role's credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), which
/// Lambda puts in the environment and keeps valid for the execution environment's life, the endpoint override `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`) the
/// SDK also honours, and the client, timeouts and retries above.
pub fn lambda_config() -> Result<aws_sdk_dynamodb::Config, String> {
    lambda_config_from(|name| std::env::var(name).ok())
}

/// [`lambda_config`] with the environment read through `variable`.
pub fn lambda_config_from(variable: impl Fn(&str) -> Option<String>) -> Result<aws_sdk_dynamodb::Config, String> {
    let variable = |name: &str| variable(name).filter(|value| !value.trim().is_empty());
    let region = variable("AWS_REGION").or_else(|| variable("AWS_DEFAULT_REGION")).ok_or("AWS_REGION is not set")?;
    let access_key = variable("AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID is not set")?;
    let secret_key = variable("AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY is not set")?;
    let credentials = Credentials::new(access_key, secret_key, variable("AWS_SESSION_TOKEN"), None, "lambda");
    let mut builder = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(credentials)
        .http_client(http_client())
        .timeout_config(timeouts())
        .retry_config(retries())
        .interceptor(super::usage::UsageInterceptor);
    if let Some(endpoint) = variable("AWS_ENDPOINT_URL_DYNAMODB").or_else(|| variable("AWS_ENDPOINT_URL")) {
        builder = builder.endpoint_url(endpoint);
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(variables: &[(&str, &str)]) -> Result<aws_sdk_dynamodb::Config, String> {
        lambda_config_from(|name| variables.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string()))
    }

    #[test]
    fn a_function_without_a_region_fails_at_init_with_a_message_that_says_so() {
        let credentials = [("AWS_ACCESS_KEY_ID", "id"), ("AWS_SECRET_ACCESS_KEY", "secret")];
        assert_eq!(config(&[&credentials[..], &[("AWS_REGION", " ")]].concat()).unwrap_err(), "AWS_REGION is not set");
        assert_eq!(config(&[("AWS_REGION", "eu-west-1")]).unwrap_err(), "AWS_ACCESS_KEY_ID is not set");
    }

    #[test]
    fn the_region_comes_from_aws_region_or_else_aws_default_region() {
        let credentials = [("AWS_ACCESS_KEY_ID", "id"), ("AWS_SECRET_ACCESS_KEY", "secret")];
        let lambda = config(&[&credentials[..], &[("AWS_REGION", "eu-west-1")]].concat()).unwrap();
        assert_eq!(lambda.region().map(|r| r.as_ref()), Some("eu-west-1"));
        let fallback = config(&[&credentials[..], &[("AWS_DEFAULT_REGION", "us-east-1")]].concat()).unwrap();
        assert_eq!(fallback.region().map(|r| r.as_ref()), Some("us-east-1"));
    }
}
