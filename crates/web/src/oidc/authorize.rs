//! The authorization endpoint (OpenID Connect Core §3.1.2): the client's request checked and
//! kept for this browser (a cookie names it), then Mandat's own sign-in, then the choice of
//! the organization the person acts for, then back to the client with the code or an error.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mandat_app::oidc::{
    AuthorizeParams, Choice, Next, PENDING_FOR, Pending, Refused, SignedInPerson,
};
use serde::Deserialize;

use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{MaybeSignedIn, PENDING_AUTHORIZATION, SignedIn};
use crate::http::{AppError, AppState};
use crate::i18n::{LANG_COOKIE, Locale, Tr};
use crate::kit::frame::{Chrome, MessagePage};

/// Where the person comes back to after signing in.
pub const CONTINUE: &str = "/oidc/authorize/continue";

#[derive(Deserialize, Default)]
pub struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    max_age: Option<String>,
    ui_locales: Option<String>,
}

/// `GET /oidc/authorize`: keeps the request, then continues as the person's state allows.
pub async fn start(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: axum::http::Uri,
    jar: CookieJar,
    Query(q): Query<AuthorizeQuery>,
) -> Response {
    let params = AuthorizeParams {
        response_type: q.response_type,
        client_id: q.client_id,
        redirect_uri: q.redirect_uri,
        scope: q.scope,
        state: q.state,
        nonce: q.nonce,
        code_challenge: q.code_challenge,
        code_challenge_method: q.code_challenge_method,
        prompt: q.prompt,
        max_age: q.max_age,
        ui_locales: q.ui_locales,
    };
    match state.app.begin_authorization(&params, lang).await {
        Ok((token, asked)) => {
            // It lasts as long as the request waits: a sign-in begun and left does not send
            // the person's next sign-in at Mandat to a request long expired.
            let mut pending = cookie(PENDING_AUTHORIZATION, token, state.secure_cookies);
            pending.set_max_age(PENDING_FOR);
            let mut jar = jar.add(pending);
            if let Some(asked) = asked {
                jar = jar.add(cookie(
                    LANG_COOKIE,
                    asked.tag().into(),
                    state.secure_cookies,
                ));
            }
            (jar, Redirect::to(CONTINUE)).into_response()
        }
        Err(Refused::Back(url)) => Redirect::to(&url).into_response(),
        Err(Refused::Here(problem)) => {
            let text = match problem {
                mandat_app::oidc::ClientProblem::UnknownClient => "oidc-unknown-client",
                mandat_app::oidc::ClientProblem::DisabledClient => "oidc-disabled-client",
                mandat_app::oidc::ClientProblem::UnregisteredRedirect => {
                    "oidc-unregistered-redirect"
                }
            };
            let page = MessagePage::new(lang, Chrome::new(lang, &uri), "oidc-refused-title", text);
            (StatusCode::BAD_REQUEST, page).into_response()
        }
    }
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .build()
}

/// `GET /oidc/authorize/continue`: signs the person in, lets them choose, or sends them back.
pub async fn resume(
    State(state): State<AppState>,
    here: Here,
    jar: CookieJar,
    MaybeSignedIn(signed_in): MaybeSignedIn,
) -> Result<Response, AppError> {
    let Some(pending) = pending(&state, &jar).await? else {
        return Ok(expired(&here).into_response());
    };
    let person = signed_in.map(person);
    let next = state
        .app
        .authorization_step(&pending, person.as_ref())
        .await?;
    Ok(answer(next, &here, jar))
}

#[derive(Deserialize)]
pub struct ChooseForm {
    csrf: String,
    /// The organization chosen; absent when the person declines.
    org: Option<String>,
}

with_token!(ChooseForm);

/// `POST /oidc/authorize/continue`: the organization chosen, or none.
pub async fn choose(
    State(state): State<AppState>,
    here: Here,
    jar: CookieJar,
    signed_in: SignedIn,
    Checked(form): Checked<ChooseForm>,
) -> Result<Response, AppError> {
    let Some(pending) = pending(&state, &jar).await? else {
        return Ok(expired(&here).into_response());
    };
    let person = person(signed_in);
    let next = match form.org.as_deref().map(str::parse) {
        None => Next::Back(state.app.decline_authorization(&pending).await?),
        Some(Ok(org)) => {
            state
                .app
                .choose_organization(&pending, &person, org)
                .await?
        }
        Some(Err(_)) => return Err(AppError::NotFound),
    };
    Ok(answer(next, &here, jar))
}

async fn pending(state: &AppState, jar: &CookieJar) -> Result<Option<Pending>, AppError> {
    let Some(token) = jar
        .get(PENDING_AUTHORIZATION)
        .map(|c| c.value().to_string())
    else {
        return Ok(None);
    };
    Ok(state.app.pending_authorization(&token).await?)
}

fn person(signed_in: SignedIn) -> SignedInPerson {
    SignedInPerson {
        account: signed_in.account,
        session_digest: signed_in.session,
        proven_at: signed_in.proven_at,
    }
}

fn expired(here: &Here) -> (StatusCode, MessagePage) {
    let page = MessagePage::new(
        here.lang,
        here.chrome(None),
        "oidc-expired-title",
        "oidc-expired-text",
    );
    (StatusCode::BAD_REQUEST, page)
}

/// The page for the next step; once the client has its answer, the cookie goes.
fn answer(next: Next, here: &Here, jar: CookieJar) -> Response {
    let done = jar.remove(Cookie::build(PENDING_AUTHORIZATION).path("/").build());
    match next {
        Next::SignIn => Redirect::to("/connexion").into_response(),
        Next::Choose(choices) => ChoosePage::new(here, choices).into_response(),
        Next::NoOrganization { back } => {
            let page = MessagePage::new(
                here.lang,
                here.chrome(None),
                "oidc-no-organization-title",
                "oidc-no-organization-text",
            )
            .then(&back, "oidc-back-to-service");
            (done, (StatusCode::FORBIDDEN, page)).into_response()
        }
        Next::Back(url) => (done, BackPage::new(here, url)).into_response(),
    }
}

/// « Pour quel organisme agissez-vous ? »: the organizations the person may act for here.
#[derive(Template, WebTemplate)]
#[template(path = "oidc_choose.html")]
pub struct ChoosePage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    action: &'static str,
    choices: Vec<(String, String, String)>,
}

impl ChoosePage {
    fn new(here: &Here, choices: Vec<Choice>) -> Self {
        ChoosePage {
            tr: here.tr(),
            chrome: here.chrome(None),
            csrf: here.csrf.clone(),
            action: CONTINUE,
            choices: choices
                .into_iter()
                .map(|c| {
                    let o = c.organization;
                    (o.id.to_string(), o.name, o.neq.to_string())
                })
                .collect(),
        }
    }
}

/// Back to the client: a page that goes on by itself, since a browser may refuse a redirect
/// to another site at the end of a form's submission (CSP `form-action 'self'`).
#[derive(Template, WebTemplate)]
#[template(path = "oidc_back.html")]
pub struct BackPage {
    tr: Tr,
    chrome: Chrome,
    url: String,
}

impl BackPage {
    pub(super) fn new(here: &Here, url: String) -> Self {
        BackPage {
            tr: here.tr(),
            chrome: here.chrome(None),
            url,
        }
    }
}
