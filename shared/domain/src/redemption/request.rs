//! The body of `POST /promotions/redemptions`: the evaluate request (a cart, its customer and
//! its coupon codes) with the caller's `order_id` and an optional `hold`.

use serde::Deserialize;

use crate::error::Invalid;
use crate::evaluation::cart::{CartItem, Shipping, Shopper, DEFAULT_CHANNEL};
use crate::evaluation::Cart;
use crate::marketing::duration::IsoDuration;
use crate::parse::StrValue;
use crate::promotion::code::CodeText;
use crate::promotion::currency::CurrencyCode;
use crate::promotion::timestamp::Timestamp;

/// Longest `order_id`, in characters.
pub const MAX_ORDER_ID_CHARS: usize = 128;
/// Longest hold: a checkout that has not paid within an hour has gone.
pub const MAX_HOLD_SECONDS: u32 = 3600;

/// A redemption request, as checked by [`RedemptionRequest::check`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Body")]
pub struct RedemptionRequest {
    pub order_id: OrderId,
    pub hold: Option<HoldDuration>,
    pub cart: Cart,
}

/// The body as sent: the cart's fields beside `order_id` and `hold`. Spelled out rather than
/// `#[serde(flatten)]`, which would let unknown fields through and lose the path of a bad one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    order_id: OrderId,
    #[serde(default)]
    hold: Option<HoldDuration>,
    currency_code: CurrencyCode,
    #[serde(default = "default_channel")]
    channel_id: u64,
    #[serde(default)]
    customer: Shopper,
    #[serde(default)]
    shipping: Option<Shipping>,
    items: Vec<CartItem>,
    #[serde(default)]
    coupon_codes: Vec<CodeText>,
    #[serde(default)]
    evaluated_at: Option<Timestamp>,
}

fn default_channel() -> u64 {
    DEFAULT_CHANNEL
}

impl From<Body> for RedemptionRequest {
    fn from(body: Body) -> Self {
        let Body { order_id, hold, currency_code, channel_id, customer, shipping, items, coupon_codes, evaluated_at } =
            body;
        let cart = Cart { currency_code, channel_id, customer, shipping, items, coupon_codes, evaluated_at };
        Self { order_id, hold, cart }
    }
}

impl RedemptionRequest {
    /// The request, if the cart's rules hold.
    pub fn check(self) -> Result<Self, Invalid> {
        Ok(Self { cart: self.cart.check()?, ..self })
    }
}

/// The caller's reference of the order: unique per store, 1 to [`MAX_ORDER_ID_CHARS`] visible
/// ASCII characters (no spaces), so that it can be shown and sent back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderId(String);

impl StrValue for OrderId {
    const EXPECTING: &'static str = "an order reference of 1 to 128 visible ASCII characters";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let valid = (1..=MAX_ORDER_ID_CHARS).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic());
        valid.then(|| Self(raw.to_owned())).ok_or_else(|| {
            format!("{raw:?} is not an order reference: 1 to {MAX_ORDER_ID_CHARS} visible ASCII characters")
        })
    }
}

impl AsRef<str> for OrderId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(OrderId);

/// How long the uses of a held redemption stay taken without a confirm: an ISO 8601 duration of
/// days, hours, minutes and seconds, from one second to [`MAX_HOLD_SECONDS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldDuration {
    text: IsoDuration,
    seconds: u32,
}

impl HoldDuration {
    pub fn seconds(&self) -> u32 {
        self.seconds
    }
}

impl StrValue for HoldDuration {
    const EXPECTING: &'static str = "an ISO 8601 duration of at most PT1H, such as \"PT15M\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let text = IsoDuration::parse_str(raw)?;
        match text.parts().fixed_seconds().map(u32::try_from) {
            Some(Ok(seconds)) if (1..=MAX_HOLD_SECONDS).contains(&seconds) => Ok(Self { text, seconds }),
            _ => Err(format!("{raw:?} is not a hold: from PT1S to PT1H, without years or months")),
        }
    }
}

impl AsRef<str> for HoldDuration {
    fn as_ref(&self) -> &str {
        self.text.as_ref()
    }
}

crate::str_value_serde!(HoldDuration);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_request_is_a_cart_with_an_order_id_and_maybe_a_hold() {
        let body = json!({"order_id": "ORD-1", "hold": "PT15M", "currency_code": "USD", "items": [],
                          "customer": {"email": "a@b.c"}});
        let request: RedemptionRequest = serde_json::from_value(body).unwrap();
        let request = request.check().unwrap();
        assert_eq!((request.order_id.as_ref(), request.hold.map(|h| h.seconds())), ("ORD-1", Some(900)));
        let unknown = json!({"order_id": "ORD-1", "currency_code": "USD", "items": [], "coupon": "X"});
        assert!(serde_json::from_value::<RedemptionRequest>(unknown).is_err(), "unknown fields are refused");
        let missing = json!({"currency_code": "USD", "items": []});
        assert!(serde_json::from_value::<RedemptionRequest>(missing).is_err(), "order_id is required");
    }

    #[test]
    fn a_hold_is_one_second_to_one_hour() {
        for valid in ["PT1S", "PT15M", "PT1H", "PT59M60S"] {
            assert!(HoldDuration::parse_str(valid).is_ok(), "{valid}");
        }
        for invalid in ["PT0S", "PT61M", "P1D", "P1M", "PT1H1S", "15 minutes"] {
            assert!(HoldDuration::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn an_order_id_is_short_visible_ascii() {
        for invalid in ["", "has space", "naïve", &"x".repeat(129)] {
            assert!(OrderId::parse_str(invalid).is_err(), "{invalid:?}");
        }
        assert!(OrderId::parse_str("2f8c1e0a-order/17#x").is_ok());
    }
}
