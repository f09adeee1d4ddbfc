//! What the in-process web tests share: Mandat's router on a moved clock, with an
//! organization, a member with an account and a central agent; and a person at a browser.

#![allow(dead_code)]

pub mod api;
pub mod oidc;

use std::sync::Arc;

use mandat_core::calendar::BusinessCalendar;
use mandat_core::contact::Email;
use mandat_core::credentials::Password;
use mandat_core::ids::PersonId;
use mandat_core::mail::OutgoingMail;
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::{Field, FixedClock};
use mandat_store::{AccountKind, Member, NewAccount, Store};
use mandat_testing::{self as support, Db};
use time::macros::datetime;

pub const PASSWORD: &str = "Hiver2026x!";

pub struct App {
    /// Where the test reaches it.
    pub url: String,
    /// Mandat's public address (its issuer): `url`, unless a test puts a TLS terminator in
    /// front of it (`app_at`).
    pub issuer: String,
    pub store: Store,
    pub clock: Arc<FixedClock>,
    /// The person of the member account `membre01`.
    pub member: PersonId,
    /// The key the app seals with (its authenticator keys, its OpenID Connect keys).
    pub seal: mandat_core::sealed::SealKey,
    /// The server's own application layer, for what it keeps in memory (the evaluations it
    /// noted, which the test flushes as the server's task would).
    pub layer: mandat_app::App,
    db: Db,
}

/// Monday November 23, 2026, 9:00 in Quebec: an organization, a person without an account,
/// a member with one (`membre01`), its principal officer (`officier01`), a central agent
/// (`central01`), and an agency (`SAAQ`) with an administrator (`ministere01`) and a person
/// of its staff (`personnel01`), all with the password [`PASSWORD`], and the email of
/// [`email_of`] their user code.
pub async fn app() -> App {
    app_behind(mandat_web::Proxies::default()).await
}

/// The same app, reached through `proxies`, which it believes about their clients' addresses.
pub async fn app_behind(proxies: mandat_web::Proxies) -> App {
    app_with(proxies, None).await
}

/// The same app, known to the world by the public address `public` (an https one, behind a
/// TLS terminator the test plays), though the test reaches it at `url`.
pub async fn app_at(public: &str) -> App {
    app_with(mandat_web::Proxies::default(), Some(public)).await
}

async fn app_with(proxies: mandat_web::Proxies, public: Option<&str>) -> App {
    let db = Db::sqlite().await;
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-23 14:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let newcomer = support::person(org.id, "Roy", "Sophie", "100004");
    let member = support::person(org.id, "Côté", "Marc", "100005");
    let officer = support::person(org.id, "Gagné", "Chantal", "100002");
    let hash = Password::candidate(PASSWORD)
        .and_then(|p| p.hash().ok())
        .expect("hash");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    let principal = ProfileSet::from_choices(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    })
    .expect("profiles");
    for (p, profiles) in [
        (&newcomer, ProfileSet::default()),
        (&member, ProfileSet::default()),
        (&officer, principal),
    ] {
        tx.insert_member(&Member {
            person: p.clone(),
            profiles,
            roles: vec![],
        })
        .await
        .expect("person");
    }
    let account = |kind, identity, code: &str| NewAccount {
        identity,
        password_hash: hash.clone(),
        ..support::account(kind, code)
    };
    tx.insert_account(&account(
        AccountKind::Member {
            person: member.id,
            org: org.id,
        },
        None,
        "membre01",
    ))
    .await
    .expect("member");
    tx.insert_account(&account(
        AccountKind::Member {
            person: officer.id,
            org: org.id,
        },
        None,
        "officier01",
    ))
    .await
    .expect("officer");
    let central = (
        String::from("Agente Centrale"),
        Email::parse(Field::Email, "central@exemple.qc.ca").expect("email"),
    );
    tx.insert_account(&account(AccountKind::Central, Some(central), "central01"))
        .await
        .expect("central");
    let agency = support::agency("SAAQ");
    tx.insert_agency(&agency).await.expect("agency");
    for (code, admin) in [("ministere01", true), ("personnel01", false)] {
        let identity = (
            format!("{code} SAAQ"),
            Email::parse(Field::Email, &email_of(code)).expect("email"),
        );
        let kind = AccountKind::Agency {
            agency: agency.id,
            admin,
        };
        tx.insert_account(&account(kind, Some(identity), code))
            .await
            .expect("agency staff");
    }
    tx.commit().await.expect("commit");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    // Mandat's address is the one it listens on (the OpenID Connect issuer clients
    // discover), unless the test names another.
    let issuer = public.map_or(url.clone(), str::to_string);
    let seal = mandat_core::sealed::SealKey::generate();
    let state = mandat_web::AppState::new(
        store.clone(),
        false,
        (support::key(), seal.clone()),
        BusinessCalendar::default(),
        issuer.clone(),
    )
    .behind(proxies);
    state.app.ensure_signing_key().await.expect("a signing key");
    let layer = state.app.clone();
    let router = mandat_web::router(state);
    // As `mandat serve`: each request knows its peer's address.
    let router = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await });
    App {
        url,
        issuer,
        store,
        clock,
        member: member.id,
        seal,
        layer,
        db,
    }
}

/// The email of the test app's account `code`: the members' is `support::person`'s.
pub fn email_of(code: &str) -> String {
    match code {
        "central01" => "central@exemple.qc.ca".into(),
        "ministere01" | "personnel01" => format!("{code}@saaq.exemple.qc.ca"),
        _ => "personne@exemple.qc.ca".into(),
    }
}

impl App {
    /// A store of its own on the same database, as the worker's process or `mandat admin`'s
    /// has: what it writes, the server learns only from the database.
    pub async fn another_process(&self) -> Store {
        self.db.store_with_clock(self.clock.clone()).await
    }

    /// The emails sent to `to` so far, oldest first.
    pub async fn mails_to(&self, to: &str) -> Vec<OutgoingMail> {
        let to = Email::parse(Field::Email, to).expect("email");
        let outbox = self.store.outbox_for(&to).await.expect("outbox");
        outbox.into_iter().map(|e| e.mail).collect()
    }

    /// The bodies of the emails sent to `to`, oldest first.
    pub async fn bodies_to(&self, to: &str) -> Vec<String> {
        self.mails_to(to)
            .await
            .into_iter()
            .map(|m| m.body)
            .collect()
    }

    /// The bodies of the emails of `template` sent to `to`, oldest first.
    pub async fn bodies(&self, to: &str, template: &str) -> Vec<String> {
        self.mails_to(to)
            .await
            .into_iter()
            .filter(|m| m.template == template)
            .map(|m| m.body)
            .collect()
    }

    /// The body of the last email sent to `to`.
    pub async fn last_mail(&self, to: &str) -> String {
        self.mails_to(to).await.pop().expect("a mail").body
    }
}

/// A visitor signed in as the test app's account `code`, with its second factor by email.
pub async fn signed_in(app: &App, code: &str) -> Visitor {
    let mut v = Visitor::new(app);
    v.sign_in(app, code, &email_of(code)).await;
    v
}

/// The names of the fields of Mandat's forms.
const FIELDS: &[&str] = &[
    "access-expires-on",
    "approver-email",
    "authenticator-code",
    "code",
    "current-password",
    "decision",
    "nas-partial",
    "new-expiry",
    "other-reason",
    "password",
    "password-confirmation",
    "person",
    "reactivation-reason",
    "reason",
    "refusal-reason",
    "registration-code",
    "second-factor-code",
    "user-code",
];

pub struct Visitor {
    client: reqwest::Client,
    /// The same cookies, without following redirects: to see where a request is sent.
    pub unfollowed: reqwest::Client,
    url: String,
    pub token: String,
}

impl Visitor {
    pub fn new(app: &App) -> Self {
        Self::with_headers(app, reqwest::header::HeaderMap::new())
    }

    /// A visitor whose every request says, as a proxy would, that it was sent from `address`.
    pub fn forwarded_for(app: &App, address: &'static str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_static(address);
        headers.insert("x-forwarded-for", value);
        Self::with_headers(app, headers)
    }

    fn with_headers(app: &App, headers: reqwest::header::HeaderMap) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers.clone())
            .build()
            .expect("client");
        let unfollowed = reqwest::Client::builder()
            .cookie_provider(jar)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Visitor {
            client,
            unfollowed,
            url: app.url.clone(),
            token: String::new(),
        }
    }

    /// One request, not followed, with the current form token if it is a POST: its status
    /// and where it redirects, if it does.
    pub async fn status(&self, post: bool, path: &str) -> (u16, Option<String>) {
        let url = format!("{}{path}", self.url);
        let res = if post {
            // Every field any form of Mandat reads, empty: what a forged request might send.
            let mut form = vec![("csrf", self.token.as_str())];
            form.extend(FIELDS.iter().map(|f| (*f, "")));
            self.unfollowed.post(url).form(&form).send().await
        } else {
            self.unfollowed.get(url).send().await
        }
        .expect("request");
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        (res.status().as_u16(), location)
    }

    /// Where a followed request ended and its page; the page's form token is kept.
    async fn read(&mut self, res: reqwest::Response) -> (String, String) {
        let at = res.url().path().to_string();
        // Apostrophes as written, so that assertions quote the French as it reads.
        let html = res.text().await.expect("body").replace("&#39;", "'");
        if let Some(i) = html.find(r#"name="csrf" value=""#) {
            let start = i + r#"name="csrf" value=""#.len();
            self.token = html[start..start + 64].to_string();
        }
        (at, html)
    }

    /// A GET whose response is read by the test itself (a download, its headers).
    pub async fn download(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("GET")
    }

    pub async fn get(&mut self, path: &str) -> (String, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("GET");
        self.read(res).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (String, String) {
        let mut form = vec![("csrf", self.token.as_str())];
        form.extend_from_slice(fields);
        let res = self
            .client
            .post(format!("{}{path}", self.url))
            .form(&form)
            .send()
            .await
            .expect("POST");
        self.read(res).await
    }

    /// Sends a form with a file (`multipart/form-data`), with the current form token.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> (u16, String, String) {
        let mut form = reqwest::multipart::Form::new().text("csrf", self.token.clone());
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        if let Some((name, bytes)) = file {
            let part = reqwest::multipart::Part::bytes(bytes).file_name("resolution.pdf");
            form = form.part(name.to_string(), part);
        }
        let res = self
            .client
            .post(format!("{}{path}", self.url))
            .multipart(form)
            .send()
            .await
            .expect("POST");
        let status = res.status().as_u16();
        let (at, html) = self.read(res).await;
        (status, at, html)
    }

    /// Signs in; the second-factor code is read from the outbox.
    pub async fn sign_in(&mut self, app: &App, code: &str, email: &str) -> (String, String) {
        self.sign_in_with(app, code, PASSWORD, email).await
    }

    /// Signs in with `password`; the second-factor code is read from the outbox.
    pub async fn sign_in_with(
        &mut self,
        app: &App,
        code: &str,
        password: &str,
        email: &str,
    ) -> (String, String) {
        self.get("/connexion").await;
        let (at, _) = self
            .post("/connexion", &[("user-code", code), ("password", password)])
            .await;
        assert_eq!(at, "/connexion/deuxieme-facteur");
        self.post("/connexion/code-par-courriel", &[]).await;
        let outbox = app
            .store
            .outbox_for(&Email::parse(Field::Email, email).expect("email"))
            .await
            .expect("outbox");
        let body = &outbox.last().expect("a code was queued").mail.body;
        let at = body
            .find("Votre code de validation multifacteur est : ")
            .expect("code")
            + "Votre code de validation multifacteur est : ".len();
        let digits = body[at..at + 6].to_string();
        self.post(
            "/connexion/deuxieme-facteur",
            &[("second-factor-code", &digits)],
        )
        .await
    }
}
