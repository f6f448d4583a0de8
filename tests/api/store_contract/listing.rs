//! The listing, bulk delete and settings store contract, on every backend.

use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::settings::PromotionSettings;
use domain::promotion::PromotionInput;
use serde_json::json;
use store::Store;
use store::Window;

on_every_backend!(
    a_listing_counts_every_promotion_and_cuts_the_window_in_either_direction,
    an_empty_store_lists_nothing,
    a_bulk_delete_removes_the_codeless_and_counts_them_out,
    a_bulk_delete_naming_a_promotion_twice_counts_it_out_once,
    settings_are_absent_until_saved_then_read_back,
);

fn store(name: &str) -> StoreId {
    StoreId::parse(name).unwrap()
}

async fn create(db: &dyn Store, shop: &str, count: usize) -> Vec<PromotionId> {
    let mut ids = Vec::new();
    for i in 0..count {
        let body = json!({"redemption_type": "AUTOMATIC", "name": format!("p{i}"),
                          "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
        let fields = serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
        ids.push(db.create_promotion(&store(shop), fields, None, None).await.unwrap().value.id());
    }
    ids
}

async fn a_listing_counts_every_promotion_and_cuts_the_window_in_either_direction(db: &dyn Store) {
    create(db, "a", 7).await;
    create(db, "b", 2).await;
    let ids = |(page, total): (Vec<domain::promotion::Promotion>, u64)| {
        (page.iter().map(|p| p.id().0).collect::<Vec<_>>(), total)
    };
    let window = |offset, limit| Some(Window { offset, limit });
    assert_eq!(ids(db.list_promotions(&store("a"), false, window(0, 3)).await.unwrap()), (vec![1, 2, 3], 7));
    assert_eq!(ids(db.list_promotions(&store("a"), false, window(6, 3)).await.unwrap()), (vec![7], 7));
    assert_eq!(ids(db.list_promotions(&store("a"), true, window(0, 2)).await.unwrap()), (vec![7, 6], 7));
    assert_eq!(ids(db.list_promotions(&store("a"), false, window(9, 3)).await.unwrap()), (vec![], 7));
    assert_eq!(ids(db.list_promotions(&store("a"), false, None).await.unwrap()).0.len(), 7);
    db.delete_promotion(&store("a"), PromotionId(3), None).await.unwrap();
    assert_eq!(ids(db.list_promotions(&store("a"), false, window(0, 3)).await.unwrap()), (vec![1, 2, 4], 6));
}

async fn an_empty_store_lists_nothing(db: &dyn Store) {
    let (page, total) = db.list_promotions(&store("a"), false, Some(Window { offset: 0, limit: 50 })).await.unwrap();
    assert_eq!((page.len(), total), (0, 0));
}

async fn a_bulk_delete_removes_the_codeless_and_counts_them_out(db: &dyn Store) {
    let ids = create(db, "a", 3).await;
    let refused = db.delete_promotions(&store("a"), &[ids[0], ids[2], PromotionId(99)]).await.unwrap();
    assert!(refused.is_empty());
    let (page, total) = db.list_promotions(&store("a"), false, None).await.unwrap();
    assert_eq!((page.iter().map(|p| p.id()).collect::<Vec<_>>(), total), (vec![ids[1]], 1));
}

async fn a_bulk_delete_naming_a_promotion_twice_counts_it_out_once(db: &dyn Store) {
    let ids = create(db, "a", 2).await;
    let refused = db.delete_promotions(&store("a"), &[ids[0], ids[0], PromotionId(99), PromotionId(99)]).await;
    assert!(refused.unwrap().is_empty());
    let (page, total) = db.list_promotions(&store("a"), false, None).await.unwrap();
    assert_eq!((page.iter().map(|p| p.id()).collect::<Vec<_>>(), total), (vec![ids[1]], 1));
}

async fn settings_are_absent_until_saved_then_read_back(db: &dyn Store) {
    assert_eq!(db.get_promotion_settings(&store("a")).await.unwrap(), None);
    let settings = PromotionSettings { number_of_coupons_allowed_at_checkout: 3, ..PromotionSettings::default() };
    db.put_promotion_settings(&store("a"), &settings).await.unwrap();
    assert_eq!(db.get_promotion_settings(&store("a")).await.unwrap(), Some(settings));
    assert_eq!(db.get_promotion_settings(&store("b")).await.unwrap(), None);
}
