//! The marketing runtime end to end, on both backends, with the test's own clock: events in
//! (`POST …/marketing/events`), due runs at chosen times (`run_marketing_due::run`), the emails
//! a recording mailer was handed, the deliveries listing, and the coupons redeemed through the
//! promotions API.

mod scenarios;
pub mod shop;

/// One test per backend of `$scenario` (an `async fn(Shop)`).
macro_rules! on_both_stores {
    ($($scenario:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let shop = super::shop::Shop::on(crate::support::sqlite_store()).await;
                    super::scenarios::$scenario(shop).await;
                }
            )+
        }
        mod on_dynamodb {
            $(
                #[tokio::test]
                async fn $scenario() {
                    skip_without_dynamodb!();
                    let shop = super::shop::Shop::on(crate::support::dynamo_store().await).await;
                    super::scenarios::$scenario(shop).await;
                }
            )+
        }
    };
}

on_both_stores!(
    an_abandoned_checkout_gets_one_reminder_after_exactly_trigger_after_with_a_single_use_coupon,
    a_reminder_coupon_works_until_its_expiry_and_not_after,
    a_checkout_completed_before_its_reminder_is_due_gets_nothing,
    an_update_moves_the_schedule_and_an_older_event_changes_nothing,
    no_consent_a_value_out_of_bounds_and_a_full_cap_are_skipped_with_their_reason,
    a_follow_up_is_sent_after_an_order_and_cancelled_by_a_refund,
    the_same_event_ten_times_at_once_sends_one_email,
    a_send_that_fails_after_the_claim_sends_the_same_code_once_on_the_retry,
    an_order_after_the_reminder_counts_as_recovered_revenue_once,
    deliveries_are_listed_in_pages,
    an_invalid_batch_is_refused_whole_and_needs_its_scope,
    the_local_outbox_holds_each_reminder_once_as_an_rfc_5322_message,
    an_unsubscribed_customer_gets_no_more_email,
    a_full_store_cap_skips_the_next_reminder_with_its_reason,
    a_checkout_completed_event_cancels_and_a_late_older_update_does_not_revive_it,
    a_refund_that_arrives_before_its_order_leaves_nothing_to_send,
    an_order_placed_while_its_reminder_waits_out_a_failed_send_cancels_it,
    a_batch_of_more_than_a_hundred_events_is_refused,
    admin_marketing_run_due_sends_what_is_due_at_its_time_into_the_outbox,
);
