//! Enrollment in an agency's services (E1–E5) over HTTP: the agency's form fields (E3), an
//! officer's request step by step, its draft surviving a new session, and the agency's
//! decisions, each emailed to the organization's officers.

mod common;

use common::{App, Visitor, app, email_of};

/// Signs `code` in.
async fn visitor(app: &App, code: &str) -> Visitor {
    let mut v = Visitor::new(app);
    v.sign_in(app, code, &email_of(code)).await;
    v
}

fn field<'a>(
    code: &'a str,
    kind: &'a str,
    required: bool,
    choices: (&'a str, &'a str),
) -> Vec<(&'static str, &'a str)> {
    let mut f = vec![
        ("form-field-code", code),
        ("form-field-kind", kind),
        ("label-fr", "Nombre de véhicules"),
        ("label-en", "Number of vehicles"),
        ("help-fr", "Au 31 mars"),
        ("help-en", "On March 31"),
        ("choices-fr", choices.0),
        ("choices-en", choices.1),
    ];
    if required {
        f.push(("form-field-required", "on"));
    }
    f
}

#[tokio::test]
async fn an_agency_adds_typed_fields_to_its_enrollment_form() {
    let app = app().await;
    let mut staff = visitor(&app, "personnel01").await;
    let (_, page) = staff.get("/ministere/formulaire").await;
    assert!(page.contains("Votre formulaire ne demande aucun autre renseignement."));
    let (_, page) = staff
        .post(
            "/ministere/formulaire",
            &field("taille", "choice", true, ("PME", "SME")),
        )
        .await;
    assert!(page.contains(r#"id="choices-fr-error""#), "{page}");
    let (_, page) = staff
        .post(
            "/ministere/formulaire",
            &field("", "couleur", true, ("", "")),
        )
        .await;
    assert!(
        page.contains(r#"id="form-field-code-error""#)
            && page.contains(r#"id="form-field-kind-error""#),
        "{page}"
    );
    assert!(
        app.store
            .form_fields(saaq(&app).await)
            .await
            .expect("fields")
            .is_empty()
    );
    let (_, page) = staff
        .post(
            "/ministere/formulaire",
            &field("vehicules", "number", true, ("", "")),
        )
        .await;
    assert!(page.contains("<td>VEHICULES</td>"), "{page}");
    assert!(page.contains("<td>Nombre</td>") && page.contains("<td>Oui</td>"));
    let (_, page) = staff
        .post(
            "/ministere/formulaire",
            &field("Vehicules", "text", false, ("", "")),
        )
        .await;
    assert!(
        page.contains(r#"id="form-field-code-error""#),
        "taken: {page}"
    );
    let fields = app
        .store
        .form_fields(saaq(&app).await)
        .await
        .expect("fields");
    assert_eq!(fields.len(), 1);
    assert!(fields[0].required);
    assert_eq!(fields[0].help.en, "On March 31");
    let audit = app
        .store
        .audit_of_action("enrollment-field-added")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
}

async fn saaq(app: &App) -> mandat_core::ids::AgencyId {
    app.store.agencies().await.expect("agencies")[0].id
}

/// The bodies of the mails of `template` sent to `to`, oldest first.
async fn mails(app: &App, to: &str, template: &str) -> Vec<String> {
    let mails = app.mails_to(to).await.into_iter();
    mails
        .filter(|m| m.template == template)
        .map(|m| format!("{}\n{}", m.subject, m.body))
        .collect()
}

/// The SAAQ offers a service, asks the number of vehicles, and has a state of its own.
async fn agency_ready(app: &App) -> Visitor {
    let mut staff = visitor(app, "personnel01").await;
    staff
        .post(
            "/ministere/services",
            &[
                ("service-code", "PES"),
                ("name-fr", "Paiement électronique"),
                ("name-en", "Electronic payment"),
                ("description-fr", "Payer en ligne."),
                ("description-en", "Pay online."),
            ],
        )
        .await;
    staff
        .post(
            "/ministere/formulaire",
            &field("vehicules", "number", true, ("", "")),
        )
        .await;
    staff
        .post(
            "/ministere/etats",
            &[
                ("state-code", "documents"),
                ("name-fr", "Documents requis"),
                ("name-en", "Documents required"),
                (
                    "meaning-fr",
                    "Transmettez les documents demandés par courriel.",
                ),
                ("meaning-en", "Send the documents asked for by email."),
            ],
        )
        .await;
    staff
}

const STEP: &str = "/inscriptions/brouillon/SAAQ";

/// The officer goes through every step; returns the request's page address.
async fn enroll(app: &App, officer: &mut Visitor) -> String {
    let (at, _) = officer
        .post("/inscriptions/nouvelle", &[("agency", "SAAQ")])
        .await;
    assert_eq!(at, format!("{STEP}/ministere"));
    officer
        .post(&format!("{STEP}/ministere"), &[("services", "PES")])
        .await;
    let org = [
        ("organization-name", "CFL inc."),
        ("address", "425, rue Saint-Amable"),
        ("city", "Québec"),
        ("postal-code", "G1R 4Z1"),
        ("phone", "418 646-7081"),
        ("phone-extension", ""),
    ];
    officer.post(&format!("{STEP}/entreprise"), &org).await;
    officer
        .post(&format!("{STEP}/autres"), &[("autre-vehicules", "12")])
        .await;
    let (at, page) = officer
        .post(&format!("{STEP}/consentement"), &[("consent", "on")])
        .await;
    assert_eq!(at, format!("{STEP}/verification"), "{page}");
    let (at, page) = officer.post(&format!("{STEP}/verification"), &[]).await;
    assert!(
        page.contains("Votre demande d'inscription est transmise."),
        "{page}"
    );
    let _ = app;
    at
}

#[tokio::test]
async fn an_officer_enrolls_step_by_step_and_the_draft_outlives_the_session() {
    let app = app().await;
    agency_ready(&app).await;
    let mut officer = visitor(&app, "officier01").await;
    let (_, page) = officer.get("/menu").await;
    assert!(page.contains(r#"href="/inscriptions""#));
    let (_, page) = officer.post("/inscriptions/nouvelle", &[]).await;
    assert!(page.contains(r#"id="agency-error""#), "{page}");
    let (at, _) = officer
        .post("/inscriptions/nouvelle", &[("agency", "SAAQ")])
        .await;
    assert_eq!(at, format!("{STEP}/ministere"));
    let (at, page) = officer.post(&format!("{STEP}/ministere"), &[]).await;
    assert_eq!(at, format!("{STEP}/ministere"));
    assert!(
        page.contains("Le champ « Services demandés » est obligatoire."),
        "{page}"
    );
    let (at, page) = officer
        .post(
            &format!("{STEP}/ministere"),
            &[("services", "PES"), ("agency-file", "SA-1234")],
        )
        .await;
    assert_eq!(at, format!("{STEP}/entreprise"));
    assert!(
        page.contains(r#"value="Centre de formation des Laurentides""#)
            && page.contains("1160000001"),
        "prefilled from the record: {page}"
    );
    let mut org = vec![
        ("organization-name", "CFL inc."),
        ("address", "425, rue Saint-Amable"),
        ("city", "Québec"),
        ("postal-code", "G1R 4Z"),
        ("phone", "418 646-7081"),
        ("phone-extension", ""),
    ];
    let (_, page) = officer.post(&format!("{STEP}/entreprise"), &org).await;
    assert!(page.contains(r#"id="postal-code-error""#), "{page}");
    org[3].1 = "G1R 4Z1";
    let (at, page) = officer.post(&format!("{STEP}/entreprise"), &org).await;
    assert_eq!(at, format!("{STEP}/autres"));
    assert!(page.contains("Nombre de véhicules") && page.contains("Au 31 mars"));
    let (_, page) = officer
        .post(
            &format!("{STEP}/autres"),
            &[("autre-vehicules", "douze"), ("action", "save")],
        )
        .await;
    assert!(page.contains("Votre demande est enregistrée."), "{page}");

    // A new session: the draft is there, as typed.
    let mut again = visitor(&app, "officier01").await;
    let (_, page) = again.get("/inscriptions").await;
    assert!(page.contains("Reprendre"), "{page}");
    let (_, page) = again.get(&format!("{STEP}/autres")).await;
    assert!(page.contains(r#"value="douze""#), "{page}");
    let (_, page) = again
        .post(&format!("{STEP}/autres"), &[("autre-vehicules", "douze")])
        .await;
    assert!(
        page.contains("Le champ « Nombre de véhicules » doit contenir un nombre"),
        "{page}"
    );
    again
        .post(&format!("{STEP}/autres"), &[("autre-vehicules", "12")])
        .await;
    let (_, page) = again.post(&format!("{STEP}/consentement"), &[]).await;
    assert!(page.contains(r#"id="consent-error""#), "{page}");
    let (_, page) = again
        .post(&format!("{STEP}/consentement"), &[("consent", "on")])
        .await;
    for shown in [
        "CFL inc.",
        "SA-1234",
        "Paiement électronique",
        "<dd>12</dd>",
        "Transmettre",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    assert!(
        app.store
            .enrollments_of_org(org_id(&app).await)
            .await
            .expect("list")
            .is_empty()
    );
    let (at, page) = again.post(&format!("{STEP}/verification"), &[]).await;
    assert!(at.starts_with("/inscriptions/demandes/"), "{at}");
    assert!(page.contains("<strong>En traitement</strong>"), "{page}");
    let filed = mails(&app, &email_of("officier01"), "enrollment-filed").await;
    assert_eq!(filed.len(), 1);
    assert!(filed[0].contains("CFL inc.") && filed[0].contains("Paiement électronique"));
    let (_, page) = again.get("/inscriptions").await;
    assert!(!page.contains("Reprendre"), "the draft is gone: {page}");

    // One request standing with an agency at a time.
    let (_, page) = again
        .post("/inscriptions/nouvelle", &[("agency", "SAAQ")])
        .await;
    assert!(
        page.contains("Votre organisation a déjà une demande"),
        "{page}"
    );
    let audit = app
        .store
        .audit_of_action("enrollment-transmitted")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
}

#[tokio::test]
async fn the_agency_sets_states_and_the_officers_are_told_each() {
    let app = app().await;
    let mut staff = agency_ready(&app).await;
    let mut officer = visitor(&app, "officier01").await;
    let request = enroll(&app, &mut officer).await;
    let id = request.rsplit('/').next().expect("id").to_string();
    let (_, page) = staff.get("/ministere/inscriptions").await;
    assert!(page.contains("Centre de formation des Laurentides") && page.contains("En traitement"));
    let at = format!("/ministere/inscriptions/{id}");
    let (_, page) = staff.get(&at).await;
    assert!(
        page.contains("CFL inc.") && page.contains("<dd>12</dd>"),
        "{page}"
    );

    let (_, page) = staff.post(&at, &[("state-code", "XYZ")]).await;
    assert!(page.contains(r#"id="state-code-error""#), "{page}");
    let (_, page) = staff.post(&at, &[("state-code", "EN-TRAITEMENT")]).await;
    assert!(
        page.contains(r#"id="comments-error""#),
        "nothing would change: {page}"
    );
    let (_, page) = staff
        .post(
            &at,
            &[
                ("state-code", "DOCUMENTS"),
                ("comments", "Envoyez la liste des véhicules."),
            ],
        )
        .await;
    assert!(
        page.contains("L'état de la demande est enregistré."),
        "{page}"
    );
    let (_, page) = staff
        .get("/ministere/inscriptions?etat=EN-TRAITEMENT")
        .await;
    assert!(page.contains("Aucune demande d'inscription."), "{page}");
    let (_, page) = staff.get("/ministere/inscriptions?etat=DOCUMENTS").await;
    assert!(page.contains("1 demande · page 1 de 1"), "{page}");
    let told = mails(&app, &email_of("officier01"), "enrollment-decided").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("« Documents requis »") && told[0].contains("Envoyez la liste"));
    let (_, page) = officer.get("/inscriptions").await;
    assert!(
        page.contains("Documents requis") && page.contains("Transmettez les documents demandés"),
        "{page}"
    );

    staff.post(&at, &[("state-code", "REFUSE")]).await;
    let (_, page) = officer.get("/inscriptions").await;
    assert!(page.contains("Communiquez avec le ministère"), "{page}");
    let told = mails(&app, &email_of("officier01"), "enrollment-decided").await;
    assert!(
        told[1].contains("Communiquez avec le ministère ou l'organisme :"),
        "{}",
        told[1]
    );
    let (_, page) = officer.get(&request).await;
    assert!(
        page.contains("Envoyez la liste des véhicules."),
        "the history: {page}"
    );
    assert!(
        !page.contains("personnel01 SAAQ"),
        "the agency's people are not named: {page}"
    );

    // Refused: a new request may be made, and the refused one is not taken up over it.
    enroll(&app, &mut officer).await;
    let (_, page) = staff.post(&at, &[("state-code", "ACTIF")]).await;
    assert!(
        page.contains("Cette organisation vous a transmis une demande plus récente"),
        "{page}"
    );
    let audit = app
        .store
        .audit_of_action("enrollment-state-set")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn only_officers_enroll_and_a_request_is_seen_only_by_its_two_parties() {
    let app = app().await;
    let _staff = agency_ready(&app).await;
    let member = visitor(&app, "membre01").await;
    for (post, path) in [
        (false, "/inscriptions"),
        (false, "/inscriptions/nouvelle"),
        (true, "/inscriptions/nouvelle"),
        (true, "/inscriptions/brouillon/SAAQ/ministere"),
    ] {
        assert_eq!(member.status(post, path).await.0, 403, "{path}");
    }
    let (_, page) = visitor(&app, "membre01").await.get("/menu").await;
    assert!(!page.contains(r#"href="/inscriptions""#), "no link: {page}");
    let mut officer = visitor(&app, "officier01").await;
    let request = enroll(&app, &mut officer).await;
    let id = request.rsplit('/').next().expect("id").to_string();
    let central = visitor(&app, "central01").await;
    assert_eq!(central.status(false, &request).await.0, 403);
    let unknown = "/ministere/inscriptions/01930000-0000-7000-8000-000000000000";
    let staff = visitor(&app, "ministere01").await;
    assert_eq!(staff.status(false, unknown).await.0, 404);
    assert_eq!(
        staff
            .status(false, &format!("/ministere/inscriptions/{id}"))
            .await
            .0,
        200
    );
    assert_eq!(
        officer
            .status(false, "/inscriptions/brouillon/INCONNU/ministere")
            .await
            .0,
        404
    );
}

async fn org_id(app: &App) -> mandat_core::ids::OrgId {
    app.store.organizations().await.expect("orgs")[0].id
}
