//! A change to a person's code from their security file: deactivate (M13's reasons),
//! reactivate (M16, with a temporary password) or set a new expiry date (M17), every rule
//! checked on the row as locked in the transaction; the user and the officers are emailed
//! (M24, M14) in it, and it is recorded.

use mandat_app::notices::queue_code_change;
use mandat_core::account::{DeactivationReason, InactiveCause};
use mandat_core::audit::AuditAction;
use mandat_core::validity::{Rule, may_set_expiry, officer_may_reactivate};
use mandat_core::{Field, FieldError, Problem, quebec_time};
use mandat_mail::security::Change;
use mandat_store::{Account, AuditEntry, ReactivationOutcome, date_to_text};

use crate::http::hashing::temporary_password;
use crate::http::{AppError, AppState};
use crate::kit::dates::date_field;
use crate::security::person::{
    ActionForm, CodeAction, Outcome, Reader, Subject, facts_of, invalid, reason_text, refused,
};
use crate::security::reactivation;

/// The change a valid form asks for, or what is wrong with it.
fn change(action: CodeAction, form: &ActionForm) -> Result<(Change, String), FieldError> {
    match action {
        CodeAction::Deactivate => {
            let (reason, other) = DeactivationReason::parse(&form.reason, &form.other)?;
            let fr = reason.said(&other, mandat_core::Lang::Fr);
            Ok((
                Change::Deactivated {
                    fr: fr.clone(),
                    en: reason.said(&other, mandat_core::Lang::En),
                },
                fr,
            ))
        }
        CodeAction::Reactivate => Ok((
            Change::Reactivated,
            reason_text(Field::ReactivationReason, &form.reactivation_reason)?,
        )),
        CodeAction::NewExpiry => match date_field(Field::NewExpiry, &form.new_expiry)? {
            Some(on) => Ok((Change::NewExpiry(on), date_to_text(on))),
            None => Err(FieldError::new(Field::NewExpiry, Problem::Required)),
        },
    }
}

/// Changes the code, every rule checked on the row as locked in the transaction. `Ok` names
/// the notice; `Err` is a refusal or a form to correct, and changes nothing.
pub(crate) async fn change_code(
    state: &AppState,
    reader: &Reader<'_>,
    s: &Subject,
    account: &Account,
    action: CodeAction,
    form: &ActionForm,
) -> Result<Result<&'static str, Outcome>, AppError> {
    let (change, why) = match change(action, form) {
        Ok(c) => c,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let today = quebec_time::date_at(state.store.now());
    let renewal = match change {
        Change::Reactivated if reader.is_central() => {
            match reactivation::central_terms(state, reader, s, account, form, today).await? {
                Ok(renewal) => renewal,
                Err(outcome) => return Ok(Err(outcome)),
            }
        }
        _ => None,
    };
    let temporary = match change {
        Change::Reactivated => Some(temporary_password().await?),
        _ => None,
    };
    let mut tx = state.store.begin().await?;
    let Some(current) = tx.account_for_update(account.id).await? else {
        return Ok(Err(refused(vec![Rule::Unchanged])));
    };
    let facts = facts_of(&current, reader, s);
    let frozen = reader.frozen(facts.inactive);
    let broken: Vec<Rule> = match (&change, facts.inactive) {
        _ if frozen => vec![Rule::Inactive],
        (Change::Deactivated { .. }, Some(_)) => vec![Rule::Inactive],
        (Change::Deactivated { .. }, None) if facts.own => vec![Rule::OwnCode],
        (Change::Deactivated { .. }, None) => vec![],
        (Change::Reactivated, None) => vec![Rule::Unchanged],
        (Change::Reactivated, Some(_)) if reader.is_central() => vec![],
        (Change::Reactivated, Some(_)) => officer_may_reactivate(&facts, today),
        (Change::NewExpiry(on), _) => may_set_expiry(&facts, *on, today, reader.is_central()),
    };
    if !broken.is_empty() {
        return Ok(Err(refused(broken)));
    }
    let mut detail = why;
    let (audit_action, notice) = match &change {
        Change::Deactivated { .. } => {
            let cause = if reader.is_central() {
                InactiveCause::Central
            } else {
                InactiveCause::Officer
            };
            tx.deactivate_account(current.id, cause, Some(&detail))
                .await?;
            tx.end_sessions_of(current.id).await?;
            (AuditAction::Deactivated, "person-deactivated")
        }
        Change::Reactivated => {
            tx.reactivate_account(current.id).await?;
            if let Some((_, hash)) = &temporary {
                tx.set_password(current.id, hash, true).await?;
            }
            if let Some(on) = renewal {
                tx.set_expiry(current.id, on).await?;
                detail = format!("{detail} (expiration : {})", date_to_text(on));
            }
            let by = reader.account.id;
            tx.close_reactivation(current.id, by, ReactivationOutcome::Reactivated, &detail)
                .await?;
            (AuditAction::Reactivated, "person-reactivated")
        }
        Change::NewExpiry(on) => {
            tx.set_expiry(current.id, *on).await?;
            (AuditAction::ExpiryChanged, "person-expiry-changed")
        }
    };
    tx.audit(&AuditEntry {
        actor: Some(reader.account.id),
        org: Some(s.org.id),
        person: Some(s.person.id),
        action: audit_action,
        detail,
        client_address: reader.client.clone(),
        agency: None,
    })
    .await?;
    let by = reader.changed_by();
    let password = temporary.map(|(p, _)| p);
    queue_code_change(
        &mut tx,
        &state.store,
        &current,
        &s.org,
        (&change, &by),
        password,
    )
    .await?;
    if let Some(on) = renewal {
        let renewed = Change::NewExpiry(on);
        queue_code_change(
            &mut tx,
            &state.store,
            &current,
            &s.org,
            (&renewed, &by),
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(notice))
}
