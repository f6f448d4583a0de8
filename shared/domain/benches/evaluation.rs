//! Evaluating a 100-item cart against 100 promotions of every kind: the engine, the body's parsing
//! and the answer's rendering each alone, and the handler's whole CPU work (read the JSON body,
//! check it, evaluate, write the JSON answer); docs/performance.md has its budget and figures.
//! Run with `cargo bench -p domain --bench evaluation`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use domain::evaluation::{self, Cart, CustomerUses};
use domain::ids::PromotionId;
use domain::promotion::settings::PromotionSettings;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::{Promotion, PromotionInput};
use serde_json::{json, Value};

/// One of five kinds of promotion, each with a condition, so that every rule is worked through.
fn promotion_body(i: u64) -> Value {
    let (category, brand) = (i % 10, i % 7);
    let action = match i % 5 {
        0 => json!({"cart_items": {"discount": {"percentage_amount": "10"}, "items": {"categories": [category]},
                                   "strategy": "LEAST_EXPENSIVE", "quantity": 3}}),
        1 => json!({"cart_value": {"discount": {"percentage_amount": "5"}, "maximum_allowed_discount_amount": "40"}}),
        2 => json!({"fixed_price_set": {"quantity": 3, "fixed_price": "50.00", "items": {"brands": [brand]}}}),
        3 => json!({"cart_items": {"discount": {"fixed_amount": "2.50"}, "as_total": i.is_multiple_of(2),
                                   "items": {"or": [{"brands": [brand]}, {"categories": [category]}]},
                                   "maximum_allowed_discount_amount": "30"}}),
        _ => json!({"shipping": {"zone_ids": "*"}}),
    };
    let condition = json!({"and": [{"cart": {"items": {"categories": [category]}, "minimum_quantity": 2}},
                                   {"cart": {"minimum_spend": "100"}}]});
    json!({"redemption_type": "AUTOMATIC", "name": format!("promotion {i}"), "start_date": "2026-01-01T00:00:00Z",
           "rules": [{"action": action, "condition": condition, "apply_once": !i.is_multiple_of(3)}],
           "customer": {"excluded_group_ids": [9]}})
}

fn promotions() -> Vec<Promotion> {
    (1..=100)
        .map(|i| {
            let input: PromotionInput = serde_json::from_value(promotion_body(i)).expect("a valid promotion");
            let fields = input.into_fields(chrono::Utc::now(), None).expect("valid fields");
            Promotion::new(PromotionId(i), fields)
        })
        .collect()
}

fn cart_body() -> Vec<u8> {
    let items: Vec<Value> = (0..100u64)
        .map(|i| {
            json!({"product_id": 1000 + i, "brand_id": i % 7, "category_ids": [i % 10, 50 + i % 3],
                   "quantity": 1 + i % 4, "unit_price": format!("{}.{:02}", 5 + i % 40, (i * 37) % 100),
                   "on_sale": i.is_multiple_of(9)})
        })
        .collect();
    let cart = json!({"currency_code": "USD", "shipping": {"country_code": "US", "zone_id": 2, "cost": "12.00"},
                      "items": items, "evaluated_at": "2026-06-06T12:00:00+00:00"});
    serde_json::to_vec(&cart).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let (promotions, settings, body) = (promotions(), PromotionSettings::default(), cart_body());
    let now = Timestamp::from_utc(chrono::Utc::now());
    let cart: Cart = serde_json::from_slice::<Cart>(&body).expect("a cart").check().expect("a valid cart");
    let applied = evaluation::evaluate(&cart, &promotions, &settings, &[], &CustomerUses::anonymous(), now);
    assert!(applied.outcomes.iter().filter(|o| o.reason.is_none()).count() > 10, "enough promotions apply");
    c.bench_function("evaluate 100 items x 100 promotions", |b| {
        b.iter(|| {
            evaluation::evaluate(
                black_box(&cart),
                black_box(&promotions),
                &settings,
                &[],
                &CustomerUses::anonymous(),
                now,
            )
        })
    });
    c.bench_function("parse and check a 100-item cart", |b| {
        b.iter(|| serde_json::from_slice::<Cart>(black_box(&body)).expect("a cart").check().expect("valid"))
    });
    c.bench_function("render the answer of 100 items x 100 promotions", |b| {
        b.iter(|| serde_json::to_vec(&black_box(&applied).view(&cart)).expect("JSON"))
    });
    c.bench_function("parse, evaluate and render 100 items x 100 promotions", |b| {
        b.iter(|| {
            let cart = serde_json::from_slice::<Cart>(black_box(&body)).expect("a cart").check().expect("valid");
            let evaluation = evaluation::evaluate(&cart, &promotions, &settings, &[], &CustomerUses::anonymous(), now);
            serde_json::to_vec(&evaluation.view(&cart)).expect("JSON")
        })
    });
}

/// The most work the limits let one evaluation take: 19 promotions whose one rule matches an
/// `or` of 20 lists of 1,000 categories, against 400 lines of 60 categories each, just under
/// `budget::MAX_WORK` (a cart any larger is refused before it is evaluated).
fn worst_case(c: &mut Criterion) {
    let leaves: Vec<Value> =
        (0..20u64).map(|n| json!({"categories": (n * 1000..n * 1000 + 1000).collect::<Vec<_>>()})).collect();
    let promotions: Vec<Promotion> = (1..=19)
        .map(|i| {
            let body = json!({"redemption_type": "AUTOMATIC", "name": format!("wide {i}"),
                              "start_date": "2026-01-01T00:00:00Z",
                              "rules": [{"action": {"cart_items": {"items": {"or": leaves},
                                                                   "discount": {"percentage_amount": "1"}}}}]});
            let input: PromotionInput = serde_json::from_value(body).expect("a valid promotion");
            Promotion::new(PromotionId(i), input.into_fields(chrono::Utc::now(), None).expect("valid fields"))
        })
        .collect();
    let items: Vec<Value> = (0..400u64)
        .map(|i| {
            json!({"product_id": i, "quantity": 1, "unit_price": "1.00",
                        "category_ids": (19_000 + i * 60..19_000 + i * 60 + 60).collect::<Vec<_>>()})
        })
        .collect();
    let cart = json!({"currency_code": "USD", "items": items, "evaluated_at": "2026-06-06T12:00:00+00:00"});
    let cart: Cart = serde_json::from_value::<Cart>(cart).expect("a cart").check().expect("a valid cart");
    let work = evaluation::budget::work(&cart, &promotions);
    assert!(work <= evaluation::budget::MAX_WORK && work > evaluation::budget::MAX_WORK * 9 / 10, "{work}");
    let (settings, now) = (PromotionSettings::default(), Timestamp::from_utc(chrono::Utc::now()));
    c.bench_function("evaluate the worst case within the work budget", |b| {
        b.iter(|| evaluation::evaluate(black_box(&cart), &promotions, &settings, &[], &CustomerUses::anonymous(), now))
    });
}

criterion_group!(benches, bench, worst_case);
criterion_main!(benches);
