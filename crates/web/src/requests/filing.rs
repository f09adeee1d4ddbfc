//! Filing form 2490 (M4): a new registration code from a public page, a change signed in
//! (M19). The request is routed to the approver named in section 3 by M5 and M2; the
//! requester follows it, prints it (M25) or withdraws it by the link the form's key makes.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::audit::AuditAction;
use mandat_core::contact::Email;
use mandat_core::ids::RequestId;
use mandat_core::organization::{Neq, Organization};
use mandat_core::profile::ProfileSet;
use mandat_core::request::{
    Approval, RequestDocument, RequestKind, Step, check_first_request, check_resolution,
    needs_resolution,
};
use mandat_core::{Field, FieldError, Lang, Problem, quebec_time, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::{ApprovalRequestMail, Missing, RequestFiledMail};
use mandat_store::{
    AccountKind, Actor, AuditEntry, LinkPurpose, NewRequest, RequestRecord, StoreError,
};
use serde::Deserialize;
use time::Duration;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::multipart::{CheckedMultipart, FILE_MAX, FILE_MAX_MIB, MultipartForm, Upload};
use crate::http::session::{OrgMember, SignedIn};
use crate::http::throttle;
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::frame::Chrome;
use crate::kit::request_sheet::RequestSheet;
use crate::requests::form::{RequestFormPage, Values, input, profile_box};

/// How long a manager's approval link works.
pub const LINK_DAYS: i64 = 14;

/// Who files: nobody signed in (a new code), or a member asking for a change.
struct Filer<'a> {
    signed_in: Option<&'a SignedIn>,
    /// The member's organization, which a change may not move away from.
    org: Option<Organization>,
}

pub async fn new_form(
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
) -> RequestFormPage {
    RequestFormPage::new(
        Tr::new(lang),
        Chrome::new(lang, &uri),
        csrf,
        RequestKind::NewCode,
        secret::token(),
        "",
        &Values::new(),
        &[],
    )
}

pub async fn submit_new(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    CheckedMultipart(form): CheckedMultipart,
) -> Result<Response, AppError> {
    let filer = Filer {
        signed_in: None,
        org: None,
    };
    file(
        &state,
        lang,
        &uri,
        csrf,
        client,
        RequestKind::NewCode,
        filer,
        form,
    )
    .await
}

/// The change form, prefilled with what central knows of the member (M19).
pub async fn change_form(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    OrgMember(member): OrgMember,
) -> Result<RequestFormPage, AppError> {
    let AccountKind::Member { person, .. } = member.account.kind else {
        return Err(AppError::Internal("a member without a person".into()));
    };
    let Some((p, o)) = state.store.person(person).await? else {
        return Err(AppError::Internal("a member's person is missing".into()));
    };
    let profiles = state.store.profiles_of(person).await?;
    let mut values = Values::new();
    let mut set = |f: Field, v: &str| {
        values.insert(f.id().to_string(), v.to_string());
    };
    set(Field::OrganizationName, &o.name);
    set(Field::Address, &o.address);
    set(Field::City, &o.city);
    set(Field::PostalCode, o.postal_code.as_str());
    set(Field::OrganizationPhone, o.phone.as_str());
    set(
        Field::OrganizationPhoneExtension,
        o.phone_extension.as_ref().map_or("", |e| e.as_str()),
    );
    set(Field::Neq, o.neq.as_str());
    set(
        Field::EducationNumber,
        o.education_number.as_ref().map_or("", |e| e.as_str()),
    );
    set(Field::Title, p.title.map_or("", |t| t.code()));
    set(Field::LastName, &p.last_name);
    set(Field::FirstName, &p.first_name);
    set(Field::Email, p.email.as_str());
    set(Field::Phone, p.phone.as_str());
    set(
        Field::PhoneExtension,
        p.phone_extension.as_ref().map_or("", |e| e.as_str()),
    );
    set(Field::Fax, p.fax.as_ref().map_or("", |f| f.as_str()));
    for profile in profiles.profiles() {
        values.insert(profile_box(profile), "on".into());
    }
    Ok(RequestFormPage::new(
        Tr::new(lang),
        Chrome::new(lang, &uri).signed_in(&member.account.name, &csrf),
        csrf,
        RequestKind::Change,
        secret::token(),
        member.account.user_code.as_str(),
        &values,
        &[],
    ))
}

pub async fn submit_change(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    OrgMember(member): OrgMember,
    CheckedMultipart(form): CheckedMultipart,
) -> Result<Response, AppError> {
    let AccountKind::Member { org, .. } = member.account.kind else {
        return Err(AppError::Internal(
            "a member without an organization".into(),
        ));
    };
    let org = state.store.organization(org).await?;
    let filer = Filer {
        signed_in: Some(&member),
        org,
    };
    file(
        &state,
        lang,
        &uri,
        csrf,
        client,
        RequestKind::Change,
        filer,
        form,
    )
    .await
}

/// Checks and files a request, or draws the form again with every error beside its field.
#[allow(clippy::too_many_arguments)]
async fn file(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    client: Option<String>,
    kind: RequestKind,
    filer: Filer<'_>,
    form: MultipartForm,
) -> Result<Response, AppError> {
    let key = form.get("form-key");
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok((StatusCode::BAD_REQUEST, "form-key").into_response());
    }
    let key_digest = secret::digest(key);
    let follow = format!("/demande/suivi/{key}");
    if state.store.request_by_key(&key_digest).await?.is_some() {
        return Ok(Redirect::to(&follow).into_response());
    }
    let throttle = throttle::key("request", &client);
    if let Some(refusal) =
        throttle::check_saying(state, &throttle, lang, uri, "too-many-requests-text").await?
    {
        return Ok(refusal.into_response());
    }
    let values: Values = form.fields().clone();
    let today = quebec_time::date_at(state.store.now());
    let user_code = filer
        .signed_in
        .map(|s| s.account.user_code.as_str().to_string())
        .unwrap_or_default();
    let redraw = |errors: Vec<FieldError>| {
        let tr = Tr::new(lang);
        let chrome = match filer.signed_in {
            Some(s) => Chrome::new(lang, uri).signed_in(&s.account.name, &csrf),
            None => Chrome::new(lang, uri),
        };
        let page = RequestFormPage::new(
            tr,
            chrome,
            csrf.clone(),
            kind,
            key.to_string(),
            &user_code,
            &values,
            &errors,
        );
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let (document, profiles) =
        match RequestDocument::parse(kind, &user_code, &input(&values), today, &state.nas_key) {
            Ok(parsed) => parsed,
            Err(errors) => return redraw(errors),
        };
    let (route, mut errors) = route(state, kind, filer.org.as_ref(), &document, &profiles).await?;
    let resolution = resolution(
        &form,
        &profiles,
        document.organization.nonprofit,
        &mut errors,
    );
    if !errors.is_empty() {
        return redraw(errors);
    }
    let id = RequestId::new();
    let requester = Actor {
        account: filer.signed_in.map(|s| s.account.id),
        label: document.requester_name(),
    };
    let person = match filer.signed_in.map(|s| s.account.kind) {
        Some(AccountKind::Member { person, .. }) => Some(person),
        _ => None,
    };
    let mut tx = state.store.begin().await?;
    let filed = tx
        .insert_request(
            &NewRequest {
                id,
                org: route.org.as_ref().map(|o| o.id),
                person,
                requester_account: requester.account,
                approval: route.approval,
                document: &document,
                key_digest: &key_digest,
                approved: false,
            },
            &requester,
        )
        .await;
    match filed {
        // The same form sent twice at once: the first one filed it.
        Err(StoreError::Conflict(_)) => return Ok(Redirect::to(&follow).into_response()),
        other => other?,
    }
    if let Some(bytes) = resolution {
        tx.insert_attachment(id, &hex_sha256(bytes), bytes).await?;
    }
    let approver_url = if route.approval == Approval::Officer {
        format!("{}/administration/demandes", state.public_url)
    } else {
        let token = secret::token();
        let expires = state.store.now() + Duration::days(LINK_DAYS);
        tx.insert_request_link(&secret::digest(&token), id, LinkPurpose::Approve, expires)
            .await?;
        format!("{}/demande/approbation/{token}", state.public_url)
    };
    let profiles_in = |lang| {
        profiles
            .profiles()
            .iter()
            .map(|p| p.name(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let to = |email: &str| {
        Email::parse(Field::Email, email).map_err(|e| AppError::Internal(e.to_string()))
    };
    tx.queue_mail(
        &ApprovalRequestMail {
            requester: document.requester_name(),
            organization: document.organization.name.clone(),
            profiles_fr: profiles_in(Lang::Fr),
            profiles_en: profiles_in(Lang::En),
            url: approver_url,
            link_days: (route.approval != Approval::Officer).then_some(LINK_DAYS),
            // M3: a manager is told what the organization lacks.
            missing: if route.approval == Approval::Officer {
                Missing::default()
            } else {
                route.missing
            },
        }
        .to(&to(&document.approver.email)?)?,
    )
    .await?;
    tx.queue_mail(
        &RequestFiledMail {
            organization: document.organization.name.clone(),
            approver: document.approver_name(),
            follow_url: format!("{}{follow}", state.public_url),
        }
        .to(&to(&document.requester.email)?)?,
    )
    .await?;
    tx.audit(&AuditEntry {
        actor: requester.account,
        org: route.org.as_ref().map(|o| o.id),
        person,
        action: AuditAction::AccessRequestFiled,
        detail: format!(
            "request {id} ({}) for {}, NEQ {}, to {} ({})",
            kind.code(),
            profiles
                .profiles()
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
                .join(" "),
            document.organization.neq,
            document.approver.email,
            document.approver.capacity.code()
        ),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.count_failure(&throttle).await?;
    tx.commit().await?;
    Ok(Redirect::to(&follow).into_response())
}

/// Where a filed request goes: its organization if it exists, who approves it, and what the
/// organization lacks (M3).
struct Route {
    org: Option<Organization>,
    approval: Approval,
    missing: Missing,
}

/// Routes a request by M5 and M2, with every rule of theirs that the filing breaks.
async fn route(
    state: &AppState,
    kind: RequestKind,
    own_org: Option<&Organization>,
    document: &RequestDocument,
    profiles: &ProfileSet,
) -> Result<(Route, Vec<FieldError>), AppError> {
    let invalid = |e: FieldError| AppError::Internal(e.to_string());
    let mut errors = Vec::new();
    let neq = &document.organization.neq;
    let org = match own_org {
        // A change stays within the member's organization.
        Some(own) => {
            if own.neq.as_str() != neq {
                errors.push(FieldError::new(Field::Neq, Problem::Incorrect));
            }
            Some(own.clone())
        }
        None => {
            let neq = Neq::parse(neq).map_err(invalid)?;
            state.store.organization_by_neq(&neq).await?
        }
    };
    let (principal, auxiliary) = match &org {
        Some(o) => state.store.officers_signing_in(o.id).await?,
        None => (false, false),
    };
    let approval = Approval::for_profiles(profiles, principal || auxiliary);
    if let Err(e) = approval.check(document.approver.capacity) {
        errors.push(e);
    }
    if kind == RequestKind::NewCode
        && let Err(e) = check_first_request(profiles, state.store.has_principal(neq).await?)
    {
        errors.push(e);
    }
    if approval == Approval::Officer {
        let officers = match &org {
            Some(o) => state.store.active_officer_emails(o.id).await?,
            None => Vec::new(),
        };
        let named =
            Email::parse(Field::ApproverEmail, &document.approver.email).map_err(invalid)?;
        if !officers.contains(&named) {
            errors.push(FieldError::new(Field::ApproverEmail, Problem::NotAnOfficer));
        }
    }
    let missing = Missing {
        principal: !principal,
        auxiliary: !auxiliary,
    };
    Ok((
        Route {
            org,
            approval,
            missing,
        },
        errors,
    ))
}

/// The board's resolution when the profiles call for one (M5), checked; its error, if any,
/// joins `errors`.
fn resolution<'f>(
    form: &'f MultipartForm,
    profiles: &ProfileSet,
    nonprofit: bool,
    errors: &mut Vec<FieldError>,
) -> Option<&'f [u8]> {
    if !needs_resolution(profiles, nonprofit) {
        return None;
    }
    let checked = match form.file(Field::Resolution.id()) {
        None => Err(FieldError::new(Field::Resolution, Problem::Required)),
        Some(Upload::TooLarge) => Err(FieldError::new(
            Field::Resolution,
            Problem::FileTooLarge { max: FILE_MAX_MIB },
        )),
        Some(Upload::Kept(bytes)) => check_resolution(bytes, FILE_MAX).map(|()| bytes.as_slice()),
    };
    checked.map_err(|e| errors.push(e)).ok()
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "request_follow.html")]
pub struct FollowPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    sheet: RequestSheet,
    withdraw_action: Option<String>,
    notice: String,
}

/// The request the requester's link follows, or the not-found page.
async fn followed(state: &AppState, key: &str) -> Result<Option<RequestRecord>, AppError> {
    if key.len() != 64 {
        return Ok(None);
    }
    Ok(state.store.request_by_key(&secret::digest(key)).await?)
}

async fn follow_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    key: &str,
    r: &RequestRecord,
    notice: &str,
) -> Result<FollowPage, AppError> {
    let tr = Tr::new(lang);
    let steps = state.store.request_steps(r.id).await?;
    let can_withdraw = r.state.after(Step::Withdraw).is_some();
    Ok(FollowPage {
        sheet: RequestSheet::new(&tr, lang, r, &steps),
        withdraw_action: can_withdraw.then(|| format!("/demande/suivi/{key}/retirer")),
        notice: if notice.is_empty() {
            String::new()
        } else {
            tr.t(notice)
        },
        tr,
        chrome: Chrome::new(lang, uri),
        csrf,
    })
}

pub async fn follow(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let Some(r) = followed(&state, &key).await? else {
        return Err(AppError::NotFound);
    };
    let page = follow_page(&state, lang, &uri, csrf, &key, &r, "").await?;
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    csrf: String,
    #[serde(rename = "refusal-reason", default)]
    reason: String,
}

with_token!(WithdrawForm);

/// The requester withdraws the request before central acts.
pub async fn withdraw(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    Path(key): Path<String>,
    Checked(form): Checked<WithdrawForm>,
) -> Result<Response, AppError> {
    let Some(r) = followed(&state, &key).await? else {
        return Err(AppError::NotFound);
    };
    let reason: String = form.reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let reason: String = reason.chars().take(500).collect();
    let by = Actor {
        account: r.requester_account,
        label: r.document.requester_name(),
    };
    let mut tx = state.store.begin().await?;
    let moved = tx
        .step_request(r.id, r.state, Step::Withdraw, &by, &reason)
        .await?;
    if moved {
        tx.audit(&AuditEntry {
            actor: r.requester_account,
            org: r.org,
            person: r.person,
            action: AuditAction::AccessRequestWithdrawn,
            detail: format!("request {}", r.id),
            client_address: client,
            agency: None,
        })
        .await?;
    }
    tx.commit().await?;
    let Some(now) = state.store.request(r.id).await? else {
        return Err(AppError::Internal("a withdrawn request vanished".into()));
    };
    let notice = if moved {
        "request-withdrawn"
    } else {
        "request-too-late-to-withdraw"
    };
    let page = follow_page(&state, lang, &uri, csrf, &key, &now, notice).await?;
    Ok(page.into_response())
}
