//! A fresh DynamoDB Local table per function, holding what the fixtures expect: the two keys,
//! promotion 1 (automatic) and 2 (a BULK coupon with code WELCOME10, id 1001) in store `demo`.

use std::path::PathBuf;

use api::evaluation::{EvaluationInputs, Reach};
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::Client;
use domain::access::{ApiKey, Scopes};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::PromotionInput;
use domain::redemption::{Counted, RedemptionId, RedemptionRequest};
use store::dynamodb::{client, DynamoStore};
use store::{CodeStore, Freshness, KeyStore, PromotionStore, RedemptionStore};

/// A client of the DynamoDB Local on `port`.
pub fn local_client(port: u16) -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("bench", "bench", None, None, "bench"))
        .http_client(client::http_client())
        .build();
    Client::from_conf(config)
}

/// Creates and fills a table; returns its name.
pub async fn fresh_table(port: u16, label: &str) -> Result<String, String> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let serial = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("bench-{label}-{}-{serial}", std::process::id());
    let store = DynamoStore::new(local_client(port), name.clone());
    store.create_table().await.map_err(|e| format!("{e:?}"))?;
    let now = domain::clock::now();
    for (key, store_id) in [("local-dev-key", "demo"), ("local-dev-marketing-key", "411486491630370816")] {
        let record = ApiKey::register(key, StoreId::parse(store_id).unwrap(), Scopes::all(), now)
            .map_err(|e| format!("{e:?}"))?;
        store.put_api_key(&record).await.map_err(|e| format!("{e:?}"))?;
    }
    let demo = StoreId::parse("demo").ok_or("demo")?;
    for body in ["create-promotion", "create-promotion-coupon"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../events/bodies/{body}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{e:?}"))?;
        let input: PromotionInput = serde_json::from_str(&text).map_err(|e| format!("{e:?}"))?;
        let fields = input.into_fields(now, None).map_err(|e| format!("{e:?}"))?;
        store.create_promotion(&demo, fields, None, None).await.map_err(|e| format!("{e:?}"))?;
    }
    let code = NewCode::new(CodeText::try_from_str("WELCOME10").ok_or("code")?, 0, 0)
        .into_code(1001, Timestamp::from_utc(now));
    store.add_codes(&demo, PromotionId(2), vec![code], None, None).await.map_err(|e| format!("{e:?}"))?;
    hold_redemption(&store, &demo, now).await?;
    Ok(name)
}

/// Redemption 4242000 (the one the redemption fixtures name) of the coupon cart, held for a day.
async fn hold_redemption(
    store: &DynamoStore,
    demo: &StoreId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events/bodies/create-redemption-held.json");
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).map_err(|e| format!("{e:?}"))?)
            .map_err(|e| format!("{e:?}"))?;
    body["order_id"] = "SEEDED-ORDER".into();
    body["hold"] = "PT1H".into();
    let request: RedemptionRequest = serde_json::from_value(body).map_err(|e| format!("{e:?}"))?;
    let request = request.check().map_err(|e| format!("{e:?}"))?;
    let (at, reach) = (request.cart.evaluated_at(Timestamp::from_utc(now)), Reach::Candidates(Freshness::Strong));
    let inputs = EvaluationInputs::load(store, demo, &request.cart, at, reach).await.map_err(|e| format!("{e:?}"))?;
    let evaluation = inputs.evaluate(&request.cart, Timestamp::from_utc(now)).await.map_err(|e| format!("{e:?}"))?;
    let counted = Counted::of(&request, &evaluation, &inputs.promotions, RedemptionId(4_242_000), now)
        .map_err(|e| format!("{e:?}"))?;
    store.redeem(demo, &counted, "seed").await.map_err(|e| format!("{e:?}"))?;
    Ok(())
}
