//! What tells a cache that something changed (issue 21): a committed change moves the
//! epoch, in this process and in another one on the same database; bookkeeping marked quiet,
//! and a transaction dropped uncommitted, leave it.

use std::time::Duration;

use mandat_store::{Backend, Epoch, Store};
use mandat_testing::{self as support, conformance};
use support::Db;

conformance!(
    a_commit_moves_the_epoch_and_quiet_bookkeeping_does_not,
    another_process_s_commit_moves_this_one_s_epoch,
);

async fn a_commit_moves_the_epoch_and_quiet_bookkeeping_does_not(db: Db) {
    let store = db.store().await;
    let hearing = listening(&store).await;
    let before = store.changes().epoch();
    assert_eq!(store.changes().epoch(), before, "nothing changed");

    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&support::agency("SAAQ"))
        .await
        .expect("agency");
    drop(tx);
    assert_eq!(
        store.changes().epoch(),
        before,
        "rolled back: nothing changed"
    );

    let mut tx = store.begin().await.expect("begin");
    tx.quiet();
    tx.insert_agency(&support::agency("RAMQ"))
        .await
        .expect("agency");
    tx.commit().await.expect("commit");
    settle(&store).await;
    assert_eq!(store.changes().epoch(), before, "quiet");

    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&support::agency("MESS"))
        .await
        .expect("agency");
    tx.commit().await.expect("commit");
    assert_ne!(store.changes().epoch(), before, "a change committed here");
    hearing.abort();
}

async fn another_process_s_commit_moves_this_one_s_epoch(db: Db) {
    let store = db.store().await;
    let hearing = listening(&store).await;
    let other = db.store().await;
    let before = store.changes().epoch();
    let mut tx = other.begin().await.expect("begin");
    tx.insert_agency(&support::agency("SAAQ"))
        .await
        .expect("agency");
    tx.commit().await.expect("commit");
    // SQLite: seen at once, from the file beside the database. PostgreSQL: when the
    // notification arrives, which the test waits for (up to ten seconds).
    let mut moved = store.changes().epoch() != before;
    for _ in 0..100 {
        if moved {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        moved = store.changes().epoch() != before;
    }
    assert!(moved, "the other process's change was not seen");
    let now = store.changes().epoch();
    assert_eq!(store.changes().epoch(), now, "and nothing since");
    hearing.abort();
}

/// The store hearing other servers' changes, as a server does; on PostgreSQL, until it
/// listens, no two epochs are equal, so the test waits until they are.
async fn listening(store: &Store) -> tokio::task::JoinHandle<()> {
    let hearing = store.clone();
    let task = tokio::spawn(async move { hearing.listen_for_changes().await });
    if store.backend() == Backend::Postgres {
        let mut last: Epoch = store.changes().epoch();
        for _ in 0..100 {
            let now = store.changes().epoch();
            if now == last {
                return task;
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the store never listened");
    }
    task
}

/// Lets a notification, if one were wrongly sent, arrive before the test looks.
async fn settle(store: &Store) {
    if store.backend() == Backend::Postgres {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}
