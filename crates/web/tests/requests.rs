//! Access requests over HTTP (form 2490, M2–M7): filing with every rule checked on the
//! server, approval by a manager's single-use link or by an officer signed in, withdrawal,
//! and central issuing the registration code or refusing.

mod common;

use common::{App, Visitor, app};
use mandat_core::organization::Neq;

/// A new organization's first request: its principal officer, approved by the manager.
fn principal_request(neq: &str) -> Vec<(&'static str, String)> {
    [
        ("organization-name", "Garderie Les Petits Pas"),
        ("address", "12, rue Principale"),
        ("city", "Lévis"),
        ("postal-code", "G6V 1A1"),
        ("organization-phone", "418 555-0101"),
        ("neq", neq),
        ("title", "madame"),
        ("last-name", "Lavoie"),
        ("first-name", "Julie"),
        ("nas-partial", "246 810"),
        ("phone", "418 555-0102"),
        ("email", "julie.lavoie@exemple.qc.ca"),
        ("profile-principal-officer", "on"),
        ("declaration", "on"),
        ("approver-last-name", "Tremblay"),
        ("approver-first-name", "Louise"),
        ("approver-email", "louise.tremblay@exemple.qc.ca"),
        ("approver-phone", "418 555-0103"),
        ("approver-capacity", "manager"),
        ("access-expires-on", "2027-06-30"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

fn with(
    mut fields: Vec<(&'static str, String)>,
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        if !value.is_empty() {
            fields.push((name, value.to_string()));
        }
    }
    fields
}

/// Opens the form and sends it; the form's one-time key is the page's.
async fn file(
    v: &mut Visitor,
    fields: &[(&'static str, String)],
    resolution: Option<Vec<u8>>,
) -> (u16, String, String) {
    let (_, page) = v.get("/demande").await;
    let key = form_key(&page);
    send(v, &key, fields, resolution).await
}

async fn send(
    v: &mut Visitor,
    key: &str,
    fields: &[(&'static str, String)],
    resolution: Option<Vec<u8>>,
) -> (u16, String, String) {
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("form-key", key));
    v.post_multipart("/demande", &all, resolution.map(|r| ("resolution", r)))
        .await
}

fn form_key(page: &str) -> String {
    let at = page.find(r#"name="form-key" value=""#).expect("a form key") + 23;
    page[at..at + 64].to_string()
}

/// The link of the last email to `email` that starts with `prefix`.
async fn link(app: &App, email: &str, prefix: &str) -> String {
    let mails = app.bodies_to(email).await;
    let body = mails.last().expect("an email");
    let at = body.find(&format!("{}{prefix}", app.url)).expect("a link");
    let end = body[at..]
        .find(char::is_whitespace)
        .map_or(body.len(), |e| at + e);
    body[at + app.url.len()..end].to_string()
}

#[tokio::test]
async fn a_new_organization_begins_with_its_principal_officer_approved_by_the_manager() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    let neq = "1170000009";

    // M2: the first request must be the principal officer's.
    let individual = with(
        principal_request(neq),
        &[
            ("profile-principal-officer", ""),
            ("profile-individual-files", "on"),
        ],
    );
    let (status, _, page) = file(&mut v, &individual, None).await;
    assert_eq!(status, 422);
    assert!(page.contains("La première demande d'un organisme doit être celle de son responsable principal de la sécurité."));

    // M5: an officer is approved by a manager.
    let wrong = with(
        principal_request(neq),
        &[("approver-capacity", "auxiliary-officer")],
    );
    let (status, _, page) = file(&mut v, &wrong, None).await;
    assert_eq!(status, 422);
    assert!(page.contains("Cette demande doit être approuvée par un gestionnaire, car elle vise un profil de responsable de la sécurité"));

    // Every error of the form is named beside its field, and nothing is filed.
    let (status, _, page) = file(
        &mut v,
        &with(
            principal_request(neq),
            &[("declaration", ""), ("nas-partial", "12")],
        ),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains(
        "Cochez la déclaration du requérant : aucune demande n'est transmise sans elle."
    ));
    assert!(page.contains(r#"id="nas-partial-error""#));
    assert!(
        app.bodies_to("louise.tremblay@exemple.qc.ca")
            .await
            .is_empty()
    );

    // Filed; the same form sent again files nothing more.
    let (_, page) = v.get("/demande").await;
    let key = form_key(&page);
    let (status, at, page) = send(&mut v, &key, &principal_request(neq), None).await;
    assert_eq!(
        (status, at.as_str()),
        (200, format!("/demande/suivi/{key}").as_str())
    );
    assert!(page.contains("En attente d'approbation"), "{page}");
    let (_, again, _) = send(&mut v, &key, &principal_request(neq), None).await;
    assert_eq!(again, at);
    assert_eq!(
        app.bodies_to("louise.tremblay@exemple.qc.ca").await.len(),
        1
    );
    let filed = app.bodies_to("julie.lavoie@exemple.qc.ca").await;
    assert!(filed[0].contains(&format!("{}/demande/suivi/{key}", app.url)));

    // The manager is told the organization has no officer yet (M3), and approves by link
    // after confirming their email.
    let mail = app
        .bodies_to("louise.tremblay@exemple.qc.ca")
        .await
        .remove(0);
    assert!(mail.contains("Votre organisme n'a pas de responsable principal de la sécurité."));
    let approve = link(
        &app,
        "louise.tremblay@exemple.qc.ca",
        "/demande/approbation/",
    )
    .await;
    let (_, page) = v.get(&approve).await;
    assert!(page.contains("Julie"));
    let (_, page) = v
        .post(
            &approve,
            &[
                ("decision", "approve"),
                ("approver-email", "autre@exemple.qc.ca"),
            ],
        )
        .await;
    assert!(page.contains(r#"id="approver-email-error""#), "{page}");
    let (_, page) = v
        .post(
            &approve,
            &[
                ("decision", "approve"),
                ("approver-email", "Louise.Tremblay@exemple.qc.ca"),
            ],
        )
        .await;
    assert!(page.contains("La demande est approuvée."), "{page}");
    assert!(
        app.bodies_to("julie.lavoie@exemple.qc.ca").await[1]
            .contains("Louise Tremblay (gestionnaire) a approuvé votre demande d'accès.")
    );
    // The link worked once.
    assert_eq!(v.status(false, &approve).await.0, 410);

    // Central finds it in the queue, checks the NAS partiel and issues the code.
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    let (_, queue) = central.get("/central/demandes").await;
    assert!(queue.contains("Garderie Les Petits Pas"));
    let (_, filtered) = central.get("/central/demandes?kind=change").await;
    assert!(!filtered.contains("Garderie Les Petits Pas"));
    let at = queue
        .find("/central/demandes/0")
        .or_else(|| queue.find("href=\"/central/demandes/"))
        .expect("a row");
    let start = queue[at..].find("/central/demandes/").expect("href") + at;
    let id = &queue[start + "/central/demandes/".len()..start + "/central/demandes/".len() + 36];
    let detail = format!("/central/demandes/{id}");
    central.get(&detail).await;
    let (_, page) = central
        .post(&format!("{detail}/identite"), &[("nas-partial", "111111")])
        .await;
    assert!(page.contains("Le NAS partiel ne correspond pas à celui de Julie Lavoie."));
    let (_, page) = central
        .post(&format!("{detail}/identite"), &[("nas-partial", "246810")])
        .await;
    assert!(page.contains("Le NAS partiel correspond à celui de Julie Lavoie."));
    assert!(!page.contains("246810"), "the digits are never shown back");
    // Issue 19 item 2: a new organization's approver is only who the requester named; no
    // code until central has checked them and said how.
    assert!(page.contains("L'organisme n'est pas encore dans Mandat : l'adresse de la personne qui a approuvé n'a été donnée que par le requérant."));
    let (_, page) = central.post(&format!("{detail}/emettre"), &[]).await;
    assert!(
        page.contains("L'identité de la personne qui a approuvé n'est pas vérifiée"),
        "{page}"
    );
    let (status, _) = central.status(true, &format!("{detail}/approbateur")).await;
    assert_eq!(status, 422, "a check says how it was made");
    let how = "Appel au 418 555-0101 : Louise Tremblay, directrice, confirme avoir approuvé.";
    let (_, page) = central
        .post(&format!("{detail}/approbateur"), &[("approver-check", how)])
        .await;
    assert!(
        page.contains("La vérification de la personne qui a approuvé est consignée."),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "vérifiée par le Groupe central le 23 novembre 2026 09:00 : {how}"
        )),
        "{page}"
    );
    let (at, page) = central
        .post(
            &format!("{detail}/emettre"),
            &[("first-name", "Julie-Anne")],
        )
        .await;
    assert!(
        page.contains("Le code d'enregistrement de Julie-Anne Lavoie lui a été transmis"),
        "{page}"
    );
    assert_eq!(at, detail, "post/redirect/get: a reload issues nothing");
    assert!(page.contains("Code d'enregistrement transmis"));
    let org = app
        .store
        .organization_by_neq(&Neq::parse(neq).expect("neq"))
        .await
        .expect("read")
        .expect("the organization was created from section 1");
    let members = app.store.members_of(org.id).await.expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].person.first_name, "Julie-Anne");
    assert!(members[0].profiles.is_officer());
    assert!(
        app.bodies_to("julie.lavoie@exemple.qc.ca")
            .await
            .last()
            .expect("mail")
            .contains("Votre code d'enregistrement est")
    );
    // Acting twice finds nothing to do.
    let (_, page) = central.post(&format!("{detail}/emettre"), &[]).await;
    assert!(page.contains("Cette demande n'est pas à traiter"));
}

/// Issue 19 item 2: for an organization already in Mandat, an approval by link counts by
/// itself only from a manager or officer on file; from any other address, central is told,
/// and nothing is issued until it records its check.
#[tokio::test]
async fn an_approver_who_is_not_on_file_is_checked_by_central_before_a_code_is_issued() {
    let app = app().await;
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    for (approver, on_file, nas) in [
        ("moi.meme@ailleurs.exemple.com", false, "300 001"),
        ("personne@exemple.qc.ca", true, "300 002"),
    ] {
        let mut v = Visitor::new(&app);
        let enterprise = with(
            staff_request(),
            &[
                ("profile-individual-files", ""),
                ("profile-enterprise-files", "on"),
                ("nas-partial", nas),
                ("approver-email", approver),
                ("approver-capacity", "manager"),
            ],
        );
        let (status, _, page) = file(&mut v, &enterprise, None).await;
        assert_eq!(status, 200, "{page}");
        let approve = link(&app, approver, "/demande/approbation/").await;
        v.get(&approve).await;
        let decision = [("decision", "approve"), ("approver-email", approver)];
        let (_, page) = v.post(&approve, &decision).await;
        assert!(page.contains("La demande est approuvée."), "{page}");

        let (_, queue) = central.get("/central/demandes").await;
        let at = queue.rfind("href=\"/central/demandes/").expect("a row") + 6;
        let detail = queue[at..at + "/central/demandes/".len() + 36].to_string();
        let (_, page) = central.get(&detail).await;
        let (_, issued) = central.post(&format!("{detail}/emettre"), &[]).await;
        if on_file {
            assert!(
                page.contains("est celle de Chantal Gagné, au dossier de l'organisme"),
                "{page}"
            );
            assert!(issued.contains("lui a été transmis"), "{issued}");
        } else {
            assert!(page.contains("Aucun gestionnaire ni responsable de la sécurité au dossier de l'organisme n'a l'adresse"), "{page}");
            assert!(issued.contains("n'est pas vérifiée"), "{issued}");
            let how = "Appel au 450 555-0100 : Chantal Gagné confirme la demande.";
            central
                .post(&format!("{detail}/approbateur"), &[("approver-check", how)])
                .await;
            let (_, issued) = central.post(&format!("{detail}/emettre"), &[]).await;
            assert!(issued.contains("lui a été transmis"), "{issued}");
        }
    }
    let checks = app
        .store
        .audit_of_action("approver-checked")
        .await
        .expect("audit");
    assert_eq!(checks.len(), 1, "the check is in the audit log");
}

/// A request in the test organization, whose principal officer `officier01` signs in.
fn staff_request() -> Vec<(&'static str, String)> {
    with(
        principal_request("1160000001"),
        &[
            ("organization-name", "Centre de formation des Laurentides"),
            ("profile-principal-officer", ""),
            ("profile-individual-files", "on"),
            ("last-name", "Bélanger"),
            ("first-name", "Éric"),
            ("email", "eric.belanger@exemple.qc.ca"),
            ("approver-last-name", "Gagné"),
            ("approver-first-name", "Chantal"),
            ("approver-email", "personne@exemple.qc.ca"),
            ("approver-capacity", "principal-officer"),
        ],
    )
}

#[tokio::test]
async fn an_officer_approves_an_individual_files_user_and_a_wrong_capacity_is_refused() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    let (status, _, page) = file(
        &mut v,
        &with(staff_request(), &[("approver-capacity", "manager")]),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains(
            "doit être approuvée par un responsable principal ou auxiliaire de la sécurité"
        )
    );
    let (status, _, page) = file(
        &mut v,
        &with(
            staff_request(),
            &[("approver-email", "inconnu@exemple.qc.ca")],
        ),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("doit contenir l'adresse courriel d'un responsable de la sécurité actif")
    );
    let (status, _, _) = file(&mut v, &staff_request(), None).await;
    assert_eq!(status, 200);
    // An enterprise-files request of the same organization goes to a manager.
    let enterprise = with(
        staff_request(),
        &[
            ("profile-enterprise-files", "on"),
            ("email", "compta@exemple.qc.ca"),
            ("approver-email", "direction@exemple.qc.ca"),
            ("approver-capacity", "manager"),
        ],
    );
    assert_eq!(file(&mut v, &enterprise, None).await.0, 200);

    let mut member = Visitor::new(&app);
    member
        .sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    assert_eq!(
        member.status(false, "/administration/demandes").await.0,
        403
    );

    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let (_, page) = officer.get("/administration/demandes").await;
    assert!(page.contains("Bélanger"));
    assert!(
        !page.contains("compta@exemple.qc.ca"),
        "a manager's request is not listed"
    );
    assert!(
        page.contains("Votre organisme n'a pas de responsable auxiliaire de la sécurité actif.")
    );
    let requests = app
        .store
        .request_queue(&Default::default())
        .await
        .expect("queue");
    assert!(requests.is_empty(), "nothing is approved yet");
    // Forging the manager's request's id is refused with the reason.
    let org = app
        .store
        .organization_by_neq(&Neq::parse("1160000001").expect("neq"))
        .await
        .expect("read")
        .expect("org");
    let listed = app.store.requests_for_officers(org.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    let page_ids: Vec<&str> = page
        .match_indices("/administration/demandes/")
        .map(|(i, _)| &page[i + 25..i + 61])
        .collect();
    assert_eq!(page_ids, vec![listed[0].id.to_string().as_str()]);
    let (_, page) = officer
        .post(
            &format!("/administration/demandes/{}", listed[0].id),
            &[("decision", "refuse")],
        )
        .await;
    assert!(
        page.contains("Éric Bélanger : Le champ « Raison » est obligatoire."),
        "{page}"
    );
    let (_, page) = officer
        .post(
            &format!("/administration/demandes/{}", listed[0].id),
            &[("decision", "approve")],
        )
        .await;
    assert!(
        page.contains("La demande de Éric Bélanger est approuvée."),
        "{page}"
    );
    assert_eq!(
        app.store
            .request_queue(&Default::default())
            .await
            .expect("queue")
            .len(),
        1
    );
}

#[tokio::test]
async fn a_manager_only_request_cannot_be_approved_by_an_officer() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    let enterprise = with(
        staff_request(),
        &[
            ("profile-enterprise-files", "on"),
            ("approver-email", "direction@exemple.qc.ca"),
            ("approver-capacity", "manager"),
        ],
    );
    assert_eq!(file(&mut v, &enterprise, None).await.0, 200);
    let id = app
        .store
        .request_queue(&Default::default())
        .await
        .expect("queue");
    assert!(id.is_empty());
    let link = link(&app, "direction@exemple.qc.ca", "/demande/approbation/").await;
    assert!(!link.is_empty());
    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    officer.get("/administration/demandes").await;
    let request = enterprise_request(&app).await;
    let (_, page) = officer
        .post(
            &format!("/administration/demandes/{request}"),
            &[("decision", "approve")],
        )
        .await;
    assert!(
        page.contains(
            "Cette demande doit être approuvée par un gestionnaire, car elle vise un profil"
        ),
        "{page}"
    );
}

async fn enterprise_request(app: &App) -> String {
    let mails = app.bodies_to("eric.belanger@exemple.qc.ca").await;
    let body = mails.last().expect("filed mail");
    let at = body.find("/demande/suivi/").expect("follow") + "/demande/suivi/".len();
    let key = &body[at..at + 64];
    app.store
        .request_by_key(&mandat_core::secret::digest(key))
        .await
        .expect("read")
        .expect("filed")
        .id
        .to_string()
}

#[tokio::test]
async fn a_nonprofit_attaches_its_board_resolution_as_a_pdf() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    let nonprofit = with(principal_request("1170000008"), &[("nonprofit", "on")]);
    let (status, _, page) = file(&mut v, &nonprofit, None).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Le champ « Résolution du conseil d'administration (PDF) » est obligatoire.")
    );
    let (status, _, page) = file(&mut v, &nonprofit, Some(b"\x89PNG not a pdf".to_vec())).await;
    assert_eq!(status, 422);
    assert!(page.contains("doit être un document PDF"));
    let too_big = [
        b"%PDF-1.7\n".as_slice(),
        &vec![b' '; 10 * 1024 * 1024],
        b"%%EOF",
    ]
    .concat();
    let (status, _, page) = file(&mut v, &nonprofit, Some(too_big)).await;
    assert_eq!(status, 422);
    assert!(page.contains("ne doit pas dépasser 10 Mio"), "{page}");
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let (status, at, _) = file(&mut v, &nonprofit, Some(pdf.clone())).await;
    assert_eq!(status, 200);
    let key = at.trim_start_matches("/demande/suivi/");
    let r = app
        .store
        .request_by_key(&mandat_core::secret::digest(key))
        .await
        .expect("read")
        .expect("filed");
    let (sha, content) = app
        .store
        .attachment(r.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(content, pdf);
    assert_eq!(sha.len(), 64);
}

#[tokio::test]
async fn the_requester_withdraws_and_the_approval_link_stops_working() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    let (_, at, page) = file(&mut v, &principal_request("1170000007"), None).await;
    assert!(page.contains("Retirer la demande"));
    let approve = link(
        &app,
        "louise.tremblay@exemple.qc.ca",
        "/demande/approbation/",
    )
    .await;
    let (_, page) = v
        .post(
            &format!("{at}/retirer"),
            &[("refusal-reason", "Erreur de saisie")],
        )
        .await;
    assert!(page.contains("Votre demande est retirée."), "{page}");
    assert!(page.contains("Erreur de saisie"));
    assert!(
        !page.contains(r#"action="/demande/suivi/"#),
        "no second withdrawal"
    );
    assert_eq!(v.status(false, &approve).await.0, 410);
}

#[tokio::test]
async fn central_refuses_with_a_reason_the_requester_reads() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    file(&mut v, &principal_request("1170000006"), None).await;
    let approve = link(
        &app,
        "louise.tremblay@exemple.qc.ca",
        "/demande/approbation/",
    )
    .await;
    v.get(&approve).await;
    v.post(
        &approve,
        &[
            ("decision", "approve"),
            ("approver-email", "louise.tremblay@exemple.qc.ca"),
        ],
    )
    .await;
    let id = app
        .store
        .request_queue(&Default::default())
        .await
        .expect("queue")[0]
        .id;
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    let detail = format!("/central/demandes/{id}");
    central.get(&detail).await;
    let (_, page) = central
        .post(&format!("{detail}/refuser"), &[("refusal-reason", "")])
        .await;
    assert!(page.contains("Le champ « Raison » est obligatoire."));
    let (_, page) = central
        .post(
            &format!("{detail}/refuser"),
            &[("refusal-reason", "NEQ inconnu au registre")],
        )
        .await;
    assert!(page.contains("Refusée par le central"), "{page}");
    assert!(page.contains("Un agent du Groupe central de la sécurité"));
    let mail = app
        .bodies_to("julie.lavoie@exemple.qc.ca")
        .await
        .pop()
        .expect("mail");
    assert!(mail.contains("Le Groupe central de la sécurité a refusé votre demande d'accès."));
    assert!(mail.contains("Raison : NEQ inconnu au registre"));
}

#[tokio::test]
async fn a_change_of_email_takes_effect_once_the_new_address_confirms_it() {
    let app = app().await;
    let mut member = Visitor::new(&app);
    member
        .sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    let (_, page) = member.get("/demande/modification").await;
    assert!(page.contains(r#"value="Côté""#), "prefilled: {page}");
    assert!(page.contains("membre01"));
    let key = form_key(&page);
    let change = with(
        staff_request(),
        &[
            ("last-name", "Côté"),
            ("first-name", "Marc"),
            ("nas-partial", "100005"),
            ("email", "marc.cote@nouveau.exemple.qc.ca"),
            ("phone", "418 555-0199"),
            ("access-expires-on", ""),
        ],
    );
    let mut all: Vec<(&str, &str)> = change.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("form-key", &key));
    let (status, at, page) = member
        .post_multipart("/demande/modification", &all, None)
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(at.starts_with("/demande/suivi/"));

    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let (_, page) = officer.get("/administration/demandes").await;
    let at = page.find("/administration/demandes/").expect("listed") + 25;
    let id = page[at..at + 36].to_string();
    officer
        .post(
            &format!("/administration/demandes/{id}"),
            &[("decision", "approve")],
        )
        .await;

    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    let (_, page) = central.get(&format!("/central/demandes/{id}")).await;
    assert!(page.contains("Faire la modification"));
    let (_, page) = central
        .post(&format!("/central/demandes/{id}/appliquer"), &[])
        .await;
    assert!(
        page.contains("La nouvelle adresse courriel prendra effet"),
        "{page}"
    );
    let (person, _) = app
        .store
        .person(app.member)
        .await
        .expect("read")
        .expect("person");
    assert_eq!(person.phone.as_str(), "418 555-0199");
    assert_eq!(
        person.email.as_str(),
        "personne@exemple.qc.ca",
        "not before confirmation"
    );
    assert!(
        app.store
            .profiles_of(app.member)
            .await
            .expect("profiles")
            .individual()
            .is_some()
    );

    let confirm = link(
        &app,
        "marc.cote@nouveau.exemple.qc.ca",
        "/demande/courriel/",
    )
    .await;
    let mut reader = Visitor::new(&app);
    let (_, page) = reader.get(&confirm).await;
    assert!(page.contains("marc.cote@nouveau.exemple.qc.ca"));
    let (person, _) = app
        .store
        .person(app.member)
        .await
        .expect("read")
        .expect("person");
    assert_eq!(
        person.email.as_str(),
        "personne@exemple.qc.ca",
        "opening the link changes nothing"
    );
    let (_, page) = reader.post(&confirm, &[]).await;
    assert!(
        page.contains("Votre nouvelle adresse courriel est confirmée."),
        "{page}"
    );
    let (person, _) = app
        .store
        .person(app.member)
        .await
        .expect("read")
        .expect("person");
    assert_eq!(person.email.as_str(), "marc.cote@nouveau.exemple.qc.ca");
    assert!(
        app.bodies_to("personne@exemple.qc.ca")
            .await
            .last()
            .expect("officers' copy")
            .contains("a modifié l'adresse courriel de Marc Côté")
    );
    assert_eq!(reader.status(false, &confirm).await.0, 410);
    let r = app
        .store
        .request(id.parse().expect("id"))
        .await
        .expect("read")
        .expect("request");
    assert_eq!(r.state, mandat_core::request::RequestState::Applied);
}

#[tokio::test]
async fn the_public_form_files_at_most_ten_requests_per_address_in_fifteen_minutes() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    for n in 0..10 {
        let neq = format!("11800000{n:02}");
        let (status, _, page) = file(&mut v, &principal_request(&neq), None).await;
        assert_eq!(status, 200, "{page}");
    }
    let (status, _, page) = file(&mut v, &principal_request("1180000099"), None).await;
    assert_eq!(status, 429);
    assert!(page.contains("Trop de demandes ont été transmises à partir de votre poste."));
    app.clock.advance(time::Duration::minutes(16));
    let (status, _, _) = file(&mut v, &principal_request("1180000099"), None).await;
    assert_eq!(status, 200);
}
