//! The scenarios of issue 19, each an `async fn(Shop)` run on both backends.

use futures::future::join_all;
use serde_json::json;

use super::shop::{checkout_updated, order_completed, reminder_config, Shop, T0};

const ABANDONED: &str = "abandoned-checkouts";
const FOLLOW_UPS: &str = "purchase-follow-ups";

pub async fn an_abandoned_checkout_gets_one_reminder_after_exactly_trigger_after_with_a_single_use_coupon(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let (status, body) = shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    assert_eq!((status, &body), (200, &json!({"received": 1, "changed": 1, "unchanged": 0})));
    assert_eq!(shop.delivery(ABANDONED, "chk_1").await["status"], "SCHEDULED");

    assert_eq!(shop.run("2026-12-02T10:59:59.999Z").await.sent, 0, "not a millisecond early");
    assert_eq!(shop.run("2026-12-02T11:00:00Z").await.sent, 1);
    assert_eq!(shop.run("2026-12-02T12:00:00Z").await.sent, 0, "once");

    let emails = shop.mailer.emails();
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    let delivery = shop.delivery(ABANDONED, "chk_1").await;
    let code = delivery["coupon_code"].as_str().expect("a coupon code").to_owned();
    assert_eq!((email.to.as_str(), email.reference.as_str()), ("ann@example.com", "411486491630370816-ac-chk_1"));
    assert!(email.text.contains(&code) && email.text.contains("15 % off"), "{}", email.text);
    assert!(email.text.contains("https://shop.example/checkouts/chk_1?step=payment&x=1"), "{}", email.text);
    assert!(
        email.html.contains("Mug &lt;b&gt;blue&lt;/b&gt; &amp; co") && !email.html.contains("<b>"),
        "{}",
        email.html
    );
    assert!(email.html.contains("href=\"https://shop.example/checkouts/chk_1?step=payment&amp;x=1\""));
    assert!(email.text.contains(&email.unsubscribe_url) && email.unsubscribe_url.starts_with("https://api.example/"));
    assert_eq!(delivery["status"], "SENT");
    assert_eq!(
        (delivery["scheduled_at"].as_str(), delivery["sent_at"].as_str()),
        (Some("2026-12-02T11:00:00.000Z"), Some("2026-12-02T11:00:00.000Z"))
    );
    assert_eq!(delivery["coupon_expires_at"], "2026-12-10T00:00:00.000Z", "seven days, to the close of the day");
    assert!(email.text.contains("valid until 2026-12-10 00:00 UTC"), "{}", email.text);

    let (status, first) = shop.redeem("order-1", &code, "100.00", "2026-12-02T12:00:00Z").await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["data"]["totals"]["discount"], "15.00", "{first}");
    let (status, second) = shop.redeem("order-2", &code, "100.00", "2026-12-02T12:00:00Z").await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["data"]["totals"]["discount"], "0.00", "single use: {second}");
}

pub async fn a_reminder_coupon_works_until_its_expiry_and_not_after(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500), checkout_updated("e2", T0, "chk_2", 2500)])).await;
    assert_eq!(shop.run("2026-12-02T11:00:00Z").await.sent, 2);
    let code = |checkout: &'static str| {
        let shop = &shop;
        async move { shop.delivery(ABANDONED, checkout).await["coupon_code"].as_str().expect("a code").to_owned() }
    };
    let (status, last_minute) = shop.redeem("order-1", &code("chk_1").await, "100.00", "2026-12-09T23:59:59Z").await;
    assert_eq!((status, &last_minute["data"]["totals"]["discount"]), (201, &json!("15.00")), "{last_minute}");
    let (status, too_late) = shop.redeem("order-2", &code("chk_2").await, "100.00", "2026-12-10T00:00:00Z").await;
    assert_eq!((status, &too_late["data"]["totals"]["discount"]), (201, &json!("0.00")), "expired: {too_late}");
}

pub async fn a_checkout_completed_before_its_reminder_is_due_gets_nothing(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.events(json!([order_completed("e2", "2026-12-02T10:30:00Z", "ord_1", Some("chk_1"), 2500)])).await;
    assert_eq!(shop.run("2026-12-02T12:00:00Z").await.sent, 0);
    assert!(shop.mailer.emails().is_empty());
    let delivery = shop.delivery(ABANDONED, "chk_1").await;
    assert_eq!((&delivery["status"], &delivery["reason"]), (&json!("CANCELLED"), &json!("completed")));
}

pub async fn an_update_moves_the_schedule_and_an_older_event_changes_nothing(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.events(json!([checkout_updated("e2", "2026-12-02T10:40:00Z", "chk_1", 4000)])).await;
    let (_, replay) = shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    assert_eq!(replay["unchanged"], 1, "an older event changes nothing");
    assert_eq!(shop.delivery(ABANDONED, "chk_1").await["scheduled_at"], "2026-12-02T11:40:00.000Z");
    assert_eq!(shop.run("2026-12-02T11:00:00Z").await.sent, 0, "the first time no longer holds");
    assert_eq!(shop.run("2026-12-02T11:40:00Z").await.sent, 1);
    assert!(shop.mailer.emails()[0].text.contains("Total: 40.00 EUR"));
}

pub async fn no_consent_a_value_out_of_bounds_and_a_full_cap_are_skipped_with_their_reason(shop: Shop) {
    let mut config = reminder_config();
    config["max_coupons_per_customer_amount"] = json!(1);
    config["max_coupons_per_customer_period"] = json!("P1D");
    shop.configure(ABANDONED, config).await;
    let mut no_consent = checkout_updated("e1", T0, "chk_no_consent", 2500);
    no_consent["checkout"]["customer"]["marketing_consent"] = json!(false);
    let events = json!([
        no_consent,
        checkout_updated("e2", T0, "chk_small", 999),
        checkout_updated("e3", T0, "chk_large", 100_001),
        checkout_updated("e4", T0, "chk_first", 2500),
        checkout_updated("e5", "2026-12-02T10:00:01Z", "chk_second", 2500),
    ]);
    assert_eq!(shop.events(events).await.0, 200);
    let report = shop.run("2026-12-02T11:00:01Z").await;
    assert_eq!((report.sent, report.skipped), (1, 1));
    for (checkout, reason) in [
        ("chk_no_consent", "no_consent"),
        ("chk_small", "value_out_of_bounds"),
        ("chk_large", "value_out_of_bounds"),
        ("chk_second", "customer_cap_reached"),
    ] {
        let delivery = shop.delivery(ABANDONED, checkout).await;
        assert_eq!((&delivery["status"], &delivery["reason"]), (&json!("SKIPPED"), &json!(reason)), "{checkout}");
    }
    assert_eq!(shop.delivery(ABANDONED, "chk_first").await["status"], "SENT");
}

pub async fn a_follow_up_is_sent_after_an_order_and_cancelled_by_a_refund(shop: Shop) {
    let mut config = reminder_config();
    config["trigger_after"] = json!("P1D");
    config["coupon_configuration"]["discount_type"] = json!("amount");
    config["coupon_configuration"]["discount_amount"] = json!(500);
    shop.configure(FOLLOW_UPS, config).await;
    let refund =
        json!({"id": "e3", "type": "order.refunded", "occurred_at": "2026-12-02T12:00:00Z", "order": {"id": "ord_2"}});
    let events =
        json!([order_completed("e1", T0, "ord_1", None, 2500), order_completed("e2", T0, "ord_2", None, 3000), refund]);
    assert_eq!(shop.events(events).await.0, 200);
    assert_eq!(shop.run("2026-12-03T09:59:59Z").await.sent, 0);
    assert_eq!(shop.run("2026-12-03T10:00:00Z").await.sent, 1);
    let emails = shop.mailer.emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].subject, "Thank you for your order");
    assert!(emails[0].text.contains("5.00 EUR off"), "{}", emails[0].text);
    assert_eq!(shop.delivery(FOLLOW_UPS, "ord_1").await["status"], "SENT");
    let refunded = shop.delivery(FOLLOW_UPS, "ord_2").await;
    assert_eq!((&refunded["status"], &refunded["reason"]), (&json!("CANCELLED"), &json!("refunded")));
}

pub async fn the_same_event_ten_times_at_once_sends_one_email(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let batch = json!([checkout_updated("e1", T0, "chk_1", 2500)]);
    let answers = join_all((0..10).map(|_| shop.events(batch.clone()))).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    let changed: u64 = answers.iter().map(|(_, body)| body["changed"].as_u64().unwrap()).sum();
    assert_eq!(changed, 1, "{answers:?}");
    let runs = join_all((0..3).map(|_| shop.run("2026-12-02T11:00:00Z"))).await;
    assert_eq!(runs.iter().map(|r| r.sent).sum::<usize>(), 1, "{runs:?}");
    assert_eq!(shop.mailer.emails().len(), 1);
}

pub async fn a_send_that_fails_after_the_claim_sends_the_same_code_once_on_the_retry(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.mailer.fail_next(1);
    let report = shop.run("2026-12-02T11:00:00Z").await;
    assert_eq!((report.sent, report.retrying), (0, 1));
    let claimed = shop.delivery(ABANDONED, "chk_1").await;
    let code = claimed["coupon_code"].as_str().expect("the code was recorded with the claim").to_owned();
    assert_eq!(claimed["status"], "SCHEDULED");
    assert_eq!(shop.run("2026-12-02T11:04:59Z").await.sent, 0, "the claim holds its lease");
    assert_eq!(shop.run("2026-12-02T11:05:00Z").await.sent, 1);
    assert_eq!(shop.run("2026-12-02T12:00:00Z").await.sent, 0);
    let emails = shop.mailer.emails();
    assert_eq!(emails.len(), 1);
    assert!(emails[0].text.contains(&code), "the same code: {}", emails[0].text);
    assert_eq!(shop.delivery(ABANDONED, "chk_1").await["coupon_code"], code.as_str());
    assert_eq!(
        shop.redeem("order-1", &code, "100.00", "2026-12-02T12:00:00Z").await.1["data"]["totals"]["discount"],
        "15.00"
    );
}

pub async fn an_order_after_the_reminder_counts_as_recovered_revenue_once(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.run("2026-12-02T11:00:00Z").await;
    let order = order_completed("e2", "2026-12-02T11:30:00Z", "ord_1", Some("chk_1"), 2125);
    shop.events(json!([order.clone()])).await;
    shop.events(json!([order])).await;
    let page = shop.deliveries(ABANDONED, "").await;
    assert_eq!(page["recovered_revenue"], json!([{"currency": "EUR", "orders": 1, "value": 2125}]));
    assert_eq!(page["data"][0]["recovered_order"], json!({"order_id": "ord_1", "value": 2125, "currency": "EUR"}));
    assert_eq!(shop.deliveries(FOLLOW_UPS, "").await["recovered_revenue"], json!([]), "counted per configuration");
}

pub async fn deliveries_are_listed_in_pages(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let events: Vec<_> = ["chk_a", "chk_b", "chk_c"]
        .iter()
        .enumerate()
        .map(|(i, c)| checkout_updated(&format!("e{i}"), T0, c, 2500))
        .collect();
    shop.events(json!(events)).await;
    let first = shop.deliveries(ABANDONED, "limit=2").await;
    let ids: Vec<_> = first["data"].as_array().unwrap().iter().map(|d| d["checkout_id"].clone()).collect();
    assert_eq!((ids, &first["next_cursor"]), (vec![json!("chk_a"), json!("chk_b")], &json!("chk_b")));
    let second = shop.deliveries(ABANDONED, "limit=2&after=chk_b").await;
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert_eq!((&second["data"][0]["checkout_id"], &second["next_cursor"]), (&json!("chk_c"), &json!(null)));
    assert_eq!(
        second["data"][0]["customer"],
        json!({"id": "cus_ann", "email": "ann@example.com", "marketing_consent": true})
    );
}

pub async fn an_invalid_batch_is_refused_whole_and_needs_its_scope(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let mut bad = checkout_updated("e2", T0, "chk_2", 2500);
    bad["checkout"]["customer"]["email"] = json!("ann@example.com\r\nBcc: all@example.com");
    let (status, body) = shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500), bad])).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "bad-request");
    assert!(shop.deliveries(ABANDONED, "").await["data"].as_array().unwrap().is_empty(), "nothing written");
    let (status, body) = shop.events(json!([])).await;
    assert_eq!((status, &body["errors"][0]["path"]), (400, &json!("events")));
}

pub async fn the_local_outbox_holds_each_reminder_once_as_an_rfc_5322_message(shop: Shop) {
    use mail_parser::MessageParser;
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = run_marketing_due::outbox::Outbox::new(
        dir.path().join("outbox"),
        "Shop <shop@shop.example>",
        "http://127.0.0.1:3000",
    );
    let due = super::shop::at("2026-12-02T11:00:00Z");
    assert_eq!(outbox.run_due(shop.app.store(), due).await.unwrap().sent, 1);
    assert_eq!(outbox.run_due(shop.app.store(), due).await.unwrap().sent, 0);
    let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("411486491630370816-ac-chk_1.eml"), "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    let message = MessageParser::default().parse(&bytes).expect("an RFC 5322 message");
    let code = shop.delivery(ABANDONED, "chk_1").await["coupon_code"].as_str().unwrap().to_owned();
    assert_eq!(message.subject(), Some("You left something in your cart"));
    assert_eq!(message.to().and_then(|to| to.first()).and_then(|a| a.address()), Some("ann@example.com"));
    assert!(message.body_text(0).is_some_and(|text| text.contains(&code)));
    assert!(message.body_html(0).is_some_and(|html| html.contains(&code) && html.contains("&lt;b&gt;")));
    let unsubscribe = message.header_raw("List-Unsubscribe").unwrap_or_default();
    assert!(unsubscribe.contains("http://127.0.0.1:3000/v1/marketing/unsubscribe/"), "{unsubscribe}");
}

pub async fn an_unsubscribed_customer_gets_no_more_email(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.run("2026-12-02T11:00:00Z").await;
    let link = shop.mailer.emails()[0].unsubscribe_url.clone();
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(shop.unsubscribe("POST", &token).await, 200, "one click: {link}");
    assert_eq!(shop.unsubscribe("GET", &token).await, 200, "again: the first opt-out holds");
    assert_eq!(shop.unsubscribe("GET", "0123456789abcdef0123456789abcdef").await, 404);
    assert_eq!(shop.unsubscribe("POST", "not-a-token").await, 404);
    shop.events(json!([checkout_updated("e2", "2026-12-02T12:00:00Z", "chk_2", 2500)])).await;
    assert_eq!(shop.run("2026-12-02T13:00:00Z").await.skipped, 1);
    assert_eq!(shop.mailer.emails().len(), 1);
    let skipped = shop.delivery(ABANDONED, "chk_2").await;
    assert_eq!((&skipped["status"], &skipped["reason"]), (&json!("SKIPPED"), &json!("unsubscribed")));
}

pub async fn a_full_store_cap_skips_the_next_reminder_with_its_reason(shop: Shop) {
    let mut config = reminder_config();
    config["max_coupons_global_amount"] = json!(1);
    config["max_coupons_global_period"] = json!("P1D");
    shop.configure(ABANDONED, config).await;
    let mut other_customer = checkout_updated("e2", "2026-12-02T10:00:01Z", "chk_2", 2500);
    other_customer["checkout"]["customer"] =
        json!({"id": "cus_bob", "email": "bob@example.com", "marketing_consent": true});
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500), other_customer])).await;
    let report = shop.run("2026-12-02T11:00:01Z").await;
    assert_eq!((report.sent, report.skipped), (1, 1));
    let skipped = shop.delivery(ABANDONED, "chk_2").await;
    assert_eq!((&skipped["status"], &skipped["reason"]), (&json!("SKIPPED"), &json!("store_cap_reached")));
}

pub async fn a_checkout_completed_event_cancels_and_a_late_older_update_does_not_revive_it(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let completed = json!({"id": "e2", "type": "checkout.completed", "occurred_at": "2026-12-02T10:30:00Z",
        "order": {"id": "ord_1", "checkout_id": "chk_1",
                  "customer": {"id": "cus_ann", "email": "ann@example.com", "marketing_consent": true},
                  "value": 2500, "currency": "EUR"}});
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500), completed])).await;
    let late = checkout_updated("e3", "2026-12-02T10:20:00Z", "chk_1", 3000);
    assert_eq!(shop.events(json!([late])).await.1["unchanged"], 1, "older than the completion");
    assert_eq!(shop.run("2026-12-02T12:00:00Z").await.sent, 0);
    let delivery = shop.delivery(ABANDONED, "chk_1").await;
    assert_eq!((&delivery["status"], &delivery["reason"]), (&json!("CANCELLED"), &json!("completed")));
    assert!(shop.mailer.emails().is_empty());
}

pub async fn a_refund_that_arrives_before_its_order_leaves_nothing_to_send(shop: Shop) {
    shop.configure(FOLLOW_UPS, reminder_config()).await;
    let refund =
        json!({"id": "e1", "type": "order.refunded", "occurred_at": "2026-12-02T12:00:00Z", "order": {"id": "ord_1"}});
    shop.events(json!([refund])).await;
    shop.events(json!([order_completed("e2", T0, "ord_1", None, 2500)])).await;
    assert_eq!(shop.run("2026-12-03T12:00:00Z").await.sent, 0);
    let delivery = shop.delivery(FOLLOW_UPS, "ord_1").await;
    assert_eq!((&delivery["status"], &delivery["reason"]), (&json!("CANCELLED"), &json!("refunded")));
}

pub async fn an_order_placed_while_its_reminder_waits_out_a_failed_send_cancels_it(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    shop.mailer.fail_next(1);
    assert_eq!(shop.run("2026-12-02T11:00:00Z").await.retrying, 1);
    shop.events(json!([order_completed("e2", "2026-12-02T11:02:00Z", "ord_1", Some("chk_1"), 2500)])).await;
    assert_eq!(shop.run("2026-12-02T11:05:00Z").await.sent, 0, "the lease ended after the order");
    assert!(shop.mailer.emails().is_empty());
    let delivery = shop.delivery(ABANDONED, "chk_1").await;
    assert_eq!((&delivery["status"], &delivery["reason"]), (&json!("CANCELLED"), &json!("completed")));
}

pub async fn a_batch_of_more_than_a_hundred_events_is_refused(shop: Shop) {
    shop.configure(ABANDONED, reminder_config()).await;
    let events: Vec<_> = (0..101).map(|i| checkout_updated(&format!("e{i}"), T0, &format!("chk_{i}"), 2500)).collect();
    let (status, body) = shop.events(json!(events)).await;
    assert_eq!((status, &body["errors"][0]["path"]), (400, &json!("events")), "{body}");
    let hundred: Vec<_> = events.into_iter().take(100).collect();
    assert_eq!(shop.events(json!(hundred)).await.1["received"], 100);
}

pub async fn admin_marketing_run_due_sends_what_is_due_at_its_time_into_the_outbox(shop: Shop) {
    use admin::cli::{Cli, Command};
    use clap::Parser;
    shop.configure(ABANDONED, reminder_config()).await;
    shop.events(json!([checkout_updated("e1", T0, "chk_1", 2500)])).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = run_marketing_due::outbox::Outbox::new(dir.path().join("outbox"), "shop@shop.example", "http://x");
    let run_at = |at: &str| {
        let Command::Marketing(command) = Cli::parse_from(["admin", "marketing", "run-due", "--at", at]).command else {
            panic!("a marketing command")
        };
        command
    };
    let now = super::shop::at("2026-12-02T10:30:00Z");
    let early = admin::marketing::run(run_at("2026-12-02T10:59:59Z"), shop.app.store(), &outbox, now).await.unwrap();
    assert!(early.lines[0].starts_with("due by 2026-12-02T10:59:59.000Z: sent 0"), "{:?}", early.lines);
    let due = admin::marketing::run(run_at("2026-12-02T11:00:00Z"), shop.app.store(), &outbox, now).await.unwrap();
    assert!(due.lines[0].starts_with("due by 2026-12-02T11:00:00.000Z: sent 1, skipped 0"), "{:?}", due.lines);
    let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox")).unwrap().collect();
    assert_eq!(files.len(), 1, "one .eml for the one reminder");
    assert_eq!(shop.delivery(ABANDONED, "chk_1").await["status"], "SENT");
}
