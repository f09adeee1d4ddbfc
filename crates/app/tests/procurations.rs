//! The application layer's procuration changes, called as any door calls them, on SQLite and
//! on PostgreSQL: an officer reaches only their organization's procurations (P2), a refused
//! change writes nothing, and a change writes its audit entry and its emails with it (P3–P5).

mod common;

use common::{CLIENT, World, world};
use mandat_app::{Error, Refusal};
use mandat_core::ids::ProcurationId;
use mandat_core::procuration::ProcurationForm;
use mandat_core::{Field, FieldError, Problem};
use mandat_testing::{Db, conformance};
use time::macros::date;

conformance!(
    an_officer_reaches_only_their_organization_s_procurations,
    a_refused_new_end_writes_nothing_and_an_accepted_one_tells_the_holder,
    withdrawing_ends_every_holding_once_with_its_audit_and_emails,
);

/// Chantal's procuration « Comptabilité » until `ends_on`, held by Marc.
async fn held(w: &World, ends_on: &str) -> ProcurationId {
    let form = ProcurationForm {
        name: "Comptabilité",
        starts_on: "",
        ends_on,
        agencies: w.unrestricted.clone(),
    };
    let p = w
        .app
        .create_internal(&w.chantal, &form)
        .await
        .expect("made");
    let assigned = w.app.assign(&w.chantal, p.id, &[w.marc]).await;
    assigned.expect("assigned");
    p.id
}

async fn an_officer_reaches_only_their_organization_s_procurations(db: Db) {
    let w = world(&db).await;
    let p = held(&w, "2027-03-01").await;
    let (app, bruno) = (&w.app, &w.bruno);
    assert!(matches!(
        app.own_procuration(bruno, p).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        app.withdraw_procuration(bruno, p).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        app.end_holding(bruno, p, w.marc).await,
        Err(Error::NotFound)
    ));
    let end = app.change_procuration_end(bruno, p, "2027-02-01").await;
    assert!(matches!(end, Err(Error::NotFound)));
    assert!(matches!(
        app.assign(bruno, p, &[w.marc]).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        app.received_procuration(bruno, p).await,
        Err(Error::NotFound)
    ));
    assert_eq!(w.store.holders(p).await.expect("holders"), vec![w.marc]);
    assert_eq!(w.audited("procuration-withdrawn").await, 0);
    assert_eq!(w.audited("rights-withdrawn").await, 0);
}

async fn a_refused_new_end_writes_nothing_and_an_accepted_one_tells_the_holder(db: Db) {
    let w = world(&db).await;
    let p = held(&w, "2027-03-01").await;
    let mails = w.mails_to_marc().await;
    let (app, chantal) = (&w.app, &w.chantal);
    let beyond = app.change_procuration_end(chantal, p, "2027-06-30").await;
    let refusal = Refusal::BeyondCodes(vec!["Marc Côté".into()]);
    assert!(
        matches!(beyond, Err(Error::Refused(r)) if r == refusal),
        "P3"
    );
    let past = app.change_procuration_end(chantal, p, "2026-11-23").await;
    let in_the_past = Refusal::Fields(vec![FieldError::new(Field::EndsOn, Problem::EndInThePast)]);
    assert!(matches!(past, Err(Error::Refused(r)) if r == in_the_past));
    assert_eq!(w.mails_to_marc().await, mails, "a refusal writes nothing");
    assert_eq!(w.audited("procuration-end-changed").await, 0);
    let record = app.own_procuration(chantal, p).await.expect("own");
    assert_eq!(record.procuration.ends_on, date!(2027 - 03 - 01));

    let end = app.change_procuration_end(chantal, p, "2027-03-31").await;
    assert_eq!(end.expect("within Marc's code"), date!(2027 - 03 - 31));
    assert_eq!(w.mails_to_marc().await, mails + 1, "Marc is told (P5)");
    assert_eq!(w.audited("procuration-end-changed").await, 1);
}

async fn withdrawing_ends_every_holding_once_with_its_audit_and_emails(db: Db) {
    let w = world(&db).await;
    let p = held(&w, "2027-03-01").await;
    let mails = w.mails_to_marc().await;
    let (app, chantal) = (&w.app, &w.chantal);
    assert!(
        app.withdraw_procuration(chantal, p)
            .await
            .expect("withdrawn")
    );
    assert!(
        !app.withdraw_procuration(chantal, p).await.expect("again"),
        "once"
    );
    assert_eq!(w.mails_to_marc().await, mails + 1, "Marc is told once (P5)");
    let entries = w
        .store
        .audit_of_action("procuration-withdrawn")
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].client_address.as_deref(), Some(CLIENT));
    assert!(w.store.rights_of(w.marc).await.expect("rights").is_empty());
    let again = app
        .end_holding(chantal, p, w.marc)
        .await
        .expect("ended already");
    assert!(!again, "nothing left to end");
    let assigned = app.assign(chantal, p, &[w.marc]).await;
    assert!(
        matches!(assigned, Err(Error::NotFound)),
        "a withdrawn one is assigned to no one"
    );
}
