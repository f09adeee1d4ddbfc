//! The job queue's conformance suite, on SQLite and on PostgreSQL.

use std::sync::Arc;

use mandat_core::FixedClock;
use mandat_testing::{Db, conformance};
use time::Duration;
use time::macros::datetime;

conformance!(
    a_due_job_is_claimed_once_under_its_lease,
    a_job_enqueued_in_a_rolled_back_transaction_never_runs,
    a_failed_job_waits_for_its_retry_time,
    a_dead_job_is_never_claimed_again,
    a_job_whose_lease_ran_out_is_claimed_again,
);

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(datetime!(2026-11-24 09:00 UTC)))
}

async fn a_due_job_is_claimed_once_under_its_lease(db: Db) {
    let clock = clock();
    let store = db.store_with_clock(clock.clone()).await;
    let mut tx = store.begin().await.expect("begin");
    let later = tx
        .enqueue(
            "mail",
            r#"{"n":2}"#,
            clock_now(&clock) + Duration::minutes(5),
        )
        .await
        .expect("enqueue");
    let now = tx
        .enqueue("mail", r#"{"n":1}"#, clock_now(&clock))
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    let job = store
        .claim_job(Duration::minutes(5))
        .await
        .expect("claim")
        .expect("a due job");
    assert_eq!(
        (job.id, job.payload.as_str(), job.attempts),
        (now, r#"{"n":1}"#, 1)
    );
    assert_eq!(
        store.claim_job(Duration::minutes(5)).await.expect("claim"),
        None,
        "leased, and the other is not due"
    );
    store.finish_job(now).await.expect("finish");
    assert_eq!(
        store.job_state(now).await.expect("state").map(|s| s.state),
        Some("done".into())
    );

    clock.advance(Duration::minutes(5));
    let job = store
        .claim_job(Duration::minutes(5))
        .await
        .expect("claim")
        .expect("now due");
    assert_eq!(job.id, later);
}

async fn a_job_enqueued_in_a_rolled_back_transaction_never_runs(db: Db) {
    let clock = clock();
    let store = db.store_with_clock(clock.clone()).await;
    let mut tx = store.begin().await.expect("begin");
    tx.enqueue("mail", "{}", clock_now(&clock))
        .await
        .expect("enqueue");
    drop(tx);
    assert_eq!(
        store.claim_job(Duration::minutes(5)).await.expect("claim"),
        None
    );
}

async fn a_failed_job_waits_for_its_retry_time(db: Db) {
    let clock = clock();
    let store = db.store_with_clock(clock.clone()).await;
    let id = claimed_job(&store, &clock).await;
    store
        .fail_job(
            id,
            "SMTP 451",
            Some(clock_now(&clock) + Duration::seconds(10)),
        )
        .await
        .expect("fail");

    assert_eq!(
        store.claim_job(Duration::minutes(5)).await.expect("claim"),
        None
    );
    let state = store.job_state(id).await.expect("state").expect("exists");
    assert_eq!(
        (state.state.as_str(), state.last_error.as_deref()),
        ("pending", Some("SMTP 451"))
    );
    clock.advance(Duration::seconds(10));
    let again = store
        .claim_job(Duration::minutes(5))
        .await
        .expect("claim")
        .expect("due again");
    assert_eq!((again.id, again.attempts), (id, 2));
}

async fn a_dead_job_is_never_claimed_again(db: Db) {
    let clock = clock();
    let store = db.store_with_clock(clock.clone()).await;
    let id = claimed_job(&store, &clock).await;
    store.fail_job(id, "gave up", None).await.expect("fail");
    clock.advance(Duration::days(30));
    assert_eq!(
        store.claim_job(Duration::minutes(5)).await.expect("claim"),
        None
    );
    assert_eq!(
        store.job_state(id).await.expect("state").map(|s| s.state),
        Some("dead".into())
    );
}

async fn a_job_whose_lease_ran_out_is_claimed_again(db: Db) {
    let clock = clock();
    let store = db.store_with_clock(clock.clone()).await;
    let id = claimed_job(&store, &clock).await;
    // The worker died: nothing finishes the job. Once the lease runs out, another takes it.
    clock.advance(Duration::minutes(6));
    let again = store
        .claim_job(Duration::minutes(5))
        .await
        .expect("claim")
        .expect("reclaimed");
    assert_eq!((again.id, again.attempts), (id, 2));
}

/// A job enqueued now and claimed once, under a five-minute lease.
async fn claimed_job(store: &mandat_store::Store, clock: &FixedClock) -> uuid::Uuid {
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .enqueue("mail", "{}", clock_now(clock))
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    let job = store
        .claim_job(Duration::minutes(5))
        .await
        .expect("claim")
        .expect("job");
    assert_eq!((job.id, job.attempts), (id, 1));
    id
}

fn clock_now(clock: &FixedClock) -> time::OffsetDateTime {
    mandat_core::Clock::now(clock)
}
