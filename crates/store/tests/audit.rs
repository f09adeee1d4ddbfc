//! The audit log's hash chain and its append-only guard, on both backends (issue 6).

use mandat_core::audit::{AuditAction, ChainKey, Detail};
use mandat_store::{AuditEntry, AuditVerdict, Store};
use mandat_testing::{Db, conformance};

conformance!(
    an_untouched_chain_verifies,
    entries_written_together_chain_in_their_order,
    an_entry_s_agency_is_covered_by_its_hash_and_filters_the_agency_view,
    the_store_refuses_to_change_or_remove_an_entry,
    a_changed_entry_is_named_by_verify,
    a_removed_entry_and_a_removed_tail_are_named,
    concurrent_writers_chain_one_after_the_other,
    entries_written_before_the_chain_are_sealed_in_order,
    a_row_slipped_in_after_the_chain_is_keyed_stays_unsealed,
    a_chain_rebuilt_without_its_key_fails_verify,
);

async fn write(store: &Store, n: usize) {
    for i in 0..n {
        let mut tx = store.begin().await.expect("begin");
        tx.audit(&AuditEntry {
            detail: Detail::text(format!("entry {i}")),
            client_address: Some("192.0.2.7".into()),
            ..AuditEntry::new(AuditAction::SignedIn)
        })
        .await
        .expect("audit");
        tx.commit().await.expect("commit");
    }
}

/// Lifts the guard, as someone with the database's owner rights could.
async fn unguard(db: &Db) {
    db.raw(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
    )
    .await
    .expect("drop the guard");
}

async fn an_untouched_chain_verifies(db: Db) {
    let store = db.store().await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 0 }
    );
    write(&store, 5).await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 5 }
    );
}

async fn entries_written_together_chain_in_their_order(db: Db) {
    let store = db.store().await;
    write(&store, 1).await;
    let entries: Vec<AuditEntry> = (0..250)
        .map(|i| AuditEntry {
            detail: Detail::text(format!("batch {i}")),
            ..AuditEntry::new(AuditAction::Expired)
        })
        .collect();
    let mut tx = store.begin().await.expect("begin");
    tx.audit_all(&entries)
        .await
        .expect("three statements' worth");
    tx.commit().await.expect("commit");
    write(&store, 1).await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 252 }
    );
}

async fn an_entry_s_agency_is_covered_by_its_hash_and_filters_the_agency_view(db: Db) {
    let store = db.store().await;
    let agency = mandat_testing::agency("SAAQ");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&agency).await.expect("agency");
    tx.commit().await.expect("commit");
    write(&store, 1).await;
    let mut tx = store.begin().await.expect("begin");
    tx.audit(&AuditEntry {
        detail: Detail::text("Permis (PERMIS)"),
        agency: Some(agency.id),
        ..AuditEntry::new(AuditAction::ServiceAdded)
    })
    .await
    .expect("audit");
    tx.commit().await.expect("commit");
    write(&store, 1).await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 3 }
    );
    let query = mandat_store::AuditQuery {
        agency: Some(agency.id),
        ..Default::default()
    };
    let (rows, total) = store.audit_page(&query, 0, 50).await.expect("page");
    assert_eq!((rows[0].action.as_str(), total), ("service-added", 1));
    assert_eq!(
        store
            .audit_actions(None, Some(agency.id))
            .await
            .expect("actions"),
        ["service-added"]
    );

    unguard(&db).await;
    let sql = "UPDATE audit_log SET agency_id = NULL WHERE seq = 2";
    db.raw(sql, sql).await.expect("hide it from the agency");
    let AuditVerdict::Broken { seq, .. } = store.verify_audit().await.expect("verify") else {
        panic!("the change went unnoticed");
    };
    assert_eq!(seq, Some(2));
}

async fn the_store_refuses_to_change_or_remove_an_entry(db: Db) {
    let store = db.store().await;
    write(&store, 2).await;
    for (sqlite, postgres) in [
        (
            "UPDATE audit_log SET detail = 'x'",
            "UPDATE audit_log SET detail = 'x'",
        ),
        ("DELETE FROM audit_log", "DELETE FROM audit_log"),
        ("DELETE FROM audit_log", "TRUNCATE audit_log"),
    ] {
        let refused = db.raw(sqlite, postgres).await.expect_err("refused");
        assert!(refused.to_string().contains("append-only"), "{refused}");
    }
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 2 }
    );
}

async fn a_changed_entry_is_named_by_verify(db: Db) {
    let store = db.store().await;
    write(&store, 4).await;
    unguard(&db).await;
    let sql = "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3";
    db.raw(sql, sql).await.expect("tamper");
    let AuditVerdict::Broken { seq, why, .. } = store.verify_audit().await.expect("verify") else {
        panic!("the change went unnoticed");
    };
    assert_eq!((seq, why), (Some(3), "its content or its hash was changed"));
}

async fn a_removed_entry_and_a_removed_tail_are_named(db: Db) {
    let store = db.store().await;
    write(&store, 5).await;
    unguard(&db).await;
    let sql = "DELETE FROM audit_log WHERE seq = 5";
    db.raw(sql, sql).await.expect("remove the last");
    assert!(matches!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Broken {
            seq: Some(4),
            why: "the entries after it were removed",
            ..
        }
    ));
    let sql = "DELETE FROM audit_log WHERE seq = 2";
    db.raw(sql, sql).await.expect("remove one");
    assert!(matches!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Broken {
            seq: Some(3),
            why: "entries before it are missing",
            ..
        }
    ));
}

async fn concurrent_writers_chain_one_after_the_other(db: Db) {
    let store = db.store().await;
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { write(&store, 5).await })
        })
        .collect();
    for w in writers {
        w.await.expect("writer");
    }
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 40 }
    );
}

async fn entries_written_before_the_chain_are_sealed_in_order(db: Db) {
    // A database from before the key: migrated, not keyed yet.
    let store = db.connect().await;
    store.migrate().await.expect("migrate");
    write(&store, 1).await;
    let sql = "INSERT INTO audit_log (id, at, action, detail) VALUES \
               ('00000000-0000-7000-8000-000000000002', 2, 'legacy', 'second'), \
               ('00000000-0000-7000-8000-000000000001', 1, 'legacy', 'first')";
    db.raw(sql, sql).await.expect("legacy rows");
    assert!(matches!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Broken {
            seq: None,
            why: "not sealed",
            ..
        }
    ));
    store.migrate().await.expect("migrate seals them");
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Unkeyed,
        "sealed, but not keyed yet"
    );
    store.key_audit_chain(true).await.expect("key");
    write(&store, 1).await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Intact { entries: 4 }
    );
    let legacy = store.audit_of_action("legacy").await.expect("read");
    assert_eq!(legacy.len(), 2);
}

/// Sealing rows written before the chain is an upgrade's step: once the chain is keyed, a
/// row without a hash was slipped in by hand, and the server does not vouch for it.
async fn a_row_slipped_in_after_the_chain_is_keyed_stays_unsealed(db: Db) {
    let store = db.store().await;
    write(&store, 2).await;
    let sql = "INSERT INTO audit_log (id, at, action, detail) VALUES \
               ('00000000-0000-7000-8000-000000000009', 3, 'signed-in', 'forged')";
    db.raw(sql, sql).await.expect("slip a row in");
    store.migrate().await.expect("a restart");
    assert!(matches!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Broken {
            seq: None,
            why: "not sealed",
            ..
        }
    ));
}

/// Issue 19 item 7: someone who can write the database but not read `data/secrets` edits
/// entries and links them again, with the code of Mandat itself but another key, or with
/// the chain unkeyed: `verify` names it, and a restart does not key it again.
async fn a_chain_rebuilt_without_its_key_fails_verify(db: Db) {
    let store = db.store().await;
    write(&store, 3).await;
    unguard(&db).await;
    let wipe = "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = ''";
    db.raw(wipe, wipe).await.expect("wipe");
    let forger = db.connect_with(ChainKey::from_bytes([9; 32])).await;
    write(&forger, 3).await;
    assert!(matches!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Broken {
            seq: Some(1),
            why: "its content or its hash was changed",
            ..
        }
    ));

    // Unkeyed, the chain would link by SHA-256 alone, which anyone can compute.
    let unkey = "DELETE FROM audit_log; \
                 UPDATE audit_head SET seq = 0, hash = '', keyed_from = NULL, keyed_mark = NULL";
    db.raw(unkey, unkey).await.expect("unkey");
    write(&forger, 3).await;
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Unkeyed
    );
    let restart = store.key_audit_chain(false).await;
    assert!(
        restart.is_err(),
        "a key that existed does not key the chain again"
    );

    // Nor can the point it is keyed from be moved past the forged entries.
    let mark = ChainKey::from_bytes([9; 32]).mark(4);
    let moved = format!("UPDATE audit_head SET keyed_from = 4, keyed_mark = '{mark}'");
    db.raw(&moved, &moved).await.expect("move the mark");
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerdict::Unkeyed
    );
}
