//! The rules that depend on time, through HTTP against Mandat's router on a moved clock:
//! a registration code's four business days and central's extension (M7), sessions idle for
//! 30 minutes (M12), one password change a day and passwords expiring after six months (M10).

mod common;

use common::{PASSWORD, Visitor, app};
use mandat_core::Field;
use mandat_core::contact::Email;
use time::Duration;

fn registration_code(body: &str) -> String {
    let label = "Votre code d'enregistrement est : \"";
    let at = body.find(label).expect("code") + label.len();
    body[at..at + 14].to_string()
}

fn person_id(html: &str, name: &str) -> String {
    let row = &html[html
        .find(&format!("<th scope=\"row\">{name}</th>"))
        .expect("row")..];
    let at = row.find(r#"name="person" value=""#).expect("issue form")
        + r#"name="person" value=""#.len();
    row[at..at + 36].to_string()
}

fn code_id(html: &str) -> String {
    let at =
        html.find(r#"name="code" value=""#).expect("extend form") + r#"name="code" value=""#.len();
    html[at..at + 36].to_string()
}

#[tokio::test]
async fn a_code_runs_four_business_days_then_central_extends_it_by_two() {
    let app = app().await;
    let mut central = Visitor::new(&app);
    let (at, _) = central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    assert_eq!(at, "/menu");
    let (_, html) = central.get("/central/codes?neq=1160000001").await;
    let sophie = person_id(&html, "Sophie Roy");
    let (at, html) = central
        .post(
            "/central/codes/emettre",
            &[("person", &sophie), ("access-expires-on", "2027-06-30")],
        )
        .await;
    assert!(
        html.contains("valide jusqu'au 27 novembre 2026 inclusivement"),
        "Monday + 4 business days: {html}"
    );
    assert_eq!(
        at, "/central/codes",
        "post/redirect/get: a reload sends nothing"
    );
    let outbox = app
        .store
        .outbox_for(&Email::parse(Field::Email, "personne@exemple.qc.ca").expect("email"))
        .await
        .expect("outbox");
    let code = registration_code(&outbox.last().expect("mail").mail.body);

    // Saturday the 28th: the code's last day has passed.
    app.clock.advance(Duration::days(5));
    let mut sophie_browser = Visitor::new(&app);
    sophie_browser.get("/inscription").await;
    let (_, html) = sophie_browser
        .post(
            "/inscription",
            &[("registration-code", &code), ("nas-partial", "100004")],
        )
        .await;
    assert!(
        html.contains("Le délai de quatre jours ouvrables pour utiliser ce code est expiré."),
        "{html}"
    );

    // Central, signed in anew (five days ended its session), checks the NAS partiel: a wrong
    // one says only that it does not match.
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    let (_, html) = central.get("/central/codes?neq=1160000001").await;
    assert!(html.contains("Expiré"), "{html}");
    let id = code_id(&html);
    let (_, html) = central
        .post(
            "/central/codes/prolonger",
            &[("code", &id), ("nas-partial", "100005")],
        )
        .await;
    assert!(
        html.contains("Le NAS partiel ne correspond pas à celui de Sophie Roy."),
        "{html}"
    );
    let (_, html) = central
        .post(
            "/central/codes/prolonger",
            &[("code", &id), ("nas-partial", "100004")],
        )
        .await;
    // Saturday + 2 business days: Tuesday December 1.
    assert!(
        html.contains("prolongé jusqu'au 1er décembre 2026 inclusivement"),
        "{html}"
    );
    let (at, _) = sophie_browser
        .post(
            "/inscription",
            &[("registration-code", &code), ("nas-partial", "100004")],
        )
        .await;
    assert_eq!(at, "/inscription/identification");
}

#[tokio::test]
async fn a_session_idle_for_thirty_minutes_ends() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    assert_eq!(
        marc.sign_in(&app, "membre01", "personne@exemple.qc.ca")
            .await
            .0,
        "/menu"
    );
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        marc.get("/menu").await.0,
        "/menu",
        "activity keeps it alive"
    );
    app.clock.advance(Duration::minutes(29));
    assert_eq!(marc.get("/menu").await.0, "/menu");
    app.clock.advance(Duration::minutes(31));
    assert_eq!(
        marc.get("/menu").await.0,
        "/connexion",
        "idle for 31 minutes"
    );
}

/// M12's idle clock is written at most once a minute, so a page that only reads writes
/// nothing: activity within a minute of the last write does not move it.
#[tokio::test]
async fn the_idle_clock_moves_at_most_once_a_minute() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    app.clock.advance(Duration::seconds(30));
    assert_eq!(marc.get("/menu").await.0, "/menu");
    app.clock.advance(Duration::seconds(29 * 60 + 45));
    assert_eq!(
        marc.get("/menu").await.0,
        "/connexion",
        "30 minutes 15 seconds after the last activity written down"
    );

    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    app.clock.advance(Duration::seconds(61));
    assert_eq!(marc.get("/menu").await.0, "/menu", "written down");
    app.clock
        .advance(Duration::minutes(29) + Duration::seconds(30));
    assert_eq!(marc.get("/menu").await.0, "/menu");
}

#[tokio::test]
async fn a_password_changes_once_a_day_and_expires_after_six_months() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    app.clock.advance(Duration::days(2));
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", "personne@exemple.qc.ca")
        .await;
    marc.get("/mot-de-passe").await;
    let (_, html) = marc
        .post(
            "/mot-de-passe",
            &[
                ("current-password", PASSWORD),
                ("password", "Automne2026y"),
                ("password-confirmation", "Automne2026y"),
            ],
        )
        .await;
    assert!(html.contains("Enregistrement fait avec succès"), "{html}");
    marc.get("/mot-de-passe").await;
    let (_, html) = marc
        .post(
            "/mot-de-passe",
            &[
                ("current-password", "Automne2026y"),
                ("password", "Hiver2027zz"),
                ("password-confirmation", "Hiver2027zz"),
            ],
        )
        .await;
    assert!(
        html.contains("Vous ne pouvez modifier votre mot de passe qu'une fois par jour."),
        "{html}"
    );

    // Six months later the password has expired: the change page comes first, without the
    // current password (M10).
    app.clock.advance(Duration::days(184));
    let mut marc = Visitor::new(&app);
    marc.get("/connexion").await;
    marc.post(
        "/connexion",
        &[("user-code", "membre01"), ("password", "Automne2026y")],
    )
    .await;
    marc.post("/connexion/code-par-courriel", &[]).await;
    let outbox = app
        .store
        .outbox_for(&Email::parse(Field::Email, "personne@exemple.qc.ca").expect("email"))
        .await
        .expect("outbox");
    let body = &outbox.last().expect("mail").mail.body;
    let at = body.find("est : ").expect("code") + "est : ".len();
    let (at_page, html) = marc
        .post(
            "/connexion/deuxieme-facteur",
            &[("second-factor-code", &body[at..at + 6])],
        )
        .await;
    assert_eq!(at_page, "/mot-de-passe");
    assert!(
        html.contains("Votre mot de passe est temporaire. Vous devez le modifier.")
            && !html.contains("Mot de passe actuel"),
        "{html}"
    );
    assert_eq!(
        marc.get("/menu").await.0,
        "/mot-de-passe",
        "nothing else until it changes"
    );
}
