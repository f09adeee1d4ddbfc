//! The application layer's changes to a person's code, called as any door calls them, on
//! SQLite and on PostgreSQL: a keeper reaches only their organization's people (M21), an
//! officer may not deactivate their own code, central's refusal is central's alone (M16), a
//! refusal writes nothing, and a change writes its audit entry and its emails with it (M24).

mod common;

use common::{World, world};
use mandat_app::security::{CodeAction, Keeper, Typed};
use mandat_app::{Error, Refusal};
use mandat_core::validity::Rule;
use mandat_core::{Field, FieldError, Problem};
use mandat_testing::{Db, conformance};

conformance!(
    a_keeper_reaches_only_their_organization_s_people,
    a_refused_change_writes_nothing_and_a_deactivation_ends_the_sessions,
);

fn deactivation() -> Typed {
    Typed {
        reason: "voluntary-departure".into(),
        ..Typed::default()
    }
}

fn chantal(w: &World) -> Keeper<'_> {
    Keeper::officer(&w.chantal, &w.chantal_account).expect("her own account")
}

async fn a_keeper_reaches_only_their_organization_s_people(db: Db) {
    let w = world(&db).await;
    assert!(
        Keeper::officer(&w.bruno, &w.chantal_account).is_none(),
        "an officer keeps a file with their own account only"
    );
    assert!(
        Keeper::central(&w.chantal_account, w.chantal.org, None).is_none(),
        "an officer is not central"
    );
    let bruno_account = w.store.account(w.bruno.account).await.expect("read");
    let bruno_account = bruno_account.expect("bruno");
    let bruno = Keeper::officer(&w.bruno, &bruno_account).expect("his own");
    assert!(matches!(
        w.app.subject(&bruno, w.marc).await,
        Err(Error::NotFound)
    ));
    let deactivate = CodeAction::Deactivate;
    let done = w
        .app
        .change_code(&bruno, w.marc, deactivate, &deactivation())
        .await;
    assert!(
        matches!(done, Err(Error::NotFound)),
        "M21: another organization's person"
    );
    let refused = w
        .app
        .refuse_reactivation(&chantal(&w), w.marc, &Typed::default())
        .await;
    assert!(
        matches!(refused, Err(Error::NotFound)),
        "M16: central refuses, no officer"
    );
    assert_eq!(w.audited("deactivated").await, 0);
    let marc = w.store.account(w.marc_account.id).await.expect("read");
    assert!(marc.expect("marc").inactive.is_none());
}

async fn a_refused_change_writes_nothing_and_a_deactivation_ends_the_sessions(db: Db) {
    let w = world(&db).await;
    let keeper = chantal(&w);
    let (deactivate, chantal_person) = (CodeAction::Deactivate, w.chantal.person);
    let own = w
        .app
        .change_code(&keeper, chantal_person, deactivate, &deactivation())
        .await;
    let own_code = Refusal::Rules(vec![Rule::OwnCode]);
    assert!(matches!(own, Err(Error::Refused(r)) if r == own_code));
    let no_reason = w
        .app
        .change_code(&keeper, w.marc, deactivate, &Typed::default())
        .await;
    let required = Refusal::Fields(vec![FieldError::new(Field::Reason, Problem::Required)]);
    assert!(
        matches!(&no_reason, Err(Error::Refused(r)) if *r == required),
        "{no_reason:?}"
    );
    assert_eq!(
        w.audited("deactivated").await,
        0,
        "a refusal writes nothing"
    );
    assert_eq!(w.mails_to_marc().await, 0);

    let session = "digest-of-marc-s-session";
    w.signed_in(w.marc_account.id, session).await;
    assert!(
        w.store
            .session_and_account(session)
            .await
            .expect("read")
            .is_some()
    );
    let done = w
        .app
        .change_code(&keeper, w.marc, deactivate, &deactivation())
        .await;
    assert_eq!(done.expect("deactivated"), "person-deactivated");
    assert_eq!(w.audited("deactivated").await, 1);
    assert_eq!(w.mails_to_marc().await, 1, "Marc is told (M24)");
    let marc = w.store.account(w.marc_account.id).await.expect("read");
    assert!(marc.expect("marc").inactive.is_some());
    let read = w.store.session_and_account(session).await.expect("read");
    assert!(read.is_none(), "his sessions end with his code");
    let again = w
        .app
        .change_code(&keeper, w.marc, deactivate, &deactivation())
        .await;
    let inactive = Refusal::Rules(vec![Rule::Inactive]);
    assert!(matches!(again, Err(Error::Refused(r)) if r == inactive));
}
