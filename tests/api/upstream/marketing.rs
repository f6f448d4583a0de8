//! PayNow's contract: `text/json` is a JSON body too, and `customer_redeem_limit` is an int64.

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
    let request = marketing_raw_request(
        "PUT",
        MARKETING_STORE,
        "abandoned-checkouts",
        "application/json",
        Some(body.to_string()),
    );
    let response = put_marketing_config::handle(&app, request).await;
    let answer = json(&response);
    assert_eq!(response.status(), 200, "{answer}");
    assert_eq!(answer["coupon_configuration"]["customer_redeem_limit"], 3_000_000_000u64);
}
