//! The service's pages: its home (« Se connecter avec Mandat », or what Mandat said of the
//! person signed in), the way to Mandat and back, and signing out at Mandat.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use openidconnect::{ClientId, CsrfToken, LanguageTag, LogoutRequest, PostLogoutRedirectUrl};
use serde::Deserialize;
use std::sync::Arc;

use crate::inbox::Inbox;
use crate::provider::Mandat;
use crate::sessions::{Session, Sessions, SignedIn};
use crate::settings::Settings;
use crate::text::{EN, FR, Texts};

/// The service's session cookie; Mandat's own cookies, on the same host, have other names.
const SESSION: &str = "demo_service_session";
const LANG: &str = "demo_service_lang";

pub struct Service {
    pub(crate) mandat: Mandat,
    pub(crate) sessions: Sessions,
    /// Mandat's revocation events received (issue 21).
    pub(crate) inbox: Inbox,
}

impl Service {
    pub fn new(settings: Settings) -> Self {
        Service {
            mandat: Mandat::new(settings),
            sessions: Sessions::default(),
            inbox: Inbox::default(),
        }
    }

    fn frame(&self, t: &'static Texts) -> Frame {
        let s = self.mandat.settings();
        Frame {
            t,
            agency: t.pick(&s.agency.0, &s.agency.1),
            service: t.pick(&s.name.0, &s.name.1),
        }
    }
}

pub(crate) type Shared = State<Arc<Service>>;

/// What every page shows around its content.
pub struct Frame {
    t: &'static Texts,
    agency: String,
    service: String,
}

#[derive(Deserialize)]
pub struct Language {
    lang: Option<String>,
}

/// The language asked for (`?lang=`), remembered; else the one remembered; else French.
fn language(jar: CookieJar, asked: Option<&str>) -> (CookieJar, &'static Texts) {
    let chosen = asked.or(jar.get(LANG).map(Cookie::value));
    let t = if chosen == Some("en") { &EN } else { &FR };
    let jar = match asked {
        Some(_) => jar.add(cookie(LANG, t.lang.to_string())),
        None => jar,
    };
    (jar, t)
}

fn cookie(name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build()
}

fn signed_in(s: &Service, jar: &CookieJar) -> Option<SignedIn> {
    s.sessions.signed_in(jar.get(SESSION)?.value())
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    f: Frame,
}

#[derive(Template, WebTemplate)]
#[template(path = "claims.html")]
struct ClaimsPage {
    f: Frame,
    who: SignedIn,
    tasks: Vec<TaskRow>,
    /// Why Mandat could not be asked, if it could not.
    unanswered: Option<String>,
    /// Mandat's events about the person or the organization, as the service received them.
    events: Vec<String>,
}

/// A task of the service: its name as the service knows it, its last day in the claim
/// received at sign-in (if it was there), and what Mandat answers for it now.
struct TaskRow {
    name: String,
    until: String,
    allowed: bool,
    reasons: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
struct MessagePage {
    f: Frame,
    title: &'static str,
    text: &'static str,
    /// An error code and description, as Mandat or the exchange gave them.
    error: Option<(String, String)>,
    retry: bool,
}

pub async fn home(State(s): Shared, jar: CookieJar, Query(q): Query<Language>) -> Response {
    let (jar, t) = language(jar, q.lang.as_deref());
    let f = s.frame(t);
    let Some(who) = signed_in(&s, &jar) else {
        return (jar, HomePage { f }).into_response();
    };
    let (tasks, unanswered) = task_rows(&s, &who, t).await;
    let events = (s
        .inbox
        .about(&who.subject, &who.claim.mandat.organization.id)
        .iter())
    .map(|e| t.pick(&e.reason.0, &e.reason.1))
    .collect();
    let page = ClaimsPage {
        f,
        who,
        tasks,
        unanswered,
        events,
    };
    (jar, page).into_response()
}

/// Every task the service offers, each with Mandat's decision now (issue 21): what the
/// service asks before it lets the person act.
async fn task_rows(s: &Service, who: &SignedIn, t: &Texts) -> (Vec<TaskRow>, Option<String>) {
    let names = &s.mandat.settings().tasks;
    let codes: Vec<String> = names.iter().map(|n| n.code.clone()).collect();
    let acting = &who.claim.mandat;
    let asked = s
        .mandat
        .verdicts(&who.subject, &acting.organization.id, &codes)
        .await;
    let (verdicts, unanswered) = match asked {
        Ok(verdicts) => (verdicts, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let verdict = verdicts.get(i);
            let claimed = acting.tasks.iter().find(|c| c.code == n.code);
            TaskRow {
                name: t.pick(&n.fr, &n.en),
                until: claimed.map(|c| c.until.clone()).unwrap_or_default(),
                allowed: verdict.is_some_and(|v| v.allowed),
                reasons: verdict
                    .map(|v| v.reasons.iter().map(|(fr, en)| t.pick(fr, en)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    (rows, unanswered)
}

/// « Se connecter avec Mandat »: to Mandat's authorization endpoint, with PKCE, state and
/// nonce kept in the service's session.
pub async fn sign_in(State(s): Shared, jar: CookieJar) -> Response {
    let (jar, t) = language(jar, None);
    match s.mandat.authorization(t).await {
        Ok((url, pending)) => {
            let id = s.sessions.open(Session::Pending(pending));
            (jar.add(cookie(SESSION, id)), Redirect::to(&url)).into_response()
        }
        Err(e) => failed(&s, t, e),
    }
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Mandat sends the person back: a code to exchange, or an error; either only for the
/// sign-in this browser started (its `state`).
pub async fn back(State(s): Shared, jar: CookieJar, Query(q): Query<Callback>) -> Response {
    let (jar, t) = language(jar, None);
    let pending = jar
        .get(SESSION)
        .and_then(|c| s.sessions.take_pending(c.value()))
        .filter(|p| q.state.as_deref() == Some(p.state.as_str()));
    let (Some(pending), None) = (pending, &q.error) else {
        return answered(&s, t, q).into_response();
    };
    let Some(code) = q.code else {
        return answered(&s, t, q).into_response();
    };
    match s.mandat.exchange(code, pending).await {
        Ok(who) => {
            let id = s.sessions.open(Session::SignedIn(Box::new(who)));
            (jar.add(cookie(SESSION, id)), Redirect::to("/")).into_response()
        }
        Err(e) => failed(&s, t, e),
    }
}

/// What Mandat answered instead of a code, or an answer to no sign-in of this browser.
fn answered(s: &Service, t: &'static Texts, q: Callback) -> (StatusCode, MessagePage) {
    let f = s.frame(t);
    let Some(error) = q.error else {
        let (title, text) = (t.unknown_title, t.unknown_text);
        let page = MessagePage {
            f,
            title,
            text,
            error: None,
            retry: true,
        };
        return (StatusCode::BAD_REQUEST, page);
    };
    let text = if error == "access_denied" {
        t.refused_denied
    } else {
        t.refused_other
    };
    let error = Some((error, q.error_description.unwrap_or_default()));
    let page = MessagePage {
        f,
        title: t.refused_title,
        text,
        error,
        retry: true,
    };
    (StatusCode::FORBIDDEN, page)
}

fn failed(s: &Service, t: &'static Texts, e: String) -> Response {
    tracing::warn!(error = %e, "the demonstration service could not sign a person in");
    let error = Some(("server_error".to_string(), e));
    let (title, text) = (t.failed_title, t.failed_text);
    let page = MessagePage {
        f: s.frame(t),
        title,
        text,
        error,
        retry: true,
    };
    (StatusCode::BAD_GATEWAY, page).into_response()
}

#[derive(Deserialize)]
pub struct SignOut {
    csrf: String,
}

/// « Se déconnecter »: the service's session ends, and the person is sent to Mandat's
/// end-session endpoint (RP-initiated logout) to end theirs there too.
pub async fn sign_out(State(s): Shared, jar: CookieJar, Form(form): Form<SignOut>) -> Response {
    let (jar, t) = language(jar, None);
    let Some(who) = signed_in(&s, &jar).filter(|w| w.form_token == form.csrf) else {
        return Redirect::to("/").into_response();
    };
    if let Some(c) = jar.get(SESSION) {
        s.sessions.close(c.value());
    }
    let settings = s.mandat.settings();
    let back = settings.after_logout_uri();
    let provider = s.mandat.provider().await.ok();
    let end = provider.and_then(|p| p.end_session.clone());
    let to = match (end, PostLogoutRedirectUrl::new(back.clone())) {
        (Some(end), Ok(after)) => LogoutRequest::from(end)
            .set_id_token_hint(&who.id_token)
            .set_client_id(ClientId::new(settings.client_id.clone()))
            .set_post_logout_redirect_uri(after)
            .set_state(CsrfToken::new_random())
            .add_ui_locale(LanguageTag::new(t.locale.into()))
            .http_get_url()
            .to_string(),
        _ => back,
    };
    (jar.remove(Cookie::from(SESSION)), Redirect::to(&to)).into_response()
}

pub async fn signed_out(State(s): Shared, jar: CookieJar) -> Response {
    let (jar, t) = language(jar, None);
    let (title, text) = (t.signed_out_title, t.signed_out_text);
    let page = MessagePage {
        f: s.frame(t),
        title,
        text,
        error: None,
        retry: false,
    };
    (jar, page).into_response()
}

pub async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/style.css"),
    )
}
