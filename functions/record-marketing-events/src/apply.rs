//! What each event does to the deliveries, written one event after the other (so a batch's
//! events for one checkout apply in their order), each as a read and one conditional write
//! retried on a fresh read when another writer came first.

use std::collections::HashMap;

use domain::ids::StoreId;
use domain::marketing::{ConfigKind, ConfigurationInput, MarketingConfiguration};
use domain::outreach::event::Order;
use domain::outreach::text::Ref;
use domain::outreach::{Delivery, Event, EventBatch, Stamp};
use store::keys::outreach as keys;
use store::outreach::{Count, Written};
use store::{Store, StoreError, Versioned};

/// Attempts at one event's write before the request answers 503.
pub const ATTEMPTS: usize = 8;

/// Applies the batch; returns how many events changed a delivery.
pub async fn apply(store: &dyn Store, shop: &StoreId, batch: &EventBatch) -> Result<usize, StoreError> {
    let mut configs = Configs { store, shop, read: HashMap::new() };
    let mut changed = 0;
    for event in &batch.events {
        changed += usize::from(apply_one(store, shop, event, &mut configs).await?);
    }
    Ok(changed)
}

async fn apply_one(
    store: &dyn Store,
    shop: &StoreId,
    event: &Event,
    configs: &mut Configs<'_>,
) -> Result<bool, StoreError> {
    let stamp = event.stamp();
    match event {
        Event::CheckoutUpdated { checkout, .. } => {
            let config = configs.get(ConfigKind::AbandonedCheckouts).await?;
            let next = |current: Option<&Delivery>| Delivery::checkout_updated(current, checkout, &stamp, &config);
            write(store, shop, ConfigKind::AbandonedCheckouts, &checkout.id, next).await
        }
        Event::CheckoutCompleted { order, .. } | Event::OrderCompleted { order, .. } => {
            let completed = match &order.checkout_id {
                Some(checkout) => complete_checkout(store, shop, checkout, order, &stamp).await?,
                None => false,
            };
            let config = configs.get(ConfigKind::PurchaseFollowUps).await?;
            let next = |current: Option<&Delivery>| Delivery::order_completed(current, order, &stamp, &config);
            Ok(write(store, shop, ConfigKind::PurchaseFollowUps, &order.id, next).await? || completed)
        }
        Event::OrderRefunded { order, .. } => {
            let next = |current: Option<&Delivery>| Delivery::order_refunded(current, &order.id, &stamp);
            write(store, shop, ConfigKind::PurchaseFollowUps, &order.id, next).await
        }
    }
}

/// Cancels the checkout's reminder, or counts the order as recovered by a sent one.
async fn complete_checkout(
    store: &dyn Store,
    shop: &StoreId,
    checkout: &Ref,
    order: &Order,
    stamp: &Stamp,
) -> Result<bool, StoreError> {
    let next = |current: Option<&Delivery>| Delivery::checkout_completed(current, checkout, order, stamp);
    write(store, shop, ConfigKind::AbandonedCheckouts, checkout, next).await
}

/// Reads the delivery, computes its next state, and writes it conditional on what was read;
/// `false` when the event changes nothing.
async fn write(
    store: &dyn Store,
    shop: &StoreId,
    kind: ConfigKind,
    subject: &Ref,
    next: impl Fn(Option<&Delivery>) -> Option<Delivery>,
) -> Result<bool, StoreError> {
    for _ in 0..ATTEMPTS {
        let current = store.get_delivery(shop, kind, subject).await?;
        let Some(delivery) = next(current.as_ref().map(|c| &c.value)) else { return Ok(false) };
        let counts = recovered_count(current.as_ref(), &delivery);
        match store.put_delivery(shop, current.as_ref(), &delivery, &counts).await? {
            Written::Done(_) => return Ok(true),
            Written::Stale => tokio::task::yield_now().await,
            Written::Full(_) => return Err(StoreError::Backend("an unlimited counter was full".into())),
        }
    }
    Err(StoreError::Unavailable("the delivery kept changing under concurrent events".into()))
}

/// The recovered-revenue counter, when this write is the one that records the recovery.
fn recovered_count(current: Option<&Versioned<Delivery>>, next: &Delivery) -> Vec<Count> {
    let before = current.and_then(|c| c.value.recovered.as_ref());
    match (&next.recovered, before) {
        (Some(recovered), None) => vec![Count {
            name: keys::recovered_sk(next.kind, &recovered.currency),
            count: 1,
            total: recovered.value,
            at_most: None,
            expires_at: None,
        }],
        _ => Vec::new(),
    }
}

/// The store's configurations, each read once per request (the default when never written).
struct Configs<'a> {
    store: &'a dyn Store,
    shop: &'a StoreId,
    read: HashMap<ConfigKind, ConfigurationInput>,
}

impl Configs<'_> {
    async fn get(&mut self, kind: ConfigKind) -> Result<ConfigurationInput, StoreError> {
        if let Some(config) = self.read.get(&kind) {
            return Ok(config.clone());
        }
        let stored = self.store.get_marketing_config(self.shop, kind).await?;
        let config = match stored {
            Some(versioned) => versioned.value.settings,
            None => MarketingConfiguration::unconfigured(domain::marketing::FlakeId::new(0)).settings,
        };
        self.read.insert(kind, config.clone());
        Ok(config)
    }
}
