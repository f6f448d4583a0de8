//! The coupon code store contract, on every backend: codes are unique per store without
//! regard to case, every change is atomic and moves the promotion's count, and deleting a
//! promotion frees its codes.

use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode, NewCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::PromotionInput;
use futures::future::join_all;
use serde_json::json;
use store::CodePage;
use store::{Refusal, Store, WriteError};

on_every_backend!(
    a_code_is_found_without_regard_to_case_and_counted_on_its_promotion,
    a_code_is_unique_across_the_stores_promotions_and_a_duplicate_adds_nothing,
    another_store_may_use_the_same_code,
    a_single_coupon_takes_one_code,
    codes_list_in_pages_after_and_before_a_cursor,
    deleting_codes_moves_the_count_and_reports_the_missing,
    codes_named_twice_are_deleted_once_and_never_reported_missing,
    a_deleted_promotions_codes_are_found_nowhere_and_purged_in_chunks_freeing_their_text,
    concurrent_adds_of_one_code_let_exactly_one_win,
    adding_more_codes_than_fit_one_transaction_is_still_all_or_nothing,
    a_code_id_is_handed_out_once_per_store_even_after_its_code_is_deleted,
);

fn store(name: &str) -> StoreId {
    StoreId::parse(name).unwrap()
}

async fn coupon(db: &dyn Store, shop: &str, kind: &str) -> PromotionId {
    let body = json!({"redemption_type": "COUPON", "coupon_type": kind, "name": "coupon",
                      "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    let fields = serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
    db.create_promotion(&store(shop), fields, None, None).await.unwrap().value.id()
}

fn code(id: u64, text: &str) -> CouponCode {
    NewCode::new(CodeText::try_from_str(text).unwrap(), 0, 0).into_code(id, Timestamp::from_utc(clock::now()))
}

async fn count(db: &dyn Store, shop: &str, id: PromotionId) -> u64 {
    db.get_promotion(&store(shop), id).await.unwrap().unwrap().value.code_count()
}

async fn a_code_is_found_without_regard_to_case_and_counted_on_its_promotion(db: &dyn Store) {
    let promotion = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), promotion, vec![code(1, "Save10"), code(2, "SPRING")], None, None).await.unwrap();
    let found = db.find_code(&store("a"), &CodeText::try_from_str("sAvE10").unwrap()).await.unwrap();
    assert_eq!(
        found,
        Some((promotion, code(1, "Save10")))
            .map(|(p, c)| (p, CouponCode { created: found.as_ref().unwrap().1.created, ..c }))
    );
    assert_eq!(count(db, "a", promotion).await, 2);
}

async fn a_code_is_unique_across_the_stores_promotions_and_a_duplicate_adds_nothing(db: &dyn Store) {
    let first = coupon(db, "a", "BULK").await;
    let second = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), first, vec![code(1, "SAVE10")], None, None).await.unwrap();
    let clash = db.add_codes(&store("a"), second, vec![code(2, "FRESH"), code(3, "save10")], None, None).await;
    assert!(matches!(&clash, Err(WriteError::Refused(Refusal::DuplicateCode(c))) if c == &["save10"]), "{clash:?}");
    assert_eq!(
        db.find_code(&store("a"), &CodeText::try_from_str("FRESH").unwrap()).await.unwrap(),
        None,
        "all or nothing"
    );
    assert_eq!(count(db, "a", second).await, 0);
}

async fn another_store_may_use_the_same_code(db: &dyn Store) {
    let ours = coupon(db, "a", "BULK").await;
    let theirs = coupon(db, "b", "BULK").await;
    db.add_codes(&store("a"), ours, vec![code(1, "SAVE10")], None, None).await.unwrap();
    db.add_codes(&store("b"), theirs, vec![code(2, "SAVE10")], None, None).await.unwrap();
    let found = db.find_code(&store("b"), &CodeText::try_from_str("SAVE10").unwrap()).await.unwrap();
    assert_eq!(found.map(|(p, c)| (p, c.id)), Some((theirs, 2)));
}

async fn a_single_coupon_takes_one_code(db: &dyn Store) {
    let promotion = coupon(db, "a", "SINGLE").await;
    db.add_codes(&store("a"), promotion, vec![code(1, "ONLY")], Some(1), None).await.unwrap();
    let second = db.add_codes(&store("a"), promotion, vec![code(2, "SECOND")], Some(1), None).await;
    assert!(matches!(second, Err(WriteError::Refused(Refusal::CodeLimitReached))), "{second:?}");
    let stored = db.get_promotion(&store("a"), promotion).await.unwrap().unwrap().value;
    assert_eq!((stored.code_count(), stored.code().map(|c| c.id)), (1, Some(1)));
}

async fn codes_list_in_pages_after_and_before_a_cursor(db: &dyn Store) {
    let promotion = coupon(db, "a", "BULK").await;
    let codes: Vec<_> = (1..=5).map(|i| code(i * 10, &format!("CODE{i}"))).collect();
    db.add_codes(&store("a"), promotion, codes, None, None).await.unwrap();
    let ids = |page: Vec<CouponCode>| page.into_iter().map(|c| c.id).collect::<Vec<_>>();
    let shop = store("a");
    let list = |after, before, limit| db.list_codes(&shop, promotion, CodePage { after, before, limit });
    assert_eq!(ids(list(None, None, 2).await.unwrap()), [10, 20]);
    assert_eq!(ids(list(Some(20), None, 2).await.unwrap()), [30, 40]);
    assert_eq!(ids(list(Some(40), None, 2).await.unwrap()), [50]);
    assert_eq!(ids(list(Some(25), None, 250).await.unwrap()), [30, 40, 50], "a cursor need not exist");
    assert_eq!(ids(list(None, Some(40), 2).await.unwrap()), [20, 30]);
    assert_eq!(ids(list(None, Some(10), 2).await.unwrap()), Vec::<u64>::new());
}

async fn deleting_codes_moves_the_count_and_reports_the_missing(db: &dyn Store) {
    let promotion = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), promotion, vec![code(1, "ONE"), code(2, "TWO")], None, None).await.unwrap();
    let missing = db.delete_codes(&store("a"), promotion, &[1, 99]).await.unwrap();
    assert_eq!(missing, [99]);
    assert_eq!(count(db, "a", promotion).await, 1);
    assert_eq!(db.find_code(&store("a"), &CodeText::try_from_str("ONE").unwrap()).await.unwrap(), None);
    assert!(db.find_code(&store("a"), &CodeText::try_from_str("TWO").unwrap()).await.unwrap().is_some());
}

async fn codes_named_twice_are_deleted_once_and_never_reported_missing(db: &dyn Store) {
    let promotion = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), promotion, vec![code(1, "ONE"), code(2, "TWO")], None, None).await.unwrap();
    let missing = db.delete_codes(&store("a"), promotion, &[1, 1, 99, 1, 99]).await.unwrap();
    assert_eq!(missing, [99]);
    assert_eq!(count(db, "a", promotion).await, 1);
}

async fn a_deleted_promotions_codes_are_found_nowhere_and_purged_in_chunks_freeing_their_text(db: &dyn Store) {
    let promotion = coupon(db, "a", "BULK").await;
    let codes: Vec<_> = (1..=60).map(|i| code(i, &format!("GONE{i}"))).collect();
    db.add_codes(&store("a"), promotion, codes, None, None).await.unwrap();
    assert_eq!(db.delete_promotions(&store("a"), &[promotion]).await.unwrap(), [promotion], "refused: it has codes");
    let kept = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), kept, vec![code(99, "KEPT")], None, None).await.unwrap();
    db.delete_promotion(&store("a"), promotion, None).await.unwrap();
    assert_eq!(db.get_promotion(&store("a"), promotion).await.unwrap(), None);
    assert_eq!(db.find_code(&store("a"), &CodeText::try_from_str("GONE1").unwrap()).await.unwrap(), None);
    assert_eq!(db.delete_codes(&store("a"), promotion, &[1]).await.unwrap(), [1], "its codes are gone for every write");
    let mut runs = 0;
    while !db.purge_codes(&store("a"), promotion, 16).await.unwrap() {
        runs += 1;
    }
    assert!(runs <= 60 / 16, "each run goes on where the last one stopped: {runs}");
    assert!(db.purge_codes(&store("a"), kept, 16).await.unwrap(), "a live promotion has nothing to purge");
    assert_eq!(count(db, "a", kept).await, 1);
    assert!(db.find_code(&store("a"), &CodeText::try_from_str("kept").unwrap()).await.unwrap().is_some());
    let next = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), next, vec![code(100, "gone1")], None, None).await.expect("the purged code can be reused");
}

async fn concurrent_adds_of_one_code_let_exactly_one_win(db: &dyn Store) {
    let shop = store("a");
    let promotions = join_all((0..5).map(|_| coupon(db, "a", "BULK"))).await;
    let adds = promotions
        .iter()
        .enumerate()
        .map(|(i, p)| db.add_codes(&shop, *p, vec![code(i as u64 + 1, "RACE")], None, None));
    let results = join_all(adds).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(
        results.iter().all(|r| r.is_ok() || matches!(r, Err(WriteError::Refused(Refusal::DuplicateCode(_))))),
        "{results:?}"
    );
}

async fn adding_more_codes_than_fit_one_transaction_is_still_all_or_nothing(db: &dyn Store) {
    let first = coupon(db, "a", "BULK").await;
    let second = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), first, vec![code(1, "TAKEN")], None, None).await.unwrap();
    let mut many: Vec<_> = (0..120).map(|i| code(100 + i, &format!("BATCH{i}"))).collect();
    many.push(code(999, "TAKEN"));
    let result = db.add_codes(&store("a"), second, many, None, None).await;
    assert!(matches!(result, Err(WriteError::Refused(Refusal::DuplicateCode(_)))), "{result:?}");
    assert_eq!(count(db, "a", second).await, 0);
    assert_eq!(db.find_code(&store("a"), &CodeText::try_from_str("BATCH0").unwrap()).await.unwrap(), None);
}

async fn a_code_id_is_handed_out_once_per_store_even_after_its_code_is_deleted(db: &dyn Store) {
    let first = coupon(db, "a", "BULK").await;
    let second = coupon(db, "a", "BULK").await;
    db.add_codes(&store("a"), first, vec![code(7, "FIRST")], None, None).await.unwrap();
    let clash = db.add_codes(&store("a"), second, vec![code(8, "OTHER"), code(7, "SECOND")], None, None).await;
    assert!(matches!(clash, Err(WriteError::Refused(Refusal::IdTaken))), "{clash:?}");
    assert_eq!(count(db, "a", second).await, 0, "all or nothing");
    assert_eq!(db.delete_codes(&store("a"), first, &[7]).await.unwrap(), Vec::<u64>::new());
    let reuse = db.add_codes(&store("a"), second, vec![code(7, "THIRD")], None, None).await;
    assert!(matches!(reuse, Err(WriteError::Refused(Refusal::IdTaken))), "never handed out twice: {reuse:?}");
    db.add_codes(&store("b"), coupon(db, "b", "BULK").await, vec![code(7, "FIRST")], None, None)
        .await
        .expect("another store's ids are its own");
}
