//! What a client generated from the current upstream contracts (BigCommerce Promotions v3,
//! PayNow's management API) sends and expects, held item by item.

mod code_ids;
mod code_pages;
mod marketing;
mod promotions;
