//! The world the application layer's tests act in: the Centre de formation des Laurentides,
//! enrolled « Actif » with an agency, its officer, one of its users and a person without a
//! code yet, the officer of another organization, and a central agent; on Tuesday November 24, 2026, in Quebec. Each test binary uses its part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use mandat_app::{App, Officer};
use mandat_core::Field;
use mandat_core::FixedClock;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::contact::Email;
use mandat_core::ids::{AgencyId, PersonId};
use mandat_core::procuration::Chosen;
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::sealed::SealKey;
use mandat_store::{Account, Store};
use mandat_testing::{self as support, Db, enrolled};
use time::macros::{date, datetime};

pub const MARC: &str = "marc.cote@exemple.qc.ca";
pub const CLIENT: &str = "192.0.2.7";

pub struct World {
    pub app: App,
    /// The store's clock, which a test may move.
    pub clock: Arc<FixedClock>,
    pub store: Store,
    /// The officer of the centre, acting from [`CLIENT`].
    pub chantal: Officer,
    pub chantal_account: Account,
    /// The officer of another organization.
    pub bruno: Officer,
    /// A user of the centre, whose code is valid until March 31, 2027.
    pub marc: PersonId,
    pub marc_account: Account,
    /// A person of the centre without a code yet, NAS partiel `100007`.
    pub julie: PersonId,
    /// A central agent.
    pub central: Account,
    /// « Accès sans restriction » with the agency.
    pub unrestricted: BTreeMap<AgencyId, Chosen>,
}

fn officer_profile() -> ProfileSet {
    ProfileSet::from_choices(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    })
    .expect("profiles")
}

pub fn email(s: &str) -> Email {
    Email::parse(Field::Email, s).expect("email")
}

pub async fn world(db: &Db) -> World {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 15:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let other = support::organization("1160000002", "Cabinet Lavoie");
    let agency = support::agency("SAAQ");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&cfl).await.expect("org");
    tx.insert_organization(&other).await.expect("org");
    tx.insert_agency(&agency).await.expect("agency");
    enrolled::service(&mut tx, &agency, &["CONSULTER"]).await;
    let central = enrolled::actor(&mut tx, "central01").await;
    let julie = support::person(cfl.id, "Roy", "Julie", "100007");
    enrolled::member(&mut tx, &julie).await;
    enrolled::enroll(&mut tx, &cfl, &agency, central).await;
    let chantal = support::person(cfl.id, "Gagné", "Chantal", "100002");
    let bruno = support::person(other.id, "Lavoie", "Bruno", "100003");
    let mut marc = support::person(cfl.id, "Côté", "Marc", "100005");
    marc.email = email(MARC);
    let until = Some(date!(2027 - 03 - 31));
    let ids = [
        enrolled::with_code(&mut tx, &chantal, officer_profile(), "rsp100", None).await,
        enrolled::with_code(&mut tx, &bruno, officer_profile(), "rsp200", None).await,
        enrolled::with_code(&mut tx, &marc, ProfileSet::default(), "mem500", until).await,
    ];
    tx.commit().await.expect("commit");
    let calendar = BusinessCalendar::default();
    let app = App::new(
        store.clone(),
        "http://mandat.test",
        (support::key(), SealKey::generate()),
        calendar,
    );
    let mut accounts = Vec::new();
    for id in ids {
        accounts.push(store.account(id).await.expect("read").expect("account"));
    }
    let officer = async |a: &Account| {
        let acting = app.officer(a, Some(CLIENT.into())).await.expect("read");
        acting.expect("an officer")
    };
    let (chantal, bruno) = (officer(&accounts[0]).await, officer(&accounts[1]).await);
    let marc_account = accounts.pop().expect("marc");
    let central = store
        .account(central)
        .await
        .expect("read")
        .expect("central");
    assert!(
        app.officer(&marc_account, None)
            .await
            .expect("read")
            .is_none(),
        "a user without an officer's profile acts as no officer (P2)"
    );
    World {
        clock,
        chantal,
        chantal_account: accounts.swap_remove(0),
        bruno,
        app,
        store,
        marc: marc.id,
        marc_account,
        julie: julie.id,
        central,
        unrestricted: BTreeMap::from([(agency.id, Chosen::Unrestricted)]),
    }
}

impl World {
    /// A signed-in session of `account`, stored under `digest`.
    pub async fn signed_in(&self, account: mandat_core::ids::AccountId, digest: &str) {
        let mut tx = self.store.begin().await.expect("begin");
        let stage = mandat_store::SessionStage::SignedIn(account);
        tx.create_session(digest, stage).await.expect("session");
        tx.commit().await.expect("commit");
    }

    pub async fn audited(&self, action: &str) -> usize {
        self.store
            .audit_of_action(action)
            .await
            .expect("audit")
            .len()
    }

    pub async fn mails_to_marc(&self) -> usize {
        self.store
            .outbox_for(&email(MARC))
            .await
            .expect("outbox")
            .len()
    }
}
