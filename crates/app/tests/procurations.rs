//! The application layer's procuration changes, called as any door calls them, on SQLite and
//! on PostgreSQL: an officer reaches only their organization's procurations (P2), a refused
//! change writes nothing, and a change writes its audit entry and its emails with it (P3–P5).

use std::collections::BTreeMap;
use std::sync::Arc;

use mandat_app::{App, Error, Officer, Refusal};
use mandat_core::contact::Email;
use mandat_core::ids::PersonId;
use mandat_core::procuration::{Chosen, ProcurationForm};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::{Field, FieldError, FixedClock, Problem};
use mandat_store::Store;
use mandat_testing::{self as support, Db, conformance, enrolled};
use time::macros::{date, datetime};

conformance!(
    an_officer_reaches_only_their_organization_s_procurations,
    a_refused_new_end_writes_nothing_and_an_accepted_one_tells_the_holder,
    withdrawing_ends_every_holding_once_with_its_audit_and_emails,
);

const MARC: &str = "marc.cote@exemple.qc.ca";

struct World {
    app: App,
    store: Store,
    /// The officer of the Centre de formation des Laurentides, enrolled with the agency.
    chantal: Officer,
    /// The officer of another organization.
    bruno: Officer,
    /// A user of the centre, whose code is valid until March 31, 2027.
    marc: PersonId,
    form: BTreeMap<mandat_core::ids::AgencyId, Chosen>,
}

fn officer_profile() -> ProfileSet {
    ProfileSet::from_choices(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    })
    .expect("profiles")
}

/// Tuesday November 24, 2026, in Quebec.
async fn world(db: &Db) -> World {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 15:00 UTC)));
    let store = db.store_with_clock(clock).await;
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let other = support::organization("1160000002", "Cabinet Lavoie");
    let agency = support::agency("SAAQ");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&cfl).await.expect("org");
    tx.insert_organization(&other).await.expect("org");
    tx.insert_agency(&agency).await.expect("agency");
    enrolled::service(&mut tx, &agency, &["CONSULTER"]).await;
    let central = enrolled::actor(&mut tx, "central01").await;
    enrolled::enroll(&mut tx, &cfl, &agency, central).await;
    let chantal = support::person(cfl.id, "Gagné", "Chantal", "100002");
    let bruno = support::person(other.id, "Lavoie", "Bruno", "100003");
    let mut marc = support::person(cfl.id, "Côté", "Marc", "100005");
    marc.email = email(MARC);
    let ids = [
        enrolled::with_code(&mut tx, &chantal, officer_profile(), "rsp100", None).await,
        enrolled::with_code(&mut tx, &bruno, officer_profile(), "rsp200", None).await,
        enrolled::with_code(
            &mut tx,
            &marc,
            ProfileSet::default(),
            "mem500",
            Some(date!(2027 - 03 - 31)),
        )
        .await,
    ];
    tx.commit().await.expect("commit");
    let app = App::new(store.clone(), "http://mandat.test");
    let mut officers = Vec::new();
    for id in &ids[..2] {
        let account = store.account(*id).await.expect("read").expect("account");
        let acting = app.officer(&account, Some("192.0.2.7".into())).await;
        officers.push(acting.expect("read").expect("an officer"));
    }
    let marc_account = store.account(ids[2]).await.expect("read").expect("account");
    assert!(
        app.officer(&marc_account, None)
            .await
            .expect("read")
            .is_none(),
        "a user without an officer's profile acts as no officer (P2)"
    );
    let form = BTreeMap::from([(agency.id, Chosen::Unrestricted)]);
    let bruno = officers.pop().expect("bruno");
    World {
        chantal: officers.pop().expect("chantal"),
        bruno,
        app,
        store,
        marc: marc.id,
        form,
    }
}

fn email(s: &str) -> Email {
    Email::parse(Field::Email, s).expect("email")
}

impl World {
    /// Chantal's procuration « Comptabilité » until `ends_on`, held by Marc.
    async fn held(&self, ends_on: &str) -> mandat_core::ids::ProcurationId {
        let form = ProcurationForm {
            name: "Comptabilité",
            starts_on: "",
            ends_on,
            agencies: self.form.clone(),
        };
        let p = self
            .app
            .create_internal(&self.chantal, &form)
            .await
            .expect("made");
        self.app
            .assign(&self.chantal, p.id, &[self.marc])
            .await
            .expect("assigned");
        p.id
    }

    async fn mails_to_marc(&self) -> usize {
        self.store
            .outbox_for(&email(MARC))
            .await
            .expect("outbox")
            .len()
    }

    async fn audited(&self, action: &str) -> usize {
        self.store
            .audit_of_action(action)
            .await
            .expect("audit")
            .len()
    }
}

async fn an_officer_reaches_only_their_organization_s_procurations(db: Db) {
    let w = world(&db).await;
    let p = w.held("2027-03-01").await;
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
    let p = w.held("2027-03-01").await;
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
    let p = w.held("2027-03-01").await;
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
    assert_eq!(entries[0].client_address.as_deref(), Some("192.0.2.7"));
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
