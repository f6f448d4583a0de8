//! The promotion resource: what is stored and what every response carries.
//!
//! [`PromotionFields`] holds everything a client may write, defaults applied and every rule
//! checked (only [`super::input::PromotionInput`] builds one from a request). [`Promotion`] adds
//! what the platform owns: the id, the use count and where it was created. Both are valid by
//! construction: their fields are private, and a store's own form of them (`store::stored`)
//! comes back through [`Promotion::restore`] and [`PromotionFields::restore`].

use serde::Serialize;

pub use super::kinds::{CouponType, CreatedFrom, Name, RedemptionType, Status};
use super::parts::{Bookkeeping, FieldValues};

use super::code::CouponCode;
use super::currency::CurrencyCode;
use super::customer::Customer;
use super::rule::Rule;
use super::schedule::Schedule;
use super::targeting::{Channel, Notification, ShippingAddress};
use super::timestamp::Timestamp;
use crate::ids::PromotionId;

/// A promotion: what a client wrote ([`PromotionFields`]) and what the platform owns (the id,
/// the use count, where it was created, and the code bookkeeping a store keeps). Built fresh by
/// [`Promotion::new`], or given back by a store with [`Promotion::restore`].
#[derive(Debug, Clone, PartialEq)]
pub struct Promotion {
    pub(crate) id: PromotionId,
    pub(crate) current_uses: u64,
    pub(crate) created_from: CreatedFrom,
    pub(crate) fields: PromotionFields,
    /// How many coupon codes the promotion has; kept by the store with every code change.
    pub(crate) code_count: u64,
    /// A SINGLE coupon promotion's code, kept by the store with every code change.
    pub(crate) code: Option<CouponCode>,
}

/// Everything about a promotion that a client writes, defaults applied and every rule checked.
/// Only [`super::input::PromotionInput::into_fields`] builds one from a request; a store gives
/// back what it wrote with [`PromotionFields::restore`]. There is no `Deserialize`: a client's
/// JSON cannot become one without the checks.
///
/// ```compile_fail
/// let unchecked: domain::promotion::PromotionFields = serde_json::from_str("{}").unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromotionFields {
    pub(crate) redemption_type: RedemptionType,
    pub(crate) name: Name,
    pub(crate) display_name: String,
    pub(crate) channels: Vec<Channel>,
    pub(crate) customer: Customer,
    pub(crate) rules: Vec<Rule>,
    pub(crate) max_uses: Option<u64>,
    /// How often one customer may use the promotion (checked when a request names the customer).
    pub(crate) max_uses_per_customer: Option<u64>,
    pub(crate) status: Status,
    pub(crate) start_date: Timestamp,
    pub(crate) end_date: Option<Timestamp>,
    pub(crate) stop: bool,
    pub(crate) can_be_used_with_other_promotions: bool,
    pub(crate) currency_code: CurrencyCode,
    pub(crate) notifications: Vec<Notification>,
    pub(crate) shipping_address: Option<ShippingAddress>,
    pub(crate) schedule: Option<Schedule>,
    pub(crate) coupon_overrides_automatic_when_offering_higher_discounts: bool,
    /// `Some` exactly for COUPON promotions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) coupon_type: Option<CouponType>,
}

impl PromotionFields {
    /// The fields a store wrote, given back, for stores only: each value is valid by its type,
    /// and the rules across fields were checked when the promotion was accepted, so they are not
    /// checked again here (the name says so at every call). A promotion from a request is built
    /// by [`super::input::PromotionInput`], never through this.
    pub fn restore_unchecked(values: FieldValues, rules: Vec<Rule>) -> Self {
        let FieldValues {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        } = values;
        Self {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            rules,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        }
    }

    /// The fields but the rules ([`Self::rules`]) as plain values, for a store to keep.
    pub fn values(&self) -> FieldValues {
        FieldValues {
            redemption_type: self.redemption_type,
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            channels: self.channels.clone(),
            customer: self.customer.clone(),
            max_uses: self.max_uses,
            max_uses_per_customer: self.max_uses_per_customer,
            status: self.status,
            start_date: self.start_date,
            end_date: self.end_date,
            stop: self.stop,
            can_be_used_with_other_promotions: self.can_be_used_with_other_promotions,
            currency_code: self.currency_code,
            notifications: self.notifications.clone(),
            shipping_address: self.shipping_address.clone(),
            schedule: self.schedule.clone(),
            coupon_overrides_automatic_when_offering_higher_discounts: self
                .coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type: self.coupon_type,
        }
    }

    pub fn redemption_type(&self) -> RedemptionType {
        self.redemption_type
    }

    pub fn name(&self) -> &Name {
        &self.name
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn max_uses(&self) -> Option<u64> {
        self.max_uses
    }

    pub fn max_uses_per_customer(&self) -> Option<u64> {
        self.max_uses_per_customer
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn start_date(&self) -> Timestamp {
        self.start_date
    }

    /// `Some` exactly for COUPON promotions.
    pub fn coupon_type(&self) -> Option<CouponType> {
        self.coupon_type
    }
}

/// The JSON a client reads: the resource with the platform-owned fields beside the written ones.
#[derive(Serialize)]
pub struct PromotionView<'a> {
    id: PromotionId,
    #[serde(flatten)]
    fields: &'a PromotionFields,
    /// The coupon override under its current upstream name, beside the older one.
    coupon_overrides_other_promotions: bool,
    current_uses: u64,
    created_from: CreatedFrom,
    /// Present on coupon promotions: the SINGLE promotion's code, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    codes: Option<Option<&'a CouponCode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple_codes: Option<MultipleCodes>,
}

/// Whether a coupon promotion has more than one code (read-only).
#[derive(Serialize)]
struct MultipleCodes {
    has_multiple_codes: bool,
}

impl Promotion {
    /// A new promotion as it is first stored: no uses and no codes yet, created from the API.
    pub fn new(id: PromotionId, fields: PromotionFields) -> Self {
        Self { id, current_uses: 0, created_from: CreatedFrom::Api, fields, code_count: 0, code: None }
    }

    /// The promotion a store wrote, given back: its parts were valid when they were written.
    pub fn restore(bookkeeping: Bookkeeping, fields: PromotionFields) -> Self {
        let Bookkeeping { id, current_uses, created_from, code_count, code } = bookkeeping;
        Self { id, current_uses, created_from, fields, code_count, code }
    }

    /// What the platform owns of the promotion, for a store to keep.
    pub fn bookkeeping(&self) -> Bookkeeping {
        Bookkeeping {
            id: self.id,
            current_uses: self.current_uses,
            created_from: self.created_from,
            code_count: self.code_count,
            code: self.code.clone(),
        }
    }

    /// This promotion with its uses as counted (held and confirmed redemptions), and those of
    /// its SINGLE code if given: a store keeps the counts apart from the promotion, so that
    /// redemptions never contend with its edits.
    pub fn with_counted_uses(mut self, current_uses: u64, code_uses: Option<u64>) -> Self {
        self.current_uses = current_uses;
        if let (Some(code), Some(uses)) = (self.code.as_mut(), code_uses) {
            code.current_uses = uses;
        }
        self
    }

    /// This promotion with other written fields (an update), the rest unchanged.
    pub fn with_fields(self, fields: PromotionFields) -> Self {
        Self { fields, ..self }
    }

    /// This promotion with `added` more codes; a SINGLE coupon keeps its first code as its code.
    pub fn with_codes_added(mut self, added: &[CouponCode]) -> Self {
        self.code_count += added.len() as u64;
        if self.code.is_none() {
            self.code = added.first().cloned();
        }
        self
    }

    /// This promotion with `more` codes that a store counts apart from the promotion (a
    /// DynamoDB store counts generated codes in counters of their own, so that a codegen's
    /// writes never meet on the promotion).
    pub fn with_counted_codes(mut self, more: u64) -> Self {
        self.code_count += more;
        self
    }

    /// This promotion without `less` of its codes in its count: those a store counts apart,
    /// taken out before it writes the rest with the promotion.
    pub fn with_uncounted_codes(mut self, less: u64) -> Self {
        self.code_count = self.code_count.saturating_sub(less);
        self
    }

    /// This promotion without the code `id` (which it had).
    pub fn with_code_removed(mut self, id: u64) -> Self {
        self.code_count = self.code_count.saturating_sub(1);
        if self.code.as_ref().is_some_and(|code| code.id == id) {
            self.code = None;
        }
        self
    }

    pub fn id(&self) -> PromotionId {
        self.id
    }

    pub fn current_uses(&self) -> u64 {
        self.current_uses
    }

    pub fn fields(&self) -> &PromotionFields {
        &self.fields
    }

    pub fn code_count(&self) -> u64 {
        self.code_count
    }

    /// A SINGLE coupon promotion's code, if it has one.
    pub fn code(&self) -> Option<&CouponCode> {
        self.code.as_ref()
    }

    /// The response representation of this promotion.
    pub fn view(&self) -> PromotionView<'_> {
        let is_coupon = self.fields.coupon_type.is_some();
        let multiple_codes = is_coupon.then_some(MultipleCodes { has_multiple_codes: self.code_count > 1 });
        PromotionView {
            codes: is_coupon.then_some(self.code.as_ref()),
            id: self.id,
            fields: &self.fields,
            coupon_overrides_other_promotions: self.fields.coupon_overrides_automatic_when_offering_higher_discounts,
            current_uses: self.current_uses,
            created_from: self.created_from,
            multiple_codes,
        }
    }
}
