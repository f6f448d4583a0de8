//! How a promotion lies in DynamoDB: its rules as one JSON text (see
//! `shared/src/store/dynamodb/promotion_item.rs`), while items of the earlier layout, with the
//! rules as a list, still read and take the new layout on their next write.

use std::sync::Arc;

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use domain::ids::StoreId;
use domain::promotion::{Promotion, PromotionFields, PromotionInput};
use serde_json::{json, Value};
use store::dynamodb::DynamoStore;
use store::keys;
use store::{PromotionStore, Versioned};

use crate::support::{dynamo_client, dynamodb_endpoint};

fn two_rules() -> PromotionFields {
    let body = json!({
        "redemption_type": "AUTOMATIC",
        "name": "Two rules",
        "rules": [
            {"action": {"cart_value": {"discount": {"percentage_amount": "10"}}},
             "condition": {"cart": {"minimum_spend": "50"}}},
            {"action": {"cart_items": {"discount": {"fixed_amount": "5"}, "items": {"or": [{"brands": [7]}, {"not": {"categories": [3]}}]}}}, "stop": true}
        ],
    });
    let input: PromotionInput = serde_json::from_value(body).expect("a valid body");
    input.into_fields(domain::clock::now(), None).expect("valid fields")
}

/// A two-rule promotion created in store `demo` of a fresh table.
struct Stored {
    table: String,
    store: DynamoStore,
    client: Client,
    demo: StoreId,
    created: Versioned<Promotion>,
}

impl Stored {
    async fn two_rules(label: &str) -> Self {
        let table = format!("layout-{label}-{}", std::process::id());
        let client = dynamo_client(&dynamodb_endpoint(), Arc::default());
        let store = DynamoStore::new(client.clone(), &table);
        store.create_table().await.expect("the test table is created");
        let demo = StoreId::parse("demo").unwrap();
        let created = store.create_promotion(&demo, two_rules(), None, None).await.expect("created");
        Self { table, store, client, demo, created }
    }

    /// The `rules` attribute of the promotion's item, read straight from the table.
    async fn rules(&self) -> AttributeValue {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(keys::PK, AttributeValue::S(keys::store_pk(&self.demo)))
            .key(keys::SK, AttributeValue::S(keys::promotion_sk(self.created.value.id())))
            .send()
            .await
            .expect("the item is read")
            .item
            .expect("the item exists");
        let promotion = item["promotion"].as_m().expect("the promotion is a map");
        promotion["fields"].as_m().expect("its fields are a map")["rules"].clone()
    }
}

#[tokio::test]
async fn a_promotions_rules_are_stored_as_one_json_text_that_reads_back_whole() {
    skip_without_dynamodb!();
    let stored = Stored::two_rules("text").await;
    let (store, demo, created) = (&stored.store, &stored.demo, &stored.created);

    let rules = stored.rules().await;
    let text = rules.as_s().expect("the rules are one string attribute");
    let expected = serde_json::to_value(created.value.fields().rules()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), expected);
    let read = store.get_promotion(demo, created.value.id()).await.unwrap().expect("found");
    assert_eq!(read.value, created.value);
}

#[tokio::test]
async fn a_promotion_stored_with_its_rules_as_a_list_still_reads_and_its_next_write_stores_text() {
    skip_without_dynamodb!();
    let stored = Stored::two_rules("list").await;
    let (store, demo, created) = (&stored.store, &stored.demo, &stored.created);
    let mut item = DynamoStore::promotion_item(demo, &created.value, created.version).unwrap();
    let Some(AttributeValue::M(promotion)) = item.get_mut("promotion") else { panic!("the promotion is a map") };
    let Some(AttributeValue::M(fields)) = promotion.get_mut("fields") else { panic!("its fields are a map") };
    let as_list: AttributeValue = serde_dynamo::to_attribute_value(created.value.fields().rules()).unwrap();
    assert!(as_list.as_l().is_ok_and(|rules| rules.len() == 2));
    fields.insert("rules".to_owned(), as_list);
    let put = stored.client.put_item().table_name(&stored.table).set_item(Some(item));
    put.send().await.expect("the earlier layout is written");

    let read = store.get_promotion(demo, created.value.id()).await.unwrap().expect("found");
    assert_eq!(read.value, created.value);
    assert!(stored.rules().await.as_l().is_ok());
    let listed = store.list_promotions(demo, false, None).await.expect("listed");
    assert_eq!(listed.0, vec![created.value.clone()]);

    store.replace_promotion(demo, &read.value, read.version).await.expect("replaced");
    assert!(stored.rules().await.as_s().is_ok());
}
