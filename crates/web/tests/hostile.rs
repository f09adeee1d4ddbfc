//! What a reviewer tried against the running product (issue 19), each over HTTP: the answer
//! stays on Mandat, in its own pages, whatever is sent.

mod common;

use common::{Visitor, app};

/// ASVS 5.1.5: the language switch returns only to a path of this site. Browsers drop tabs
/// and line breaks from a URL and read `\` as `/`, so `/<TAB>/other.host` is
/// `//other.host` to them: each of these goes home instead, and one that no `Location`
/// header could carry (`%0d%0a`) is not a 500 either.
#[tokio::test]
async fn the_language_switch_never_leads_off_the_site() {
    let app = app().await;
    let v = Visitor::new(&app);
    for next in [
        "/%09/other.host",
        "/%09%5Cother.host",
        "%2F%2Fother.host",
        "/%0a/other.host",
        "/a%0d%0ab",
        "https://other.host",
        "/%5C%5Cother.host",
    ] {
        let (status, location) = v.status(false, &format!("/lang/en?next={next}")).await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/")),
            "next={next}"
        );
    }
    let (status, location) = v.status(false, "/lang/en?next=/menu%3Fa%3D1").await;
    assert_eq!((status, location.as_deref()), (303, Some("/menu?a=1")));
    let (_, location) = v.status(false, "/lang/en?next=/%C3%A9t%C3%A9").await;
    assert_eq!(location.as_deref(), Some("/%C3%A9t%C3%A9"));
}

/// A form without its fields, or sent as something else than a form, gets Mandat's own page
/// in the reader's language, not the framework's words (« Failed to deserialize form body »).
#[tokio::test]
async fn a_malformed_form_gets_the_projects_own_page() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    v.get("/connexion").await;
    let (at, page) = v.post("/connexion", &[("user-code", "membre01")]).await;
    assert_eq!(at, "/connexion");
    assert!(page.contains("Demande illisible"), "{page}");
    assert!(!page.contains("deserialize") && !page.contains("missing field"));
    let res = v
        .unfollowed
        .post(format!("{}/connexion", app.url))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 400);
    let page = res.text().await.expect("body");
    assert!(page.contains("Demande illisible"), "{page}");
    v.get("/lang/en?next=/connexion").await;
    let (_, page) = v.post("/connexion", &[]).await;
    assert!(page.contains("Unreadable request"), "{page}");
}

/// A date is bounded to the years 1900–2199 wherever it is typed or passed: the journals
/// (page, CSV, JSON Lines) said 500 for `au=9999-12-31`, and a contract took year 9999.
#[tokio::test]
async fn a_date_out_of_range_is_refused_with_a_message() {
    let app = app().await;
    let mut officer = Visitor::new(&app);
    officer
        .sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    for query in [
        "au=9999-12-31",
        "du=-9999-01-01",
        "du=0001-01-01",
        "au=2200-01-01",
    ] {
        for page in ["journal", "journal.csv", "journal.jsonl"] {
            let path = format!("/administration/{page}?{query}");
            let (status, _) = officer.status(false, &path).await;
            assert!(status < 500, "{path}: {status}");
        }
        let (_, page) = officer
            .get(&format!("/administration/journal?{query}"))
            .await;
        assert!(
            page.contains("doit contenir une date entre l'an 1900 et l'an 2199"),
            "{query}: {page}"
        );
    }
    let mut agency = Visitor::new(&app);
    agency
        .sign_in(&app, "ministere01", &common::email_of("ministere01"))
        .await;
    agency.get("/ministere/contrats").await;
    let (_, page) = agency
        .post(
            "/ministere/contrats",
            &[
                ("neq", "1160000001"),
                ("contract-kind", "training"),
                ("starts-on", "-9999-01-01"),
                ("ends-on", "9999-12-31"),
            ],
        )
        .await;
    assert!(page.contains(r#"id="starts-on-error""#), "{page}");
    assert!(page.contains(r#"id="ends-on-error""#), "{page}");
    assert!(page.contains("entre l'an 1900 et l'an 2199"), "{page}");
}

/// ASVS 3.3.3: a new password, or the authenticator app removed, ends every other session of
/// the account, and the one in use goes on under a new id.
#[tokio::test]
async fn changing_credentials_ends_the_other_sessions_and_renews_this_one() {
    let app = app().await;
    // A day after the account's password was set: one change a day (M10).
    app.clock.advance(time::Duration::days(2));
    let email = "personne@exemple.qc.ca";
    let (mut here, mut elsewhere) = (Visitor::new(&app), Visitor::new(&app));
    here.sign_in(&app, "membre01", email).await;
    elsewhere.sign_in(&app, "membre01", email).await;
    here.get("/mot-de-passe").await;
    let form = [
        ("csrf", here.token.as_str()),
        ("current-password", common::PASSWORD),
        ("password", "Automne2026y"),
        ("password-confirmation", "Automne2026y"),
    ];
    let res = here
        .unfollowed
        .post(format!("{}/mot-de-passe", app.url))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let renewed = res.headers().get_all("set-cookie").iter().any(|c| {
        c.to_str()
            .is_ok_and(|c| c.starts_with("session=") && !c.starts_with("session=;"))
    });
    assert!(renewed, "the session in use goes on under a new id");
    assert_eq!(here.get("/menu").await.0, "/menu", "still signed in here");
    assert_eq!(
        elsewhere.get("/menu").await.0,
        "/connexion",
        "signed out elsewhere"
    );

    let mut elsewhere = Visitor::new(&app);
    elsewhere
        .sign_in_with(&app, "membre01", "Automne2026y", email)
        .await;
    here.get("/authentification/application").await;
    here.post("/authentification/application/retirer", &[])
        .await;
    assert_eq!(here.get("/menu").await.0, "/menu");
    assert_eq!(elsewhere.get("/menu").await.0, "/connexion");
}

/// M11, ASVS 2.2.1: the password a signed-in person types again (to deactivate their code,
/// to change their password) counts as a sign-in's: the third wrong one deactivates the code,
/// ends its sessions and sends the sign-in's emails; and the address's throttle refuses the
/// forms past its limit, as it refuses sign-in.
#[tokio::test]
async fn a_password_typed_again_counts_as_a_sign_ins() {
    use mandat_core::account::InactiveCause;
    let app = app().await;
    let email = "personne@exemple.qc.ca";
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", email).await;
    let guess = |n: usize| format!("Pas le bon {n}");
    // A refused change is redrawn as 422, as every refused form; an empty one counts nothing.
    marc.get("/mot-de-passe").await;
    assert_eq!(marc.status(true, "/mot-de-passe").await.0, 422);
    marc.get("/desactivation").await;
    for n in 1..=2 {
        let typed = guess(n);
        let form = [("password", typed.as_str()), ("reason", "dismissal")];
        let (_, page) = marc.post("/desactivation", &form).await;
        assert!(page.contains(r#"id="password-error""#), "{n}: {page}");
    }
    let third = guess(3);
    let (_, page) = marc
        .post(
            "/desactivation",
            &[("password", third.as_str()), ("reason", "dismissal")],
        )
        .await;
    assert!(page.contains("Code d'utilisateur inactif"), "{page}");
    let marc_now = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read")
        .expect("account");
    assert!(matches!(
        marc_now.inactive,
        Some((InactiveCause::Lockout, _))
    ));
    assert_eq!(
        marc.get("/menu").await.0,
        "/connexion",
        "its sessions ended"
    );
    let subjects: Vec<String> = app
        .mails_to(email)
        .await
        .iter()
        .map(|m| m.subject.clone())
        .collect();
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("Code d'utilisateur désactivé")),
        "{subjects:?}"
    );

    // The address's throttle: ten failures, from sign-in or these forms, and the password
    // change refuses to check anything more for a while.
    let mut chantal = Visitor::new(&app);
    chantal.sign_in(&app, "officier01", email).await;
    // The lockout says when and from where each failure came, so that an officer can tell
    // an attack from a forgotten password before reactivating (item 13).
    let (_, file) = chantal
        .get(&format!("/administration/securite/{}", app.member))
        .await;
    assert!(
        // The test's requests come from 127.0.0.1.
        file.contains(
            "3 échecs d'ouverture de session : le 23 novembre 2026 09:00, depuis l'adresse 127.0.0.1 ;"
        ),
        "{file}"
    );
    for n in 0..10 {
        let mut stranger = Visitor::new(&app);
        stranger.get("/connexion").await;
        let typed = guess(n);
        stranger
            .post(
                "/connexion",
                &[("user-code", "inconnu"), ("password", &typed)],
            )
            .await;
    }
    chantal.get("/mot-de-passe").await;
    let (status, _) = chantal.status(true, "/mot-de-passe").await;
    assert_eq!(status, 429);
}
