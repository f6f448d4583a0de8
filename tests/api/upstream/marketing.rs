//! PayNow's contract: `text/json` is a JSON body too, `customer_redeem_limit` is an int64, a
//! configuration has `commands`, and the coupon duration is read under its current name as well.

use serde_json::{json, Value};

use crate::fixtures::sent;
use crate::support::{json, marketing_raw_request, sqlite_app, MARKETING_STORE};

fn configuration() -> Value {
    sent("put-marketing-config-abandoned-checkouts")
}

#[tokio::test]
async fn a_text_json_body_is_read_as_json() {
    let app = sqlite_app().await;
    let body = configuration().to_string();
    let request = marketing_raw_request("PUT", MARKETING_STORE, "abandoned-checkouts", "text/json", Some(body));
    let response = put_marketing_config::handle(&app, request).await;
    assert_eq!(response.status(), 200, "{}", json(&response));
}

#[tokio::test]
async fn a_customer_redeem_limit_past_32_bits_is_kept() {
    let app = sqlite_app().await;
    let mut body = configuration();
    body["coupon_configuration"]["customer_redeem_limit_enabled"] = json!(true);
    body["coupon_configuration"]["customer_redeem_limit"] = json!(3_000_000_000u64);
    let response = put(&app, &body).await;
    let answer = json(&response);
    assert_eq!(response.status(), 200, "{answer}");
    assert_eq!(answer["coupon_configuration"]["customer_redeem_limit"], 3_000_000_000u64);
}

/// A PUT of the abandoned-checkout configuration `body`, as a JSON client sends it.
async fn put(app: &api::App, body: &Value) -> lambda_http::Response<lambda_http::Body> {
    let request = marketing_raw_request(
        "PUT",
        MARKETING_STORE,
        "abandoned-checkouts",
        "application/json",
        Some(body.to_string()),
    );
    put_marketing_config::handle(app, request).await
}

#[tokio::test]
async fn commands_are_kept_with_their_ids_and_a_blank_one_is_refused() {
    let app = sqlite_app().await;
    let mut body = configuration();
    body["commands"] = json!([{"command": "give {player} diamond 1", "online_only": true},
                              {"command": "say thanks", "online_only": false}]);
    let answer = json(&put(&app, &body).await);
    let commands = answer["commands"].as_array().unwrap_or_else(|| panic!("commands: {answer}"));
    assert_eq!(commands.len(), 2);
    assert_eq!(
        (&commands[0]["command"], &commands[0]["online_only"]),
        (&json!("give {player} diamond 1"), &json!(true))
    );
    assert_eq!(commands[0]["store_id"], json!(MARKETING_STORE), "{answer}");
    assert!(commands[0]["id"].as_str().is_some_and(|id| id.parse::<u64>().is_ok()), "a flake id string: {answer}");
    assert_ne!(commands[0]["id"], commands[1]["id"]);

    let sent_back = put(&app, &answer_without_read_only(&answer)).await;
    assert_eq!(sent_back.status(), 200, "what a client read can be sent back: {}", json(&sent_back));

    body["commands"] = json!([{"command": "  ", "online_only": false}, {"command": "a\nb", "online_only": false}]);
    let refused = put(&app, &body).await;
    let errors = json(&refused);
    assert_eq!(refused.status(), 400, "{errors}");
    let paths: Vec<&str> = errors["errors"].as_array().unwrap().iter().filter_map(|e| e["path"].as_str()).collect();
    assert!(
        paths.iter().any(|p| p.contains("commands[0].command"))
            && paths.iter().any(|p| p.contains("commands[1].command")),
        "{errors}"
    );
}

/// A configuration as read, less the fields only the server writes.
fn answer_without_read_only(answer: &Value) -> Value {
    let mut body = answer.clone();
    for field in ["store_id", "invalid", "updated_by", "updated_at"] {
        body.as_object_mut().unwrap().remove(field);
    }
    body
}

#[tokio::test]
async fn the_coupon_duration_is_read_under_either_name_and_answered_under_both() {
    let app = sqlite_app().await;
    let mut body = configuration();
    body["coupon_configuration"]["duration"] = json!("repeating");
    body["coupon_configuration"]["duration_in_months"] = Value::Null;
    body["coupon_configuration"]["duration_in_intervals"] = json!(3);
    let answer = json(&put(&app, &body).await);
    let coupon = &answer["coupon_configuration"];
    assert_eq!((&coupon["duration_in_intervals"], &coupon["duration_in_months"]), (&json!(3), &json!(3)), "{answer}");

    body["coupon_configuration"]["duration_in_months"] = json!(4);
    let refused = put(&app, &body).await;
    let errors = json(&refused);
    assert_eq!(refused.status(), 400, "{errors}");
    assert!(errors.to_string().contains("duration_in_intervals"), "names the field: {errors}");
}
