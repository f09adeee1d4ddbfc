//! Filing form 2490 (M4): a new registration code from a public page, a change signed in
//! (M19). The request is routed to the approver named in section 3 by M5 and M2; the
//! requester follows it, prints it (M25) or withdraws it by the link the form's key makes.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::requests::{Filing, Sent};
use mandat_core::request::{RequestKind, Step};
use mandat_core::{Field, Lang, secret};
use mandat_store::{AccountKind, RequestRecord};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::multipart::{CheckedMultipart, FILE_MAX, FILE_MAX_MIB, MultipartForm, Upload};
use crate::http::session::{OrgMember, SignedIn};
use crate::http::throttle;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};
use crate::kit::request_sheet::RequestSheet;
use crate::requests::form::{RequestFormPage, Values, input, profile_box};

pub async fn new_form(here: Here) -> RequestFormPage {
    let Here { lang, uri, csrf } = here;
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
    here: Here,
    ClientAddress(client): ClientAddress,
    CheckedMultipart(form): CheckedMultipart,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let kind = RequestKind::NewCode;
    file(&state, lang, &uri, csrf, client, kind, None, form).await
}

/// The change form, prefilled with what central knows of the member (M19).
pub async fn change_form(
    State(state): State<AppState>,
    here: Here,
    OrgMember(member): OrgMember,
) -> Result<RequestFormPage, AppError> {
    let Here { lang, uri, csrf } = here;
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
    here: Here,
    ClientAddress(client): ClientAddress,
    OrgMember(member): OrgMember,
    CheckedMultipart(form): CheckedMultipart,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let kind = RequestKind::Change;
    file(&state, lang, &uri, csrf, client, kind, Some(&member), form).await
}

/// Checks and files a request, by nobody signed in (a new code) or a member (a change), or
/// draws the form again with every error beside its field.
#[allow(clippy::too_many_arguments)]
async fn file(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    client: Option<String>,
    kind: RequestKind,
    filer: Option<&SignedIn>,
    form: MultipartForm,
) -> Result<Response, AppError> {
    let key = form.get("form-key");
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok((StatusCode::BAD_REQUEST, "form-key").into_response());
    }
    let follow = format!("/demande/suivi/{key}");
    if state
        .store
        .request_by_key(&secret::digest(key))
        .await?
        .is_some()
    {
        return Ok(Redirect::to(&follow).into_response());
    }
    let throttle = throttle::key("request", &client);
    if let Some(refusal) =
        throttle::check_saying(state, &throttle, lang, uri, "too-many-requests-text").await?
    {
        return Ok(refusal.into_response());
    }
    let values: Values = form.fields().clone();
    let filing = Filing {
        kind,
        key,
        input: input(&values),
        resolution: form.file(Field::Resolution.id()).map(sent),
    };
    let account = filer.map(|s| &s.account);
    let filed = state.app.file_request(account, &filing, client, &throttle);
    let errors = match filed.await {
        Ok(()) => return Ok(Redirect::to(&follow).into_response()),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => errors,
        Err(e) => return Err(e.into()),
    };
    let chrome = match filer {
        Some(s) => Chrome::new(lang, uri).signed_in(&s.account.name, &csrf),
        None => Chrome::new(lang, uri),
    };
    let user_code = account.map(|a| a.user_code.as_str()).unwrap_or_default();
    let page = RequestFormPage::new(
        Tr::new(lang),
        chrome,
        csrf.clone(),
        kind,
        key.to_string(),
        user_code,
        &values,
        &errors,
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The resolution's file as the form sent it (M5).
fn sent(upload: &Upload) -> Sent<'_> {
    match upload {
        Upload::TooLarge => Sent::TooLarge {
            max_mib: FILE_MAX_MIB,
        },
        Upload::Kept(bytes) => Sent::Kept {
            bytes,
            max: FILE_MAX,
        },
    }
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
    here: Here,
    Path(key): Path<String>,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let r = state.app.followed_request(&key).await?;
    // After « Retirer » (post/redirect/get): withdrawn, or too late to.
    let notice = match done.fait.as_str() {
        "retiree" => "request-withdrawn",
        "trop-tard" => "request-too-late-to-withdraw",
        _ => "",
    };
    let page = follow_page(&state, lang, &uri, csrf, &key, &r, notice).await?;
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
    ClientAddress(client): ClientAddress,
    Path(key): Path<String>,
    Checked(form): Checked<WithdrawForm>,
) -> Result<Response, AppError> {
    let r = state.app.followed_request(&key).await?;
    let moved = state.app.withdraw_request(&r, &form.reason, client).await?;
    let fait = if moved { "retiree" } else { "trop-tard" };
    Ok(notice::done(&format!("/demande/suivi/{key}"), fait))
}
