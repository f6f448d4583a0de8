//! A redemption's write checks a limited promotion's `max_uses` as the promotion holds it when
//! the write lands, not as the evaluation read it: on DynamoDB the live promotions come from an
//! eventually consistent index, so the limit read may be one the merchant has just changed. The
//! store is handed a redemption counted against such a stale limit and must send it back to be
//! evaluated again, counting nothing.

use api::App;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::resource::RedemptionType;
use domain::promotion::timestamp::Timestamp;
use domain::redemption::record::{RedeemedPromotion, RedemptionTotals};
use domain::redemption::{Counted, Redemption, RedemptionId, RedemptionStatus, UseLimits};
use serde_json::json;
use store::Redeemed;

use super::{current_uses, promotion, ten_percent};

/// A confirmed redemption of `order` taking one use of `promotion`, counted against `max_uses`.
fn counted(order: &str, promotion: u64, max_uses: u64) -> Counted {
    let now = domain::clock::now();
    let redemption = Redemption {
        id: RedemptionId::generate(now).expect("randomness"),
        order_id: order.to_owned(),
        status: RedemptionStatus::Confirmed,
        customer: None,
        customer_key: None,
        currency_code: "USD".to_owned(),
        promotions: vec![RedeemedPromotion {
            id: PromotionId(promotion),
            name: "10% off".to_owned(),
            redemption_type: RedemptionType::Automatic,
            discount: "10.00".to_owned(),
            code: None,
        }],
        totals: RedemptionTotals { before: "100.00".into(), discount: "10.00".into(), after: "90.00".into() },
        created_at: Timestamp::from_utc(now),
        hold_expires_at: None,
        confirmed_at: None,
        rolled_back_at: None,
        expired_at: None,
    };
    let limits = UseLimits { promotions: vec![(PromotionId(promotion), Some(max_uses), None)], codes: vec![] };
    Counted { redemption, limits }
}

async fn a_use_counted_against_a_limit_the_promotion_no_longer_has_is_sent_back(app: App) {
    let store = StoreId::parse("demo").unwrap();
    let limited = promotion(&app, ten_percent(Some(3), None)).await;
    let changed = update_promotion::handle(
        &app,
        crate::support::request("PUT", "demo", Some(&limited.to_string()), Some(json!({"max_uses": 1}))),
    )
    .await;
    assert_eq!(changed.status(), 200);

    let stale = app.store().redeem(&store, &counted("stale", limited, 3), "fingerprint").await.unwrap();
    assert!(matches!(stale, Redeemed::TryAgain), "counted against max_uses 3 after it became 1: {stale:?}");
    assert_eq!(current_uses(&app, limited).await, 0, "nothing counted");

    let current = app.store().redeem(&store, &counted("current", limited, 1), "fingerprint").await.unwrap();
    assert!(matches!(current, Redeemed::Created(_)), "{current:?}");
    assert_eq!(current_uses(&app, limited).await, 1);
}

super::on_every_backend!(a_use_counted_against_a_limit_the_promotion_no_longer_has_is_sent_back);
