//! Every route × every kind of credential: no key, an unknown key, a revoked key, another
//! store's key, a key without the route's scope, and the right key. Denied requests change
//! nothing, and no answer reveals whether the other store's data exists.

use std::sync::Arc;
use std::time::Duration;

use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use shared::auth::KeyCache;
use shared::ids::{PromotionId, StoreId};
use shared::{clock, App, Store};

use crate::support::{json, register_key, sqlite_store};

/// A route, the scope it needs, and how to call it on store `demo`, promotion 1.
struct Route {
    name: &'static str,
    needs: &'static str,
    lacks: &'static str,
    writes: bool,
}

const ROUTES: &[Route] = &[
    Route {
        name: "create-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
    },
    Route { name: "get-promotion", needs: "promotions:read", lacks: "marketing:write", writes: false },
    Route {
        name: "update-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
    },
    Route {
        name: "delete-promotion",
        needs: "promotions:write",
        lacks: "promotions:read,marketing:write",
        writes: true,
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

const ALL: [Credential; 6] = [
    Credential::None,
    Credential::Unknown,
    Credential::Revoked,
    Credential::OtherStore,
    Credential::MissingScope,
    Credential::Right,
];

fn request(route: &Route, key: Option<&str>) -> Request {
    let (method, id, body) = match route.name {
        "create-promotion" => (
            "POST",
            None,
            Some(
                json!({"redemption_type": "AUTOMATIC", "name": "new", "rules": [{"action": {"shipping": {"zone_ids": "*"}}}]}),
            ),
        ),
        "get-promotion" => ("GET", Some("1"), None),
        "update-promotion" => ("PUT", Some("1"), Some(json!({"name": "changed"}))),
        _ => ("DELETE", Some("1"), None),
    };
    let mut request = crate::support::request(method, "demo", id, body);
    request.headers_mut().remove("x-auth-token");
    if let Some(key) = key {
        request.headers_mut().insert("x-auth-token", key.parse().unwrap());
    }
    request
}

async fn call(app: &App, route: &Route, request: Request) -> Response<Body> {
    match route.name {
        "create-promotion" => create_promotion::handle(app, request).await,
        "get-promotion" => get_promotion::handle(app, request).await,
        "update-promotion" => update_promotion::handle(app, request).await,
        _ => delete_promotion::handle(app, request).await,
    }
}

/// Both stores' promotions 1 and 2 (the one a create would make), as stored: `other` first.
async fn snapshot(db: &dyn Store) -> Vec<Option<Value>> {
    let mut state = Vec::new();
    for store in ["other", "demo"] {
        for id in [1, 2] {
            let found = db.get_promotion(&StoreId::parse(store).unwrap(), PromotionId(id)).await.unwrap();
            state.push(found.map(|p| serde_json::to_value(p.value.view()).unwrap()));
        }
    }
    state
}

async fn app_with_keys(route: &Route) -> App {
    let db: Arc<dyn Store> = Arc::new(sqlite_store());
    for store in ["demo", "other"] {
        let fields = serde_json::from_value::<shared::promotion::PromotionInput>(json!({
            "redemption_type": "AUTOMATIC", "name": format!("{store}'s promotion"),
            "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}}]
        }))
        .unwrap()
        .into_fields(clock::now(), None)
        .unwrap();
        db.create_promotion(&StoreId::parse(store).unwrap(), fields, None).await.unwrap();
    }
    register_key(db.as_ref(), "right", "demo", route.needs).await;
    register_key(db.as_ref(), "other-store", "other", "promotions:write,marketing:write").await;
    register_key(db.as_ref(), "missing-scope", "demo", route.lacks).await;
    let revoked = register_key(db.as_ref(), "revoked", "demo", route.needs).await;
    db.revoke_api_key(&revoked.store, revoked.id, clock::now()).await.unwrap();
    App::new(db)
}

fn key_of(credential: Credential) -> Option<&'static str> {
    match credential {
        Credential::None => None,
        Credential::Unknown => Some("pm_0000000000000000000000000000000000000000000000000000000000000000"),
        Credential::Revoked => Some("revoked"),
        Credential::OtherStore => Some("other-store"),
        Credential::MissingScope => Some("missing-scope"),
        Credential::Right => Some("right"),
    }
}

#[tokio::test]
async fn every_route_answers_every_credential_as_documented_and_denials_change_nothing() {
    for route in ROUTES {
        for credential in ALL {
            let app = app_with_keys(route).await;
            let before = snapshot(app.store()).await;
            let response = call(&app, route, request(route, key_of(credential))).await;
            let status = response.status().as_u16();
            let body = json(&response);
            let case = format!("{} with {credential:?}: {body}", route.name);
            let expected = match credential {
                Credential::None | Credential::Unknown | Credential::Revoked => 401,
                Credential::OtherStore | Credential::MissingScope => 403,
                Credential::Right => status.clamp(200, 299),
            };
            assert_eq!(status, expected, "{case}");
            let after = snapshot(app.store()).await;
            assert_eq!(after[..2], before[..2], "the other store's promotions changed: {case}");
            if expected >= 400 {
                assert_eq!(after, before, "a denied request changed data: {case}");
                assert_eq!(body["status"], expected, "{case}");
                assert!(!body.to_string().contains("other"), "the answer mentions the other store: {case}");
            } else if route.writes {
                assert_ne!(after, before, "the allowed write changed nothing: {case}");
            }
        }
    }
}

#[tokio::test]
async fn a_revoked_key_stops_working_once_the_cache_forgets_it() {
    let db: Arc<dyn Store> = Arc::new(sqlite_store());
    let key = register_key(db.as_ref(), "soon-revoked", "demo", "promotions:read").await;
    let app = App::with_key_cache(Arc::clone(&db), KeyCache::with_ttl(Duration::from_millis(300)));
    let route = &ROUTES[1];
    assert_eq!(call(&app, route, request(route, Some("soon-revoked"))).await.status(), 404, "valid key, no promotion");
    db.revoke_api_key(&key.store, key.id, clock::now()).await.unwrap();
    assert_eq!(call(&app, route, request(route, Some("soon-revoked"))).await.status(), 404, "still cached");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(call(&app, route, request(route, Some("soon-revoked"))).await.status(), 401);
}
