//! Redemptions: an evaluation whose uses are counted. A checkout turns "this cart gets these
//! promotions" into "these uses are now taken" with one redemption per order; the store counts
//! one use of every promotion that applied, of the code each coupon promotion used and, when the
//! request identifies the customer, one use per customer, in the same atomic write as the
//! redemption itself. Rolling it back (an order cancelled or refunded) gives the uses back.
//!
//! - [`request`]: the body of `POST /promotions/redemptions`: a cart, the caller's `order_id`
//!   and an optional `hold`.
//! - [`customer`]: who a use counts against (an id, or a normalised e-mail, hashed).
//! - [`record`]: the redemption as stored and shown, its status and the limits its write checks.

pub mod customer;
pub mod record;
pub mod request;

pub use customer::CustomerKey;
pub use record::{Counted, Redemption, RedemptionId, RedemptionStatus, UseLimits, MAX_PROMOTIONS};
pub use request::{HoldDuration, OrderId, RedemptionRequest};
