//! The routes of the credential matrix, each with the request that reaches it, and the kinds of
//! credential a request can present.

use std::collections::HashMap;

use lambda_http::{Body, Request, RequestExt};
use serde_json::{json, Value};

/// The store every request targets, and the store the other key belongs to.
pub const VICTIM: &str = "411486491630370816";
pub const OTHER: &str = "411486491630370999";

/// A route: its function, the scope it needs, scopes that do not grant it, its request, and
/// whether an allowed request changes data (an evaluation is a POST that changes nothing).
pub struct Route {
    pub function: &'static str,
    pub needs: &'static str,
    pub lacks: &'static str,
    pub writes: bool,
    pub method: &'static str,
    pub path: &'static str,
    pub query: &'static str,
    pub body: Option<fn() -> Value>,
}

pub const ROUTES: &[Route] = &[
    Route {
        function: "create-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "POST",
        path: "",
        query: "",
        body: Some(
            || json!({"redemption_type": "AUTOMATIC", "name": "new", "rules": [{"action": {"shipping": {"zone_ids": "*"}}}]}),
        ),
    },
    Route {
        function: "get-promotion",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "GET",
        path: "/1",
        query: "",
        body: None,
    },
    Route {
        function: "update-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "PUT",
        path: "/1",
        query: "",
        body: Some(|| json!({"name": "changed"})),
    },
    Route {
        function: "delete-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "DELETE",
        path: "/1",
        query: "",
        body: None,
    },
    Route {
        function: "list-promotions",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "GET",
        path: "",
        query: "limit=5",
        body: None,
    },
    Route {
        function: "delete-promotions",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "DELETE",
        path: "",
        query: "id:in=1",
        body: None,
    },
    Route {
        function: "create-code",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "POST",
        path: "/2/codes",
        query: "",
        body: Some(|| json!({"code": "NEWCODE"})),
    },
    Route {
        function: "list-codes",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "GET",
        path: "/2/codes",
        query: "",
        body: None,
    },
    Route {
        function: "delete-codes",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "DELETE",
        path: "/2/codes",
        query: "id:in=1001",
        body: None,
    },
    Route {
        function: "delete-code",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "DELETE",
        path: "/2/codes/1001",
        query: "",
        body: None,
    },
    Route {
        function: "get-store-code",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "GET",
        path: "/codes",
        query: "code=WELCOME10",
        body: None,
    },
    Route {
        function: "delete-store-code",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "DELETE",
        path: "/codes",
        query: "code=WELCOME10",
        body: None,
    },
    Route {
        function: "generate-codes",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "POST",
        path: "/2/codegen",
        query: "",
        body: Some(|| json!({"batch_size": 2})),
    },
    Route {
        function: "get-promotion-settings",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "GET",
        path: "/settings",
        query: "",
        body: None,
    },
    Route {
        function: "put-promotion-settings",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
        method: "PUT",
        path: "/settings",
        query: "",
        body: Some(
            || json!({"promotions_apply_on_products_with_custom_product_price": true, "promotions_triggered_by_products_with_zero_product_price": false, "number_of_coupons_allowed_at_checkout": 3, "promotions_applied_on_original_product_price": true}),
        ),
    },
    Route {
        function: "evaluate-promotions",
        needs: "promotions:read",
        lacks: "marketing:write",
        writes: false,
        method: "POST",
        path: "/evaluate",
        query: "",
        body: Some(
            || json!({"currency_code": "USD", "coupon_codes": ["WELCOME10"], "items": [{"product_id": 1, "quantity": 2, "unit_price": "30.00"}]}),
        ),
    },
    Route {
        function: "create-redemption",
        needs: "redemptions:write",
        lacks: "redemptions:read,promotions:write",
        writes: true,
        method: "POST",
        path: "/redemptions",
        query: "",
        body: Some(
            || json!({"order_id": "A-2", "currency_code": "USD", "coupon_codes": ["WELCOME10"], "items": [{"product_id": 1, "quantity": 2, "unit_price": "30.00"}]}),
        ),
    },
    Route {
        function: "get-redemption",
        needs: "redemptions:read",
        lacks: "promotions:write,marketing:write",
        writes: false,
        method: "GET",
        path: "/redemptions/77",
        query: "",
        body: None,
    },
    Route {
        function: "confirm-redemption",
        needs: "redemptions:write",
        lacks: "redemptions:read,promotions:write",
        writes: true,
        method: "POST",
        path: "/redemptions/77/confirm",
        query: "",
        body: None,
    },
    Route {
        function: "rollback-redemption",
        needs: "redemptions:write",
        lacks: "redemptions:read,promotions:write",
        writes: true,
        method: "POST",
        path: "/redemptions/77/rollback",
        query: "",
        body: None,
    },
    Route {
        function: "list-redemptions",
        needs: "redemptions:read",
        lacks: "promotions:write,marketing:write",
        writes: false,
        method: "GET",
        path: "/2/redemptions",
        query: "",
        body: None,
    },
    Route {
        function: "get-marketing-config",
        needs: "marketing:read",
        lacks: "promotions:write",
        writes: false,
        method: "GET",
        path: "",
        query: "",
        body: None,
    },
    Route {
        function: "put-marketing-config",
        needs: "marketing:write",
        lacks: "marketing:read,promotions:write",
        writes: true,
        method: "PUT",
        path: "",
        query: "",
        body: Some(|| {
            serde_json::from_str(
                &std::fs::read_to_string(
                    crate::support::root().join("events/bodies/put-marketing-config-purchase-follow-ups.json"),
                )
                .unwrap(),
            )
            .unwrap()
        }),
    },
    Route {
        function: "record-marketing-events",
        needs: "marketing:events",
        lacks: "marketing:write,promotions:write,redemptions:write",
        writes: true,
        method: "POST",
        path: "",
        query: "",
        body: Some(|| crate::fixtures::sent("record-marketing-events")),
    },
    Route {
        function: "list-marketing-deliveries",
        needs: "marketing:read",
        lacks: "marketing:events,promotions:write",
        writes: false,
        method: "GET",
        path: "",
        query: "",
        body: None,
    },
];

/// How a request presents its credential. `Right` never expires; `Expired` ended an hour ago,
/// `Expiring` ends in a day, both otherwise right.
#[derive(Debug, Clone, Copy)]
pub enum Credential {
    None,
    Unknown,
    Revoked,
    Expired,
    OtherStore,
    MissingScope,
    Expiring,
    Right,
}

impl Credential {
    pub const ALL: [Credential; 8] = [
        Self::None,
        Self::Unknown,
        Self::Revoked,
        Self::Expired,
        Self::OtherStore,
        Self::MissingScope,
        Self::Expiring,
        Self::Right,
    ];

    pub fn key(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Unknown => Some("pm_0000000000000000000000000000000000000000000000000000000000000000"),
            Self::Revoked => Some("revoked"),
            Self::Expired => Some("expired"),
            Self::Expiring => Some("expiring"),
            Self::OtherStore => Some("other-store"),
            Self::MissingScope => Some("missing-scope"),
            Self::Right => Some("right"),
        }
    }
}

impl Route {
    pub fn is_marketing(&self) -> bool {
        self.function.contains("marketing")
    }

    pub fn request(&self, key: Option<&str>) -> Request {
        let (uri, mut params) = if self.is_marketing() {
            let params = [("storeId", VICTIM), ("kind", "purchase-follow-ups")];
            (
                format!("/v1/stores/{VICTIM}/marketing/purchase-follow-ups/configuration"),
                HashMap::from(params.map(|(k, v)| (k.to_owned(), v.to_owned()))),
            )
        } else {
            (
                format!("/stores/{VICTIM}/v3/promotions{}", self.path),
                HashMap::from([("store_hash".to_owned(), VICTIM.to_owned())]),
            )
        };
        let segments: Vec<&str> = self.path.split('/').collect();
        if let Some(id) = segments.get(1).filter(|s| s.parse::<u64>().is_ok()) {
            params.insert("id".to_owned(), (*id).to_owned());
        }
        if let (Some(&"redemptions"), Some(id)) = (segments.get(1), segments.get(2)) {
            params.insert("redemption_id".to_owned(), (*id).to_owned());
        } else if let Some(code_id) = segments.get(3) {
            params.insert("code_id".to_owned(), (*code_id).to_owned());
        }
        let query: HashMap<String, String> = self
            .query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let mut builder = lambda_http::http::Request::builder()
            .method(self.method)
            .uri(uri)
            .header("content-type", "application/json");
        if let Some(key) = key {
            builder = if self.is_marketing() {
                builder.header("authorization", format!("APIKey {key}"))
            } else {
                builder.header("x-auth-token", key)
            };
        }
        let body = self.body.map_or(Body::Empty, |body| Body::Text(body().to_string()));
        builder.body(body).unwrap().with_path_parameters(params).with_query_string_parameters(query)
    }
}
