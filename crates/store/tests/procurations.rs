//! Procurations (P1–P5) on SQLite and on PostgreSQL: the agencies an organization may grant,
//! a procuration read back as written, assigned, read by the decision as a grant, and ended at
//! once when withdrawn.

use std::collections::{BTreeMap, BTreeSet};

use mandat_core::agency::OnlineService;
use mandat_core::contract::{Contract, ContractKind};
use mandat_core::decision::{ContractFact, Decision, Facts, Question, decide};
use mandat_core::ids::{ContractId, ProcurationId, ServiceId};
use mandat_core::procuration::{Bounds, Chosen, ProcurationForm, parse};
use mandat_testing::{self as support, Db, conformance, enrolled};
use time::macros::date;

conformance!(a_procuration_is_granted_assigned_decided_and_withdrawn);

async fn a_procuration_is_granted_assigned_decided_and_withdrawn(db: Db) {
    let store = db.store().await;
    let saaq = support::agency("SAAQ");
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let person = support::person(cfl.id, "Côté", "Marc", "100005");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_organization(&cfl).await.expect("org");
    let (service, tasks) = enrolled::service(&mut tx, &saaq, &["CONSULTER", "TRANSMETTRE"]).await;
    let (consult, send) = (tasks[0], tasks[1]);
    enrolled::member(&mut tx, &person).await;
    let officer = enrolled::actor(&mut tx, "central01").await;
    tx.commit().await.expect("commit");
    assert!(
        store.grantable(cfl.id).await.expect("grantable").is_empty(),
        "not enrolled"
    );

    let mut tx = store.begin().await.expect("begin");
    enrolled::enroll(&mut tx, &cfl, &saaq, officer).await;
    tx.commit().await.expect("commit");
    let grantable = store.grantable(cfl.id).await.expect("grantable");
    assert_eq!(grantable.len(), 1);
    assert_eq!(grantable[0].tasks, BTreeSet::from([consult, send]));

    let form = ProcurationForm {
        name: "Consultation des permis",
        starts_on: "2026-12-01",
        ends_on: "2027-03-31",
        agencies: BTreeMap::from([(saaq.id, Chosen::Tasks(BTreeSet::from([consult])))]),
    };
    let bounds = Bounds {
        today: date!(2026 - 11 - 29),
        latest_end: None,
    };
    let p = parse(ProcurationId::new(), cfl.id, &form, &grantable, bounds).expect("valid");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_procuration(&p, officer)
        .await
        .expect("procuration");
    assert!(tx.assign(p.id, person.id, officer).await.expect("assigned"));
    assert!(
        !tx.assign(p.id, person.id, officer).await.expect("again"),
        "held already: nothing changes"
    );
    tx.commit().await.expect("commit");

    let read = store.procuration(p.id).await.expect("read").expect("found");
    assert_eq!(
        (read.procuration.clone(), read.withdrawn_at),
        (p.clone(), None)
    );
    assert_eq!(
        store.procurations_of(cfl.id).await.expect("list"),
        std::slice::from_ref(&read)
    );
    assert_eq!(store.holders(p.id).await.expect("holders"), [person.id]);
    assert_eq!(store.rights_of(person.id).await.expect("rights"), [read]);

    let question = |task, on| Question {
        org: cfl.id,
        agency: saaq.id,
        service: service.id,
        task,
        on,
    };
    let facts = Facts {
        code_active: true,
        code_expires_on: None,
        enrolled: true,
        task_of_service: true,
        contract: ContractFact::NotNeeded,
    };
    let decided = |grants: &[_], task, on| decide(&question(task, on), &facts, grants);
    let grants = store
        .grants(person.id, cfl.id, saaq.id)
        .await
        .expect("grants");
    // What the store reads for the decision: Marc has no user code yet; the task is the
    // service's; the organization is « Actif ».
    let (read, read_grants) = store
        .decision_inputs(person.id, &question(consult, date!(2027 - 01 - 15)))
        .await
        .expect("inputs");
    assert_eq!(read_grants, grants);
    assert_eq!(
        read,
        Facts {
            code_active: false,
            ..facts
        }
    );
    let elsewhere = Question {
        service: ServiceId::new(),
        ..question(consult, date!(2027 - 01 - 15))
    };
    let (read, _) = store
        .decision_inputs(person.id, &elsewhere)
        .await
        .expect("inputs");
    assert!(!read.task_of_service, "not the service's task");

    // M9: a service that needs a billing contract; the organization has one from December.
    let billed = OnlineService {
        contract: Some(ContractKind::Billing),
        ..service.clone()
    };
    let mut tx = store.begin().await.expect("begin");
    tx.update_service(&billed).await.expect("billed");
    tx.insert_contract(&Contract {
        id: ContractId::new(),
        agency_id: saaq.id,
        org_id: cfl.id,
        kind: ContractKind::Billing,
        starts_on: date!(2026 - 12 - 01),
        ends_on: date!(2027 - 11 - 30),
    })
    .await
    .expect("contract");
    tx.commit().await.expect("commit");
    for (on, fact) in [
        (date!(2027 - 01 - 15), ContractFact::InForce),
        (date!(2026 - 11 - 30), ContractFact::Missing),
    ] {
        let (read, _) = store
            .decision_inputs(person.id, &question(consult, on))
            .await
            .expect("inputs");
        assert_eq!(read.contract, fact, "{on}");
    }
    let mut tx = store.begin().await.expect("begin");
    tx.update_service(&service).await.expect("free again");
    tx.commit().await.expect("commit");
    assert_eq!(
        decided(&grants, consult, date!(2027 - 01 - 15)),
        Decision::Allowed {
            procuration: p.id,
            until: date!(2027 - 03 - 31)
        }
    );
    assert!(
        !decided(&grants, send, date!(2027 - 01 - 15)).is_allowed(),
        "restricted"
    );
    assert!(
        !decided(&grants, consult, date!(2026 - 11 - 30)).is_allowed(),
        "not started"
    );
    assert!(
        !decided(&grants, consult, date!(2027 - 04 - 01)).is_allowed(),
        "ended"
    );

    let mut tx = store.begin().await.expect("begin");
    assert!(
        tx.withdraw_assignment(p.id, person.id)
            .await
            .expect("withdrawn")
    );
    assert!(!tx.withdraw_assignment(p.id, person.id).await.expect("once"));
    tx.commit().await.expect("commit");
    assert!(
        store
            .grants(person.id, cfl.id, saaq.id)
            .await
            .expect("grants")
            .is_empty()
    );

    let mut tx = store.begin().await.expect("begin");
    tx.assign(p.id, person.id, officer)
        .await
        .expect("assigned again");
    assert!(
        !tx.withdraw_procuration(support::organization("1170000002", "Ailleurs").id, p.id)
            .await
            .expect("other org")
    );
    assert!(
        tx.withdraw_procuration(cfl.id, p.id)
            .await
            .expect("withdrawn")
    );
    tx.commit().await.expect("commit");
    assert!(
        store
            .grants(person.id, cfl.id, saaq.id)
            .await
            .expect("grants")
            .is_empty()
    );
    assert!(store.holders(p.id).await.expect("holders").is_empty());
    assert!(store.rights_of(person.id).await.expect("rights").is_empty());
    let read = store.procuration(p.id).await.expect("read").expect("found");
    assert!(read.withdrawn_at.is_some(), "kept for the history");
}
