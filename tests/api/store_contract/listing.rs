//! The listing, bulk delete and settings store contract, on every backend.

use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::listing::{Facet, Sort};
use domain::promotion::resource::{RedemptionType, Status};
use domain::promotion::settings::PromotionSettings;
use domain::promotion::PromotionInput;
use serde_json::json;
use store::listing::{IndexPage, IndexQuery};
use store::Store;
use store::Window;

on_every_backend!(
    a_listing_counts_every_promotion_and_cuts_the_window_in_either_direction,
    an_empty_store_lists_nothing,
    a_bulk_delete_removes_the_codeless_and_counts_them_out,
    a_bulk_delete_naming_a_promotion_twice_counts_it_out_once,
    settings_are_absent_until_saved_then_read_back,
    an_index_page_starts_after_its_position_in_every_order_and_facet,
    an_index_page_finds_names_by_prefix_without_case_and_skips_for_page_numbers,
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

/// Creates promotions named `names` in store `shop` (every third one disabled).
async fn create_named(db: &dyn Store, shop: &str, names: &[&str]) -> Vec<PromotionId> {
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let status = if i % 3 == 2 { "DISABLED" } else { "ENABLED" };
        let body = json!({"redemption_type": "AUTOMATIC", "name": name, "status": status,
                          "start_date": format!("2024-01-{:02}T00:00:00+00:00", 28 - i),
                          "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
        let fields = serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
        ids.push(db.create_promotion(&store(shop), fields, None, None).await.unwrap().value.id());
    }
    ids
}

fn index_query(order: Sort, descending: bool, facets: Vec<Facet>, after: Option<String>) -> IndexQuery {
    IndexQuery { order, descending, facets, name_prefix: None, after, skip: 0, limit: 2 }
}

fn page_ids(page: &IndexPage) -> Vec<u64> {
    page.promotions.iter().map(|(p, _)| p.id().0).collect()
}

async fn an_index_page_starts_after_its_position_in_every_order_and_facet(db: &dyn Store) {
    create_named(db, "a", &["delta", "Alpha", "charlie", "bravo", "echo"]).await;
    create_named(db, "b", &["aaa"]).await;
    let enabled = vec![Facet { status: Status::Enabled, redemption_type: RedemptionType::Automatic }];
    let cases = [
        (Sort::Name, false, vec![], vec![2, 4, 3, 1, 5]),
        (Sort::Name, true, vec![], vec![5, 1, 3, 4, 2]),
        (Sort::StartDate, false, vec![], vec![5, 4, 3, 2, 1]),
        (Sort::Id, true, vec![], vec![5, 4, 3, 2, 1]),
        (Sort::Id, false, enabled.clone(), vec![1, 2, 4, 5]),
        (Sort::Name, false, enabled, vec![2, 4, 1, 5]),
    ];
    for (order, descending, facets, expected) in cases {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let query = index_query(order, descending, facets.clone(), after.clone());
            let page = db.list_promotion_index(&store("a"), &query).await.unwrap();
            seen.extend(page_ids(&page));
            after = page.promotions.last().map(|(_, position)| position.clone());
            if !page.more {
                break;
            }
        }
        assert_eq!(seen, expected, "{order:?} {descending}");
    }
}

async fn an_index_page_finds_names_by_prefix_without_case_and_skips_for_page_numbers(db: &dyn Store) {
    create_named(db, "a", &["Spring", "summer", "SPRING two", "spa", "autumn"]).await;
    let mut query = index_query(Sort::Name, false, vec![], None);
    query.name_prefix = Some("sPr".to_owned());
    query.limit = 10;
    assert_eq!(page_ids(&db.list_promotion_index(&store("a"), &query).await.unwrap()), [1, 3]);
    let mut skipping = index_query(Sort::Name, false, vec![], None);
    skipping.skip = 2;
    let page = db.list_promotion_index(&store("a"), &skipping).await.unwrap();
    assert_eq!((page_ids(&page), page.more), (vec![1, 3], true), "autumn, spa | spring, spring two | summer");
    assert!(db.list_promotion_index(&store("empty"), &skipping).await.unwrap().promotions.is_empty());
}
