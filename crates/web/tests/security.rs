//! « Administration de la sécurité » over HTTP (M21–M24): the organization's security file,
//! its filters and its export.

mod common;

use common::{Visitor, app};

#[tokio::test]
async fn an_officer_reads_filters_sorts_and_exports_the_security_file() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let (_, menu) = v.get("/menu").await;
    assert!(
        menu.contains(
            r#"<a href="/administration/securite">Dossier de sécurité de l'organisme</a>"#
        )
    );

    let (_, page) = v.get("/administration/securite").await;
    assert!(page.contains("<h1>Dossier de sécurité de l'organisme</h1>"));
    assert!(
        page.contains("2 personnes · page 1 de 1"),
        "Roy has no code yet"
    );
    let cote = page.find("<td>membre01</td>").expect("Côté's row");
    let gagne = page.find("<td>officier01</td>").expect("Gagné's row");
    assert!(cote < gagne, "sorted by last name");
    assert!(
        page.contains("<td>Responsable sécurité</td>"),
        "the combined label"
    );
    assert!(page.contains(r#"aria-sort="ascending"><a href="/administration/securite?tri=nom&#38;ordre=desc">Nom</a>"#), "{page}");

    let (_, sorted) = v.get("/administration/securite?tri=nom&ordre=desc").await;
    assert!(sorted.find("<td>officier01</td>") < sorted.find("<td>membre01</td>"));
    let (_, found) = v.get("/administration/securite?q=C%C3%B4T").await;
    assert!(found.contains("1 personne · page 1 de 1") && found.contains("<td>membre01</td>"));
    let (_, none) = v.get("/administration/securite?etat=inactive").await;
    assert!(none.contains("Aucune personne ne correspond à ces critères."));
    let (_, ignored) = v
        .get("/administration/securite?etat=%27%3B&page=x&tri=zz")
        .await;
    assert!(
        ignored.contains("2 personnes"),
        "a bad value is ignored, not an error"
    );

    let res = v
        .download("/administration/securite.csv?profil=principal-officer")
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"dossier-securite-1160000001.csv\""
    );
    let csv = res.text().await.expect("csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Code d'utilisateur,Nom,Prénom,État,Profil,Date d'expiration"
    );
    assert_eq!(lines.len(), 2, "only the principal officer: {csv}");
    assert!(lines[1].starts_with("officier01,Gagné,Chantal,Actif,"));
    let exported = app
        .store
        .audit_of_action("security-file-exported")
        .await
        .expect("audit");
    assert_eq!(exported.len(), 1);
    assert!(exported[0].detail.contains("profil=principal-officer"));
}

#[tokio::test]
async fn only_officers_see_the_security_file() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    assert_eq!(
        v.status(false, "/administration/securite")
            .await
            .1
            .as_deref(),
        Some("/connexion")
    );
    v.sign_in(&app, "membre01", "personne@exemple.qc.ca").await;
    let (_, menu) = v.get("/menu").await;
    assert!(!menu.contains("/administration/securite"), "M21");
    assert_eq!(v.status(false, "/administration/securite").await.0, 403);
    assert_eq!(v.status(false, "/administration/securite.csv").await.0, 403);
}
