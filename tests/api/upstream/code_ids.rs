//! BigCommerce's contract read by a JavaScript client: every code id survives a `Number`
//! (at most 2^53 − 1), so the id a client read back deletes the code it names.

use std::collections::{HashMap, HashSet};

use lambda_http::RequestExt;
use serde_json::{json, Value};

use crate::support::{json, request, sqlite_app, with_query};

const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `id` as a JavaScript client holds it: a double.
fn as_javascript_reads(id: &Value) -> u64 {
    id.as_f64().expect("a number") as u64
}

#[tokio::test]
async fn code_ids_survive_a_javascript_number_and_delete_what_they_name() {
    let app = sqlite_app().await;
    let bulk = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "javascript",
                      "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let created = json(&create_promotion::handle(&app, request("POST", "demo", None, Some(bulk))).await);
    let promotion = created["data"]["id"].to_string();
    let generated =
        generate_codes::handle(&app, request("POST", "demo", Some(&promotion), Some(json!({"batch_size": 250}))));
    assert_eq!(generated.await.status(), 201);
    let code = json!({"code": "JS-CLIENT", "max_uses": 1});
    let single = json(&create_code::handle(&app, request("POST", "demo", Some(&promotion), Some(code))).await);
    let single_id = &single["data"]["id"];
    assert!(single_id.as_u64().is_some_and(|id| id <= MAX_SAFE_INTEGER), "{single}");

    let listed = list_codes::handle(&app, with_query(request("GET", "demo", Some(&promotion), None), "limit=250"));
    let listed = json(&listed.await);
    let ids: Vec<u64> = listed["data"].as_array().unwrap().iter().map(|c| c["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), 250, "the first page: {}", listed["meta"]);
    assert!(ids.iter().all(|&id| id <= MAX_SAFE_INTEGER), "max {:?}", ids.iter().max());
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250, "distinct");

    let read_back = as_javascript_reads(single_id).to_string();
    let params = HashMap::from(
        [("store_hash", "demo"), ("id", &promotion), ("code_id", &read_back)]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let delete = request("DELETE", "demo", Some(&promotion), None).with_path_parameters(params);
    assert_eq!(delete_code::handle(&app, delete).await.status(), 204);
    let left =
        json(&list_codes::handle(&app, with_query(request("GET", "demo", Some(&promotion), None), "limit=250")).await);
    let left: Vec<String> = left["data"].as_array().unwrap().iter().map(|c| c["id"].to_string()).collect();
    assert!(!left.contains(&read_back), "the id the client read deleted its code");
    assert_eq!(left.len(), 250);
}
