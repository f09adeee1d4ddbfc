//! Failure counts per client address, on SQLite and on PostgreSQL.

use std::sync::Arc;

use mandat_core::FixedClock;
use mandat_testing::{Db, conformance};
use time::Duration;
use time::macros::datetime;

conformance!(failures_add_up_over_the_span_and_then_fall_away);

async fn failures_add_up_over_the_span_and_then_fall_away(db: Db) {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 14:00:30 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let span = Duration::minutes(15);
    for _ in 0..3 {
        let mut tx = store.begin().await.expect("begin");
        tx.count_failure("sign-in:10.0.0.1").await.expect("count");
        tx.commit().await.expect("commit");
        clock.advance(Duration::minutes(4));
    }
    assert_eq!(
        store
            .failures("sign-in:10.0.0.1", span)
            .await
            .expect("read"),
        3
    );
    assert_eq!(
        store
            .failures("sign-in:10.0.0.2", span)
            .await
            .expect("read"),
        0,
        "per address"
    );
    // Now 14:16:30: the failure of 14:00:30 is more than 15 minutes old.
    clock.advance(Duration::minutes(4));
    assert_eq!(
        store
            .failures("sign-in:10.0.0.1", span)
            .await
            .expect("read"),
        2,
        "the first fell out of the span"
    );
    clock.advance(Duration::hours(1));
    assert_eq!(
        store
            .failures("sign-in:10.0.0.1", span)
            .await
            .expect("read"),
        0
    );
    assert_eq!(
        store
            .purge_rate_limits(clock_now(&clock) - Duration::hours(1))
            .await
            .expect("purge"),
        3
    );
}

fn clock_now(clock: &FixedClock) -> time::OffsetDateTime {
    mandat_core::Clock::now(clock)
}
