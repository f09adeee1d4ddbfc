//! The worker against a real queue, on SQLite and on PostgreSQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mandat_core::{Clock, FixedClock};
use mandat_jobs::{Backoff, Worker};
use mandat_testing::{Db, conformance};
use time::Duration;
use time::macros::datetime;

conformance!(
    a_job_runs_once_and_is_done,
    a_failing_job_is_retried_with_backoff_then_dies,
    a_job_of_an_unknown_kind_dies_with_the_reason,
    the_worker_stops_when_told,
);

async fn a_job_runs_once_and_is_done(db: Db) {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 09:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .enqueue("count", r#"{"by":2}"#, clock.now())
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let worker = Worker::new(store.clone()).handle("count", move |job| {
        let counter = counter.clone();
        async move {
            assert_eq!(job.payload, r#"{"by":2}"#);
            counter.fetch_add(2, Ordering::SeqCst);
            Ok(())
        }
    });
    assert!(worker.run_once().await.expect("run"));
    assert!(!worker.run_once().await.expect("run"), "nothing left");
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    assert_eq!(
        store.job_state(id).await.expect("state").map(|s| s.state),
        Some("done".into())
    );
}

async fn a_failing_job_is_retried_with_backoff_then_dies(db: Db) {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 09:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .enqueue("flaky", "{}", clock.now())
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    let worker = Worker::new(store.clone())
        .handle("flaky", |_| async { Err("refused".to_string()) })
        .with_backoff(Backoff {
            base: Duration::seconds(10),
            cap: Duration::minutes(1),
            max_attempts: 3,
        });

    assert!(worker.run_once().await.expect("attempt 1"));
    let state = store.job_state(id).await.expect("state").expect("job");
    assert_eq!(
        (state.state.as_str(), state.run_at),
        ("pending", clock.now() + Duration::seconds(10))
    );
    assert!(!worker.run_once().await.expect("not yet due"));
    clock.advance(Duration::seconds(10));
    assert!(worker.run_once().await.expect("attempt 2"));
    clock.advance(Duration::seconds(20));
    assert!(worker.run_once().await.expect("attempt 3"));
    let state = store.job_state(id).await.expect("state").expect("job");
    assert_eq!(
        (
            state.state.as_str(),
            state.attempts,
            state.last_error.as_deref()
        ),
        ("dead", 3, Some("refused"))
    );
}

async fn a_job_of_an_unknown_kind_dies_with_the_reason(db: Db) {
    let store = db.store().await;
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .enqueue("mystery", "{}", store.now())
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    let worker = Worker::new(store.clone()).with_backoff(Backoff {
        max_attempts: 1,
        ..Backoff::default()
    });
    assert!(worker.run_once().await.expect("run"));
    let state = store.job_state(id).await.expect("state").expect("job");
    assert_eq!(state.state, "dead");
    assert!(
        state.last_error.unwrap_or_default().contains("no handler"),
        "reason recorded"
    );
}

async fn the_worker_stops_when_told(db: Db) {
    let store = db.store().await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = Worker::new(store).with_idle(std::time::Duration::from_secs(3600));
    let running = tokio::spawn(worker.run(stopped));
    stop.send(true).expect("send");
    tokio::time::timeout(std::time::Duration::from_secs(10), running)
        .await
        .expect("the worker stops without waiting out its idle sleep")
        .expect("joined");
}
