//! Accounts, registration codes, sessions, second-factor codes and the audit log, on SQLite
//! and on PostgreSQL.

use std::sync::Arc;

use mandat_core::account::InactiveCause;
use mandat_core::audit::{AuditAction, Detail};
use mandat_core::contact::Email;
use mandat_core::credentials::PasswordHash;
use mandat_core::ids::{AccountId, PersonId, RegistrationCodeId};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::{Clock, Field, FixedClock};
use mandat_store::{
    AccountKind, AuditEntry, CodeState, Member, NewAccount, NewRegistrationCode, SessionStage,
    Store, StoreError,
};
use mandat_testing::{self as support, Db, conformance};
use time::Duration;
use time::macros::{date, datetime};

conformance!(
    accounts_read_back_by_user_code_in_any_case,
    a_user_code_is_unique_whatever_its_case,
    failed_sign_ins_count_until_a_new_password,
    a_deactivated_account_says_why_and_since_when,
    only_officers_with_an_active_code_are_notified,
    a_registration_code_is_suspended_at_the_fifth_wrong_try,
    a_new_code_replaces_the_persons_earlier_one,
    sessions_move_through_their_stages_and_end,
    a_sign_in_code_works_once_and_not_after_it_expires,
    an_authenticator_counts_once_confirmed_and_refuses_a_used_step,
    recovery_codes_work_once_and_a_new_set_replaces_the_old,
    the_audit_log_keeps_who_what_and_from_where,
);

struct World {
    store: Store,
    clock: Arc<FixedClock>,
    org: mandat_core::ids::OrgId,
    officer: PersonId,
    user: PersonId,
    central: AccountId,
}

async fn world(db: &Db) -> World {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 14:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let officer = Member {
        person: support::person(org.id, "Gagné", "Chantal", "100002"),
        profiles: ProfileSet::from_choices(ProfileChoices {
            principal_officer: true,
            ..Default::default()
        })
        .expect("profiles"),
        roles: vec![],
    };
    let user = Member {
        person: support::person(org.id, "Roy", "Sophie", "100004"),
        profiles: ProfileSet::default(),
        roles: vec![],
    };
    let central = AccountId::new();
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    tx.insert_member(&officer).await.expect("officer");
    tx.insert_member(&user).await.expect("user");
    tx.insert_account(&NewAccount {
        id: central,
        identity: Some((
            "Agent Central".into(),
            Email::parse(Field::Email, "central@mandat.exemple.qc.ca").expect("email"),
        )),
        password_temporary: true,
        ..support::account(AccountKind::Central, "central01")
    })
    .await
    .expect("central");
    tx.commit().await.expect("commit");
    World {
        store,
        clock,
        org: org.id,
        officer: officer.person.id,
        user: user.person.id,
        central,
    }
}

fn member_account(world: &World, person: PersonId, code: &str) -> NewAccount {
    let kind = AccountKind::Member {
        person,
        org: world.org,
    };
    NewAccount {
        expires_on: Some(date!(2027 - 11 - 24)),
        ..support::account(kind, code)
    }
}

async fn insert(world: &World, account: &NewAccount) {
    let mut tx = world.store.begin().await.expect("begin");
    tx.insert_account(account).await.expect("account");
    tx.commit().await.expect("commit");
}

async fn accounts_read_back_by_user_code_in_any_case(db: Db) {
    let w = world(&db).await;
    let new = member_account(&w, w.officer, "Essac04");
    insert(&w, &new).await;
    let read = w
        .store
        .account_by_user_code("ESSAC04")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(read.id, new.id);
    assert_eq!(
        read.name, "Chantal Gagné",
        "a member's name is their person's"
    );
    assert_eq!(read.email.as_str(), "personne@exemple.qc.ca");
    assert_eq!(read.user_code.as_str(), "Essac04", "kept as typed");
    assert_eq!(
        read.kind,
        AccountKind::Member {
            person: w.officer,
            org: w.org
        }
    );
    assert_eq!(
        (read.failed_sign_ins, read.inactive, read.expires_on),
        (0, None, Some(date!(2027 - 11 - 24)))
    );
    let central = w
        .store
        .account(w.central)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        (central.name.as_str(), central.email.as_str()),
        ("Agent Central", "central@mandat.exemple.qc.ca")
    );
    assert!(central.password_temporary);
    assert_eq!(
        w.store.account_by_user_code("nobody").await.expect("read"),
        None
    );
}

async fn a_user_code_is_unique_whatever_its_case(db: Db) {
    let w = world(&db).await;
    insert(&w, &member_account(&w, w.officer, "essac04")).await;
    let mut tx = w.store.begin().await.expect("begin");
    let err = tx
        .insert_account(&member_account(&w, w.user, "ESSAC04"))
        .await
        .expect_err("taken");
    assert!(matches!(err, StoreError::Conflict("user code")), "{err}");
}

async fn failed_sign_ins_count_until_a_new_password(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let mut tx = w.store.begin().await.expect("begin");
    assert_eq!(tx.record_failed_sign_in(a.id).await.expect("fail"), 1);
    assert_eq!(tx.record_failed_sign_in(a.id).await.expect("fail"), 2);
    tx.commit().await.expect("commit");
    w.clock.advance(Duration::days(2));
    let mut tx = w.store.begin().await.expect("begin");
    tx.set_password(
        a.id,
        &PasswordHash::from_stored("$argon2id$new".into()),
        false,
    )
    .await
    .expect("set");
    tx.commit().await.expect("commit");
    let read = w.store.account(a.id).await.expect("read").expect("found");
    assert_eq!(
        (read.failed_sign_ins, read.password_hash.as_str()),
        (0, "$argon2id$new")
    );
    assert_eq!(read.password_changed_at, w.clock.now());
}

async fn a_deactivated_account_says_why_and_since_when(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let mut tx = w.store.begin().await.expect("begin");
    tx.deactivate_account(a.id, InactiveCause::Lockout, None)
        .await
        .expect("deactivate");
    tx.commit().await.expect("commit");
    let read = w.store.account(a.id).await.expect("read").expect("found");
    assert_eq!(read.inactive, Some((InactiveCause::Lockout, w.clock.now())));
}

async fn only_officers_with_an_active_code_are_notified(db: Db) {
    let w = world(&db).await;
    assert!(
        w.store
            .active_officer_emails(w.org)
            .await
            .expect("read")
            .is_empty(),
        "no officer has a code yet"
    );
    let officer = member_account(&w, w.officer, "essac04");
    insert(&w, &officer).await;
    insert(&w, &member_account(&w, w.user, "sroy2026")).await;
    let emails = w.store.active_officer_emails(w.org).await.expect("read");
    assert_eq!(
        emails.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        vec!["personne@exemple.qc.ca"],
        "the user is no officer"
    );
    let mut tx = w.store.begin().await.expect("begin");
    tx.deactivate_account(
        officer.id,
        InactiveCause::SelfRequest,
        Some("voluntary-departure"),
    )
    .await
    .expect("deactivate");
    tx.commit().await.expect("commit");
    assert!(
        w.store
            .active_officer_emails(w.org)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(w.store.central_emails().await.expect("read").len(), 1);
}

fn new_code(w: &World, person: PersonId, digest: &str) -> NewRegistrationCode {
    NewRegistrationCode {
        id: RegistrationCodeId::new(),
        person,
        digest: digest.into(),
        issued_by: w.central,
        valid_through: date!(2026 - 11 - 30),
        access_expires_on: date!(2027 - 11 - 24),
    }
}

async fn a_registration_code_is_suspended_at_the_fifth_wrong_try(db: Db) {
    let w = world(&db).await;
    let code = new_code(&w, w.user, "d1");
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_registration_code(&code).await.expect("issue");
    for _ in 0..4 {
        assert_eq!(
            tx.record_failed_registration(code.id).await.expect("try"),
            CodeState::Active
        );
    }
    assert_eq!(
        tx.record_failed_registration(code.id).await.expect("try"),
        CodeState::Suspended
    );
    tx.commit().await.expect("commit");
    let read = w
        .store
        .registration_code_by_digest("d1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        (read.state, read.failed_tries, read.person),
        (CodeState::Suspended, 5, w.user)
    );

    let mut tx = w.store.begin().await.expect("begin");
    tx.extend_registration_code(code.id, date!(2026 - 12 - 02))
        .await
        .expect("extend");
    tx.commit().await.expect("commit");
    let read = w
        .store
        .registration_code(code.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        (read.state, read.failed_tries, read.valid_through),
        (CodeState::Active, 0, date!(2026 - 12 - 02))
    );
    assert!(!read.is_expired(date!(2026 - 12 - 02)) && read.is_expired(date!(2026 - 12 - 03)));
}

async fn a_new_code_replaces_the_persons_earlier_one(db: Db) {
    let w = world(&db).await;
    let first = new_code(&w, w.user, "d1");
    let second = new_code(&w, w.user, "d2");
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_registration_code(&first).await.expect("first");
    tx.commit().await.expect("commit");
    w.clock.advance(Duration::minutes(1));
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_registration_code(&second).await.expect("second");
    tx.mark_registration_code_used(second.id)
        .await
        .expect("used");
    tx.commit().await.expect("commit");
    assert_eq!(
        w.store
            .registration_code(first.id)
            .await
            .expect("read")
            .map(|c| c.state),
        Some(CodeState::Replaced)
    );
    let latest = w
        .store
        .latest_registration_code(w.user)
        .await
        .expect("read")
        .expect("found");
    assert_eq!((latest.id, latest.state), (second.id, CodeState::Used));
}

async fn sessions_move_through_their_stages_and_end(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let code = new_code(&w, w.user, "d1");
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_registration_code(&code).await.expect("code");
    tx.create_session("s1", SessionStage::Registering(code.id))
        .await
        .expect("registering");
    tx.create_session("s2", SessionStage::SecondFactor(a.id))
        .await
        .expect("second factor");
    tx.create_session("s3", SessionStage::SignedIn(a.id))
        .await
        .expect("signed in");
    tx.commit().await.expect("commit");
    assert_eq!(
        w.store.session("s1").await.expect("read").map(|s| s.stage),
        Some(SessionStage::Registering(code.id))
    );
    assert_eq!(
        w.store.session("s2").await.expect("read").map(|s| s.stage),
        Some(SessionStage::SecondFactor(a.id))
    );
    // What every signed-in request reads: the session with its account, in one query.
    let (session, account) = w
        .store
        .session_and_account("s3")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(session.stage, SessionStage::SignedIn(a.id));
    assert_eq!(
        account.map(|x| (x.id, x.user_code)),
        Some((a.id, a.user_code.clone()))
    );
    let (_, none) = w
        .store
        .session_and_account("s1")
        .await
        .expect("read")
        .expect("found");
    assert!(none.is_none(), "a registration has no account yet");
    assert!(
        w.store
            .session_and_account("absent")
            .await
            .expect("read")
            .is_none()
    );

    w.clock.advance(Duration::minutes(20));
    w.store.touch_session("s3").await.expect("touch");
    assert_eq!(
        w.store
            .session("s3")
            .await
            .expect("read")
            .map(|s| s.last_seen_at),
        Some(w.clock.now())
    );
    // Idle over 15 minutes: s1 and s2 go, s3 stays.
    let purged = w
        .store
        .purge_sessions(
            w.clock.now() - Duration::minutes(15),
            w.clock.now() - Duration::hours(12),
        )
        .await
        .expect("purge");
    assert_eq!(purged, 2);
    let mut tx = w.store.begin().await.expect("begin");
    tx.end_sessions_of(a.id).await.expect("end");
    tx.commit().await.expect("commit");
    assert_eq!(w.store.session("s3").await.expect("read"), None);
}

async fn a_sign_in_code_works_once_and_not_after_it_expires(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let expires = w.clock.now() + Duration::minutes(10);
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_sign_in_code(a.id, "c1", expires)
        .await
        .expect("first");
    tx.insert_sign_in_code(a.id, "c2", expires)
        .await
        .expect("second");
    assert!(
        !tx.use_sign_in_code(a.id, "c1").await.expect("use"),
        "a newer code replaced it"
    );
    assert!(tx.use_sign_in_code(a.id, "c2").await.expect("use"));
    assert!(
        !tx.use_sign_in_code(a.id, "c2").await.expect("use"),
        "single use"
    );
    tx.insert_sign_in_code(a.id, "c3", expires)
        .await
        .expect("third");
    tx.commit().await.expect("commit");
    w.clock.advance(Duration::minutes(10));
    let mut tx = w.store.begin().await.expect("begin");
    assert!(
        !tx.use_sign_in_code(a.id, "c3").await.expect("use"),
        "expired"
    );
}

async fn the_audit_log_keeps_who_what_and_from_where(db: Db) {
    let w = world(&db).await;
    let mut tx = w.store.begin().await.expect("begin");
    tx.audit(&AuditEntry {
        actor: Some(w.central),
        org: Some(w.org),
        person: Some(w.user),
        action: AuditAction::RegistrationCodeIssued,
        detail: Detail::text("valid through 2026-11-30"),
        client_address: Some("127.0.0.1".into()),
        agency: None,
    })
    .await
    .expect("audit");
    tx.commit().await.expect("commit");
    let log = w.store.audit_of_person(w.user).await.expect("read");
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].actor.clone()),
        ("registration-code-issued", Some(w.central.to_string()))
    );
    assert_eq!(
        (log[0].at, log[0].client_address.as_deref()),
        (w.clock.now(), Some("127.0.0.1"))
    );
}

async fn an_authenticator_counts_once_confirmed_and_refuses_a_used_step(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let mut tx = w.store.begin().await.expect("begin");
    tx.set_pending_authenticator(a.id, "sealed-1")
        .await
        .expect("pending");
    assert!(
        !tx.use_authenticator_step(a.id, 5).await.expect("use"),
        "not confirmed yet"
    );
    assert!(
        !tx.confirm_authenticator(a.id, "sealed-0", 10)
            .await
            .expect("stale"),
        "another key"
    );
    assert!(
        tx.confirm_authenticator(a.id, "sealed-1", 10)
            .await
            .expect("confirm")
    );
    tx.commit().await.expect("commit");
    let auth = w.store.authenticator(a.id).await.expect("read");
    assert_eq!(auth.active_sealed.as_deref(), Some("sealed-1"));
    assert_eq!(auth.pending_sealed, None);
    let mut tx = w.store.begin().await.expect("begin");
    assert!(
        !tx.use_authenticator_step(a.id, 10).await.expect("use"),
        "the confirmed step"
    );
    assert!(tx.use_authenticator_step(a.id, 11).await.expect("use"));
    assert!(
        !tx.use_authenticator_step(a.id, 11).await.expect("use"),
        "replayed"
    );
    tx.set_pending_authenticator(a.id, "sealed-2")
        .await
        .expect("new key");
    assert!(
        tx.use_authenticator_step(a.id, 12).await.expect("use"),
        "old key still counts"
    );
    tx.remove_authenticator(a.id).await.expect("remove");
    tx.commit().await.expect("commit");
    assert_eq!(
        w.store.authenticator(a.id).await.expect("read"),
        Default::default()
    );
}

async fn recovery_codes_work_once_and_a_new_set_replaces_the_old(db: Db) {
    let w = world(&db).await;
    let a = member_account(&w, w.user, "sroy2026");
    insert(&w, &a).await;
    let first: Vec<String> = (0..10).map(|i| format!("first-{i}")).collect();
    let mut tx = w.store.begin().await.expect("begin");
    tx.replace_recovery_codes(a.id, &first)
        .await
        .expect("codes");
    assert!(tx.use_recovery_code(a.id, "first-3").await.expect("use"));
    assert!(
        !tx.use_recovery_code(a.id, "first-3").await.expect("use"),
        "single use"
    );
    assert!(
        !tx.use_recovery_code(w.central, "first-4")
            .await
            .expect("use"),
        "not theirs"
    );
    tx.commit().await.expect("commit");
    assert_eq!(w.store.recovery_codes_left(a.id).await.expect("count"), 9);
    let mut tx = w.store.begin().await.expect("begin");
    tx.replace_recovery_codes(a.id, &["second-0".to_string()])
        .await
        .expect("codes");
    assert!(
        !tx.use_recovery_code(a.id, "first-4").await.expect("use"),
        "replaced"
    );
    tx.commit().await.expect("commit");
    assert_eq!(w.store.recovery_codes_left(a.id).await.expect("count"), 1);
}
