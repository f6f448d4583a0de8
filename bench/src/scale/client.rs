//! The API in this process: a request goes to the function that serves its route (local-api's
//! route table, the same handlers a Lambda runs) on a DynamoDB Local table, and comes back with
//! what it cost in DynamoDB (calls and consumed capacity, through the SDK interceptor every
//! function's client has). No HTTP server in between: the bench measures the handler and the
//! store, not a socket.

use std::collections::HashMap;
use std::sync::Arc;

use api::App;
use lambda_http::http::Method;
use lambda_http::{Body, RequestExt};
use local_api::routes::ROUTES;
use serde_json::Value;
use store::dynamodb::usage::{measured, Usage};

/// An answer: status, JSON body (`Null` when empty) and DynamoDB usage.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub usage: Usage,
}

/// Calls the API as one store's key.
#[derive(Clone)]
pub struct Api {
    app: Arc<App>,
    key: String,
}

impl Api {
    pub fn new(app: Arc<App>, key: String) -> Self {
        Api { app, key }
    }

    /// `method path?query` with `body`, as its function serves it.
    pub async fn call(&self, method: Method, path_and_query: &str, body: Option<&Value>) -> Result<Answer, String> {
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        // A literal segment wins over a parameter (`/promotions/codes` is not promotion `codes`).
        let (route, parameters) = ROUTES
            .iter()
            .filter(|route| route.method == method)
            .filter_map(|route| matched(route.path, path).map(|parameters| (route, parameters)))
            .min_by_key(|(_, parameters)| parameters.len())
            .ok_or_else(|| format!("no route serves {method} {path}"))?;
        let bytes = body.map(|body| body.to_string().into_bytes()).unwrap_or_default();
        let request = lambda_http::http::Request::builder()
            .method(method)
            .uri(path_and_query)
            .header("X-Auth-Token", &self.key)
            .header("Content-Type", "application/json")
            .body(if bytes.is_empty() { Body::Empty } else { Body::Binary(bytes) })
            .map_err(|e| e.to_string())?
            .with_path_parameters(parameters)
            .with_query_string_parameters(
                query.parse::<lambda_http::aws_lambda_events::query_map::QueryMap>().unwrap_or_default(),
            );
        let (response, usage) = measured(route.call(&self.app, request)).await;
        let body = match response.body() {
            Body::Empty => Value::Null,
            Body::Text(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            Body::Binary(bytes) => serde_json::from_slice(bytes).unwrap_or(Value::Null),
            _ => Value::Null,
        };
        Ok(Answer { status: response.status().as_u16(), body, usage })
    }
}

/// The path parameters of `path` under the route template, or `None` if it does not match.
fn matched(template: &str, path: &str) -> Option<HashMap<String, String>> {
    let (names, values): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if names.len() != values.len() {
        return None;
    }
    let mut parameters = HashMap::new();
    for (name, value) in names.into_iter().zip(values) {
        match name.strip_prefix('{').and_then(|name| name.strip_suffix('}')) {
            Some(name) => {
                parameters.insert(name.to_owned(), value.to_owned());
            }
            None if name != value => return None,
            None => {}
        }
    }
    Some(parameters)
}
