//! What identifies a request for its `Idempotency-Key`: the same key with the same request is a
//! retry, the same key with another request is a mistake the client is told about.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// What identifies a request for its key: the SHA-256 of its method, path and body. A JSON body
/// counts by its content (object keys in any order, any spacing), any other body byte for byte.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let canonical = serde_json::from_slice::<Value>(body).map(|value| canonical(&value).into_bytes());
    let mut hash = Sha256::new();
    for part in [method.as_bytes(), b"\n", path.as_bytes(), b"\n"] {
        hash.update(part);
    }
    hash.update(canonical.as_deref().unwrap_or(body));
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// JSON with every object's keys in order.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> =
                entries.iter().map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), canonical(v))).collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_body_counts_by_its_content() {
        let one = fingerprint("POST", "/p", br#"{"a": 1, "b": [{"c": 2, "d": 3}]}"#);
        assert_eq!(one, fingerprint("POST", "/p", br#"{"b":[{"d":3,"c":2}],"a":1}"#));
        assert_ne!(one, fingerprint("POST", "/p", br#"{"a": 2, "b": [{"c": 2, "d": 3}]}"#));
        assert_ne!(one, fingerprint("POST", "/q", br#"{"a": 1, "b": [{"c": 2, "d": 3}]}"#));
        assert_ne!(fingerprint("POST", "/p", b"{x"), fingerprint("POST", "/p", b"{y"));
        assert_eq!(one.len(), 64);
    }
}
