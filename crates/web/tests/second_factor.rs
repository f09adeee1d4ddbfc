//! The authenticator app and the recovery codes of the second factor (E2), through HTTP on
//! a moved clock: a key is linked by one of its codes, each code signs in once, the recovery
//! codes are shown once and each works once, and every change is emailed and audited.

mod common;

use common::{App, PASSWORD, Visitor, app};
use mandat_core::Clock;
use mandat_core::totp::TotpKey;
use time::Duration;

const EMAIL: &str = "personne@exemple.qc.ca";

async fn mails(app: &App) -> Vec<(String, String)> {
    let mails = app.mails_to(EMAIL).await.into_iter();
    mails.map(|m| (m.subject, m.body)).collect()
}

/// The text between `start` and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).expect(start) + start.len();
    let to = html[from..].find(end).expect(end) + from;
    &html[from..to]
}

/// Password, then `code` on the second-factor page; returns where that leads and the page.
async fn sign_in_with(v: &mut Visitor, code: &str) -> (String, String) {
    v.get("/connexion").await;
    let (at, html) = v
        .post(
            "/connexion",
            &[("user-code", "membre01"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(at, "/connexion/deuxieme-facteur", "{html}");
    v.post(
        "/connexion/deuxieme-facteur",
        &[("second-factor-code", code)],
    )
    .await
}

async fn sign_out(v: &mut Visitor) {
    let (_, html) = v.post("/deconnexion", &[]).await;
    assert!(html.contains("Vous avez quitté l'application"), "{html}");
}

#[tokio::test]
async fn an_app_is_linked_by_one_code_and_each_code_signs_in_once() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    let (at, _) = marc.sign_in(&app, "membre01", EMAIL).await;
    assert_eq!(at, "/menu");
    let (_, html) = marc.get("/authentification/application").await;
    assert!(
        html.contains("Aucune application d'authentification"),
        "{html}"
    );
    let (at, html) = marc.post("/authentification/application", &[]).await;
    assert_eq!(at, "/authentification/application");
    assert!(html.contains("<svg"), "a QR code is shown");
    assert!(html.contains(r#"aria-label="Code QR à balayer"#), "{html}");
    let key = TotpKey::from_typed(between(&html, r#"<code class="typed-key">"#, "</code>"))
        .expect("the key typed by hand");

    // A wrong code leaves the key pending and says why, beside the field.
    let (_, html) = marc
        .post(
            "/authentification/application/confirmer",
            &[("authenticator-code", "000000")],
        )
        .await;
    assert!(
        html.contains("ne correspond pas au code que votre application affiche"),
        "{html}"
    );
    assert!(html.contains("<svg"), "still to be confirmed");

    let now = app.clock.now();
    let (_, html) = marc
        .post(
            "/authentification/application/confirmer",
            &[("authenticator-code", &key.code_at(now))],
        )
        .await;
    assert!(
        html.contains("Votre application d'authentification est associée"),
        "{html}"
    );
    let codes: Vec<String> = html
        .match_indices("<li><code>")
        .map(|(i, _)| html[i + 10..i + 21].to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{html}");
    assert!(
        mails(&app)
            .await
            .iter()
            .any(|(_, body)| body.contains("Une application d'authentification a été associée"))
    );
    let (_, html) = marc.get("/authentification/codes-de-recuperation").await;
    assert!(
        html.contains("Il vous reste 10 codes de récupération."),
        "{html}"
    );
    assert!(!html.contains(&codes[0]), "shown once only");
    sign_out(&mut marc).await;

    // The code that confirmed the app cannot sign in: its step is used.
    let mut again = Visitor::new(&app);
    let (at, html) = sign_in_with(&mut again, &key.code_at(now)).await;
    assert_eq!(at, "/connexion/deuxieme-facteur");
    assert!(
        html.contains("Le code de validation est invalide ou expiré"),
        "{html}"
    );
    assert!(
        html.contains("Saisissez le code affiché par votre application"),
        "{html}"
    );

    // The next step's code signs in, once.
    app.clock.advance(Duration::seconds(30));
    let next = key.code_at(app.clock.now());
    let (at, _) = sign_in_with(&mut again, &next).await;
    assert_eq!(at, "/menu");
    sign_out(&mut again).await;
    let (at, _) = sign_in_with(&mut again, &next).await;
    assert_eq!(
        at, "/connexion/deuxieme-facteur",
        "a replayed code is refused"
    );

    // A recovery code works once, in any case, and the person hears of it.
    let (at, _) = sign_in_with(&mut again, &codes[3].to_lowercase()).await;
    assert_eq!(at, "/menu");
    assert!(
        mails(&app)
            .await
            .iter()
            .any(|(_, body)| body.contains("Il vous en reste 9."))
    );
    sign_out(&mut again).await;
    let (at, _) = sign_in_with(&mut again, &codes[3]).await;
    assert_eq!(at, "/connexion/deuxieme-facteur", "used already");
    // That was the third failure since the password was set (M11).
    let account = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read");
    assert!(account.expect("account").inactive.is_some(), "locked");
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_and_an_app_can_be_removed() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", EMAIL).await;
    let (_, html) = marc.get("/authentification/codes-de-recuperation").await;
    assert!(
        html.contains("Il ne vous reste aucun code de récupération."),
        "{html}"
    );
    let (_, html) = marc
        .post("/authentification/codes-de-recuperation", &[])
        .await;
    assert!(
        html.contains("Voici vos nouveaux codes de récupération."),
        "{html}"
    );
    let old = between(&html, "<li><code>", "</code>").to_string();
    let (_, html) = marc
        .post("/authentification/codes-de-recuperation", &[])
        .await;
    let new = between(&html, "<li><code>", "</code>").to_string();
    assert_ne!(old, new);
    assert!(
        mails(&app)
            .await
            .iter()
            .any(|(_, body)| body.contains("De nouveaux codes de récupération ont été créés"))
    );
    sign_out(&mut marc).await;
    let (at, _) = sign_in_with(&mut marc, &old).await;
    assert_eq!(at, "/connexion/deuxieme-facteur", "replaced");
    let (at, _) = sign_in_with(&mut marc, &new).await;
    assert_eq!(at, "/menu");

    let (_, html) = marc.post("/authentification/application", &[]).await;
    let key =
        TotpKey::from_typed(between(&html, r#"<code class="typed-key">"#, "</code>")).expect("key");
    marc.post(
        "/authentification/application/confirmer",
        &[("authenticator-code", &key.code_at(app.clock.now()))],
    )
    .await;
    let (_, html) = marc.get("/authentification/application").await;
    assert!(
        html.contains("Une application d'authentification est associée"),
        "{html}"
    );
    let (_, html) = marc
        .post("/authentification/application/retirer", &[])
        .await;
    assert!(
        html.contains("L'application d'authentification a été retirée."),
        "{html}"
    );
    assert!(
        mails(&app)
            .await
            .iter()
            .any(|(_, body)| body.contains("a été retirée"))
    );
    sign_out(&mut marc).await;
    app.clock.advance(Duration::seconds(30));
    let (at, _) = sign_in_with(&mut marc, &key.code_at(app.clock.now())).await;
    assert_eq!(
        at, "/connexion/deuxieme-facteur",
        "the removed app no longer counts"
    );

    let actions: Vec<String> = app
        .store
        .audit_of_person(app.member)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.action)
        .collect();
    for action in [
        "recovery-codes-renewed",
        "authenticator-started",
        "authenticator-added",
        "authenticator-removed",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

/// Issue 19 item 11 (ASVS 4.0 3.7.1): five minutes after both factors were proven, linking or
/// removing the app and renewing the recovery codes ask the password again; a wrong one
/// counts toward M11's three failures, and nothing changes until the right one is typed.
#[tokio::test]
async fn a_change_of_the_second_factor_asks_the_password_once_the_proof_is_not_recent() {
    let app = app().await;
    let mut marc = Visitor::new(&app);
    marc.sign_in(&app, "membre01", EMAIL).await;
    let (_, html) = marc.post("/authentification/application", &[]).await;
    assert!(!html.contains("current-password"), "a recent proof stands");
    let key =
        TotpKey::from_typed(between(&html, r#"<code class="typed-key">"#, "</code>")).expect("key");

    app.clock.advance(Duration::minutes(6));
    let (_, html) = marc.get("/authentification/application").await;
    assert!(html.contains(r#"id="current-password""#), "{html}");
    let code = key.code_at(app.clock.now());
    let (status, _) = marc
        .status(true, "/authentification/application/confirmer")
        .await;
    assert_eq!(status, 422, "no password, no link");
    let (_, html) = marc
        .post(
            "/authentification/application/confirmer",
            &[
                ("authenticator-code", &code),
                ("current-password", "Pas le bon"),
            ],
        )
        .await;
    assert!(
        html.contains("Le champ « Mot de passe actuel » est incorrect."),
        "{html}"
    );
    let stored = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read");
    assert_eq!(stored.expect("marc").failed_sign_ins, 1, "counted (M11)");
    let (_, html) = marc
        .post(
            "/authentification/application/confirmer",
            &[
                ("authenticator-code", &code),
                ("current-password", PASSWORD),
            ],
        )
        .await;
    assert!(html.contains("Voici vos codes de récupération."), "{html}");

    // The link renewed the session, which is a fresh proof; it too grows old.
    app.clock.advance(Duration::minutes(6));
    let (_, html) = marc.get("/authentification/application/retirer").await;
    assert!(html.contains(r#"id="current-password""#), "{html}");
    let (status, _) = marc
        .status(true, "/authentification/application/retirer")
        .await;
    assert_eq!(status, 422);
    let (_, html) = marc.get("/authentification/application").await;
    assert!(html.contains("Une application d'authentification est associée"));
    let (_, html) = marc
        .post(
            "/authentification/application/retirer",
            &[("current-password", PASSWORD)],
        )
        .await;
    assert!(
        html.contains("L'application d'authentification a été retirée."),
        "{html}"
    );

    app.clock.advance(Duration::minutes(6));
    let (status, _) = marc
        .status(true, "/authentification/codes-de-recuperation")
        .await;
    assert_eq!(status, 422);
    let (_, html) = marc
        .post(
            "/authentification/codes-de-recuperation",
            &[("current-password", PASSWORD)],
        )
        .await;
    assert!(
        html.contains("Voici vos nouveaux codes de récupération."),
        "{html}"
    );
}
