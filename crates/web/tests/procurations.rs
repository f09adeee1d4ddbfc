//! « Gestion des droits d'accès » (P2, P3, P5) over HTTP: an officer grants a user restricted
//! access to an agency where the organization is enrolled « Actif », within the user's code's
//! validity, after a summary; the decision then allows the granted task only; the officer
//! withdraws it and the rights end at once. The user is emailed each time.

mod common;

use common::{App, Visitor, app, email_of};
use mandat_core::Field;
use mandat_core::agency::{Code, Localized, OnlineService, Task};
use mandat_core::decision::{ContractFact, Facts, Question, decide};
use mandat_core::enrollment_request::{Content, Draft};
use mandat_core::ids::{AgencyId, EnrollmentId, ServiceId, TaskId};
use time::macros::date;

struct World {
    saaq: AgencyId,
    service: ServiceId,
    consult: TaskId,
    send: TaskId,
}

fn both(text: &str) -> Localized {
    Localized {
        fr: text.into(),
        en: text.into(),
    }
}

/// The SAAQ offers « Permis » with two tasks, and the organization is enrolled « Actif ».
async fn world(app: &App) -> World {
    let saaq = app.store.agencies().await.expect("agencies")[0].id;
    let org = app.store.organizations().await.expect("orgs")[0].clone();
    let officer = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read")
        .expect("officer")
        .id;
    let service = OnlineService {
        id: ServiceId::new(),
        agency_id: saaq,
        code: Code::parse(Field::ServiceCode, "PERMIS").expect("code"),
        name: both("Permis"),
        description: both("Permis de conduire"),
        contract: None,
    };
    let (consult, send) = (TaskId::new(), TaskId::new());
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_service(&service).await.expect("service");
    for (id, code, name) in [
        (consult, "CONSULTER", "Consulter"),
        (send, "TRANSMETTRE", "Transmettre"),
    ] {
        let task = Task {
            id,
            service_id: service.id,
            code: Code::parse(Field::TaskCode, code).expect("code"),
            name: both(name),
        };
        tx.insert_task(&task).await.expect("task");
    }
    let content = Content {
        services: vec![],
        agency_file: String::new(),
        organization: Draft::prefilled(&org)
            .check_organization(&org)
            .expect("org"),
        answers: vec![],
    };
    let id = EnrollmentId::new();
    tx.insert_enrollment(id, org.id, saaq, officer, &content)
        .await
        .expect("enrollment");
    tx.set_enrollment_state(saaq, id, "ACTIF", "", officer)
        .await
        .expect("actif");
    tx.commit().await.expect("commit");
    World {
        saaq,
        service: service.id,
        consult,
        send,
    }
}

#[tokio::test]
async fn an_officer_grants_restricted_rights_after_a_summary_and_withdraws_them() {
    let app = app().await;
    let w = world(&app).await;
    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", &email_of("officier01"))
        .await;
    let (_, page) = officer.get("/administration/droits").await;
    let person = format!("/administration/droits/{}", app.member);
    assert!(
        page.contains(&format!(r#"href="{person}">Marc Côté</a>"#)),
        "{page}"
    );
    let (_, file) = officer
        .get(&format!("/administration/securite/{}", app.member))
        .await;
    assert!(
        file.contains(&format!(r#"href="{person}""#)),
        "from the person's file: {file}"
    );
    let (_, page) = officer.get(&person).await;
    assert!(
        page.contains("Cet utilisateur ne détient aucun droit d'accès."),
        "{page}"
    );
    assert!(page.contains("Organisme SAAQ") && page.contains("Permis : Consulter"));

    let access = format!("access-{}", w.saaq);
    let tasks = format!("tasks-{}", w.saaq);
    let (_, page) = officer.post(&person, &[("action", "continue")]).await;
    assert!(page.contains(r#"id="ends-on-error""#), "{page}");
    assert!(page.contains("Le champ « Ministères et organismes visés » est obligatoire."));
    let (_, page) = officer
        .post(
            &person,
            &[
                ("action", "continue"),
                ("ends-on", "2027-03-31"),
                (&access, "some"),
            ],
        )
        .await;
    assert!(
        page.contains("Le champ « Tâches permises » est obligatoire."),
        "{page}"
    );

    // Within the code's validity, or the page says why not.
    let account = app
        .store
        .account_of_person(app.member)
        .await
        .expect("read")
        .expect("account");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_expiry(account.id, date!(2027 - 02 - 28))
        .await
        .expect("expiry");
    tx.commit().await.expect("commit");
    let consult = w.consult.to_string();
    let chosen = [
        ("ends-on", "2027-03-31"),
        (access.as_str(), "some"),
        (tasks.as_str(), consult.as_str()),
    ];
    let with = |action: &'static str| {
        let mut form = vec![("action", action)];
        form.extend_from_slice(&chosen);
        form
    };
    let (_, page) = officer.post(&person, &with("continue")).await;
    assert!(
        page.contains("dépasse la validité du code d'utilisateur"),
        "{page}"
    );
    assert!(page.contains("Au plus tard le 28 février 2027"), "{page}");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_expiry(account.id, date!(2027 - 11 - 30))
        .await
        .expect("expiry");
    tx.commit().await.expect("commit");

    let (_, page) = officer.post(&person, &with("continue")).await;
    assert!(page.contains("Résumé de la procuration"), "{page}");
    assert!(
        page.contains("accès avec restriction : Permis : Consulter"),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"name="{tasks}" value="{consult}""#)),
        "kept: {page}"
    );
    assert!(
        app.store
            .rights_of(app.member)
            .await
            .expect("rights")
            .is_empty(),
        "not yet"
    );
    let (at, page) = officer.post(&person, &with("transmit")).await;
    assert_eq!(at, person);
    assert!(page.contains("La procuration est transmise"), "{page}");
    assert!(page.contains("31 mars 2027"));
    let granted = app.bodies(&email_of("membre01"), "rights-granted").await;
    assert_eq!(granted.len(), 1);
    assert!(granted[0].contains("accès avec restriction : Permis : Consulter"));

    let org = app.store.organizations().await.expect("orgs")[0].id;
    let facts = Facts {
        code_active: true,
        code_expires_on: Some(date!(2027 - 11 - 30)),
        enrolled: true,
        task_of_service: true,
        contract: ContractFact::NotNeeded,
    };
    let asks = |task| Question {
        org,
        agency: w.saaq,
        service: w.service,
        task,
        on: date!(2027 - 01 - 15),
    };
    let grants = app
        .store
        .grants(app.member, org, w.saaq)
        .await
        .expect("grants");
    assert!(decide(&asks(w.consult), &facts, &grants).is_allowed());
    assert!(
        !decide(&asks(w.send), &facts, &grants).is_allowed(),
        "restricted"
    );

    assert!(page.contains("<td>En vigueur</td>"), "{page}");

    // « Vérifier un accès » asks the same decision, and says why not.
    let ask = |task: TaskId, day: &str| {
        format!("{person}?check-task={task}&check-org={org}&check-day={day}")
    };
    let (_, checked) = officer.get(&ask(w.consult, "2027-01-15")).await;
    assert!(
        checked.contains("Autorisé : Marc Côté peut accomplir cette tâche pour Centre de formation des Laurentides le 15 janvier 2027"),
        "{checked}"
    );
    let (_, checked) = officer.get(&ask(w.send, "2027-01-15")).await;
    assert!(
        checked.contains("Refusé : Marc Côté ne peut pas accomplir cette tâche")
            && checked.contains("elle ne permet pas cette tâche"),
        "{checked}"
    );
    let (_, checked) = officer.get(&ask(w.consult, "2027-04-01")).await;
    assert!(
        checked.contains("elle a pris fin le 31 mars 2027"),
        "{checked}"
    );
    let (_, checked) = officer
        .get(&format!("{person}?check-task=inconnue&check-org={org}"))
        .await;
    assert!(checked.contains(r#"id="check-task-error""#), "{checked}");

    // On a moved clock, the right ends after its last day and stays listed.
    let ended = date!(2027 - 04 - 01);
    app.clock.set(time::macros::datetime!(2027-04-01 14:00 UTC));
    let mut later = Visitor::new(&app);
    later
        .sign_in(&app, "officier01", &email_of("officier01"))
        .await;
    let (_, page) = later.get(&person).await;
    assert!(page.contains("<td>Terminée</td>"), "{page}");
    let asks_after = Question {
        on: ended,
        ..asks(w.consult)
    };
    assert!(
        !decide(&asks_after, &facts, &grants).is_allowed(),
        "ended at its end date"
    );
    app.clock.set(time::macros::datetime!(2026-11-23 14:00 UTC));

    let p = app.store.rights_of(app.member).await.expect("rights")[0]
        .procuration
        .id;
    let (_, page) = officer.post(&format!("{person}/retirer/{p}"), &[]).await;
    assert!(page.contains("Les droits d'accès sont retirés"), "{page}");
    assert!(page.contains("Cet utilisateur ne détient aucun droit d'accès."));
    let grants = app
        .store
        .grants(app.member, org, w.saaq)
        .await
        .expect("grants");
    assert!(
        !decide(&asks(w.consult), &facts, &grants).is_allowed(),
        "ended at once"
    );
    assert_eq!(
        app.bodies(&email_of("membre01"), "rights-withdrawn")
            .await
            .len(),
        1
    );
    for action in ["rights-granted", "rights-withdrawn"] {
        let audit = app.store.audit_of_action(action).await.expect("audit");
        assert_eq!(audit.len(), 1, "{action}");
    }
}

#[tokio::test]
async fn rights_are_granted_only_where_the_organization_is_enrolled_and_to_its_own_users() {
    let app = app().await;
    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", &email_of("officier01"))
        .await;
    let person = format!("/administration/droits/{}", app.member);
    let (_, page) = officer.get(&person).await;
    assert!(
        page.contains("inscrite à l'état « Actif » auprès d'aucun"),
        "{page}"
    );
    let saaq = app.store.agencies().await.expect("agencies")[0].id;
    let access = format!("access-{saaq}");
    let (_, page) = officer
        .post(
            &person,
            &[
                ("action", "continue"),
                ("ends-on", "2027-03-31"),
                (&access, "all"),
            ],
        )
        .await;
    assert!(
        page.contains("n'est pas inscrite à l'état « Actif »"),
        "forged: {page}"
    );
    let stranger = format!(
        "/administration/droits/{}",
        mandat_core::ids::PersonId::new()
    );
    assert_eq!(officer.status(false, &stranger).await.0, 404);
}

#[tokio::test]
async fn a_procuration_is_created_assigned_to_several_and_withdrawn_for_one_then_all() {
    let app = app().await;
    let w = world(&app).await;
    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", &email_of("officier01"))
        .await;
    let (_, page) = officer.get("/administration/procurations").await;
    assert!(
        page.contains("Votre organisation n'a créé aucune procuration."),
        "{page}"
    );
    let (_, page) = officer.get("/administration/procurations/nouvelle").await;
    assert!(page.contains(r#"href="/administration/procurations/nouvelle/interne""#));
    let new = "/administration/procurations/nouvelle/interne";
    let access = format!("access-{}", w.saaq);
    let (_, page) = officer
        .post(
            new,
            &[
                ("action", "continue"),
                ("ends-on", "2027-03-31"),
                (&access, "all"),
            ],
        )
        .await;
    assert!(page.contains(r#"id="procuration-name-error""#), "{page}");
    let typed = [
        ("procuration-name", "Comptabilité"),
        ("ends-on", "2027-03-31"),
        (access.as_str(), "all"),
    ];
    let with = |action: &'static str| {
        let mut form = vec![("action", action)];
        form.extend_from_slice(&typed);
        form
    };
    let (_, page) = officer.post(new, &with("continue")).await;
    assert!(page.contains("Résumé de la procuration") && page.contains("accès sans restriction"));
    let (at, page) = officer.post(new, &with("transmit")).await;
    assert!(page.contains("La procuration est créée."), "{page}");
    let p = app
        .store
        .procurations_of(app.store.organizations().await.expect("orgs")[0].id)
        .await
        .expect("list")[0]
        .procuration
        .clone();
    assert_eq!(at, format!("/administration/procurations/{}", p.id));

    // Assigned to two users; one whose code ends before it is named and refused first.
    let assign = format!("{at}/assigner");
    let officer_person = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read")
        .expect("officer")
        .kind
        .person()
        .expect("person");
    let account = app
        .store
        .account_of_person(app.member)
        .await
        .expect("read")
        .expect("account");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_expiry(account.id, date!(2027 - 02 - 28))
        .await
        .expect("expiry");
    tx.commit().await.expect("commit");
    let (member, chantal) = (app.member.to_string(), officer_person.to_string());
    let both_users = |action: &'static str| {
        vec![
            ("action", action),
            ("users", member.as_str()),
            ("users", chantal.as_str()),
        ]
    };
    let (_, page) = officer.post(&assign, &[("action", "continue")]).await;
    assert!(page.contains(r#"id="users-error""#), "{page}");
    let (_, page) = officer.post(&assign, &both_users("continue")).await;
    assert!(
        page.contains("validité du code d'utilisateur de : Marc Côté"),
        "{page}"
    );
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_expiry(account.id, date!(2027 - 11 - 30))
        .await
        .expect("expiry");
    tx.commit().await.expect("commit");
    let (_, page) = officer.post(&assign, &both_users("continue")).await;
    assert!(page.contains("Résumé des accès"), "{page}");
    let (_, page) = officer.post(&assign, &both_users("transmit")).await;
    assert!(page.contains("La procuration est assignée"), "{page}");
    assert_eq!(app.store.holders(p.id).await.expect("holders").len(), 2);
    assert_eq!(
        app.bodies(&email_of("membre01"), "rights-granted")
            .await
            .len(),
        2,
        "both share the address"
    );

    // Its end moves within every holder's code's validity.
    let end = format!("{at}/fin");
    let (_, page) = officer.post(&end, &[("ends-on", "2027-12-31")]).await;
    assert!(
        page.contains("validité du code d'utilisateur de : Marc Côté"),
        "{page}"
    );
    let (_, page) = officer.post(&end, &[("ends-on", "2026-01-01")]).await;
    assert!(page.contains(r#"id="ends-on-error""#), "past: {page}");
    let (_, page) = officer.post(&end, &[("ends-on", "2027-06-30")]).await;
    assert!(
        page.contains("La date de fin de la procuration est changée."),
        "{page}"
    );
    let moved = app
        .store
        .procuration(p.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(moved.procuration.ends_on, date!(2027 - 06 - 30));
    let told = app
        .bodies(&email_of("membre01"), "rights-end-changed")
        .await;
    assert_eq!(told.len(), 2, "each holder is told");
    assert!(
        told[0].contains("ces droits prennent maintenant fin le 30 juin 2027"),
        "{}",
        told[0]
    );

    let org = p.org;
    let holds = |person| {
        let store = app.store.clone();
        async move {
            !store
                .grants(person, org, w.saaq)
                .await
                .expect("grants")
                .is_empty()
        }
    };
    let (_, page) = officer.post(&format!("{at}/retirer/{member}"), &[]).await;
    assert!(
        page.contains("Les droits de cet utilisateur sont retirés"),
        "{page}"
    );
    assert!(!holds(app.member).await && holds(officer_person).await);
    let (_, page) = officer.post(&format!("{at}/retirer"), &[]).await;
    assert!(page.contains("La procuration est retirée"), "{page}");
    assert!(
        !holds(officer_person).await,
        "ended at once for every holder"
    );
    assert_eq!(
        app.bodies(&email_of("membre01"), "rights-withdrawn")
            .await
            .len(),
        2
    );
    let (_, page) = officer.get("/administration/procurations").await;
    assert!(
        page.contains("Comptabilité</a></td>") && page.contains("<td>Retirée</td>"),
        "kept in the history: {page}"
    );
    assert_eq!(
        officer.status(false, &assign).await.0,
        404,
        "no assigning a withdrawn one"
    );
}
