//! Central's registration codes (M6, M7): issue a code to a person of an organization, and
//! extend an expired or suspended one after checking the person's NAS partiel.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::dates::long_date;
use mandat_core::ids::{PersonId, RegistrationCodeId};
use mandat_core::organization::Neq;
use mandat_core::person::Person;
use mandat_core::request::one_year_from;
use mandat_core::{Lang, quebec_time};
use mandat_store::CodeState;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;
use crate::kit::notice;

pub struct OrgLink {
    name: String,
    neq: String,
    current: bool,
}

pub struct PersonRow {
    id: String,
    name: String,
    profile: String,
    user_code: String,
    code_state: String,
    can_issue: bool,
    /// The code to extend, when it is expired or suspended.
    extendable: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_codes.html")]
pub struct CodesPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    orgs: Vec<OrgLink>,
    selected: Option<(String, String)>,
    people: Vec<PersonRow>,
    default_expiry: String,
    notice: String,
    alert: String,
}

#[derive(Deserialize, Default)]
pub struct Selection {
    neq: Option<String>,
    /// After a change (post/redirect/get): `envoye` or `prolonge`, and the person, `quoi`.
    #[serde(default)]
    fait: String,
    #[serde(default)]
    quoi: String,
}

async fn codes_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    central: &CentralAgent,
    neq: Option<&str>,
    (notice, alert): (String, String),
) -> Result<CodesPage, AppError> {
    let tr = Tr::new(lang);
    let today = quebec_time::date_at(state.store.now());
    let selected_neq = neq.and_then(|n| Neq::parse(n).ok());
    let orgs = state.store.organizations().await?;
    let mut people = Vec::new();
    let mut selected = None;
    if let Some(org) = orgs.iter().find(|o| Some(&o.neq) == selected_neq.as_ref()) {
        selected = Some((org.name.clone(), org.neq.to_string()));
        for m in state.store.members_of(org.id).await? {
            let account = state.store.account_of_person(m.person.id).await?;
            let code = state.store.latest_registration_code(m.person.id).await?;
            let (code_state, extendable) = match &code {
                None => (String::new(), None),
                Some(c) if c.state == CodeState::Suspended => {
                    (tr.t("code-state-suspended"), Some(c.id.to_string()))
                }
                Some(c) if c.is_expired(today) => {
                    (tr.t("code-state-expired"), Some(c.id.to_string()))
                }
                Some(c) if c.state == CodeState::Active => (
                    tr.t_args(
                        "code-state-active",
                        &[("date", long_date(c.valid_through, lang).into())],
                    ),
                    None,
                ),
                Some(_) => (tr.t("code-state-used"), None),
            };
            people.push(PersonRow {
                id: m.person.id.to_string(),
                name: format!("{} {}", m.person.first_name, m.person.last_name),
                profile: m.profiles.label(lang),
                user_code: account
                    .as_ref()
                    .map(|a| a.user_code.to_string())
                    .unwrap_or_default(),
                code_state,
                can_issue: account.is_none(),
                extendable: if account.is_none() { extendable } else { None },
            });
        }
    }
    Ok(CodesPage {
        orgs: orgs
            .iter()
            .map(|o| OrgLink {
                name: o.name.clone(),
                neq: o.neq.to_string(),
                current: Some(&o.neq) == selected_neq.as_ref(),
            })
            .collect(),
        chrome: Chrome::new(lang, uri).signed_in(&central.0.account.name, &csrf),
        tr,
        csrf,
        selected,
        people,
        default_expiry: one_year_from(today).to_string(),
        notice,
        alert,
    })
}

pub async fn page(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Query(selection): Query<Selection>,
) -> Result<CodesPage, AppError> {
    let Here { lang, uri, csrf } = here;
    let notice = done_notice(&state, lang, &selection).await?;
    codes_page(
        &state,
        lang,
        &uri,
        csrf,
        &central,
        selection.neq.as_deref(),
        (notice, String::new()),
    )
    .await
}

/// What the page says after a code was sent or extended: to whom, and its last day.
async fn done_notice(state: &AppState, lang: Lang, s: &Selection) -> Result<String, AppError> {
    let key = match s.fait.as_str() {
        "envoye" => "central-code-sent",
        "prolonge" => "central-code-extended",
        _ => return Ok(String::new()),
    };
    let Ok(id) = s.quoi.parse::<PersonId>() else {
        return Ok(String::new());
    };
    let sent = state.app.code_sent(id).await?;
    let said = sent.map(|(p, until)| notice::code_sent(&Tr::new(lang), key, &p, until));
    Ok(said.unwrap_or_default())
}

/// After a change, central's page of the organization, saying what was `done` to `person`.
fn done(neq: &str, done: &str, person: PersonId) -> Response {
    let page = format!(
        "/central/codes?{}",
        serde_urlencoded::to_string([("neq", neq)]).unwrap_or_default()
    );
    notice::done_to(&page, done, &person.to_string())
}

/// Draws central's page again after a refusal, with its reason.
struct Reply<'a> {
    state: &'a AppState,
    lang: Lang,
    uri: &'a Uri,
    csrf: &'a str,
    central: &'a CentralAgent,
}

impl<'a> Reply<'a> {
    fn new(
        state: &'a AppState,
        lang: Lang,
        uri: &'a Uri,
        csrf: &'a str,
        central: &'a CentralAgent,
    ) -> Self {
        Reply {
            state,
            lang,
            uri,
            csrf,
            central,
        }
    }

    /// The page with `(notice, alert)`, showing the organization `neq` if any.
    async fn draw(
        &self,
        neq: Option<&str>,
        outcome: (String, String),
    ) -> Result<Response, AppError> {
        let page = codes_page(
            self.state,
            self.lang,
            self.uri,
            self.csrf.to_string(),
            self.central,
            neq,
            outcome,
        )
        .await?;
        Ok(page.into_response())
    }

    async fn alert(&self, neq: Option<&str>, text: String) -> Result<Response, AppError> {
        self.draw(neq, (String::new(), text)).await
    }
}

#[derive(Deserialize)]
pub struct IssueForm {
    csrf: String,
    person: String,
    #[serde(rename = "access-expires-on")]
    access_expires_on: String,
}

with_token!(IssueForm);

pub async fn issue(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<IssueForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let (tr, reply) = (
        Tr::new(lang),
        Reply::new(&state, lang, &uri, &csrf, &central),
    );
    let found = match form.person.parse::<PersonId>() {
        Ok(id) => state.store.person(id).await?,
        Err(_) => None,
    };
    let Some((person, org)) = found else {
        return reply.alert(None, tr.t("central-unknown-person")).await;
    };
    let (neq, name) = (org.neq.to_string(), person_name(&person));
    let acting = central.acting(client)?;
    let expiry = &form.access_expires_on;
    match state.app.issue_code(&acting, person.id, expiry).await {
        Ok(_) => Ok(done(&neq, "envoye", person.id)),
        Err(e) => reply.alert(Some(&neq), refusal(&tr, &name, e)?).await,
    }
}

/// What central is told when the application layer refuses: a field's error after the
/// person's name, or the reason in words.
pub fn refusal(tr: &Tr, name: &str, e: mandat_app::Error) -> Result<String, AppError> {
    match e {
        mandat_app::Error::Refused(Refusal::Fields(errors)) => {
            let each: Vec<String> = errors.iter().map(|e| tr.field_error(e)).collect();
            Ok(format!("{name} : {}", each.join(" ")))
        }
        mandat_app::Error::Refused(Refusal::Reason(reason)) => {
            let key = format!("central-{}", reason.id());
            Ok(tr.t_args(&key, &[("name", name.to_string().into())]))
        }
        e => Err(e.into()),
    }
}

fn person_name(p: &Person) -> String {
    format!("{} {}", p.first_name, p.last_name)
}

#[derive(Deserialize)]
pub struct ExtendForm {
    csrf: String,
    code: String,
    #[serde(rename = "nas-partial")]
    nas: String,
}

with_token!(ExtendForm);

/// M7: after checking the person's NAS partiel, an expired or suspended code gets two more
/// business days. The page says only whether the NAS partiel matches; every check is audited.
pub async fn extend(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<ExtendForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let (tr, reply) = (
        Tr::new(lang),
        Reply::new(&state, lang, &uri, &csrf, &central),
    );
    let code = match form.code.parse::<RegistrationCodeId>() {
        Ok(id) => state.store.registration_code(id).await?,
        Err(_) => None,
    };
    let found = match &code {
        Some(code) => state.store.person(code.person).await?,
        None => None,
    };
    let (Some(code), Some((person, org))) = (code, found) else {
        return reply.alert(None, tr.t("central-unknown-person")).await;
    };
    let (neq, name) = (org.neq.to_string(), person_name(&person));
    let acting = central.acting(client)?;
    match state.app.extend_code(&acting, code.id, &form.nas).await {
        Ok(_) => Ok(done(&neq, "prolonge", person.id)),
        Err(e) => reply.alert(Some(&neq), refusal(&tr, &name, e)?).await,
    }
}
