//! Central's registration codes through the application layer, on SQLite and PostgreSQL: a
//! code goes only to a person without one (M6), and is extended only after the person's NAS
//! partiel matches, every check recorded (M7).

mod common;

use common::world;
use mandat_app::{Central, Error, Reason, Refusal};
use mandat_testing::{Db, conformance};

conformance!(
    a_code_goes_to_a_person_without_one_and_is_extended_on_a_matching_nas,
    only_central_issues_codes,
);

async fn a_code_goes_to_a_person_without_one_and_is_extended_on_a_matching_nas(db: Db) {
    let w = world(&db).await;
    let central = Central::of(&w.central, Some("192.0.2.9".into())).expect("central");
    let has_one = w.app.issue_code(&central, w.marc, "2027-06-30").await;
    let has_account = Refusal::Reason(Reason::HasAccount);
    assert!(matches!(has_one, Err(Error::Refused(r)) if r == has_account));
    let late = w.app.issue_code(&central, w.julie, "2020-01-01").await;
    assert!(
        matches!(late, Err(Error::Refused(Refusal::Fields(_)))),
        "a past access end"
    );
    assert_eq!(
        w.audited("registration-code-issued").await,
        0,
        "refusals write nothing"
    );

    let through = w.app.issue_code(&central, w.julie, "2027-06-30").await;
    let through = through.expect("issued");
    assert!(
        through > w.app.today(),
        "usable for a few business days (M7)"
    );
    assert_eq!(w.audited("registration-code-issued").await, 1);
    let code = w
        .store
        .latest_registration_code(w.julie)
        .await
        .expect("read");
    let code = code.expect("a code");
    let wrong = w.app.extend_code(&central, code.id, "999999").await;
    let mismatch = Refusal::Reason(Reason::NasMismatch);
    assert!(matches!(wrong, Err(Error::Refused(r)) if r == mismatch));
    let right = w.app.extend_code(&central, code.id, "100007").await;
    let active = Refusal::Reason(Reason::NotExtendable);
    assert!(
        matches!(right, Err(Error::Refused(r)) if r == active),
        "an active code stays"
    );
    assert_eq!(
        w.audited("identity-checked").await,
        2,
        "every check is recorded (M7)"
    );
    assert_eq!(w.audited("registration-code-extended").await, 0);
}

async fn only_central_issues_codes(db: Db) {
    let w = world(&db).await;
    assert!(
        Central::of(&w.chantal_account, None).is_none(),
        "an officer is not central"
    );
    assert!(Central::of(&w.marc_account, None).is_none());
}
