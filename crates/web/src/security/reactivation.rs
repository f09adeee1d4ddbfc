//! Reactivations asked of central (M16). An officer who may not reactivate a code (not a
//! lockout, past its date, inactive too long, their own) asks central from the person's
//! page; central's queue shows each request with its due date (one business day for a
//! lockout, two otherwise); central reactivates, with a new date for an expired code and the
//! person identified by NAS partiel unless an officer asked in Mandat, or refuses with a
//! reason told to the officer who asked.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use mandat_core::audit::AuditAction;
use mandat_core::dates::long_date;
use mandat_core::person::NasPartial;
use mandat_core::validity::{
    CodeFacts, ReactivationKind, Rule, may_set_expiry, officer_may_reactivate,
};
use mandat_core::{Field, FieldError, Lang, Problem, quebec_time};
use mandat_mail::messages::Message;
use mandat_mail::reactivation::{ReactivationRefusedMail, ReactivationRequestedMail, Requested};
use mandat_store::{
    Account, AuditEntry, NewReactivation, OpenReactivation, ReactivationOutcome, date_to_text,
};
use time::Date;

use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::dates::date_field;
use crate::kit::frame::Chrome;
use crate::security::person::{
    ActionForm, Outcome, Reader, Subject, facts_of, invalid, reason_text, refused,
};

/// What is done, by its notice; or why not, and nothing changed.
type Done = Result<&'static str, Outcome>;

/// An open request, as the person's page and central's queue show it.
pub struct RequestView {
    pub href: String,
    pub organization: String,
    pub person: String,
    pub user_code: String,
    pub kind: String,
    pub requested_by: String,
    pub requested_on: String,
    pub reason: String,
    pub expiry: String,
    pub due_on: String,
    pub overdue: bool,
}

impl RequestView {
    pub fn new(tr: &Tr, lang: Lang, today: Date, r: &OpenReactivation) -> Self {
        RequestView {
            href: format!("/central/organismes/{}/securite/{}", r.org, r.person),
            organization: format!("{} (NEQ {})", r.organization, r.neq),
            person: r.person_name.clone(),
            user_code: r.user_code.clone(),
            kind: tr.t(&format!("reactivation-kind-{}", r.kind.code())),
            requested_by: r.requested_by_name.clone(),
            requested_on: long_date(quebec_time::date_at(r.requested_at), lang),
            reason: r.reason.clone(),
            expiry: r
                .requested_expiry
                .map(|d| long_date(d, lang))
                .unwrap_or_default(),
            due_on: long_date(r.due_on, lang),
            overdue: today > r.due_on,
        }
    }
}

/// The facts a renewal is judged on: an expired code starts a new validity from today, so
/// only the twelve months from today bind it (M17).
fn renewal_facts(facts: CodeFacts, kind: Option<ReactivationKind>) -> CodeFacts {
    match kind {
        Some(ReactivationKind::Expired) => CodeFacts {
            expires_on: None,
            ..facts
        },
        _ => facts,
    }
}

/// The new expiry date a reactivation carries: required for an expired code, within M17.
fn renewal(facts: CodeFacts, form: &ActionForm, today: Date) -> Result<Option<Date>, Outcome> {
    let kind = ReactivationKind::of(&facts, today);
    let on = date_field(Field::NewExpiry, &form.new_expiry).map_err(invalid)?;
    match (on, kind) {
        (None, Some(ReactivationKind::Expired)) => Err(invalid(FieldError::new(
            Field::NewExpiry,
            Problem::Required,
        ))),
        (None, _) => Ok(None),
        (Some(on), kind) => {
            let broken = may_set_expiry(&renewal_facts(facts, kind), on, today, true);
            if broken.is_empty() {
                Ok(Some(on))
            } else {
                Err(refused(broken))
            }
        }
    }
}

/// An officer asks central to reactivate a code they may not reactivate themselves.
pub(crate) async fn request(
    state: &AppState,
    reader: &Reader<'_>,
    s: &Subject,
    account: &Account,
    form: &ActionForm,
) -> Result<Done, AppError> {
    let reason = match reason_text(Field::ReactivationReason, &form.reactivation_reason) {
        Ok(r) => r,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let today = quebec_time::date_at(state.store.now());
    let mut tx = state.store.begin().await?;
    let Some(current) = tx.account_for_update(account.id).await? else {
        return Ok(Err(refused(vec![Rule::Unchanged])));
    };
    let facts = facts_of(&current, reader, s);
    let Some(kind) = ReactivationKind::of(&facts, today) else {
        return Ok(Err(refused(vec![Rule::Unchanged])));
    };
    if !reader.frozen(facts.inactive) && officer_may_reactivate(&facts, today).is_empty() {
        return Ok(Err(refused(vec![Rule::NotNeeded])));
    }
    let expiry = match renewal(facts, form, today) {
        Ok(on) => on.filter(|_| kind == ReactivationKind::Expired),
        Err(outcome) => return Ok(Err(outcome)),
    };
    let due_on = state
        .calendar
        .add_business_days(today, kind.business_days());
    let filed = tx
        .file_reactivation(&NewReactivation {
            account: current.id,
            org: s.org.id,
            person: s.person.id,
            kind,
            requested_by: reader.account.id,
            reason: reason.clone(),
            requested_expiry: expiry,
            due_on,
        })
        .await?;
    if !filed {
        return Ok(Err(refused(vec![Rule::AlreadyRequested])));
    }
    tx.audit(&AuditEntry {
        actor: Some(reader.account.id),
        org: Some(s.org.id),
        person: Some(s.person.id),
        action: AuditAction::ReactivationRequested,
        detail: match expiry {
            Some(on) => format!("{reason} (expiration : {})", date_to_text(on)),
            None => reason.clone(),
        },
        client_address: reader.client.clone(),
        agency: None,
    })
    .await?;
    let mail = ReactivationRequestedMail::new(&Requested {
        requested_by: &reader.account.name,
        organization: &s.org.name,
        neq: s.org.neq.as_str(),
        code_prefix: current.user_code.first_three(),
        person: &format!("{} {}", s.person.first_name, s.person.last_name),
        reason: &reason,
        expiry,
        due_on,
    });
    for central in state.store.central_emails().await? {
        tx.queue_mail(&mail.to(&central)?).await?;
    }
    tx.commit().await?;
    Ok(Ok("person-reactivation-requested"))
}

/// Central refuses an open request; the officer who asked is told why.
pub(crate) async fn refuse(
    state: &AppState,
    reader: &Reader<'_>,
    s: &Subject,
    account: &Account,
    form: &ActionForm,
) -> Result<Done, AppError> {
    let reason = match reason_text(Field::RefusalReason, &form.refusal) {
        Ok(r) => r,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let Some(open) = state.store.open_reactivation(account.id).await? else {
        return Ok(Err(refused(vec![Rule::Unchanged])));
    };
    let asker = state.store.account(open.requested_by).await?;
    let mut tx = state.store.begin().await?;
    let by = reader.account.id;
    if !tx
        .close_reactivation(account.id, by, ReactivationOutcome::Refused, &reason)
        .await?
    {
        return Ok(Err(refused(vec![Rule::Unchanged])));
    }
    tx.audit(&AuditEntry {
        actor: Some(by),
        org: Some(s.org.id),
        person: Some(s.person.id),
        action: AuditAction::ReactivationRefused,
        detail: reason.clone(),
        client_address: reader.client.clone(),
        agency: None,
    })
    .await?;
    if let Some(asker) = asker {
        let mail = ReactivationRefusedMail {
            code_prefix: account.user_code.first_three().to_string(),
            person: format!("{} {}", s.person.first_name, s.person.last_name),
            organization: s.org.name.clone(),
            reason,
        };
        tx.queue_mail(&mail.to(&asker.email)?).await?;
    }
    tx.commit().await?;
    Ok(Ok("person-reactivation-refused"))
}

/// What central's reactivation needs beyond a reason (M16): a new date for an expired code,
/// and, unless an officer asked in Mandat (signed in with a second factor), the person
/// identified by NAS partiel, the check recorded either way.
pub(crate) async fn central_terms(
    state: &AppState,
    reader: &Reader<'_>,
    s: &Subject,
    account: &Account,
    form: &ActionForm,
    today: Date,
) -> Result<Result<Option<Date>, Outcome>, AppError> {
    let renewal = match renewal(facts_of(account, reader, s), form, today) {
        Ok(on) => on,
        Err(outcome) => return Ok(Err(outcome)),
    };
    if state.store.open_reactivation(account.id).await?.is_some() {
        return Ok(Ok(renewal));
    }
    let nas = match NasPartial::parse(&form.nas) {
        Ok(nas) => nas,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let matches = state.nas_key.matches(&nas, &s.person.nas_digest);
    let mut tx = state.store.begin().await?;
    tx.audit(&AuditEntry {
        actor: Some(reader.account.id),
        org: Some(s.org.id),
        person: Some(s.person.id),
        action: AuditAction::IdentityChecked,
        detail: format!(
            "reactivation: NAS partiel {}",
            if matches { "matches" } else { "does not match" }
        ),
        client_address: reader.client.clone(),
        agency: None,
    })
    .await?;
    tx.commit().await?;
    if matches {
        Ok(Ok(renewal))
    } else {
        Ok(Err(refused(vec![Rule::IdentityNotConfirmed])))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "central_reactivations.html")]
pub struct QueuePage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<RequestView>,
}

/// Central's queue of open requests, the soonest due first.
pub async fn queue(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let today = quebec_time::date_at(state.store.now());
    let rows = state
        .store
        .reactivation_queue()
        .await?
        .iter()
        .map(|r| RequestView::new(&tr, here.lang, today, r))
        .collect();
    Ok(QueuePage {
        chrome: here.chrome(Some(&central.0.account.name)),
        rows,
        tr,
    }
    .into_response())
}
