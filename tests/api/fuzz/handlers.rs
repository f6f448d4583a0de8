//! The same fuzzed bodies through the write handlers on the embedded store: never a 5xx, and
//! what a 2xx answered is what a later GET reads.

use proptest::prelude::*;
use serde_json::Value;

use super::strategies::edited;
use super::{promotion_seeds, run, seeds};
use crate::support::{json, marketing_request, request, sqlite_app, MARKETING_STORE};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

#[test]
fn fuzzed_promotion_writes_never_answer_5xx_and_read_back_as_answered() {
    let runtime = runtime();
    let app = runtime.block_on(sqlite_app());
    let strategy = (edited(promotion_seeds()), edited(seeds("update-promotion")));
    run("create and update handlers", strategy, |(body, patch)| {
        runtime.block_on(async {
            let created = create_promotion::handle(&app, request("POST", "demo", None, Some(body))).await;
            prop_assert!(created.status().as_u16() < 500, "{}", json(&created));
            if created.status() != 201 {
                return Ok(());
            }
            let id = json(&created)["data"]["id"].to_string();
            let updated = update_promotion::handle(&app, request("PUT", "demo", Some(&id), Some(patch))).await;
            prop_assert!(updated.status().as_u16() < 500, "{}", json(&updated));
            let expected = if updated.status() == 200 { json(&updated) } else { json(&created) };
            let read = get_promotion::handle(&app, request("GET", "demo", Some(&id), None)).await;
            prop_assert_eq!(json(&read)["data"].clone(), expected["data"].clone());
            Ok(())
        })
    });
}

#[test]
fn fuzzed_marketing_writes_never_answer_5xx_and_read_back_as_answered() {
    let runtime = runtime();
    let app = runtime.block_on(sqlite_app());
    run("marketing handler", edited(seeds("put-marketing-config")), |body: Value| {
        runtime.block_on(async {
            let kind = "abandoned-checkouts";
            let put =
                put_marketing_config::handle(&app, marketing_request("PUT", MARKETING_STORE, kind, Some(body))).await;
            prop_assert!(put.status().as_u16() < 500, "{}", json(&put));
            if put.status() == 200 {
                let read =
                    get_marketing_config::handle(&app, marketing_request("GET", MARKETING_STORE, kind, None)).await;
                prop_assert_eq!(json(&read), json(&put));
            }
            Ok(())
        })
    });
}
