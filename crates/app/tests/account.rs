//! A person's own account through the application layer, on SQLite and PostgreSQL: the
//! password change asks the current one and refuses a second change the same day (M10); a
//! person who deactivates their own code ends their sessions, and when the organization's
//! last active officer does, central is alerted at once (M13, M15).

mod common;

use common::{World, world};
use mandat_app::account::{PasswordChange, Proof};
use mandat_app::{Error, Reason, Refusal};
use mandat_core::account::DeactivationReason;
use mandat_core::credentials::Password;
use mandat_core::{Field, FieldError, Problem};
use mandat_store::Account;
use mandat_testing::{Db, conformance};
use time::macros::datetime;

conformance!(
    a_recovery_code_completes_a_sign_in_once,
    a_change_of_the_second_factor_needs_the_password_unless_both_factors_are_recent,
    a_sign_in_says_nothing_of_which_codes_exist_and_the_third_failure_locks,
    a_password_changes_with_the_current_one_and_once_a_day,
    the_last_officer_deactivating_their_code_alerts_central_and_ends_their_sessions,
);

const OLD: &str = "Ancien2026";

/// The password typed as proof, by a session that proved both factors long ago.
fn proof(password: &str) -> Proof<'_> {
    Proof {
        password,
        proven_at: datetime!(2026-11-20 15:00 UTC),
        counted: "test",
    }
}

/// Marc's password set to [`OLD`] yesterday; his account as it now stands.
async fn with_password(w: &World) -> Account {
    let hash = Password::candidate(OLD).expect("candidate").hash();
    w.clock.set(datetime!(2026-11-23 15:00 UTC));
    let mut tx = w.store.begin().await.expect("begin");
    let id = w.marc_account.id;
    tx.set_password(id, &hash.expect("hash"), false)
        .await
        .expect("set");
    tx.commit().await.expect("commit");
    w.clock.set(datetime!(2026-11-24 15:00 UTC));
    let marc = w.store.account(w.marc_account.id).await.expect("read");
    marc.expect("marc")
}

async fn a_password_changes_with_the_current_one_and_once_a_day(db: Db) {
    let w = world(&db).await;
    let marc = with_password(&w).await;
    let change = |current| PasswordChange {
        current,
        new: "Nouveau2026x",
        confirmation: "Nouveau2026x",
    };
    let wrong = w
        .app
        .change_password(&marc, &change("Autre2026"), None, "test")
        .await;
    let incorrect = Refusal::Fields(vec![FieldError::new(
        Field::CurrentPassword,
        Problem::Incorrect,
    )]);
    assert!(
        matches!(&wrong, Err(Error::Refused(r)) if *r == incorrect),
        "{wrong:?}"
    );
    assert_eq!(w.audited("password-changed").await, 0);
    assert_eq!(
        w.audited("sign-in-failed").await,
        1,
        "M11: a wrong current password counts as a failed sign-in"
    );
    w.app
        .change_password(&marc, &change(OLD), None, "test")
        .await
        .expect("changed");
    assert_eq!(w.audited("password-changed").await, 1);
    let marc = w
        .store
        .account(w.marc_account.id)
        .await
        .expect("read")
        .expect("marc");
    let again = PasswordChange {
        current: "Nouveau2026x",
        new: "Troisieme2026",
        confirmation: "Troisieme2026",
    };
    let twice = w.app.change_password(&marc, &again, None, "test").await;
    let once = Refusal::Reason(Reason::OnceADay);
    assert!(matches!(twice, Err(Error::Refused(r)) if r == once), "M10");
}

async fn the_last_officer_deactivating_their_code_alerts_central_and_ends_their_sessions(db: Db) {
    let w = world(&db).await;
    let session = "digest-of-chantal-s-session";
    w.signed_in(w.chantal_account.id, session).await;
    let reason = (DeactivationReason::VoluntaryDeparture, "");
    let done = w
        .app
        .deactivate_own_code(&w.chantal_account, reason, None)
        .await;
    done.expect("deactivated");
    assert!(
        w.store
            .session_and_account(session)
            .await
            .expect("read")
            .is_none()
    );
    assert_eq!(
        w.audited("no-active-officer").await,
        1,
        "central is alerted (M15)"
    );
    let to_central = w.store.outbox_for(&w.central.email).await.expect("outbox");
    assert_eq!(to_central.len(), 1);
}

async fn a_sign_in_says_nothing_of_which_codes_exist_and_the_third_failure_locks(db: Db) {
    let w = world(&db).await;
    with_password(&w).await;
    let invalid = Refusal::Reason(Reason::InvalidCredentials);
    let sign_in = |code, password| w.app.sign_in_password((code, password), None, None, "c");
    let unknown = sign_in("personne", OLD).await;
    assert!(
        matches!(unknown, Err(Error::Refused(r)) if r == invalid),
        "no enumeration"
    );
    for _ in 0..2 {
        let wrong = sign_in("mem500", "Mauvais2026").await;
        assert!(matches!(wrong, Err(Error::Refused(r)) if r == invalid));
    }
    let id = sign_in("mem500", OLD)
        .await
        .expect("the right password opens a session");
    let digest = mandat_core::secret::digest(&id);
    assert!(
        w.store
            .session_and_account(&digest)
            .await
            .expect("read")
            .is_some()
    );
    assert_eq!(
        w.audited("locked").await,
        0,
        "two failures lock nothing (M11)"
    );
    for _ in 0..3 {
        sign_in("mem500", "Mauvais2026").await.expect_err("wrong");
    }
    assert_eq!(
        w.audited("locked").await,
        1,
        "the third failure locks (M11)"
    );
    let wrong = sign_in("mem500", "Mauvais2026").await;
    assert!(
        matches!(wrong, Err(Error::Refused(r)) if r == invalid),
        "said to no one else"
    );
    let right = sign_in("mem500", OLD).await;
    let inactive = Refusal::Reason(Reason::Inactive);
    assert!(matches!(right, Err(Error::Refused(r)) if r == inactive));
    assert!(
        w.store
            .session_and_account(&digest)
            .await
            .expect("read")
            .is_none()
    );
}

/// Issue 19 item 11 (ASVS 4.0 3.7.1): a stolen session alone cannot renew the recovery codes
/// or remove the app; a session that proved both factors five minutes ago or less may.
async fn a_change_of_the_second_factor_needs_the_password_unless_both_factors_are_recent(db: Db) {
    let w = world(&db).await;
    let marc = with_password(&w).await;
    let required =
        |problem| Refusal::Fields(vec![FieldError::new(Field::CurrentPassword, problem)]);
    let stale = w.app.renew_recovery_codes(&marc, &proof(""), None).await;
    assert!(
        matches!(&stale, Err(Error::Refused(r)) if *r == required(Problem::Required)),
        "{stale:?}"
    );
    let wrong = w
        .app
        .remove_authenticator(&marc, &proof("Autre2026"), None)
        .await;
    assert!(
        matches!(&wrong, Err(Error::Refused(r)) if *r == required(Problem::Incorrect)),
        "{wrong:?}"
    );
    let counted = w.store.account(marc.id).await.expect("read").expect("marc");
    assert_eq!(counted.failed_sign_ins, 1, "a wrong password counts (M11)");
    let fresh = Proof {
        password: "",
        proven_at: w.store.now() - time::Duration::minutes(5),
        counted: "test",
    };
    let codes = w.app.renew_recovery_codes(&marc, &fresh, None).await;
    assert_eq!(codes.expect("a recent proof stands").len(), 10);
    let typed = w.app.renew_recovery_codes(&marc, &proof(OLD), None).await;
    assert_eq!(typed.expect("the password stands").len(), 10);
}

async fn a_recovery_code_completes_a_sign_in_once(db: Db) {
    let w = world(&db).await;
    let marc = with_password(&w).await;
    let codes = w
        .app
        .renew_recovery_codes(&marc, &proof(OLD), None)
        .await
        .expect("codes");
    assert_eq!(codes.len(), 10);
    let first = w
        .app
        .sign_in_password(("mem500", OLD), None, None, "c")
        .await;
    let first = first.expect("password");
    let by = (None, "c");
    let id = w
        .app
        .complete_sign_in(&marc, &codes[0], Some(&first), by)
        .await;
    let id = id.expect("a recovery code completes the sign-in");
    let signed_in = mandat_core::secret::digest(&id);
    assert!(
        w.store
            .session_and_account(&signed_in)
            .await
            .expect("read")
            .is_some()
    );
    let old = mandat_core::secret::digest(&first);
    assert!(
        w.store
            .session_and_account(&old)
            .await
            .expect("read")
            .is_none(),
        "M12"
    );
    let again = w
        .app
        .complete_sign_in(&marc, &codes[0], None, (None, "c"))
        .await;
    let invalid = Refusal::Reason(Reason::InvalidCredentials);
    assert!(
        matches!(again, Err(Error::Refused(r)) if r == invalid),
        "used once"
    );
    let failures = w
        .store
        .audit_of_action("sign-in-failed")
        .await
        .expect("audit");
    assert_eq!(failures.len(), 1, "a wrong second factor counts (M11)");
}
