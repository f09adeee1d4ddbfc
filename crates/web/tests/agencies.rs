//! Agencies join Mandat (issue 7): central adds one with its first administrator, who signs
//! in with the handed-over password and a second factor, then manages the agency's staff
//! (creates, deactivates, reactivates). Every refusal names its field and changes nothing;
//! every change is audited.

mod common;

use common::{Visitor, app, email_of};
use mandat_core::Field;

const AGENCY: [(&str, &str); 8] = [
    ("agency-code", "rq"),
    ("name-fr", "Revenu Québec"),
    ("name-en", "Revenu Québec"),
    ("contact-name", "Services aux entreprises"),
    ("contact-phone", "418 659-6299"),
    ("contact-email", "entreprises@revenuquebec.exemple.ca"),
    (
        "contact-hours-fr",
        "Du lundi au vendredi, de 8 h 30 à 16 h 30",
    ),
    (
        "contact-hours-en",
        "Monday to Friday, 8:30 a.m. to 4:30 p.m.",
    ),
];

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let admin = [
        ("agent-name", "Julie Bernier"),
        ("email", "julie.bernier@revenuquebec.exemple.ca"),
        ("user-code", "rqadmin1"),
    ];
    AGENCY
        .iter()
        .chain(admin.iter())
        .map(|&(k, v)| (k, changes.iter().find(|(c, _)| *c == k).map_or(v, |c| c.1)))
        .collect()
}

/// The temporary password on the page, shown once.
fn shown_password(page: &str) -> String {
    let at = page
        .find(r#"<code class="typed-key">"#)
        .expect("password shown")
        + r#"<code class="typed-key">"#.len();
    page[at..page[at..].find('<').expect("end") + at].to_string()
}

#[tokio::test]
async fn central_adds_an_agency_whose_administrator_then_signs_in() {
    let app = app().await;
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", &email_of("central01"))
        .await;
    let (_, page) = central.get("/central/ministeres").await;
    assert!(
        page.contains("Organisme SAAQ"),
        "the agencies listed: {page}"
    );

    let (_, page) = central
        .post(
            "/central/ministeres",
            &with(&[
                ("agency-code", "r q"),
                ("contact-email", "nulle part"),
                ("name-en", ""),
                ("user-code", "x"),
            ]),
        )
        .await;
    for field in ["agency-code", "contact-email", "name-en", "user-code"] {
        assert!(
            page.contains(&format!(r#"id="{field}-error""#)),
            "{field} named: {page}"
        );
    }
    assert!(page.contains("Le champ « Nom en anglais » est obligatoire."));
    let (_, page) = central
        .post("/central/ministeres", &with(&[("agency-code", "saaq")]))
        .await;
    assert!(page.contains(r#"id="agency-code-error""#), "taken: {page}");
    let (_, page) = central
        .post("/central/ministeres", &with(&[("user-code", "central01")]))
        .await;
    assert!(page.contains("Ce code d'utilisateur est déjà pris."));
    assert_eq!(app.store.agencies().await.expect("agencies").len(), 1);

    let (_, page) = central.post("/central/ministeres", &with(&[])).await;
    assert!(
        page.contains("Revenu Québec est ajouté."),
        "created: {page}"
    );
    let password = shown_password(&page);
    let mail = app.last_mail("julie.bernier@revenuquebec.exemple.ca").await;
    assert!(mail.contains("rqadmin1") && mail.contains("Vous en êtes administrateur"));
    assert!(!mail.contains(&password), "the password is never emailed");
    let entries = app
        .store
        .audit_of_action("agency-created")
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1);

    let mut julie = Visitor::new(&app);
    let (at, _) = julie
        .sign_in_with(
            &app,
            "rqadmin1",
            &password,
            "julie.bernier@revenuquebec.exemple.ca",
        )
        .await;
    assert_eq!(at, "/mot-de-passe", "a temporary password changes first");
    julie
        .post(
            "/mot-de-passe",
            &[
                ("password", "Printemps2027x"),
                ("password-confirmation", "Printemps2027x"),
            ],
        )
        .await;
    let (at, menu) = julie.get("/menu").await;
    assert_eq!(at, "/menu", "the new password took");
    assert!(menu.contains("Revenu Québec") && menu.contains("/ministere/personnel"));
    assert!(
        !menu.contains("/desactivation") && !menu.contains("/demande/modification"),
        "no organization's pages: {menu}"
    );
    let (_, page) = julie.get("/ministere/personnel").await;
    assert!(page.contains("Personnel : Revenu Québec") && page.contains("rqadmin1"));
    assert!(
        !page.contains("ministere01"),
        "another agency's staff: {page}"
    );
}

#[tokio::test]
async fn an_administrator_manages_the_agency_staff_but_not_themself_nor_others() {
    let app = app().await;
    let mut admin = Visitor::new(&app);
    admin
        .sign_in(&app, "ministere01", &email_of("ministere01"))
        .await;
    admin.get("/ministere/personnel").await;
    let (_, page) = admin
        .post(
            "/ministere/personnel",
            &[
                ("agent-name", "Luc Fortin"),
                ("email", "luc.fortin@saaq.exemple.qc.ca"),
                ("user-code", "saaq0042"),
                ("administrateur", "oui"),
            ],
        )
        .await;
    assert!(page.contains("Le compte de Luc Fortin est créé."), "{page}");
    let mail = app.last_mail("luc.fortin@saaq.exemple.qc.ca").await;
    assert!(mail.contains("saaq0042") && mail.contains("Organisme SAAQ"));

    let staff = app.store.agencies().await.expect("agencies")[0].id;
    let staff = app.store.agency_staff(staff).await.expect("staff");
    let find = |code: &str| {
        staff
            .iter()
            .find(|a| a.user_code.as_str() == code)
            .expect(code)
            .clone()
    };
    let (me, luc, other) = (find("ministere01"), find("saaq0042"), find("personnel01"));
    assert!(matches!(
        luc.kind,
        mandat_store::AccountKind::Agency { admin: true, .. }
    ));
    let (_, page) = admin
        .post(&format!("/ministere/personnel/{}/desactiver", me.id), &[])
        .await;
    assert!(page.contains("un autre administrateur doit le faire"));
    let (_, page) = admin
        .post(
            &format!("/ministere/personnel/{}/desactiver", other.id),
            &[],
        )
        .await;
    assert!(page.contains("Le compte de personnel01 SAAQ est désactivé."));
    let other = app
        .store
        .account(other.id)
        .await
        .expect("read")
        .expect("one");
    assert_eq!(
        other.inactive.map(|(cause, _)| cause),
        Some(mandat_core::account::InactiveCause::Agency)
    );
    let central = app.store.central_agents().await.expect("agents").remove(0);
    let (status, _) = admin
        .status(
            true,
            &format!("/ministere/personnel/{}/desactiver", central.id),
        )
        .await;
    assert_eq!(status, 404, "central's agents are not the agency's");
    let (_, page) = admin
        .post(&format!("/ministere/personnel/{}/reactiver", other.id), &[])
        .await;
    assert!(
        page.contains("Le compte de personnel01 SAAQ est réactivé."),
        "{page}"
    );
    let password = shown_password(&page);
    let mail = app.last_mail(&email_of("personnel01")).await;
    assert!(mail.contains("a été réactivé par ministere01 SAAQ") && !mail.contains(&password));
    let other = app
        .store
        .account(other.id)
        .await
        .expect("read")
        .expect("one");
    assert!(other.inactive.is_none() && other.password_temporary);
    for action in [
        "agency-staff-created",
        "agency-staff-deactivated",
        "agency-staff-reactivated",
    ] {
        let entries = app.store.audit_of_action(action).await.expect("audit");
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(entries[0].actor, Some(me.id.to_string()));
    }
}

#[tokio::test]
async fn the_agency_staff_keep_its_services_tasks_and_contact() {
    let app = app().await;
    let other = mandat_testing::agency("RAMQ");
    let elsewhere = mandat_core::agency::OnlineService {
        id: mandat_core::ids::ServiceId::new(),
        agency_id: other.id,
        code: mandat_core::agency::Code::parse(Field::ServiceCode, "AILLEURS").expect("code"),
        name: mandat_core::agency::Localized {
            fr: "Ailleurs".into(),
            en: "Elsewhere".into(),
        },
        description: mandat_core::agency::Localized {
            fr: "Un service de la RAMQ".into(),
            en: "A RAMQ service".into(),
        },
        contract: None,
    };
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_agency(&other).await.expect("agency");
    tx.insert_service(&elsewhere).await.expect("service");
    tx.commit().await.expect("commit");

    let mut staff = Visitor::new(&app);
    staff
        .sign_in(&app, "personnel01", &email_of("personnel01"))
        .await;
    let (_, page) = staff.get("/ministere/services").await;
    assert!(page.contains("Aucun service en ligne pour l'instant."));
    let service = |code: &'static str, description_en: &'static str| {
        vec![
            ("service-code", code),
            ("name-fr", "Permis et immatriculation"),
            ("name-en", "Licences and registration"),
            ("description-fr", "Transmettre les demandes de permis."),
            ("description-en", description_en),
        ]
    };
    let (_, page) = staff
        .post("/ministere/services", &service("per mis", ""))
        .await;
    assert!(
        page.contains(r#"id="service-code-error""#)
            && page.contains(r#"id="description-en-error""#)
    );
    let (at, page) = staff
        .post(
            "/ministere/services",
            &service("permis", "Send licence requests."),
        )
        .await;
    assert!(
        page.contains("Le service « Permis et immatriculation » est ajouté."),
        "{page}"
    );
    assert_eq!(
        at, "/ministere/services/PERMIS",
        "post/redirect/get: reloading adds nothing"
    );
    let (_, page) = staff
        .post(
            "/ministere/services",
            &service("PERMIS", "Send licence requests."),
        )
        .await;
    assert!(page.contains(r#"id="service-code-error""#), "taken: {page}");

    let task = [
        ("task-code", "consulter"),
        ("task-name-fr", "Consulter un dossier"),
        ("task-name-en", "View a file"),
    ];
    let (at, page) = staff.post("/ministere/services/PERMIS/taches", &task).await;
    assert!(page.contains("La tâche « Consulter un dossier » est ajoutée."));
    assert_eq!(at, "/ministere/services/PERMIS", "post/redirect/get");
    let (_, page) = staff.post("/ministere/services/PERMIS/taches", &task).await;
    assert!(page.contains(r#"id="task-code-error""#), "taken: {page}");
    let (_, page) = staff.get("/ministere/services").await;
    assert!(
        page.contains("Permis et immatriculation</td><td>1</td>"),
        "one task: {page}"
    );
    let (_, page) = staff
        .post(
            "/ministere/services/PERMIS",
            &[
                ("name-fr", "Permis de conduire"),
                ("name-en", "Driver's licences"),
                ("description-fr", "Transmettre les demandes de permis."),
                ("description-en", "Send licence requests."),
                ("service-contract", "loyer"),
            ],
        )
        .await;
    assert!(
        page.contains(r#"id="service-contract-error""#),
        "not a kind: {page}"
    );
    let (_, page) = staff
        .post(
            "/ministere/services/PERMIS",
            &[
                ("name-fr", "Permis de conduire"),
                ("name-en", "Driver's licences"),
                ("description-fr", "Transmettre les demandes de permis."),
                ("description-en", "Send licence requests."),
                ("service-contract", "billing"),
            ],
        )
        .await;
    assert!(page.contains("Le service « Permis de conduire » est enregistré."));
    assert!(
        page.contains(r#"<option value="billing" selected>Facturation en ligne</option>"#),
        "{page}"
    );
    let saaq = app.store.agencies().await.expect("agencies");
    let saaq = saaq
        .iter()
        .find(|a| a.code.as_str() == "SAAQ")
        .expect("saaq");
    let services = app.store.services_of(saaq.id).await.expect("services");
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].name.en, "Driver's licences");
    assert_eq!(
        services[0].contract,
        Some(mandat_core::contract::ContractKind::Billing),
        "M9: the decision asks the organization for a billing contract"
    );
    let tasks = app.store.tasks_of(services[0].id).await.expect("tasks");
    assert_eq!(tasks[0].code.as_str(), "CONSULTER");
    for path in [
        "/ministere/services/AILLEURS",
        "/ministere/services/INCONNU",
    ] {
        let (status, _) = staff.status(false, path).await;
        assert_eq!(status, 404, "{path}: another agency's, or none");
    }

    let (_, page) = staff
        .post(
            "/ministere/coordonnees",
            &[
                ("contact-name", "Service aux partenaires"),
                ("contact-phone", "418 643-7620"),
                ("contact-email", "partenaires"),
                ("contact-hours-fr", "8 h 30 à 16 h 30"),
                ("contact-hours-en", "8:30 a.m. to 4:30 p.m."),
            ],
        )
        .await;
    assert!(page.contains(r#"id="contact-email-error""#));
    let (_, page) = staff
        .post(
            "/ministere/coordonnees",
            &[
                ("contact-name", "Service aux partenaires"),
                ("contact-phone", "418 643-7620"),
                ("contact-email", "partenaires@saaq.exemple.qc.ca"),
                ("contact-hours-fr", "8 h 30 à 16 h 30"),
                ("contact-hours-en", "8:30 a.m. to 4:30 p.m."),
            ],
        )
        .await;
    assert!(page.contains("Les coordonnées sont enregistrées."));
    let saaq = app
        .store
        .agency(saaq.id)
        .await
        .expect("read")
        .expect("saaq");
    assert_eq!(saaq.contact.name, "Service aux partenaires");
    for action in [
        "service-added",
        "task-added",
        "service-changed",
        "agency-contact-changed",
    ] {
        let entries = app.store.audit_of_action(action).await.expect("audit");
        assert_eq!(entries.len(), 1, "{action}");
    }
}

#[tokio::test]
async fn an_agency_records_contracts_that_open_the_menus_sections() {
    let app = app().await;
    let mut staff = Visitor::new(&app);
    staff
        .sign_in(&app, "personnel01", &email_of("personnel01"))
        .await;
    staff.get("/ministere/contrats").await;
    let contract = |neq: &'static str, kind: &'static str, from: &'static str, to: &'static str| {
        vec![
            ("neq", neq),
            ("contract-kind", kind),
            ("starts-on", from),
            ("ends-on", to),
        ]
    };
    let (_, page) = staff
        .post(
            "/ministere/contrats",
            &contract("9999999999", "", "2026-01-01", "2025-12-31"),
        )
        .await;
    assert!(page.contains("Aucune organisation inscrite dans Mandat ne porte ce NEQ."));
    assert!(page.contains(r#"id="contract-kind-error""#) && page.contains(r#"id="ends-on-error""#));
    let (_, page) = staff
        .post(
            "/ministere/contrats",
            &contract("1160000001", "billing", "2026-01-01", "2026-12-31"),
        )
        .await;
    assert!(
        page.contains("Le contrat avec Centre de formation des Laurentides est inscrit."),
        "{page}"
    );

    // The member sees the billing section once they use enterprise files (M9).
    let mut member = Visitor::new(&app);
    member
        .sign_in(&app, "membre01", &email_of("membre01"))
        .await;
    let (_, menu) = member.get("/menu").await;
    assert!(
        !menu.contains("Facturation en ligne"),
        "no enterprise files profile"
    );
    let enterprise =
        mandat_core::profile::ProfileSet::from_choices(mandat_core::profile::ProfileChoices {
            enterprise_files: true,
            ..Default::default()
        })
        .expect("profiles");
    let mut tx = app.store.begin().await.expect("begin");
    tx.replace_profiles(app.member, &enterprise)
        .await
        .expect("profiles");
    tx.commit().await.expect("commit");
    let (_, menu) = member.get("/menu").await;
    assert!(menu.contains("Facturation en ligne"), "{menu}");
    assert!(menu.contains("Organisme SAAQ : contrat en vigueur jusqu'au 31 décembre 2026"));

    // The agency ends it early: the section closes.
    let saaq = app.store.agencies().await.expect("agencies")[0].id;
    let id = app
        .store
        .contracts_of_agency(saaq)
        .await
        .expect("contracts")[0]
        .contract
        .id;
    let (_, page) = staff
        .post(
            &format!("/ministere/contrats/{id}"),
            &[("ends-on", "2025-06-30")],
        )
        .await;
    assert!(
        page.contains(&format!(r#"id="ends-on-{id}-error""#))
            && page.contains(&format!(r##"href="#ends-on-{id}""##))
            && page.contains(r#"value="2025-06-30""#)
            && !page.contains(r#"id="ends-on-error""#),
        "before its start, said on the contract's row: {page}"
    );
    let (_, page) = staff
        .post(
            &format!("/ministere/contrats/{id}"),
            &[("ends-on", "2026-11-01")],
        )
        .await;
    assert!(page.contains("La date de fin du contrat est changée."));
    let (_, menu) = member.get("/menu").await;
    assert!(!menu.contains("Facturation en ligne"), "ended: {menu}");

    // M12: the agency reads the transactions that concern it, and no other.
    let (_, journal) = staff.get("/ministere/journal").await;
    assert!(journal.contains("Chaque transaction qui concerne Organisme SAAQ"));
    assert!(
        journal.contains("Inscription d&#39;un contrat")
            || journal.contains("Inscription d'un contrat")
    );
    assert!(journal.contains("Changement de la date de fin d"));
    assert!(
        !journal.contains("Marc Côté"),
        "the member's sign-in: {journal}"
    );
    let csv = staff.download("/ministere/journal.csv").await;
    let csv = csv.text().await.expect("csv");
    assert!(csv.contains("Centre de formation des Laurentides"), "{csv}");
}

#[tokio::test]
async fn an_agency_adds_its_own_states_of_enrollment_requests() {
    let app = app().await;
    let mut staff = Visitor::new(&app);
    staff
        .sign_in(&app, "personnel01", &email_of("personnel01"))
        .await;
    let (_, page) = staff.get("/ministere/etats").await;
    for built_in in ["En traitement", "Actif", "Refusé"] {
        assert!(page.contains(&format!("<td>{built_in}</td>")), "{built_in}");
    }
    let state = |code: &'static str, meaning_en: &'static str| {
        vec![
            ("state-code", code),
            ("name-fr", "Documents requis"),
            ("name-en", "Documents required"),
            (
                "meaning-fr",
                "Transmettez les documents demandés par courriel.",
            ),
            ("meaning-en", meaning_en),
        ]
    };
    let (_, page) = staff.post("/ministere/etats", &state("actif", "")).await;
    assert!(page.contains(r#"id="state-code-error""#) && page.contains(r#"id="meaning-en-error""#));
    let (_, page) = staff
        .post(
            "/ministere/etats",
            &state("documents", "Send the documents by email."),
        )
        .await;
    assert!(
        page.contains("L&#39;état « Documents requis » est ajouté.")
            || page.contains("L'état « Documents requis » est ajouté."),
        "{page}"
    );
    assert!(page.contains("<td>DOCUMENTS</td>"));
    let (_, page) = staff
        .post(
            "/ministere/etats",
            &state("DOCUMENTS", "Send the documents by email."),
        )
        .await;
    assert!(page.contains(r#"id="state-code-error""#), "taken: {page}");
    let saaq = app.store.agencies().await.expect("agencies")[0].id;
    assert_eq!(
        app.store
            .enrollment_states(saaq)
            .await
            .expect("states")
            .len(),
        1
    );
    let entries = app
        .store
        .audit_of_action("enrollment-state-added")
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1);
}

#[tokio::test]
async fn central_renames_an_agency_whose_code_stays() {
    let app = app().await;
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", &email_of("central01"))
        .await;
    let (_, page) = central.get("/central/ministeres").await;
    assert!(
        page.contains(r#"href="/central/ministeres/SAAQ""#),
        "{page}"
    );
    let (_, page) = central.get("/central/ministeres/SAAQ").await;
    assert!(page.contains(r#"value="Organisme SAAQ""#), "{page}");
    let (_, page) = central
        .post(
            "/central/ministeres/SAAQ",
            &[("name-fr", " "), ("name-en", "Quebec automobile insurance")],
        )
        .await;
    assert!(page.contains(r#"id="name-fr-error""#), "{page}");
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();
    assert_eq!(saaq.name.fr, "Organisme SAAQ", "nothing changed");
    let (_, page) = central
        .post(
            "/central/ministeres/SAAQ",
            &[
                ("name-fr", "Société de l'assurance automobile du Québec"),
                ("name-en", "Quebec automobile insurance"),
            ],
        )
        .await;
    assert!(page.contains("Les noms sont changés."), "{page}");
    let renamed = app.store.agencies().await.expect("agencies")[0].clone();
    assert_eq!(
        (renamed.code, renamed.name.en.as_str()),
        (saaq.code, "Quebec automobile insurance")
    );
    let audit = app
        .store
        .audit_of_action("agency-renamed")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    let (status, _) = central.status(false, "/central/ministeres/INCONNU").await;
    assert_eq!(status, 404);
}
