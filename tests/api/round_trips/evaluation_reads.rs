//! An evaluation, and a redemption, read the same on DynamoDB in a store of 5 live automatic
//! promotions (one limited), a coupon and 64 promotions no cart can get (disabled, ended,
//! coupons whose codes are not in the cart) as in one with 264 of those: the same calls, items
//! and capacity units. (The store's count is the sum of at most 65 small items, the head and
//! 64 shares, all of them written once a store has 64 promotions: both stores are past that.)

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_sdk_dynamodb::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use domain::ids::StoreId;
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use lambda_http::{Body, Response};
use serde_json::{json, Value};
use store::dynamodb::usage::{measured, UsageInterceptor};
use store::dynamodb::DynamoStore;
use store::PromotionStore;

use crate::store_contract::candidates::{fields, in_days};
use crate::support::{app, dynamo_client_with, dynamodb_endpoint, json, request};

/// Counts the items DynamoDB's answers hold (a Query's `ScannedCount`, a batch's items, an item).
#[derive(Debug)]
struct ItemsRead(Arc<AtomicU64>);

impl Intercept for ItemsRead {
    fn name(&self) -> &'static str {
        "ItemsRead"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body: Value =
            context.response().body().bytes().and_then(|b| serde_json::from_slice(b).ok()).unwrap_or_default();
        let batch = body["Responses"]
            .as_object()
            .map(|tables| tables.values().filter_map(Value::as_array).map(Vec::len).sum::<usize>() as u64);
        let items = body["ScannedCount"].as_u64().or(batch).unwrap_or(u64::from(body.get("Item").is_some()));
        self.0.fetch_add(items, Ordering::SeqCst);
        Ok(())
    }
}

/// What one evaluation cost, and its answer.
#[derive(Debug)]
struct Cost {
    calls: u32,
    capacity_units: f64,
    items: u64,
    answer: Value,
}

/// A store on a fresh table with 5 live automatic promotions and a coupon with code `SAVE`,
/// and `others` promotions no cart of [`cost_of`] can get.
async fn seeded(name: &str, others: usize) -> (DynamoStore, Arc<AtomicU64>) {
    let items = Arc::new(AtomicU64::new(0));
    let base = dynamo_client_with(&dynamodb_endpoint(), UsageInterceptor);
    let client = aws_sdk_dynamodb::Client::from_conf(
        base.config().to_builder().interceptor(ItemsRead(Arc::clone(&items))).build(),
    );
    let db = DynamoStore::new(client, format!("reads-{}-{name}", std::process::id()));
    db.create_table().await.unwrap();
    let demo = StoreId::parse("demo").unwrap();
    let coupon = json!({"redemption_type": "COUPON", "coupon_type": "BULK"});
    let now = Timestamp::from_utc(chrono::Utc::now());
    let code = |text: &str, id| Some(NewCode::new(CodeText::try_from_str(text).unwrap(), 0, 0).into_code(id, now));
    for i in 0..5 {
        let body = json!({"name": format!("live {i}"), "max_uses": if i == 0 { json!(100) } else { Value::Null }});
        db.create_promotion(&demo, fields(body), None, None).await.unwrap();
    }
    db.create_promotion(&demo, fields(coupon.clone()), code("SAVE", 1), None).await.unwrap();
    for i in 0..others {
        let (body, code) = match i % 3 {
            0 => (json!({"status": "DISABLED"}), None),
            1 => (json!({"start_date": in_days(-9), "end_date": in_days(-1)}), None),
            _ => (coupon.clone(), code(&format!("OTHER{i}"), 100 + i as u64)),
        };
        db.create_promotion(&demo, fields(body), code, None).await.unwrap();
    }
    (db, items)
}

/// Evaluates a cart with code `SAVE` (the second evaluation: the key is cached by then), then
/// redeems it.
async fn cost_of(db: DynamoStore, items: Arc<AtomicU64>) -> (Cost, Cost) {
    let app = app(db).await;
    let cart = json!({"currency_code": "USD", "coupon_codes": ["SAVE"],
                      "items": [{"product_id": 1, "quantity": 1, "unit_price": "100.00"}]});
    let evaluate = || evaluate_promotions::handle(&app, request("POST", "demo", None, Some(cart.clone())));
    assert_eq!(evaluate().await.status(), 200);
    let evaluation = measure(&items, evaluate(), 200).await;
    let mut order = cart.clone();
    order["order_id"] = json!("ORDER-1");
    let redemption = measure(&items, create_redemption::handle(&app, request("POST", "demo", None, Some(order))), 201);
    (evaluation, redemption.await)
}

/// What `call` cost, after checking its status.
async fn measure(items: &AtomicU64, call: impl Future<Output = Response<Body>>, status: u16) -> Cost {
    items.store(0, Ordering::SeqCst);
    let (response, usage) = measured(call).await;
    let answer = json(&response);
    assert_eq!(response.status().as_u16(), status, "{answer}");
    Cost { calls: usage.calls, capacity_units: usage.capacity_units, items: items.load(Ordering::SeqCst), answer }
}

#[tokio::test]
async fn an_evaluation_reads_the_same_whatever_the_store_accumulated() {
    skip_without_dynamodb!();
    let (small, small_items) = seeded("small", 64).await;
    let (large, large_items) = seeded("large", 264).await;
    let ((small, small_redeemed), (large, large_redeemed)) =
        (cost_of(small, small_items).await, cost_of(large, large_items).await);
    for (small, large) in [(&small, &large), (&small_redeemed, &large_redeemed)] {
        assert_eq!((large.calls, large.items), (small.calls, small.items), "{small:?} {large:?}");
        assert_eq!(large.capacity_units, small.capacity_units, "{small:?} {large:?}");
        assert!(small.capacity_units > 0.0, "DynamoDB Local reports the capacity");
    }
    let listed = |cost: &Cost| cost.answer["data"]["promotions"].as_array().unwrap().len();
    assert_eq!((listed(&small), listed(&large)), (6, 6), "the live ones and the code's coupon");
    assert_eq!(small.answer["data"]["totals"], large.answer["data"]["totals"]);
    let meta = (&small.answer["meta"], &large.answer["meta"]);
    assert_eq!(meta, (&json!({"not_evaluated": 64}), &json!({"not_evaluated": 264})));
    let redeemed = |cost: &Cost| cost.answer["data"]["evaluation"]["totals"].clone();
    assert_eq!(
        (redeemed(&small_redeemed), redeemed(&large_redeemed)),
        (small.answer["data"]["totals"].clone(), small.answer["data"]["totals"].clone())
    );
}
