//! Procurations (P1–P5) on SQLite and on PostgreSQL: the agencies an organization may grant,
//! a procuration read back as written, assigned, read by the decision as a grant, and ended at
//! once when withdrawn.

use std::collections::{BTreeMap, BTreeSet};

use mandat_core::Field;
use mandat_core::agency::{Code, Localized, OnlineService, Task};
use mandat_core::contact::Email;
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::decision::{ContractFact, Decision, Facts, Question, decide};
use mandat_core::enrollment_request::{Content, Draft};
use mandat_core::ids::{AccountId, EnrollmentId, ProcurationId, ServiceId, TaskId};
use mandat_core::procuration::{Bounds, Chosen, ProcurationForm, parse};
use mandat_store::{AccountKind, Member, NewAccount};
use mandat_testing::{self as support, Db, conformance};
use time::macros::date;

conformance!(a_procuration_is_granted_assigned_decided_and_withdrawn);

fn both(fr: &str) -> Localized {
    Localized {
        fr: fr.into(),
        en: fr.into(),
    }
}

async fn a_procuration_is_granted_assigned_decided_and_withdrawn(db: Db) {
    let store = db.store().await;
    let saaq = support::agency("SAAQ");
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let person = support::person(cfl.id, "Côté", "Marc", "100005");
    let service = OnlineService {
        id: ServiceId::new(),
        agency_id: saaq.id,
        code: Code::parse(Field::ServiceCode, "PERMIS").expect("code"),
        name: both("Permis"),
        description: both("Permis de conduire"),
    };
    let (consult, send) = (TaskId::new(), TaskId::new());
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_organization(&cfl).await.expect("org");
    tx.insert_service(&service).await.expect("service");
    for (id, code) in [(consult, "CONSULTER"), (send, "TRANSMETTRE")] {
        let task = Task {
            id,
            service_id: service.id,
            code: Code::parse(Field::TaskCode, code).expect("code"),
            name: both(code),
        };
        tx.insert_task(&task).await.expect("task");
    }
    tx.insert_member(&Member {
        person: person.clone(),
        profiles: Default::default(),
        roles: vec![],
    })
    .await
    .expect("person");
    let officer = AccountId::new();
    tx.insert_account(&NewAccount {
        id: officer,
        kind: AccountKind::Central,
        identity: Some((
            "Agent".into(),
            Email::parse(Field::Email, "c@exemple.qc.ca").expect("email"),
        )),
        user_code: UserCode::from_stored("central01".into()),
        password_hash: PasswordHash::from_stored("$argon2id$x".into()),
        password_temporary: false,
        expires_on: None,
    })
    .await
    .expect("account");
    tx.commit().await.expect("commit");
    assert!(
        store.grantable(cfl.id).await.expect("grantable").is_empty(),
        "not enrolled"
    );

    let mut tx = store.begin().await.expect("begin");
    let content = Content {
        services: vec![],
        agency_file: String::new(),
        organization: Draft::prefilled(&cfl)
            .check_organization(&cfl)
            .expect("org"),
        answers: vec![],
    };
    let enrollment = EnrollmentId::new();
    tx.insert_enrollment(enrollment, cfl.id, saaq.id, officer, &content)
        .await
        .expect("enrollment");
    tx.set_enrollment_state(saaq.id, enrollment, "ACTIF", "", officer)
        .await
        .expect("actif");
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
    assert_eq!(store.procurations_of(cfl.id).await.expect("list"), [read]);
    assert_eq!(store.holders(p.id).await.expect("holders"), [person.id]);
    assert_eq!(
        store.rights_of(person.id).await.expect("rights"),
        std::slice::from_ref(&p)
    );

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
