//! Drives every function through what its requests can make it do, on DynamoDB Local, with a
//! [`Recorder`] attributing each DynamoDB request to the function that sent it: its init (the
//! connection warm-up of `api::lambda`), every fixture of it (each `POST` one with an
//! `Idempotency-Key`, twice: the claim, the answer kept with the write or the claim given back,
//! and the replay), and the cases below, which reach the calls no fixture makes.

use std::collections::HashMap;
use std::sync::Arc;

use api::App;
use aws_sdk_dynamodb::types::AttributeValue;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use lambda_http::{Body, Response};
use serde_json::{json, Value};
use store::{keys, Refusal, WriteError};

use super::recorder::{recording, Recorder};
use crate::fixtures::{all, function_of, prepare, sent, Expectation};
use crate::marketing_runtime::shop;
use crate::support::{app, dynamo_store_with, fixture, json, loopback_sdk_config, request, MARKETING_STORE};

/// Runs every function's fixtures and cases.
pub async fn every_function(recorder: &Arc<Recorder>) {
    for expectation in all() {
        run_fixture(recorder, expectation).await;
    }
    a_limit_gathers_the_uses_other_shards_counted(recorder).await;
    deleting_a_coupon_promotion_deletes_its_codes(recorder).await;
    for function in ["evaluate-promotions", "create-redemption"] {
        an_identified_customer_has_their_uses_read(recorder, function).await;
    }
    codegen_meeting_taken_codes_looks_up_the_later_batches(recorder).await;
    codegen_whose_promotion_is_deleted_meanwhile_purges_what_it_wrote(recorder).await;
    an_ended_hold_is_released(recorder).await;
    marketing_emails_go_out_and_their_orders_are_recovered(recorder).await;
    changes_are_put_on_the_bus(recorder).await;
    a_deleted_promotions_codes_are_purged(recorder).await;
    listings_read_through_every_index(recorder).await;
}

/// A fresh table where the fixtures' data is, and `function`'s init recorded; also the raw
/// client and table, for data no request writes.
async fn prepared(recorder: &Arc<Recorder>, function: &str) -> (App, aws_sdk_dynamodb::Client, String) {
    let store = dynamo_store_with(recording(Arc::clone(recorder))).await;
    recorder.during(function, store.warm_up()).await;
    let (client, table) = (store.client().clone(), store.table().to_owned());
    let app = app(store).await;
    prepare(&app).await;
    (app, client, table)
}

async fn run_fixture(recorder: &Arc<Recorder>, expectation: &Expectation) {
    let route = function_of(expectation.fixture);
    let function = route.function();
    let (app, _, _) = prepared(recorder, &function).await;
    let keyed = fixture(expectation.fixture).method() == "POST";
    for send in 0..if keyed { 2 } else { 1 } {
        let mut request = fixture(expectation.fixture);
        if keyed {
            let header = api::http::idempotency::HEADER;
            request.headers_mut().insert(header, "iam-proof".parse().expect("a header value"));
        }
        let response = recorder.during(&function, route.call(&app, request)).await;
        let status = response.status().as_u16();
        let expected = send == 1 || status == expectation.status;
        assert!(expected && status < 500, "{} (send {send}): {status} {}", expectation.fixture, json(&response));
    }
}

fn succeeded(response: &Response<Body>, what: &str) {
    assert!(response.status().is_success(), "{what}: {} {}", response.status(), json(response));
}

/// update-promotion giving promotion 2 (unlimited) a `max_uses` after a shard other than the
/// first counted uses of it: they are moved into the first shard, where a limited one counts.
async fn a_limit_gathers_the_uses_other_shards_counted(recorder: &Arc<Recorder>) {
    let (app, client, table) = prepared(recorder, "update-promotion").await;
    let demo = StoreId::parse("demo").expect("a store id");
    let counter = HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(keys::store_pk(&demo))),
        (keys::SK.to_owned(), AttributeValue::S(keys::promotion_uses_sk(PromotionId(2), 3))),
        ("entity_type".to_owned(), AttributeValue::S(keys::USES_ENTITY.to_owned())),
        ("use_count".to_owned(), AttributeValue::N("2".to_owned())),
    ]);
    client.put_item().table_name(table).set_item(Some(counter)).send().await.expect("the counter is written");
    let limit = request("PUT", "demo", Some("2"), Some(json!({"max_uses": 10})));
    let response = recorder.during("update-promotion", update_promotion::handle(&app, limit)).await;
    succeeded(&response, "the limit");
}

/// delete-promotion of the coupon promotion 2: one transaction, its code left to purge-codes.
async fn deleting_a_coupon_promotion_deletes_its_codes(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "delete-promotion").await;
    let delete = request("DELETE", "demo", Some("2"), None);
    let response = recorder.during("delete-promotion", delete_promotion::handle(&app, delete)).await;
    succeeded(&response, "the delete");
}

/// `function`'s fixture cart for an identified customer, in a store with a limited promotion
/// (in all and per customer): that customer's uses are read, and a redemption checks the limit
/// on the promotion's item.
async fn an_identified_customer_has_their_uses_read(recorder: &Arc<Recorder>, function: &str) {
    let (app, _, _) = prepared(recorder, function).await;
    let limited = json!({"redemption_type": "AUTOMATIC", "name": "10% once per customer", "max_uses_per_customer": 1,
                         "max_uses": 100, "start_date": "2026-01-01T00:00:00+00:00",
                         "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    succeeded(&create_promotion::handle(&app, request("POST", "demo", None, Some(limited))).await, "the promotion");
    let mut cart = sent(function);
    cart["customer"] = json!({"id": 7});
    cart["coupon_codes"] = json!([]); // a coupon would override the automatic promotion
    if cart.get("order_id").is_some() {
        cart["order_id"] = json!("an-order-of-an-identified-customer");
    }
    let redeem = function_of(function).call(&app, request("POST", "demo", None, Some(cart)));
    succeeded(&recorder.during(function, redeem).await, function);
}

/// generate-codes drawing 50 codes from 128 possible when 20 are taken: the first transaction
/// (49 codes) meets one, and the 50th code is looked up too, so that one retry replaces all.
async fn codegen_meeting_taken_codes_looks_up_the_later_batches(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "generate-codes").await;
    let excluded: Vec<String> = ('C'..='Z').chain('0'..='9').map(String::from).collect();
    let plan = |batch_size: u32| -> Value {
        json!({"batch_size": batch_size, "code_length": 7, "exclude_characters": excluded})
    };
    let codegen = |batch_size| request("POST", "demo", Some("2"), Some(plan(batch_size)));
    succeeded(&generate_codes::handle(&app, codegen(20)).await, "the taken codes");
    let response = recorder.during("generate-codes", generate_codes::handle(&app, codegen(50))).await;
    assert!([201, 422].contains(&response.status().as_u16()), "{}", json(&response));
}

/// generate-codes' write when the promotion it read was deleted before its last batch: the
/// batches already written are purged (no promotion is left to delete them through). The race
/// is the store's own path, entered here with a promotion that no longer exists.
async fn codegen_whose_promotion_is_deleted_meanwhile_purges_what_it_wrote(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "generate-codes").await;
    let demo = StoreId::parse("demo").expect("a store id");
    let now = domain::clock::now();
    let ids = domain::ids::code_ids(now, 40).expect("code ids");
    let codes = ids
        .into_iter()
        .enumerate()
        .map(|(n, id)| {
            let text = CodeText::try_from_str(&format!("GONE-{n:02}")).expect("a code");
            NewCode::new(text, 1, 1).into_code(id, Timestamp::from_utc(now))
        })
        .collect();
    let gone = PromotionId(9_999);
    let added = recorder.during("generate-codes", app.store().add_codes(&demo, gone, codes, None, None)).await;
    assert!(matches!(added, Err(WriteError::Refused(Refusal::Missing))), "{added:?}");
}

/// release-holds after the seeded hold (an hour) ended.
async fn an_ended_hold_is_released(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "release-holds").await;
    let later = domain::clock::now() + chrono::Duration::hours(2);
    let released = recorder.during("release-holds", release_holds::release(app.store(), later)).await;
    assert_eq!(released.expect("the release runs"), 1);
}

/// The marketing runtime on a runnable abandoned-checkout configuration (the follow-ups
/// fixture's, with its per-customer cap): the events fixture, then an update that moves its
/// reminder; run-marketing-due when it is due, first through SES where nothing listens (the
/// send fails, the claim stays), then through a working mailer once the lease ended; then the
/// checkout's order, which the sent reminder recovered.
async fn marketing_emails_go_out_and_their_orders_are_recovered(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "run-marketing-due").await;
    let config = crate::fixtures::sent("put-marketing-config-purchase-follow-ups");
    let put = crate::support::marketing_request("PUT", MARKETING_STORE, "abandoned-checkouts", Some(config));
    succeeded(&put_marketing_config::handle(&app, put).await, "the configuration");
    let events = |body: Value| {
        let request = crate::support::marketing_request("POST", MARKETING_STORE, "abandoned-checkouts", Some(body));
        recorder.during("record-marketing-events", record_marketing_events::handle(&app, request))
    };
    succeeded(&events(crate::fixtures::sent("record-marketing-events")).await, "the events");
    let update = shop::checkout_updated("evt_1004", "2026-12-02T10:30:00Z", "chk_1001", 2600);
    succeeded(&events(json!({ "events": [update] })).await, "the update");
    let links = run_marketing_due::Links { public_url: "https://api.example".into() };
    let ses = aws_sdk_sesv2::config::Builder::from(&loopback_sdk_config("http://127.0.0.1:9"))
        .retry_config(aws_sdk_sesv2::config::retry::RetryConfig::disabled())
        .interceptor(recording(Arc::clone(recorder)))
        .build();
    let ses =
        mail::ses::SesMailer::new(aws_sdk_sesv2::Client::from_conf(ses), "shop@example.com", Some("marketing".into()));
    let due = shop::at("2026-12-20T10:00:00Z");
    let run = run_marketing_due::run(app.store(), &ses, &links, due);
    assert_eq!(recorder.during("run-marketing-due", run).await.expect("the run works").retrying, 1);
    let mailer = shop::Recorder::default();
    let run = run_marketing_due::run(app.store(), &mailer, &links, due + chrono::Duration::minutes(10));
    assert_eq!(recorder.during("run-marketing-due", run).await.expect("the run works").sent, 1);
    let order = shop::order_completed("evt_1005", "2026-12-20T11:00:00Z", "ord_3001", Some("chk_1001"), 2600);
    succeeded(&events(json!({ "events": [order] })).await, "the order");
}

/// publish-changes with the stream fixture: its events go to EventBridge (here an address where
/// nothing listens: the request is what counts), and the first of them is reported unpublished.
async fn changes_are_put_on_the_bus(recorder: &Arc<Recorder>) {
    let config = aws_sdk_eventbridge::config::Builder::from(&loopback_sdk_config("http://127.0.0.1:9"))
        .retry_config(aws_sdk_eventbridge::config::retry::RetryConfig::disabled())
        .interceptor(recording(Arc::clone(recorder)))
        .build();
    let publisher = publish_changes::Publisher::new(aws_sdk_eventbridge::Client::from_conf(config), "changes");
    let text = std::fs::read_to_string(crate::support::root().join("events/stream/publish-changes.json"));
    let event = serde_json::from_str(&text.expect("the stream fixture")).expect("a DynamoDB stream event");
    let response = recorder.during("publish-changes", publisher.publish(&event)).await;
    assert_eq!(response.batch_item_failures.len(), 1, "nothing listens: the first change is sent again");
}

/// purge-codes with its stream fixture (the REMOVE of promotion 2) after promotion 2 is deleted.
async fn a_deleted_promotions_codes_are_purged(recorder: &Arc<Recorder>) {
    let (app, client, table) = prepared(recorder, "purge-codes").await;
    let store = store::dynamodb::DynamoStore::new(client, table);
    succeeded(&delete_promotion::handle(&app, request("DELETE", "demo", Some("2"), None)).await, "the delete");
    let text = std::fs::read_to_string(crate::support::root().join("events/stream/purge-codes.json"));
    let event = serde_json::from_str(&text.expect("the stream fixture")).expect("a DynamoDB stream event");
    let until = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    let response = recorder.during("purge-codes", purge_codes::purge_deleted(&store, &event, until)).await;
    assert!(response.batch_item_failures.is_empty(), "the purge finished");
}

/// list-promotions in every order, with and without a status filter: one index each (the
/// fixture reads `ByName`).
async fn listings_read_through_every_index(recorder: &Arc<Recorder>) {
    let (app, _, _) = prepared(recorder, "list-promotions").await;
    for query in ["sort=start_date", "status=ENABLED", "status=ENABLED&sort=name", "status=ENABLED&sort=start_date"] {
        let list = crate::support::with_query(request("GET", "demo", None, None), query);
        succeeded(&recorder.during("list-promotions", list_promotions::handle(&app, list)).await, query);
    }
}
