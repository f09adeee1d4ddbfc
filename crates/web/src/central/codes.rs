//! Central's registration codes (M6, M7): issue a code to a person of an organization, and
//! extend an expired or suspended one after checking the person's NAS partiel.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use mandat_core::audit::AuditAction;
use mandat_core::dates::long_date;
use mandat_core::ids::{PersonId, RegistrationCodeId};
use mandat_core::organization::Neq;
use mandat_core::organization::Organization;
use mandat_core::person::NasPartial;
use mandat_core::person::Person;
use mandat_core::request::{access_expiry, one_year_from};
use mandat_core::secret::RegistrationCode;
use mandat_core::{Lang, quebec_time};
use mandat_mail::messages::{CodeIssuedToOfficersMail, Message, RegistrationCodeMail};
use mandat_store::{AuditEntry, CodeState, NewRegistrationCode, Tx};
use serde::Deserialize;
use time::Date;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::frame::Chrome;

/// Business days to use a new code (M7), and the extension central grants (M7).
pub const CODE_DAYS: u32 = 4;
pub const EXTENSION_DAYS: u32 = 2;

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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    central: CentralAgent,
    Query(selection): Query<Selection>,
) -> Result<CodesPage, AppError> {
    codes_page(
        &state,
        lang,
        &uri,
        csrf,
        &central,
        selection.neq.as_deref(),
        Default::default(),
    )
    .await
}

/// Draws central's page again after an action, with its outcome.
struct Reply<'a> {
    state: &'a AppState,
    lang: Lang,
    uri: &'a Uri,
    csrf: &'a str,
    central: &'a CentralAgent,
}

impl Reply<'_> {
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

    async fn notice(&self, neq: Option<&str>, text: String) -> Result<Response, AppError> {
        self.draw(neq, (text, String::new())).await
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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<IssueForm>,
) -> Result<Response, AppError> {
    let tr = Tr::new(lang);
    let reply = Reply {
        state: &state,
        lang,
        uri: &uri,
        csrf: &csrf,
        central: &central,
    };
    let person_id: Option<PersonId> = form.person.parse().ok();
    let Some((person, org)) = (match person_id {
        Some(id) => state.store.person(id).await?,
        None => None,
    }) else {
        return reply.alert(None, tr.t("central-unknown-person")).await;
    };
    let neq = org.neq.to_string();
    let today = quebec_time::date_at(state.store.now());
    let name = format!("{} {}", person.first_name, person.last_name);
    let expiry = match access_expiry(&form.access_expires_on, today) {
        Ok(d) => d,
        Err(e) => {
            let alert = format!("{name} : {}", tr.field_error(&e));
            return reply.alert(Some(&neq), alert).await;
        }
    };
    if state.store.account_of_person(person.id).await?.is_some() {
        let alert = tr.t_args("central-has-account", &[("name", name.into())]);
        return reply.alert(Some(&neq), alert).await;
    }
    let mut tx = state.store.begin().await?;
    let valid_through =
        send_registration_code(&mut tx, &state, &person, &org, expiry, &central, client).await?;
    tx.commit().await?;
    let notice = tr.t_args(
        "central-code-sent",
        &[
            ("name", name.into()),
            ("email", person.email.to_string().into()),
            ("date", long_date(valid_through, lang).into()),
        ],
    );
    reply.notice(Some(&neq), notice).await
}

/// Issues a registration code to `person` in the caller's transaction (M6): the person is
/// emailed the code, every active officer of the organization is told, and it is audited.
/// Returns the last day the code may be used (M7).
pub async fn send_registration_code(
    tx: &mut Tx,
    state: &AppState,
    person: &Person,
    org: &Organization,
    access_expires_on: Date,
    central: &CentralAgent,
    client: Option<String>,
) -> Result<Date, AppError> {
    let today = quebec_time::date_at(state.store.now());
    let code = RegistrationCode::generate();
    let valid_through = state.calendar.add_business_days(today, CODE_DAYS);
    let register_url = format!("{}/inscription", state.public_url);
    let officers = state.store.active_officer_emails(org.id).await?;
    tx.insert_registration_code(&NewRegistrationCode {
        id: RegistrationCodeId::new(),
        person: person.id,
        digest: code.digest(),
        issued_by: central.0.account.id,
        valid_through,
        access_expires_on,
    })
    .await?;
    tx.queue_mail(
        &RegistrationCodeMail::new(&code.display(), valid_through, &register_url)
            .to(&person.email)?,
    )
    .await?;
    let notice = CodeIssuedToOfficersMail {
        organization: org.name.clone(),
    };
    for officer in officers.iter().filter(|e| **e != person.email) {
        tx.queue_mail(&notice.to(officer)?).await?;
    }
    tx.audit(&AuditEntry {
        actor: Some(central.0.account.id),
        org: Some(org.id),
        person: Some(person.id),
        action: AuditAction::RegistrationCodeIssued,
        detail: format!("usable through {valid_through}; access until {access_expires_on}"),
        client_address: client,
        agency: None,
    })
    .await?;
    Ok(valid_through)
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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<ExtendForm>,
) -> Result<Response, AppError> {
    let tr = Tr::new(lang);
    let reply = Reply {
        state: &state,
        lang,
        uri: &uri,
        csrf: &csrf,
        central: &central,
    };
    let code = match form.code.parse::<RegistrationCodeId>() {
        Ok(id) => state.store.registration_code(id).await?,
        Err(_) => None,
    };
    let Some(code) = code else {
        return reply.alert(None, tr.t("central-unknown-person")).await;
    };
    let Some((person, org)) = state.store.person(code.person).await? else {
        return reply.alert(None, tr.t("central-unknown-person")).await;
    };
    let neq = org.neq.to_string();
    let name = format!("{} {}", person.first_name, person.last_name);
    let nas = match NasPartial::parse(&form.nas) {
        Ok(n) => n,
        Err(e) => {
            let alert = format!("{name} : {}", tr.field_error(&e));
            return reply.alert(Some(&neq), alert).await;
        }
    };
    let matches = state.nas_key.matches(&nas, &person.nas_digest);
    let today = quebec_time::date_at(state.store.now());
    let extendable = code.state == CodeState::Suspended || code.is_expired(today);
    let valid_through = state.calendar.add_business_days(today, EXTENSION_DAYS);
    let mut tx = state.store.begin().await?;
    let entry = |action, detail: String| AuditEntry {
        actor: Some(central.0.account.id),
        org: Some(org.id),
        person: Some(person.id),
        action,
        detail,
        client_address: client.clone(),
        agency: None,
    };
    tx.audit(&entry(
        AuditAction::IdentityChecked,
        if matches {
            "NAS partiel matches".into()
        } else {
            "NAS partiel does not match".into()
        },
    ))
    .await?;
    if matches && extendable {
        tx.extend_registration_code(code.id, valid_through).await?;
        tx.audit(&entry(
            AuditAction::RegistrationCodeExtended,
            format!("usable through {valid_through}"),
        ))
        .await?;
    }
    tx.commit().await?;
    let (notice, alert) = match (matches, extendable) {
        (false, _) => (
            String::new(),
            tr.t_args("central-nas-mismatch", &[("name", name.into())]),
        ),
        (true, false) => (
            String::new(),
            tr.t_args("central-not-extendable", &[("name", name.into())]),
        ),
        (true, true) => (
            tr.t_args(
                "central-code-extended",
                &[
                    ("name", name.into()),
                    ("date", long_date(valid_through, lang).into()),
                ],
            ),
            String::new(),
        ),
    };
    reply.draw(Some(&neq), (notice, alert)).await
}
