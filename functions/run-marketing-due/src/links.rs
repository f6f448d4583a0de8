//! Where the links of an email lead: the API's public address, set per deployment.

/// Where the links of an email lead.
#[derive(Debug, Clone)]
pub struct Links {
    /// The API's public address (`https://…/v1/…` is appended), for the unsubscribe link.
    pub public_url: String,
}

impl Links {
    /// The unsubscribe link that carries `token`.
    pub fn unsubscribe(&self, token: &str) -> String {
        format!("{}/v1/marketing/unsubscribe/{token}", self.public_url.trim_end_matches('/'))
    }
}
