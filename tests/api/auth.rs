//! Every route × every kind of credential: no key, an unknown key, a revoked key, another
//! store's key, a key without the route's scope, and the right key. Denied requests change
//! nothing in either store, and no answer shows anything of the store it was denied.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use lambda_http::{Body, Request, RequestExt};
use serde_json::{json, Value};
use shared::auth::KeyCache;
use shared::ids::{PromotionId, StoreId};
use shared::marketing::ConfigKind;
use shared::promotion::code::{CodeText, NewCode};
use shared::promotion::timestamp::Timestamp;
use shared::promotion::PromotionInput;
use shared::store::CodePage;
use shared::{clock, App, Store};

use crate::fixtures::call;
use crate::support::{json, register_key, sqlite_store};

/// The store every request targets, and the store the other key belongs to.
const VICTIM: &str = "411486491630370816";
const OTHER: &str = "411486491630370999";

/// A route: its function, the scope it needs, scopes that do not grant it, its request, and
/// whether an allowed request changes data (an evaluation is a POST that changes nothing).
struct Route {
    function: &'static str,
    needs: &'static str,
    lacks: &'static str,
    writes: bool,
    method: &'static str,
    path: &'static str,
    query: &'static str,
    body: Option<fn() -> Value>,
}

const ROUTES: &[Route] = &[
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
];

/// How a request presents its credential.
#[derive(Debug, Clone, Copy)]
enum Credential {
    None,
    Unknown,
    Revoked,
    OtherStore,
    MissingScope,
    Right,
}

impl Credential {
    const ALL: [Credential; 6] =
        [Self::None, Self::Unknown, Self::Revoked, Self::OtherStore, Self::MissingScope, Self::Right];

    fn key(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Unknown => Some("pm_0000000000000000000000000000000000000000000000000000000000000000"),
            Self::Revoked => Some("revoked"),
            Self::OtherStore => Some("other-store"),
            Self::MissingScope => Some("missing-scope"),
            Self::Right => Some("right"),
        }
    }
}

impl Route {
    fn is_marketing(&self) -> bool {
        self.function.contains("marketing")
    }

    fn request(&self, key: Option<&str>) -> Request {
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
        if let Some(code_id) = segments.get(3) {
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

fn store(name: &str) -> StoreId {
    StoreId::parse(name).unwrap()
}

/// Everything a store holds that these routes read or write, as JSON.
async fn snapshot(db: &dyn Store, shop: &str) -> Value {
    let (promotions, total) = db.list_promotions(&store(shop), false, None).await.unwrap();
    let mut codes = Vec::new();
    for promotion in &promotions {
        let page = CodePage { after: None, before: None, limit: 1000 };
        codes.extend(db.list_codes(&store(shop), promotion.id, page).await.unwrap());
    }
    let settings = db.get_promotion_settings(&store(shop)).await.unwrap();
    let mut marketing = Vec::new();
    for kind in [ConfigKind::AbandonedCheckouts, ConfigKind::PurchaseFollowUps] {
        marketing.push(
            db.get_marketing_config(&store(shop), kind)
                .await
                .unwrap()
                .map(|c| serde_json::to_value(c.value.view()).unwrap()),
        );
    }
    let promotions: Vec<_> = promotions.iter().map(|p| serde_json::to_value(p.view()).unwrap()).collect();
    json!({"promotions": promotions, "total": total, "codes": codes, "settings": settings, "marketing": marketing})
}

/// Both stores with promotion 1 (automatic), 2 (a BULK coupon with code WELCOME10, id 1001),
/// and the keys of every credential.
async fn app_with_keys(route: &Route) -> App {
    let db: Arc<dyn Store> = Arc::new(sqlite_store());
    for shop in [VICTIM, OTHER] {
        for (kind, name) in [("AUTOMATIC", "automatic"), ("COUPON", "coupon")] {
            let body = json!({"redemption_type": kind, "coupon_type": (kind == "COUPON").then_some("BULK"), "name": format!("{shop}'s {name}"),
                              "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}}]});
            let mut body = body;
            body.as_object_mut().unwrap().retain(|_, v| !v.is_null());
            let fields =
                serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
            db.create_promotion(&store(shop), fields, None).await.unwrap();
        }
        let code = NewCode::new(CodeText::try_from_str("WELCOME10").unwrap(), 0, 0)
            .into_code(1001, Timestamp::from_utc(clock::now()));
        db.add_codes(&store(shop), PromotionId(2), vec![code], None).await.unwrap();
    }
    register_key(db.as_ref(), "right", VICTIM, route.needs).await;
    register_key(db.as_ref(), "other-store", OTHER, "promotions:write,marketing:write").await;
    register_key(db.as_ref(), "missing-scope", VICTIM, route.lacks).await;
    let revoked = register_key(db.as_ref(), "revoked", VICTIM, route.needs).await;
    db.revoke_api_key(&revoked.store, revoked.id, clock::now()).await.unwrap();
    App::new(db)
}

#[tokio::test]
async fn every_route_answers_every_credential_as_documented_and_denials_change_nothing() {
    for route in ROUTES {
        for credential in Credential::ALL {
            let app = app_with_keys(route).await;
            let (victim_before, other_before) =
                (snapshot(app.store(), VICTIM).await, snapshot(app.store(), OTHER).await);
            let response = call(&app, route.function, route.request(credential.key())).await;
            let (status, body) = (response.status().as_u16(), json(&response));
            let case = format!("{} with {credential:?}: {body}", route.function);
            let expected = match credential {
                Credential::None | Credential::Unknown | Credential::Revoked => 401,
                Credential::OtherStore | Credential::MissingScope => 403,
                Credential::Right => status.clamp(200, 299),
            };
            assert_eq!(status, expected, "{case}");
            assert_eq!(snapshot(app.store(), OTHER).await, other_before, "the other store changed: {case}");
            let victim_after = snapshot(app.store(), VICTIM).await;
            if expected >= 400 {
                assert_eq!(victim_after, victim_before, "a denied request changed data: {case}");
                assert_eq!(body["status"], expected, "{case}");
                for secret in ["WELCOME10", "'s automatic", "'s coupon", VICTIM] {
                    assert!(!body.to_string().contains(secret), "the answer shows {secret}: {case}");
                }
            } else if route.writes {
                assert_ne!(victim_after, victim_before, "the allowed write changed nothing: {case}");
            } else {
                assert_eq!(victim_after, victim_before, "an allowed read changed data: {case}");
            }
        }
    }
}

#[tokio::test]
async fn a_revoked_key_stops_working_once_the_cache_forgets_it() {
    let db: Arc<dyn Store> = Arc::new(sqlite_store());
    let key = register_key(db.as_ref(), "soon-revoked", VICTIM, "promotions:read").await;
    let app = App::with_key_cache(Arc::clone(&db), KeyCache::with_ttl(Duration::from_millis(300)));
    let route = &ROUTES[1];
    assert_eq!(
        call(&app, route.function, route.request(Some("soon-revoked"))).await.status(),
        404,
        "valid key, no promotion"
    );
    db.revoke_api_key(&key.store, key.id, clock::now()).await.unwrap();
    assert_eq!(call(&app, route.function, route.request(Some("soon-revoked"))).await.status(), 404, "still cached");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(call(&app, route.function, route.request(Some("soon-revoked"))).await.status(), 401);
}

#[tokio::test]
async fn the_marketing_api_takes_the_key_with_or_without_its_scheme() {
    let route = ROUTES.iter().find(|r| r.function == "get-marketing-config").unwrap();
    let app = app_with_keys(route).await;
    for header in ["APIKey right", "apikey right", "right"] {
        let mut request = route.request(None);
        request.headers_mut().insert("authorization", header.parse().unwrap());
        assert_eq!(call(&app, route.function, request).await.status(), 200, "{header}");
    }
    let mut bearer = route.request(None);
    bearer.headers_mut().insert("authorization", "Bearer right".parse().unwrap());
    assert_eq!(call(&app, route.function, bearer).await.status(), 401, "another scheme is not an API key");
}

#[test]
fn every_function_is_in_the_matrix() {
    let crates: Vec<String> = std::fs::read_dir(crate::support::root().join("functions"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    for name in crates {
        assert!(ROUTES.iter().any(|r| r.function == name), "{name} is not in the auth matrix");
    }
}
