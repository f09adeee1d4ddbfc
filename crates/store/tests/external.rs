//! External procurations (P6) on SQLite and on PostgreSQL: the mandant grants one to another
//! organization, which answers it once, makes one within it for its own person, who may then
//! act for the mandant never beyond what the mandant granted; the mandant's new end bounds
//! what was made within, and either side's ending ends it all.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mandat_core::decision::{Access, ContractFact, Decision, Facts, Question, decide};
use mandat_core::external::{Answer, within};
use mandat_core::ids::ProcurationId;
use mandat_core::procuration::{Bounds, Chosen, ProcurationForm, parse};
use mandat_core::{Problem, ids::OrgId};
use mandat_store::{DerivedHolder, Link};
use mandat_testing::{self as support, Db, conformance, enrolled};
use time::macros::date;

conformance!(an_external_procuration_is_answered_derived_bounded_and_ended);

const TODAY: time::Date = date!(2026 - 11 - 29);

async fn an_external_procuration_is_answered_derived_bounded_and_ended(db: Db) {
    let store = db.store().await;
    let saaq = support::agency("SAAQ");
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let firm = support::organization("1170000002", "Bélanger Comptables");
    let clerk = support::person(firm.id, "Roy", "Julie", "100006");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    for org in [&cfl, &firm] {
        tx.insert_organization(org).await.expect("org");
    }
    let (service, tasks) = enrolled::service(&mut tx, &saaq, &["CONSULTER", "TRANSMETTRE"]).await;
    let (consult, send) = (tasks[0], tasks[1]);
    enrolled::member(&mut tx, &clerk).await;
    let by = enrolled::actor(&mut tx, "central01").await;
    enrolled::enroll(&mut tx, &cfl, &saaq, by).await;
    tx.commit().await.expect("commit");

    // The mandant grants the SAAQ's two tasks until the end of June.
    let grantable = store.grantable(cfl.id).await.expect("grantable");
    let form = ProcurationForm {
        name: "Tenue de livres",
        starts_on: "",
        ends_on: "2027-06-30",
        agencies: BTreeMap::from([(saaq.id, Chosen::Tasks(BTreeSet::from([consult, send])))]),
    };
    let bounds = Bounds {
        today: TODAY,
        latest_end: None,
    };
    let mandate = parse(ProcurationId::new(), cfl.id, &form, &grantable, bounds).expect("valid");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_external(&mandate, firm.id, by)
        .await
        .expect("external");
    tx.commit().await.expect("commit");
    let read = store
        .procuration(mandate.id)
        .await
        .expect("read")
        .expect("found");
    let pending = Link::External {
        mandataire: firm.id,
        answer: Answer::Pending,
    };
    assert_eq!(
        (read.procuration.clone(), read.link),
        (mandate.clone(), pending)
    );
    assert_eq!(store.received_by(firm.id).await.expect("received"), [read]);
    assert!(
        store
            .received_by(cfl.id)
            .await
            .expect("received")
            .is_empty()
    );

    // Only the mandataire answers, once; it cannot end one it has not accepted.
    let mut tx = store.begin().await.expect("begin");
    assert!(!tx.renounce(firm.id, mandate.id).await.expect("pending"));
    for (org, answer, done) in [
        (cfl.id, Answer::Accepted, false),
        (firm.id, Answer::Accepted, true),
        (firm.id, Answer::Declined, false),
    ] {
        let answered = tx
            .answer_external(org, mandate.id, answer, by)
            .await
            .expect("answer");
        assert_eq!(answered, done, "{answer:?} by the {org:?}");
    }
    tx.commit().await.expect("commit");

    // Within it, the firm grants its clerk one task until the end of March.
    let offered = within(&mandate, &grantable);
    assert_eq!(offered[0].tasks, BTreeSet::from([consult, send]));
    let form = ProcurationForm {
        name: "Consultation pour le Centre",
        starts_on: "",
        ends_on: "2027-03-31",
        agencies: BTreeMap::from([(saaq.id, Chosen::Tasks(BTreeSet::from([consult])))]),
    };
    let bounds = Bounds {
        today: TODAY,
        latest_end: Some((mandate.ends_on, Problem::BeyondMandate)),
    };
    let made = parse(ProcurationId::new(), firm.id, &form, &offered, bounds).expect("valid");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_within(&made, mandate.id, by)
        .await
        .expect("within");
    assert!(tx.assign(made.id, clerk.id, by).await.expect("assign"));
    tx.commit().await.expect("commit");
    let read = store.made_within(mandate.id).await.expect("within");
    assert_eq!(read.len(), 1);
    assert_eq!(
        read[0].link,
        Link::Within {
            mandate: mandate.id
        }
    );
    assert_eq!(
        store.derived_holders(mandate.id).await.expect("holders"),
        [DerivedHolder {
            person: clerk.id,
            procuration: made.id
        }]
    );
    for (org, held) in [(cfl.id, mandate.id), (firm.id, made.id)] {
        let counts = store.holder_counts(org).await.expect("counts");
        assert_eq!(
            counts,
            HashMap::from([(held, 1)]),
            "one holder, seen by each side"
        );
    }
    assert_eq!(
        store
            .procurations_ending(mandate.ends_on)
            .await
            .expect("ending"),
        std::slice::from_ref(&mandate),
        "held through what was made within"
    );

    // The clerk acts for the mandant, through two layers; never for the firm itself.
    let decided = |grants: &[_], org: OrgId, task| {
        let q = Question {
            org,
            agency: saaq.id,
            service: service.id,
            task,
            on: date!(2027 - 01 - 15),
        };
        let facts = Facts {
            code_active: true,
            code_expires_on: None,
            enrolled: true,
            task_of_service: true,
            contract: ContractFact::NotNeeded,
        };
        decide(&q, &facts, grants)
    };
    let grants = store
        .grants(clerk.id, cfl.id, saaq.id)
        .await
        .expect("grants");
    assert_eq!(grants.len(), 1);
    let layers: Vec<_> = grants[0].layers.iter().map(|l| l.access.clone()).collect();
    assert_eq!(
        layers,
        [
            Access::Tasks(BTreeSet::from([consult, send])),
            Access::Tasks(BTreeSet::from([consult]))
        ],
        "the mandant's layer first"
    );
    assert_eq!(
        decided(&grants, cfl.id, consult),
        Decision::Allowed {
            procuration: made.id,
            until: date!(2027 - 03 - 31)
        }
    );
    assert!(
        !decided(&grants, cfl.id, send).is_allowed(),
        "restricted within"
    );
    assert!(
        store
            .grants(clerk.id, firm.id, saaq.id)
            .await
            .expect("grants")
            .is_empty()
    );

    // The mandant shortens its procuration: what was made within ends with it.
    let mut tx = store.begin().await.expect("begin");
    assert!(
        tx.set_procuration_end(cfl.id, mandate.id, date!(2027 - 02 - 28))
            .await
            .expect("end")
    );
    tx.commit().await.expect("commit");
    let read = store
        .procuration(made.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(read.procuration.ends_on, date!(2027 - 02 - 28));

    // The firm ends it: the clerk's rights end at once; the mandant cannot renounce it.
    let mut tx = store.begin().await.expect("begin");
    assert!(
        !tx.renounce(cfl.id, mandate.id)
            .await
            .expect("not the mandataire")
    );
    assert!(tx.renounce(firm.id, mandate.id).await.expect("renounced"));
    tx.commit().await.expect("commit");
    assert!(
        store
            .grants(clerk.id, cfl.id, saaq.id)
            .await
            .expect("grants")
            .is_empty()
    );
    assert!(
        store
            .derived_holders(mandate.id)
            .await
            .expect("holders")
            .is_empty()
    );
    let read = store
        .procuration(made.id)
        .await
        .expect("read")
        .expect("found");
    assert!(read.withdrawn_at.is_some(), "withdrawn with its mandate");
    let mut tx = store.begin().await.expect("begin");
    assert!(
        !tx.answer_external(firm.id, mandate.id, Answer::Declined, by)
            .await
            .expect("answer"),
        "ended: nothing to answer"
    );
    tx.commit().await.expect("commit");
}
