//! Enrollment in an agency's services (E1–E5): the agency's form fields, an organization's
//! draft, the transmitted request and the states the agency gives it, on SQLite and on
//! PostgreSQL.

use mandat_core::enrollment_form::{FieldKind, FormField, FormFieldForm};
use mandat_core::enrollment_request::{Content, Draft};
use mandat_core::ids::{AccountId, EnrollmentId};
use mandat_store::{AccountKind, StoreError, Tx};
use mandat_testing::{self as support, Db, conformance};

conformance!(
    an_agency_s_form_fields_read_back_as_defined,
    a_draft_is_kept_per_organization_and_agency_until_transmitted,
    a_request_takes_the_states_its_agency_gives_it_in_order,
);

async fn central(tx: &mut Tx, code: &str) -> AccountId {
    let account = mandat_testing::account(AccountKind::Central, code);
    let id = account.id;
    tx.insert_account(&account).await.expect("account");
    id
}

fn choice_field(agency: mandat_core::ids::AgencyId, code: &str) -> FormField {
    FormField::parse(
        agency,
        &FormFieldForm {
            code,
            kind: "choice",
            label_fr: "Taille",
            label_en: "Size",
            help_fr: "Au 31 mars",
            help_en: "On March 31",
            required: true,
            choices_fr: "PME\nGrande entreprise",
            choices_en: "SME\nLarge business",
        },
    )
    .expect("field")
}

async fn an_agency_s_form_fields_read_back_as_defined(db: Db) {
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    let taille = choice_field(saaq.id, "taille");
    tx.insert_form_field(&taille).await.expect("field");
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    let mut optional = choice_field(saaq.id, "flotte");
    (optional.kind, optional.required, optional.choices) = (FieldKind::YesNo, false, vec![]);
    tx.insert_form_field(&optional).await.expect("field");
    tx.commit().await.expect("commit");
    assert_eq!(
        store.form_fields(saaq.id).await.expect("fields"),
        [taille.clone(), optional],
        "as defined, in the order added"
    );
    assert!(store.form_fields(mess.id).await.expect("fields").is_empty());
    let mut tx = store.begin().await.expect("begin");
    let again = tx.insert_form_field(&taille).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
}

async fn a_draft_is_kept_per_organization_and_agency_until_transmitted(db: Db) {
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    tx.insert_organization(&cfl).await.expect("org");
    let by = central(&mut tx, "central01").await;
    let mut draft = Draft::prefilled(&cfl);
    tx.save_draft(cfl.id, saaq.id, &draft, by)
        .await
        .expect("draft");
    draft.services = vec!["PES".into()];
    draft.answers.insert("TAILLE".into(), "1".into());
    tx.save_draft(cfl.id, saaq.id, &draft, by)
        .await
        .expect("replaced");
    tx.commit().await.expect("commit");
    assert_eq!(
        store.draft(cfl.id, saaq.id).await.expect("draft"),
        Some(draft)
    );
    assert_eq!(store.draft(cfl.id, mess.id).await.expect("draft"), None);
    let drafts = store.drafts_of(cfl.id).await.expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].agency.fr, saaq.name.fr);
    let mut tx = store.begin().await.expect("begin");
    tx.delete_draft(cfl.id, saaq.id).await.expect("delete");
    tx.commit().await.expect("commit");
    assert!(store.drafts_of(cfl.id).await.expect("drafts").is_empty());
}

async fn a_request_takes_the_states_its_agency_gives_it_in_order(db: Db) {
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    tx.insert_organization(&cfl).await.expect("org");
    let officer = central(&mut tx, "central01").await;
    let agent = central(&mut tx, "central02").await;
    let mut draft = Draft::prefilled(&cfl);
    draft.consent = true;
    let content = Content {
        services: vec![],
        agency_file: "A-12".into(),
        organization: draft.check_organization(&cfl).expect("org"),
        answers: vec![],
    };
    let id = EnrollmentId::new();
    tx.insert_enrollment(id, cfl.id, saaq.id, officer, &content)
        .await
        .expect("request");
    tx.commit().await.expect("commit");

    let mut tx = store.begin().await.expect("begin");
    assert!(
        !tx.set_enrollment_state(mess.id, id, "ACTIF", "", agent)
            .await
            .expect("set"),
        "another agency's request"
    );
    for (state, comment) in [("DOCUMENTS", "Envoyez le bail."), ("ACTIF", "")] {
        assert!(
            tx.set_enrollment_state(saaq.id, id, state, comment, agent)
                .await
                .expect("set")
        );
    }
    tx.commit().await.expect("commit");

    // E4: one request stands until refused; a refused one is not taken up over a newer one.
    let mut tx = store.begin().await.expect("begin");
    let twice = tx
        .insert_enrollment(EnrollmentId::new(), cfl.id, saaq.id, officer, &content)
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    drop(tx);
    let mut tx = store.begin().await.expect("begin");
    tx.set_enrollment_state(saaq.id, id, "REFUSE", "", agent)
        .await
        .expect("refused");
    let newer = EnrollmentId::new();
    tx.insert_enrollment(newer, cfl.id, saaq.id, officer, &content)
        .await
        .expect("after a refusal");
    let back = tx
        .set_enrollment_state(saaq.id, id, "ACTIF", "", agent)
        .await;
    assert!(matches!(back, Err(StoreError::Conflict(_))), "{back:?}");
    drop(tx);

    let record = store.enrollment(id).await.expect("read").expect("found");
    assert_eq!(record.state_code, "ACTIF");
    assert_eq!(record.content, content);
    assert_eq!(record.submitted_by, "Agent central01");
    assert_eq!(record.agency.fr, saaq.name.fr);
    let events = store.enrollment_events(id).await.expect("events");
    let seen: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.state_code.as_str(),
                e.comment.as_str(),
                e.actor.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("EN-TRAITEMENT", "", None),
            ("DOCUMENTS", "Envoyez le bail.", Some("Agent central02")),
            ("ACTIF", "", Some("Agent central02")),
        ]
    );
    assert_eq!(
        store.enrollments_of_org(cfl.id).await.expect("list").len(),
        1
    );
    let queue = |agency, state: &'static str, page| store.agency_queue(agency, state, page, 1);
    let (page, total) = queue(saaq.id, "", 0).await.expect("queue");
    assert_eq!((page.len(), total), (1, 1));
    assert_eq!(
        (page[0].org_name.as_str(), page[0].neq.as_str()),
        (cfl.name.as_str(), "1160000001")
    );
    assert_eq!(queue(saaq.id, "ACTIF", 0).await.expect("queue").1, 1);
    assert_eq!(queue(saaq.id, "REFUSE", 0).await.expect("queue").1, 0);
    assert!(
        queue(saaq.id, "", 1).await.expect("queue").0.is_empty(),
        "one page only"
    );
    assert_eq!(queue(mess.id, "", 0).await.expect("queue").1, 0);
}
