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
