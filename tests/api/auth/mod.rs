//! Every route × every kind of credential: no key, an unknown key, a revoked key, an expired
//! key, another store's key, a key without the route's scope, and the right key, with and
//! without an expiry. Denied requests change nothing in either store, and no answer shows
//! anything of the store it was denied.

use std::sync::Arc;
use std::time::Duration;

use api::auth::KeyCache;
use api::evaluation::{EvaluationInputs, Reach};
use api::App;
use domain::access::KeyLifetime;
use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::marketing::ConfigKind;
use domain::parse::StrValue;
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::PromotionInput;
use domain::redemption::{Counted, RedemptionId, RedemptionRequest};
use serde_json::{json, Value};
use store::Store;
use store::{CodePage, Freshness, RedemptionPage};

use crate::fixtures::call;
use crate::support::{json, key_record, put_key, register_key, sqlite_store};

mod routes;

use routes::{Credential, Route, OTHER, ROUTES, VICTIM};

fn store(name: &str) -> StoreId {
    StoreId::parse(name).unwrap()
}

/// Everything a store holds that these routes read or write, as JSON.
async fn snapshot(db: &dyn Store, shop: &str) -> Value {
    let (promotions, total) = db.list_promotions(&store(shop), false, None).await.unwrap();
    let mut codes = Vec::new();
    for promotion in &promotions {
        let page = CodePage { after: None, before: None, limit: 1000 };
        codes.extend(db.list_codes(&store(shop), promotion.id(), page).await.unwrap());
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
        let deliveries = db.list_deliveries(&store(shop), kind, None, 1000).await.unwrap();
        marketing.push(Some(serde_json::to_value(deliveries.iter().map(|d| d.view()).collect::<Vec<_>>()).unwrap()));
    }
    let mut redemptions = Vec::new();
    for promotion in &promotions {
        let page = RedemptionPage { before: None, limit: 1000 };
        let found = db.list_redemptions(&store(shop), promotion.id(), None, page).await.unwrap();
        redemptions.extend(found.iter().map(|r| serde_json::to_value(r.view()).unwrap()));
    }
    let promotions: Vec<_> = promotions.iter().map(|p| serde_json::to_value(p.view()).unwrap()).collect();
    json!({"promotions": promotions, "total": total, "codes": codes, "settings": settings, "marketing": marketing,
           "redemptions": redemptions})
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
            db.create_promotion(&store(shop), fields, None, None).await.unwrap();
        }
        let code = NewCode::new(CodeText::try_from_str("WELCOME10").unwrap(), 0, 0)
            .into_code(1001, Timestamp::from_utc(clock::now()));
        db.add_codes(&store(shop), PromotionId(2), vec![code], None, None).await.unwrap();
        hold_redemption_77(db.as_ref(), &store(shop)).await;
    }
    register_key(db.as_ref(), "right", VICTIM, route.needs).await;
    register_key(db.as_ref(), "other-store", OTHER, "promotions:write,marketing:write,redemptions:write").await;
    register_key(db.as_ref(), "missing-scope", VICTIM, route.lacks).await;
    let revoked = register_key(db.as_ref(), "revoked", VICTIM, route.needs).await;
    db.revoke_api_key(&revoked.store, revoked.id, clock::now()).await.unwrap();
    let hour = chrono::Duration::hours(1);
    let lifetime = |raw| KeyLifetime::parse_str(raw).unwrap();
    let expired = key_record("expired", VICTIM, route.needs, clock::now() - hour * 2).expiring_after(&lifetime("PT1H"));
    put_key(db.as_ref(), expired).await;
    put_key(db.as_ref(), key_record("expiring", VICTIM, route.needs, clock::now()).expiring_after(&lifetime("P1D")))
        .await;
    App::new(db)
}

/// Redemption 77 of the store: WELCOME10 on a cart of 60.00, held for an hour.
async fn hold_redemption_77(db: &dyn Store, shop: &StoreId) {
    let body = json!({"order_id": "A-1", "hold": "PT1H", "currency_code": "USD", "coupon_codes": ["WELCOME10"],
                      "items": [{"product_id": 1, "quantity": 2, "unit_price": "30.00"}]});
    let request = serde_json::from_value::<RedemptionRequest>(body).unwrap().check().unwrap();
    let now = clock::now();
    let at = request.cart.evaluated_at(Timestamp::from_utc(now));
    let inputs =
        EvaluationInputs::load(db, shop, &request.cart, at, Reach::Candidates(Freshness::Strong)).await.unwrap();
    let evaluation = inputs.evaluate(&request.cart, Timestamp::from_utc(now)).await.unwrap();
    let counted = Counted::of(&request, &evaluation, &inputs.promotions, RedemptionId(77), now).unwrap();
    assert!(matches!(db.redeem(shop, &counted, "seed").await.unwrap(), store::Redeemed::Created(_)));
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
                Credential::None | Credential::Unknown | Credential::Revoked | Credential::Expired => 401,
                Credential::OtherStore | Credential::MissingScope => 403,
                Credential::Right | Credential::Expiring => status.clamp(200, 299),
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
    let unrouted = |name: &String| {
        [local_api::routes::SCHEDULED, local_api::routes::STREAMED, local_api::routes::PUBLIC]
            .concat()
            .contains(&name.as_str())
    };
    for name in crates.into_iter().filter(|name| !unrouted(name)) {
        assert!(ROUTES.iter().any(|r| r.function == name), "{name} is not in the auth matrix");
    }
}
