//! Accounts end to end over HTTP (issue 4): central is created from the command line, signs
//! in with the second factor and changes its temporary password (M10), issues a registration
//! code (M6), and the person registers (M8) and signs in (E2, M9); three wrong passwords lock
//! a code (M11). Emails are read back from the directory backend.

mod support;

use support::{TestApp, after, run, wait_for_mail};

/// A person at a browser: keeps cookies, and the form token of the last page seen.
struct Visitor {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl Visitor {
    fn new(app: &TestApp) -> Self {
        Visitor {
            client: app.client(),
            url: app.url.clone(),
            token: String::new(),
        }
    }

    /// GETs a page, following redirects; returns the final path and the page.
    async fn get(&mut self, path: &str) -> (String, String) {
        let mut path = path.to_string();
        for _ in 0..5 {
            let res = self
                .client
                .get(format!("{}{path}", self.url))
                .send()
                .await
                .expect("GET");
            if res.status().is_redirection() {
                path = res.headers()["location"]
                    .to_str()
                    .expect("location")
                    .to_string();
                continue;
            }
            let html = res.text().await.expect("body");
            if html.contains(r#"name="csrf""#) {
                self.token = support::csrf(&html);
            }
            return (path, html);
        }
        panic!("too many redirects");
    }

    /// POSTs a form with the current token; follows a redirect with a GET.
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", &self.token)];
        form.extend_from_slice(fields);
        let res = self
            .client
            .post(format!("{}{path}", self.url))
            .form(&form)
            .send()
            .await
            .expect("POST");
        let status = res.status().as_u16();
        if res.status().is_redirection() {
            let to = res.headers()["location"]
                .to_str()
                .expect("location")
                .to_string();
            let (at, html) = self.get(&to).await;
            return (status, at, html);
        }
        let html = res.text().await.expect("body");
        if html.contains(r#"name="csrf""#) {
            self.token = support::csrf(&html);
        }
        (status, path.to_string(), html)
    }

    /// Signs in with the password and an emailed second-factor code; returns the page reached.
    async fn sign_in(
        &mut self,
        app: &TestApp,
        code: &str,
        password: &str,
        email: &str,
        nth_code: usize,
    ) -> (String, String) {
        self.get("/connexion").await;
        let (_, at, _) = self
            .post("/connexion", &[("user-code", code), ("password", password)])
            .await;
        assert_eq!(at, "/connexion/deuxieme-facteur");
        let (_, _, html) = self.post("/connexion/code-par-courriel", &[]).await;
        assert!(
            html.contains("Un code vous a été transmis par courriel"),
            "{html}"
        );
        let mail = wait_for_mail(
            app.dir.path(),
            email,
            "Votre code de validation multifacteur",
            nth_code,
        )
        .await;
        let digits = after(&mail.body, "Votre code de validation multifacteur est :").to_string();
        let (_, at, html) = self
            .post(
                "/connexion/deuxieme-facteur",
                &[("second-factor-code", &digits)],
            )
            .await;
        (at, html)
    }
}

/// Creates the central agent from the command line; returns its temporary password.
fn central_agent(app_dir: &std::path::Path) -> String {
    let out = run(
        app_dir,
        &[
            "admin",
            "create-central-agent",
            "--name",
            "Agente Centrale",
            "--email",
            "central@mandat.exemple.qc.ca",
            "--user-code",
            "central01",
        ],
    );
    assert!(out.status.success(), "{}", support::stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    after(&printed, "Temporary password:").to_string()
}

#[tokio::test]
async fn central_issues_a_code_and_the_person_registers_then_signs_in() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let temporary = central_agent(dir.path());
    let app = TestApp::start_in(dir, &[]);

    // Central signs in; its temporary password must change first (M10).
    let mut central = Visitor::new(&app);
    let (at, html) = central
        .sign_in(
            &app,
            "central01",
            &temporary,
            "central@mandat.exemple.qc.ca",
            1,
        )
        .await;
    assert_eq!(at, "/mot-de-passe");
    assert!(html.contains("Votre mot de passe est temporaire. Vous devez le modifier."));
    assert!(
        !html.contains("Mot de passe actuel"),
        "no current password is asked"
    );
    let (_, _, html) = central
        .post(
            "/mot-de-passe",
            &[
                ("password", "Printemps2027"),
                ("password-confirmation", "Printemps2026"),
            ],
        )
        .await;
    assert!(html.contains("ne correspond pas"), "{html}");
    let (_, _, html) = central
        .post(
            "/mot-de-passe",
            &[
                ("password", "Printemps2026"),
                ("password-confirmation", "Printemps2026"),
            ],
        )
        .await;
    assert!(html.contains("Enregistrement fait avec succès"), "{html}");
    wait_for_mail(
        app.dir.path(),
        "central@mandat.exemple.qc.ca",
        "Changement de votre mot de passe",
        1,
    )
    .await;
    let (at, html) = central.get("/menu").await;
    assert_eq!(at, "/menu");
    assert!(html.contains("Codes d&#39;enregistrement"));

    // Central issues a code to Sophie Roy of the training centre (M6).
    let (_, html) = central.get("/central/codes?neq=1160000001").await;
    let sophie = person_id(&html, "Sophie Roy");
    let (_, _, html) = central
        .post(
            "/central/codes/emettre",
            &[("person", &sophie), ("access-expires-on", "2099-01-01")],
        )
        .await;
    assert!(
        html.contains("au plus un an"),
        "the access lasts at most a year: {html}"
    );
    let next_year =
        (time::OffsetDateTime::now_utc().date() + time::Duration::days(300)).to_string();
    let (_, _, html) = central
        .post(
            "/central/codes/emettre",
            &[("person", &sophie), ("access-expires-on", &next_year)],
        )
        .await;
    assert!(
        html.contains("Le code d&#39;enregistrement de Sophie Roy lui a été transmis"),
        "{html}"
    );
    let mail = wait_for_mail(
        app.dir.path(),
        "sophie.roy@cfl.exemple.qc.ca",
        "Votre code d'enregistrement",
        1,
    )
    .await;
    let code = after(&mail.body, "Votre code d'enregistrement est :").to_string();
    assert_eq!(code.len(), 14, "{code}");
    // Every active officer is told (M6): the demo's principal officer has an account.
    let notice = wait_for_mail(
        app.dir.path(),
        "chantal.gagne@cfl.exemple.qc.ca",
        "Code d'enregistrement transmis",
        1,
    )
    .await;
    assert!(notice.body.contains("Le Groupe central de la sécurité vient de transmettre un code d'enregistrement à un employé de votre organisme."));

    // Sophie registers: a wrong NAS partiel first, then the right one (M8).
    let mut sophie_browser = Visitor::new(&app);
    sophie_browser.get("/inscription").await;
    let (_, _, html) = sophie_browser
        .post(
            "/inscription",
            &[("registration-code", &code), ("nas-partial", "999999")],
        )
        .await;
    assert!(
        html.contains("Le code d&#39;enregistrement ou le NAS partiel est invalide."),
        "{html}"
    );
    let (_, at, html) = sophie_browser
        .post(
            "/inscription",
            &[
                ("registration-code", &code.to_lowercase()),
                ("nas-partial", "100 004"),
            ],
        )
        .await;
    assert_eq!(at, "/inscription/identification");
    assert!(
        html.contains("Sophie Roy")
            && html.contains("Centre de formation des Laurentides")
            && !html.contains("100004")
    );
    let (_, html) = sophie_browser.get("/inscription/code").await;
    assert!(html.contains("Choix du code d&#39;utilisateur et du mot de passe"));
    let (_, _, html) = sophie_browser
        .post(
            "/inscription/code",
            &[
                ("user-code", "sroy2026"),
                ("password", "Hiver2026x!"),
                ("password-confirmation", "Hiver2026x!"),
            ],
        )
        .await;
    assert!(
        html.contains(
            "ne doit pas être formé d&#39;une suite de caractères permettant de vous identifier"
        ),
        "{html}"
    );
    let (_, _, html) = sophie_browser
        .post(
            "/inscription/code",
            &[
                ("user-code", "formation7"),
                ("password", "Hiver2026x!"),
                ("password-confirmation", "Hiver2026x!"),
            ],
        )
        .await;
    assert!(html.contains("Enregistrement fait avec succès"), "{html}");
    assert!(html.contains("Vous êtes responsable du maintien de la confidentialité de votre code d&#39;utilisateur et de votre mot de passe."));
    // The code served once.
    sophie_browser.get("/inscription").await;
    let (_, _, html) = sophie_browser
        .post(
            "/inscription",
            &[("registration-code", &code), ("nas-partial", "100004")],
        )
        .await;
    assert!(
        html.contains("Ce code d&#39;enregistrement a déjà servi."),
        "{html}"
    );

    // Sophie signs in with her new code (E2) and reaches the main menu (M9).
    let (at, html) = sophie_browser
        .sign_in(
            &app,
            "FORMATION7",
            "Hiver2026x!",
            "sophie.roy@cfl.exemple.qc.ca",
            1,
        )
        .await;
    assert_eq!(at, "/menu");
    assert!(
        html.contains("Gestion de votre authentification")
            && !html.contains("Codes d&#39;enregistrement"),
        "{html}"
    );
    let (_, identity) = sophie_browser.get("/identification").await;
    for shown in [
        "Sophie Roy",
        "formation7",
        "sophie.roy@cfl.exemple.qc.ca",
        "418 555-0100",
        "Centre de formation des Laurentides (NEQ 1160000001)",
        "Util. doss. indiv. et extraction de données",
    ] {
        assert!(identity.contains(shown), "{shown} in {identity}");
    }
    let (_, refused) = sophie_browser.get("/central/codes").await;
    assert!(
        refused.contains("Accès refusé"),
        "a member is no central agent"
    );
    let (_, _, html) = sophie_browser.post("/deconnexion", &[]).await;
    assert!(html.contains("Vous avez quitté l&#39;application"));
    assert_eq!(
        sophie_browser.get("/menu").await.0,
        "/connexion",
        "the session ended"
    );
}

#[tokio::test]
async fn three_failed_sign_ins_lock_the_code_and_tell_the_user_and_the_officers() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let app = TestApp::start_in(dir, &[]);
    let mut visitor = Visitor::new(&app);
    visitor.get("/connexion").await;
    // Unknown codes and wrong passwords get the same answer.
    let (_, _, unknown) = visitor
        .post(
            "/connexion",
            &[("user-code", "personne99"), ("password", "Mauvais2026")],
        )
        .await;
    assert!(unknown.contains("Le code d&#39;utilisateur ou le mot de passe est invalide."));
    for _ in 0..3 {
        let (status, _, html) = visitor
            .post(
                "/connexion",
                &[("user-code", "aux200"), ("password", "Mauvais2026")],
            )
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("Le code d&#39;utilisateur ou le mot de passe est invalide."));
    }
    let user = wait_for_mail(
        app.dir.path(),
        "martin.lavoie@cfl.exemple.qc.ca",
        "Code d'utilisateur désactivé",
        1,
    )
    .await;
    assert!(user.body.contains("Nous vous avisons que votre code d'utilisateur a été désactivé suite à plusieurs tentatives infructueuses d'identification avec des mots de passe invalides."));
    let officer = wait_for_mail(
        app.dir.path(),
        "chantal.gagne@cfl.exemple.qc.ca",
        "Code d'utilisateur désactivé",
        1,
    )
    .await;
    assert!(
        officer
            .body
            .contains("Nous vous avisons que le code utilisateur (aux) a été désactivé"),
        "{}",
        officer.body
    );
    assert!(
        !officer.body.contains("aux200"),
        "officers see three characters only"
    );
    // Even the right password no longer opens it.
    let (_, at, html) = visitor
        .post(
            "/connexion",
            &[("user-code", "aux200"), ("password", "Demo-Mandat-2026")],
        )
        .await;
    assert_eq!(at, "/connexion");
    assert!(
        html.contains("Votre code d&#39;utilisateur est inactif."),
        "{html}"
    );
}

#[tokio::test]
async fn a_form_without_its_token_changes_nothing() {
    let app = TestApp::start(&["--demo"]);
    let client = app.client();
    let res = client
        .post(format!("{}/connexion", app.url))
        .form(&[
            ("csrf", "0".repeat(64).as_str()),
            ("user-code", "rsp100"),
            ("password", "Demo-Mandat-2026"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 403);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Formulaire expiré")
    );
    let res = client
        .post(format!("{}/connexion", app.url))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 403, "a browser's cross-site POST is refused");
}

/// The id of a person's row in central's table, from the issue form's hidden field.
fn person_id(html: &str, name: &str) -> String {
    let row = &html[html
        .find(&format!("<th scope=\"row\">{name}</th>"))
        .unwrap_or_else(|| panic!("{name} in {html}"))..];
    support::after(row, r#"name="person" value=""#)
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn officers_deactivate_their_codes_and_central_hears_when_none_is_left() {
    let app = TestApp::start(&["--demo"]);
    let dir = app.dir.path();

    // The auxiliary officer leaves (M13): password and reason, then the confirmation.
    let mut martin = Visitor::new(&app);
    martin
        .sign_in(
            &app,
            "aux200",
            "Demo-Mandat-2026",
            "martin.lavoie@cfl.exemple.qc.ca",
            1,
        )
        .await;
    let (_, html) = martin.get("/desactivation").await;
    assert!(
        html.contains("Désactivation de votre code d&#39;utilisateur")
            && html.contains("Fin de l&#39;entente de service")
    );
    // Confirming before the password step does nothing.
    let (_, at, _) = martin.post("/desactivation/confirmer", &[]).await;
    assert_eq!(at, "/desactivation");
    let (_, _, html) = martin
        .post(
            "/desactivation",
            &[("password", "Mauvais2026"), ("reason", "")],
        )
        .await;
    assert!(
        html.contains("Le champ « Mot de passe » est incorrect.")
            && html.contains("Le champ « Raison de désactivation » est obligatoire."),
        "{html}"
    );
    let (_, _, html) = martin
        .post(
            "/desactivation",
            &[
                ("password", "Demo-Mandat-2026"),
                ("reason", "other"),
                ("other-reason", "  "),
            ],
        )
        .await;
    assert!(
        html.contains("Le champ « Autre raison de désactivation » est obligatoire."),
        "{html}"
    );
    let (_, _, html) = martin
        .post(
            "/desactivation",
            &[
                ("password", "Demo-Mandat-2026"),
                ("reason", "voluntary-departure"),
            ],
        )
        .await;
    assert!(html.contains("Vous avez demandé de désactiver votre code d&#39;utilisateur. Voulez-vous toujours le désactiver ?"), "{html}");
    let (_, _, html) = martin.post("/desactivation/confirmer", &[]).await;
    assert!(
        html.contains("Votre code d&#39;utilisateur a été désactivé."),
        "{html}"
    );
    assert_eq!(
        martin.get("/menu").await.0,
        "/connexion",
        "the session ended"
    );
    let mail = wait_for_mail(
        dir,
        "martin.lavoie@cfl.exemple.qc.ca",
        "Désactivation de votre code",
        1,
    )
    .await;
    assert!(mail.body.contains("Nous vous confirmons que votre code d'utilisateur a été désactivé, conformément à votre demande."));
    let notice = wait_for_mail(
        dir,
        "chantal.gagne@cfl.exemple.qc.ca",
        "Désactivation d'un code",
        1,
    )
    .await;
    assert!(notice.body.contains("Nous vous avisons que le code d'utilisateur (aux) a été désactivé à la demande de l'utilisateur."), "{}", notice.body);
    assert!(notice.body.contains("Départ volontaire"));

    // The principal officer leaves too: no active officer remains, and central is told (M15).
    let mut chantal = Visitor::new(&app);
    chantal
        .sign_in(
            &app,
            "rsp100",
            "Demo-Mandat-2026",
            "chantal.gagne@cfl.exemple.qc.ca",
            1,
        )
        .await;
    chantal.get("/desactivation").await;
    chantal
        .post(
            "/desactivation",
            &[
                ("password", "Demo-Mandat-2026"),
                ("reason", "other"),
                ("other-reason", "Congé sabbatique"),
            ],
        )
        .await;
    chantal.post("/desactivation/confirmer", &[]).await;
    let alert = wait_for_mail(
        dir,
        "central@mandat.localhost",
        "Organisme sans responsable",
        1,
    )
    .await;
    assert!(alert.body.contains("Nous vous avisons qu'il n'y a plus de responsable de la sécurité actif dans l'organisme, suite à la désactivation à sa demande, du code d'utilisateur (rsp) de \"Centre de formation des Laurentides\"."), "{}", alert.body);
}

#[tokio::test]
async fn an_address_with_too_many_failures_is_refused_for_a_while() {
    let app = TestApp::start(&["--demo"]);
    let mut visitor = Visitor::new(&app);
    visitor.get("/connexion").await;
    for i in 0..10 {
        let code = format!("inconnu{i:02}");
        let (status, _, _) = visitor
            .post(
                "/connexion",
                &[("user-code", &code), ("password", "Mauvais2026")],
            )
            .await;
        assert_eq!(status, 200, "attempt {i}");
    }
    let (status, _, html) = visitor
        .post(
            "/connexion",
            &[("user-code", "rsp100"), ("password", "Demo-Mandat-2026")],
        )
        .await;
    assert_eq!(status, 429, "even the right password is not checked now");
    assert!(html.contains("Trop de tentatives"), "{html}");
    visitor.get("/inscription").await;
    let (status, _, _) = visitor
        .post(
            "/inscription",
            &[
                ("registration-code", "K7QM-2XPD-9WHT"),
                ("nas-partial", "123456"),
            ],
        )
        .await;
    assert_eq!(status, 200, "registration keeps its own count");
}

/// Issue 4: one journey through a real SMTP server. The demo's officer signs in with the
/// code that arrives by SMTP, and the outbox records the delivery.
#[tokio::test]
async fn a_sign_in_code_arrives_through_a_real_smtp_server() {
    let smtp = support::SmtpServer::start();
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let app = TestApp::start(&["--demo", "--smtp-url", &url]);
    let mut chantal = Visitor::new(&app);
    chantal.get("/connexion").await;
    let (_, at, _) = chantal
        .post(
            "/connexion",
            &[("user-code", "rsp100"), ("password", "Demo-Mandat-2026")],
        )
        .await;
    assert_eq!(at, "/connexion/deuxieme-facteur");
    chantal.post("/connexion/code-par-courriel", &[]).await;
    let mail = support::wait_for_mail_in(
        &smtp.received(),
        "chantal.gagne@cfl.exemple.qc.ca",
        "Votre code de validation multifacteur",
        1,
    )
    .await;
    let digits = after(&mail.body, "Votre code de validation multifacteur est :");
    let (_, at, _) = chantal
        .post(
            "/connexion/deuxieme-facteur",
            &[("second-factor-code", digits)],
        )
        .await;
    assert_eq!(at, "/menu");
    assert!(
        support::mails(app.dir.path()).is_empty(),
        "nothing went to the directory backend"
    );
}
