//! External procurations (P6) over HTTP: the training centre entrusts a procuration to an
//! accounting firm found by its NEQ; the firm's officer accepts it, makes one within it (never
//! beyond it) and assigns it to a clerk, who may then act for the centre; the centre's officer
//! sees the clerk among those who hold rights derived from it, and ends it; each side is
//! emailed. Neither side reaches the other's pages; the firm may also end it itself.

mod common;

use common::{App, PASSWORD, Visitor, app, email_of, signed_in};
use mandat_core::credentials::Password;
use mandat_core::decision::{ContractFact, Facts, Question, decide};
use mandat_core::ids::{AgencyId, OrgId, PersonId, ProcurationId, ServiceId, TaskId};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_store::{AccountKind, Link, Member, NewAccount};
use mandat_testing::{self as support, enrolled};
use time::macros::date;

struct World {
    centre: OrgId,
    firm: OrgId,
    clerk: PersonId,
    saaq: AgencyId,
    service: ServiceId,
    consult: TaskId,
    send: TaskId,
}

/// The SAAQ offers « Permis » with two tasks; the centre is enrolled « Actif »; Bélanger
/// Comptables has a principal officer (`cabinet01`) and a clerk (`commis01`).
async fn world(app: &App) -> World {
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();
    let centre = app.store.organizations().await.expect("orgs")[0].clone();
    let firm = support::organization("1170000002", "Bélanger Comptables");
    let boss = support::person(firm.id, "Bélanger", "Karim", "100007");
    let clerk = support::person(firm.id, "Roy", "Julie", "100008");
    let hash = Password::candidate(PASSWORD)
        .and_then(|p| p.hash().ok())
        .expect("hash");
    let by = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read")
        .expect("officer")
        .id;
    let mut tx = app.store.begin().await.expect("begin");
    let (service, tasks) = enrolled::service(&mut tx, &saaq, &["CONSULTER", "TRANSMETTRE"]).await;
    enrolled::enroll(&mut tx, &centre, &saaq, by).await;
    tx.insert_organization(&firm).await.expect("firm");
    let principal = ProfileSet::from_choices(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    })
    .expect("profiles");
    for (p, profiles, code) in [
        (&boss, principal, "cabinet01"),
        (&clerk, ProfileSet::default(), "commis01"),
    ] {
        tx.insert_member(&Member {
            person: p.clone(),
            profiles,
            roles: vec![],
        })
        .await
        .expect("person");
        let kind = AccountKind::Member {
            person: p.id,
            org: firm.id,
        };
        tx.insert_account(&NewAccount {
            password_hash: hash.clone(),
            ..mandat_testing::account(kind, code)
        })
        .await
        .expect("account");
    }
    tx.commit().await.expect("commit");
    World {
        centre: centre.id,
        firm: firm.id,
        clerk: clerk.id,
        saaq: saaq.id,
        service: service.id,
        consult: tasks[0],
        send: tasks[1],
    }
}

/// The centre's officer entrusts « Tenue de livres » (the SAAQ without restriction, until
/// June 30, 2027) to the firm; its id.
async fn entrust(app: &App, w: &World, centre: &mut Visitor) -> ProcurationId {
    let access = format!("access-{}", w.saaq);
    let form = |action, neq| {
        vec![
            ("action", action),
            ("procuration-name", "Tenue de livres"),
            ("mandataire-neq", neq),
            ("ends-on", "2027-06-30"),
            (access.as_str(), "all"),
        ]
    };
    let path = "/administration/procurations/nouvelle/externe";
    let before = app.store.procurations_of(w.centre).await.expect("own");
    let (_, page) = centre.post(path, &form("transmit", "1170000002")).await;
    assert!(page.contains("La procuration est transmise"), "{page}");
    let now = app.store.procurations_of(w.centre).await.expect("own");
    now.iter()
        .map(|r| r.procuration.id)
        .find(|id| !before.iter().any(|r| r.procuration.id == *id))
        .expect("a new one")
}

#[tokio::test]
async fn a_firm_accepts_a_procuration_and_acts_for_its_client_within_it() {
    let app = app().await;
    let w = world(&app).await;
    let mut centre = signed_in(&app, "officier01").await;
    let (_, page) = centre.get("/administration/procurations/nouvelle").await;
    assert!(page.contains(r#"href="/administration/procurations/nouvelle/externe""#));

    // The mandataire is found by its NEQ: another organization registered in Mandat.
    let access = format!("access-{}", w.saaq);
    let path = "/administration/procurations/nouvelle/externe";
    for (neq, says) in [
        ("117", "doit compter exactement 10 chiffres"),
        (
            "1999999999",
            "Aucune organisation inscrite dans Mandat ne porte ce NEQ.",
        ),
        ("1160000001", "Ce NEQ est celui de votre organisation"),
    ] {
        let form = [
            ("action", "continue"),
            ("procuration-name", "Tenue de livres"),
            ("mandataire-neq", neq),
            ("ends-on", "2027-06-30"),
            (access.as_str(), "all"),
        ];
        let (_, page) = centre.post(path, &form).await;
        assert!(page.contains(says), "{neq}: {page}");
        assert!(page.contains(r#"id="mandataire-neq-error""#), "{page}");
    }
    let form = [
        ("action", "continue"),
        ("procuration-name", "Tenue de livres"),
        ("mandataire-neq", "1170000002"),
        ("ends-on", "2027-06-30"),
        (access.as_str(), "all"),
    ];
    let (_, page) = centre.post(path, &form).await;
    assert!(
        page.contains("Bélanger Comptables (NEQ 1170000002)"),
        "{page}"
    );
    assert!(
        app.store
            .procurations_of(w.centre)
            .await
            .expect("own")
            .is_empty(),
        "nothing before « Transmettre »"
    );
    let id = entrust(&app, &w, &mut centre).await;
    let record = app
        .store
        .procuration(id)
        .await
        .expect("read")
        .expect("found");
    assert!(matches!(record.link, Link::External { mandataire, .. } if mandataire == w.firm));
    let offered = app
        .bodies(&email_of("membre01"), "external-procuration")
        .await;
    assert!(offered[0].contains("Centre de formation des Laurentides confie à votre organisation"));
    assert!(offered[0].contains(&format!("/administration/procurations/recues/{id}")));
    let mine = format!("/administration/procurations/{id}");
    let (_, page) = centre.get(&mine).await;
    assert!(
        page.contains("Confiée à Bélanger Comptables") && page.contains("En attente de réponse")
    );
    assert!(
        !page.contains("/assigner"),
        "the mandataire assigns it: {page}"
    );
    let (status, _) = centre.status(false, &format!("{mine}/assigner")).await;
    assert_eq!(status, 404);

    // The firm's officer sees it, cannot make anything within it before accepting, accepts.
    let mut firm = signed_in(&app, "cabinet01").await;
    let theirs = format!("/administration/procurations/recues/{id}");
    let (_, page) = firm.get("/administration/procurations").await;
    assert!(page.contains(&theirs) && page.contains("Centre de formation des Laurentides"));
    let (status, _) = firm.status(false, &format!("{theirs}/nouvelle")).await;
    assert_eq!(status, 404, "not accepted yet");
    let (status, _) = firm.status(false, &mine).await;
    assert_eq!(status, 404, "the mandant's page");
    let (status, _) = centre.status(false, &theirs).await;
    assert_eq!(status, 404, "the mandataire's page");
    let (_, page) = firm
        .post(&format!("{theirs}/reponse"), &[("action", "accept")])
        .await;
    assert!(page.contains("La procuration est acceptée"), "{page}");
    firm.post(&format!("{theirs}/reponse"), &[("action", "decline")])
        .await;
    let record = app
        .store
        .procuration(id)
        .await
        .expect("read")
        .expect("found");
    assert!(
        matches!(
            record.link,
            Link::External {
                answer: mandat_core::external::Answer::Accepted,
                ..
            }
        ),
        "answered once"
    );
    let answered = app
        .bodies(&email_of("membre01"), "external-procuration")
        .await;
    assert_eq!(answered.len(), 2);
    assert!(
        answered[1].contains("Bélanger Comptables a accepté la procuration « Tenue de livres »")
    );

    // Within it: never past its end; then assigned to the clerk.
    let tasks = format!("tasks-{}", w.saaq);
    let consult = w.consult.to_string();
    let within = |ends| {
        vec![
            ("procuration-name", "Consultation pour le Centre"),
            ("ends-on", ends),
            (access.as_str(), "some"),
            (tasks.as_str(), consult.as_str()),
        ]
    };
    let (_, page) = firm.get(&format!("{theirs}/nouvelle")).await;
    assert!(
        page.contains("Au plus tard le 30 juin 2027, dernier jour de la procuration du mandant."),
        "{page}"
    );
    let mut form = within("2027-07-31");
    form.push(("action", "continue"));
    let (_, page) = firm.post(&format!("{theirs}/nouvelle"), &form).await;
    assert!(
        page.contains("dépasse celle de la procuration que le mandant vous a confiée"),
        "{page}"
    );
    let mut form = within("2027-03-31");
    form.push(("action", "transmit"));
    let (at, page) = firm.post(&format!("{theirs}/nouvelle"), &form).await;
    assert!(
        page.contains("Pour le compte de Centre de formation des Laurentides"),
        "{page}"
    );
    let made = at.trim_end_matches("?fait=creee").to_string();
    let clerk = w.clerk.to_string();
    let (_, page) = firm
        .post(
            &format!("{made}/assigner"),
            &[("users", clerk.as_str()), ("action", "transmit")],
        )
        .await;
    assert!(page.contains("Julie Roy"), "{page}");
    let (_, page) = firm
        .get(&format!("/administration/droits/{}", w.clerk))
        .await;
    assert!(
        page.contains(
            "Consultation pour le Centre (Pour le compte de Centre de formation des Laurentides)"
        ),
        "the clerk's rights say for whom: {page}"
    );
    let (_, checked) = firm
        .get(&format!(
            "/administration/droits/{}?check-task={}&check-org={}&check-day=2027-01-15",
            w.clerk, w.consult, w.centre
        ))
        .await;
    assert!(
        checked.contains("Autorisé : Julie Roy peut accomplir cette tâche pour Centre de formation des Laurentides"),
        "the firm checks its clerk for its client: {checked}"
    );
    let granted = app.bodies(&email_of("membre01"), "rights-granted").await;
    assert!(
        granted
            .last()
            .expect("granted")
            .contains("pour agir au nom de Centre de formation des Laurentides")
    );

    // The clerk acts for the centre, within both procurations; never for the firm.
    let facts = Facts {
        code_active: true,
        code_expires_on: None,
        enrolled: true,
        task_of_service: true,
        contract: ContractFact::NotNeeded,
    };
    let asks = |task| Question {
        org: w.centre,
        agency: w.saaq,
        service: w.service,
        task,
        on: date!(2027 - 01 - 15),
    };
    let grants = app
        .store
        .grants(w.clerk, w.centre, w.saaq)
        .await
        .expect("grants");
    assert!(decide(&asks(w.consult), &facts, &grants).is_allowed());
    assert!(
        !decide(&asks(w.send), &facts, &grants).is_allowed(),
        "restricted within"
    );
    assert!(
        app.store
            .grants(w.clerk, w.firm, w.saaq)
            .await
            .expect("grants")
            .is_empty()
    );

    // The centre shortens it: the clerk's rights end with it, and she is told.
    let (_, page) = centre
        .post(&format!("{mine}/fin"), &[("ends-on", "2027-02-28")])
        .await;
    assert!(
        page.contains("La date de fin de la procuration est changée."),
        "{page}"
    );
    let shortened = app
        .bodies(&email_of("membre01"), "rights-end-changed")
        .await;
    assert!(
        shortened.last().expect("told").contains(
            "« Consultation pour le Centre », qui vous accorde des droits d'accès pour agir au \
             nom de Centre de formation des Laurentides, a changé : ces droits prennent \
             maintenant fin le 28 février 2027"
        ),
        "{shortened:?}"
    );
    let made_id = made.trim_start_matches("/administration/procurations/");
    let made_record = app
        .store
        .procuration(made_id.parse().expect("id"))
        .await
        .expect("read")
        .expect("found");
    assert_eq!(made_record.procuration.ends_on, date!(2027 - 02 - 28));

    // The centre sees who holds rights derived from it, and withdraws it: they end at once.
    let (_, page) = centre.get(&mine).await;
    assert!(
        page.contains("<td>Julie Roy</td><td>Consultation pour le Centre</td>"),
        "{page}"
    );
    let (_, page) = centre.post(&format!("{mine}/retirer"), &[]).await;
    assert!(page.contains("<dd>Retirée</dd>"), "{page}");
    assert!(
        app.store
            .grants(w.clerk, w.centre, w.saaq)
            .await
            .expect("grants")
            .is_empty()
    );
    let withdrawn = app.bodies(&email_of("membre01"), "rights-withdrawn").await;
    assert!(withdrawn[0].contains("pour agir au nom de Centre de formation des Laurentides"));
    let told = app
        .bodies(&email_of("membre01"), "external-procuration")
        .await;
    assert!(
        told.last()
            .expect("told")
            .contains("Centre de formation des Laurentides a retiré la procuration")
    );
    let (_, page) = firm.get(&theirs).await;
    assert!(
        page.contains("<dd>Retirée</dd>") && !page.contains("/renoncer"),
        "{page}"
    );
}

#[tokio::test]
async fn the_firm_declines_or_ends_a_procuration_and_the_centre_is_told() {
    let app = app().await;
    let w = world(&app).await;
    let mut centre = signed_in(&app, "officier01").await;
    let mut firm = signed_in(&app, "cabinet01").await;

    let declined = entrust(&app, &w, &mut centre).await;
    let theirs = format!("/administration/procurations/recues/{declined}");
    let (_, page) = firm
        .post(&format!("{theirs}/reponse"), &[("action", "decline")])
        .await;
    assert!(page.contains("La procuration est refusée") && page.contains("<dd>Refusée</dd>"));
    let (status, _) = firm.status(false, &format!("{theirs}/nouvelle")).await;
    assert_eq!(status, 404, "declined");
    let (_, page) = centre
        .get(&format!("/administration/procurations/{declined}"))
        .await;
    assert!(page.contains("<dd>Refusée</dd>"), "{page}");

    let ended = entrust(&app, &w, &mut centre).await;
    let theirs = format!("/administration/procurations/recues/{ended}");
    firm.post(&format!("{theirs}/reponse"), &[("action", "accept")])
        .await;
    let (_, page) = firm.post(&format!("{theirs}/renoncer"), &[]).await;
    assert!(page.contains("Il est mis fin à la procuration"), "{page}");
    let record = app
        .store
        .procuration(ended)
        .await
        .expect("read")
        .expect("found");
    assert!(record.withdrawn_at.is_some());
    let told = app
        .bodies(&email_of("membre01"), "external-procuration")
        .await;
    assert!(
        told.iter()
            .any(|m| m.contains("Bélanger Comptables a refusé la procuration"))
    );
    assert!(
        told.last()
            .expect("told")
            .contains("Bélanger Comptables a mis fin à la procuration")
    );
    for action in [
        "external-procuration-declined",
        "external-procuration-accepted",
        "external-procuration-renounced",
    ] {
        let audit = app.store.audit_of_action(action).await.expect("audit");
        assert_eq!(audit.len(), 1, "{action}");
    }
}
