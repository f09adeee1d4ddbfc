//! Access requests (form 2490): filing once, steps with who and why, single-use links, the
//! resolution's bytes and central's queue, on SQLite and on PostgreSQL.

use std::sync::Arc;

use mandat_core::ids::RequestId;
use mandat_core::organization::OrganizationForm;
use mandat_core::person::PersonForm;
use mandat_core::profile::ProfileChoices;
use mandat_core::request::{
    Approval, RequestDocument, RequestInput, RequestKind, RequestState, Step,
};
use mandat_core::{Clock, FixedClock};
use mandat_store::{Actor, LinkPurpose, NewRequest, QueueFilter, Store, StoreError};
use mandat_testing::{self as support, Db, conformance};
use time::Duration;
use time::macros::{date, datetime};

conformance!(
    a_form_is_filed_once_however_often_it_is_sent,
    each_step_is_kept_and_a_request_moves_only_once_from_a_state,
    a_link_works_once_and_not_after_it_expires,
    a_resolution_keeps_its_bytes_and_hash,
    central_queue_filters_by_kind_organization_and_age,
    an_approver_is_on_file_as_a_manager_or_active_officer_and_is_checked_once,
);

fn document(neq: &str, principal: bool, email: &str) -> RequestDocument {
    let input = RequestInput {
        organization: OrganizationForm {
            name: "Garderie Les Petits Pas",
            address: "12, rue Principale",
            city: "Lévis",
            postal_code: "G6V 1A1",
            phone: "418 555-0101",
            neq,
            ..Default::default()
        },
        requester: PersonForm {
            last_name: "Roy",
            first_name: "Sophie",
            nas_partial: "100004",
            email,
            phone: "418 555-0102",
            ..Default::default()
        },
        profiles: ProfileChoices {
            principal_officer: principal,
            individual_files: !principal,
            ..Default::default()
        },
        approver_last_name: "Tremblay",
        approver_first_name: "Louise",
        approver_email: "louise@exemple.qc.ca",
        approver_phone: "418 555-0103",
        approver_capacity: "manager",
        access_expires_on: "2027-06-30",
        declared: true,
        ..Default::default()
    };
    RequestDocument::parse(
        RequestKind::NewCode,
        "",
        &input,
        date!(2026 - 11 - 24),
        &support::key(),
    )
    .expect("valid form")
    .0
}

fn requester() -> Actor {
    Actor {
        account: None,
        label: "Sophie Roy".into(),
    }
}

async fn file(store: &Store, doc: &RequestDocument, key: &str) -> Result<RequestId, StoreError> {
    let id = RequestId::new();
    let mut tx = store.begin().await?;
    tx.insert_request(
        &NewRequest {
            id,
            org: None,
            person: None,
            requester_account: None,
            approval: Approval::Manager,
            document: doc,
            key_digest: key,
            approved: false,
        },
        &requester(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn a_form_is_filed_once_however_often_it_is_sent(db: Db) {
    let store = db.store().await;
    let doc = document("1170000001", true, "sophie@exemple.qc.ca");
    let id = file(&store, &doc, "k1").await.expect("filed");
    assert!(matches!(
        file(&store, &doc, "k1").await,
        Err(StoreError::Conflict(_))
    ));
    let first = store
        .request_by_key("k1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(first.id, id);
    assert_eq!(first.document, doc);
    assert_eq!(first.state, RequestState::AwaitingApproval);
    assert!(store.has_principal("1170000001").await.expect("read"));
    assert!(!store.has_principal("1170000002").await.expect("read"));
}

async fn each_step_is_kept_and_a_request_moves_only_once_from_a_state(db: Db) {
    let store = db.store().await;
    let id = file(
        &store,
        &document("1170000001", true, "a@exemple.qc.ca"),
        "k",
    )
    .await
    .expect("filed");
    let manager = Actor {
        account: None,
        label: "Louise Tremblay (gestionnaire)".into(),
    };
    let mut tx = store.begin().await.expect("begin");
    assert!(
        tx.step_request(
            id,
            RequestState::AwaitingApproval,
            Step::Approve,
            &manager,
            ""
        )
        .await
        .expect("approve")
    );
    // A second approval, or a refusal after it, finds the request moved on.
    assert!(
        !tx.step_request(
            id,
            RequestState::AwaitingApproval,
            Step::Refuse,
            &manager,
            "non"
        )
        .await
        .expect("refuse")
    );
    // A step that is not allowed from the state changes nothing.
    assert!(
        !tx.step_request(id, RequestState::Approved, Step::ConfirmEmail, &manager, "")
            .await
            .expect("confirm")
    );
    assert!(
        tx.step_request(
            id,
            RequestState::Approved,
            Step::Withdraw,
            &requester(),
            "Erreur"
        )
        .await
        .expect("withdraw")
    );
    tx.commit().await.expect("commit");
    let r = store.request(id).await.expect("read").expect("found");
    assert_eq!(r.state, RequestState::Withdrawn);
    assert!(r.approved_at.is_some() && r.closed_at.is_some());
    let steps = store.request_steps(id).await.expect("steps");
    let seen: Vec<_> = steps
        .iter()
        .map(|s| (s.state, s.actor_label.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (RequestState::AwaitingApproval, "Sophie Roy", ""),
            (RequestState::Approved, "Louise Tremblay (gestionnaire)", ""),
            (RequestState::Withdrawn, "Sophie Roy", "Erreur"),
        ]
    );
    assert!(!store.has_principal("1170000001").await.expect("read"));
}

async fn a_link_works_once_and_not_after_it_expires(db: Db) {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 14:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let id = file(
        &store,
        &document("1170000001", true, "a@exemple.qc.ca"),
        "k",
    )
    .await
    .expect("filed");
    let mut tx = store.begin().await.expect("begin");
    let soon = clock.now() + Duration::days(7);
    tx.insert_request_link("d1", id, LinkPurpose::Approve, soon)
        .await
        .expect("link");
    tx.insert_request_link("d2", id, LinkPurpose::Approve, soon)
        .await
        .expect("link");
    tx.commit().await.expect("commit");
    assert_eq!(
        store
            .request_link("d1", LinkPurpose::ConfirmEmail)
            .await
            .expect("peek"),
        None
    );
    assert_eq!(
        store
            .request_link("d1", LinkPurpose::Approve)
            .await
            .expect("peek"),
        Some(id)
    );
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(
        tx.use_request_link("d1", LinkPurpose::Approve)
            .await
            .expect("use"),
        Some(id)
    );
    assert_eq!(
        tx.use_request_link("d1", LinkPurpose::Approve)
            .await
            .expect("use"),
        None
    );
    tx.commit().await.expect("commit");
    clock.advance(Duration::days(7));
    assert_eq!(
        store
            .request_link("d2", LinkPurpose::Approve)
            .await
            .expect("peek"),
        None
    );
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(
        tx.use_request_link("d2", LinkPurpose::Approve)
            .await
            .expect("use"),
        None
    );
}

async fn a_resolution_keeps_its_bytes_and_hash(db: Db) {
    let store = db.store().await;
    let id = file(
        &store,
        &document("1170000001", true, "a@exemple.qc.ca"),
        "k",
    )
    .await
    .expect("filed");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut tx = store.begin().await.expect("begin");
    tx.insert_attachment(id, &"a".repeat(64), &bytes)
        .await
        .expect("attach");
    tx.commit().await.expect("commit");
    let (hash, content) = store.attachment(id).await.expect("read").expect("found");
    assert_eq!(hash, "a".repeat(64));
    assert_eq!(content, bytes);
}

async fn central_queue_filters_by_kind_organization_and_age(db: Db) {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-20 14:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let old = file(
        &store,
        &document("1170000001", true, "a@exemple.qc.ca"),
        "k1",
    )
    .await
    .expect("filed");
    let waiting = file(
        &store,
        &document("1170000002", true, "b@exemple.qc.ca"),
        "k2",
    )
    .await
    .expect("filed");
    let manager = Actor {
        account: None,
        label: "Louise Tremblay".into(),
    };
    let mut tx = store.begin().await.expect("begin");
    tx.step_request(
        old,
        RequestState::AwaitingApproval,
        Step::Approve,
        &manager,
        "",
    )
    .await
    .expect("approve");
    tx.commit().await.expect("commit");
    clock.advance(Duration::days(4));
    let recent = file(
        &store,
        &document("1170000003", true, "c@exemple.qc.ca"),
        "k3",
    )
    .await
    .expect("filed");
    let mut tx = store.begin().await.expect("begin");
    tx.step_request(
        recent,
        RequestState::AwaitingApproval,
        Step::Approve,
        &manager,
        "",
    )
    .await
    .expect("approve");
    tx.commit().await.expect("commit");
    let ids = |v: Vec<mandat_store::RequestRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let all = store
        .request_queue(&QueueFilter::default())
        .await
        .expect("queue");
    assert_eq!(
        ids(all),
        vec![old, recent],
        "{waiting} waits for its approver"
    );
    let by_neq = QueueFilter {
        organization: Some("0000003".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.request_queue(&by_neq).await.expect("queue")),
        vec![recent]
    );
    let by_name = QueueFilter {
        organization: Some("petits PAS".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.request_queue(&by_name).await.expect("queue")).len(),
        2
    );
    let aged = QueueFilter {
        approved_before: Some(clock.now() - Duration::days(2)),
        ..Default::default()
    };
    assert_eq!(
        ids(store.request_queue(&aged).await.expect("queue")),
        vec![old]
    );
    let changes = QueueFilter {
        kind: Some(RequestKind::Change),
        ..Default::default()
    };
    assert!(
        store
            .request_queue(&changes)
            .await
            .expect("queue")
            .is_empty()
    );
}

/// Issue 19 item 2: who is on file to approve for an organization (M5), by address in any
/// case, and central's check of an approver, recorded once.
async fn an_approver_is_on_file_as_a_manager_or_active_officer_and_is_checked_once(db: Db) {
    use mandat_core::person::OrgRole;
    use mandat_core::profile::ProfileSet;
    use mandat_store::{AccountKind, Member};

    let store = db.store().await;
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let manager = support::person(org.id, "Tremblay", "Louise", "100001");
    let plain = support::person(org.id, "Côté", "Marc", "100005");
    let central = support::account(AccountKind::Central, "central01");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    for (person, roles) in [(&plain, vec![]), (&manager, vec![OrgRole::Manager])] {
        let member = Member {
            person: person.clone(),
            profiles: ProfileSet::default(),
            roles,
        };
        tx.insert_member(&member).await.expect("member");
    }
    tx.insert_account(&central).await.expect("central");
    tx.commit().await.expect("commit");

    let found = store
        .approver_on_file(org.id, "Personne@Exemple.qc.ca")
        .await;
    assert_eq!(found.expect("read").as_deref(), Some("Louise Tremblay"));
    let other = support::organization("1170000009", "Garderie Les Petits Pas");
    let elsewhere = store
        .approver_on_file(other.id, "personne@exemple.qc.ca")
        .await;
    assert_eq!(elsewhere.expect("read"), None);
    let stranger = store
        .approver_on_file(org.id, "moi@ailleurs.exemple.com")
        .await;
    assert_eq!(stranger.expect("read"), None);

    let id = file(
        &store,
        &document("1160000001", true, "sophie@exemple.qc.ca"),
        "k1",
    )
    .await
    .expect("filed");
    assert_eq!(store.approver_check(id).await.expect("read"), None);
    for (how, recorded) in [("Appel à Louise Tremblay", true), ("Encore", false)] {
        let mut tx = store.begin().await.expect("begin");
        let done = tx.record_approver_check(id, central.id, how).await;
        assert_eq!(done.expect("record"), recorded);
        tx.commit().await.expect("commit");
    }
    let check = store
        .approver_check(id)
        .await
        .expect("read")
        .expect("a check");
    assert_eq!(
        (check.checked_by, check.how.as_str()),
        (central.id, "Appel à Louise Tremblay")
    );
}
