//! A change to a person's code: deactivate (M13's reasons), reactivate (M16, with a temporary
//! password) or set a new expiry date (M17), every rule checked on the row as locked in the
//! transaction; the user and the officers are emailed (M24, M14) in it, and it is recorded.

use mandat_core::account::{DeactivationReason, InactiveCause};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::contract;
use mandat_core::ids::PersonId;
use mandat_core::person::NasPartial;
use mandat_core::validity::{
    CodeFacts, ReactivationKind, Rule, may_set_expiry, officer_may_reactivate,
};
use mandat_core::{Field, FieldError, Lang, Problem};
use mandat_mail::security::Change;
use mandat_store::{Account, AuditEntry, ReactivationOutcome, date_to_text};
use time::Date;

use super::with_expiry;
use super::{Keeper, Subject, Typed, reason_text};
use crate::hashing::temporary_password;
use crate::notices::queue_code_change;
use crate::{App, Error};

/// A change to the code itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeAction {
    Deactivate,
    Reactivate,
    NewExpiry,
}

/// A date typed as `YYYY-MM-DD`; `None` when left empty.
pub(super) fn optional_date(field: Field, text: &str) -> Result<Option<Date>, Error> {
    contract::optional_date(field, text).map_err(|e| Error::fields(vec![e]))
}

/// The change a valid form asks for, with its reason as typed (or as chosen, in French) and
/// what the audit log says of it.
fn change(action: CodeAction, typed: &Typed) -> Result<(Change, String, Detail), Error> {
    match action {
        CodeAction::Deactivate => {
            let (reason, other) = DeactivationReason::parse(&typed.reason, &typed.other)
                .map_err(|e| Error::fields(vec![e]))?;
            let fr = reason.said(&other, Lang::Fr);
            let en = reason.said(&other, Lang::En);
            let detail = Note::Said.both("reason", &fr, &en);
            Ok((Change::Deactivated { fr: fr.clone(), en }, fr, detail))
        }
        CodeAction::Reactivate => {
            let why = reason_text(Field::ReactivationReason, &typed.reactivation_reason)?;
            let detail = Detail::text(&why);
            Ok((Change::Reactivated, why, detail))
        }
        CodeAction::NewExpiry => match optional_date(Field::NewExpiry, &typed.new_expiry)? {
            Some(on) => Ok((
                Change::NewExpiry(on),
                date_to_text(on),
                Note::ExpiresOn.with("on", on),
            )),
            None => {
                let required = FieldError::new(Field::NewExpiry, Problem::Required);
                Err(Error::fields(vec![required]))
            }
        },
    }
}

impl App {
    /// Changes the code of `person`, every rule checked on the row as locked in the
    /// transaction; returns what is done, by its notice key, or the refusal, and nothing
    /// changed.
    pub async fn change_code(
        &self,
        keeper: &Keeper<'_>,
        person: PersonId,
        action: CodeAction,
        typed: &Typed,
    ) -> Result<&'static str, Error> {
        let (s, account) = self.subject_with_code(keeper, person).await?;
        let (change, why, mut detail) = change(action, typed)?;
        let today = self.today();
        let renewal = match change {
            Change::Reactivated if keeper.is_central() => {
                self.central_terms(keeper, &s, &account, typed, today)
                    .await?
            }
            _ => None,
        };
        let temporary = match change {
            Change::Reactivated => Some(temporary_password().await?),
            _ => None,
        };
        let mut tx = self.store.begin().await?;
        let Some(current) = tx.account_for_update(account.id).await? else {
            return Err(Error::rules(vec![Rule::Unchanged]));
        };
        let facts = keeper.facts(&current, &s);
        let broken: Vec<Rule> = match (&change, facts.inactive) {
            _ if keeper.frozen(facts.inactive) => vec![Rule::Inactive],
            (Change::Deactivated { .. }, Some(_)) => vec![Rule::Inactive],
            (Change::Deactivated { .. }, None) if facts.own => vec![Rule::OwnCode],
            (Change::Deactivated { .. }, None) => vec![],
            (Change::Reactivated, None) => vec![Rule::Unchanged],
            (Change::Reactivated, Some(_)) if keeper.is_central() => vec![],
            (Change::Reactivated, Some(_)) => officer_may_reactivate(&facts, today),
            (Change::NewExpiry(on), _) => may_set_expiry(&facts, *on, today, keeper.is_central()),
        };
        if !broken.is_empty() {
            return Err(Error::rules(broken));
        }
        let (audit_action, notice) = match &change {
            Change::Deactivated { .. } => {
                let cause = if keeper.is_central() {
                    InactiveCause::Central
                } else {
                    InactiveCause::Officer
                };
                tx.deactivate_account(current.id, cause, Some(&why)).await?;
                tx.end_sessions_of(current.id).await?;
                (AuditAction::Deactivated, "person-deactivated")
            }
            Change::Reactivated => {
                tx.reactivate_account(current.id).await?;
                // A session left from before the deactivation never comes back to life with
                // the code, nor outlives the new temporary password (ASVS 3.3.3).
                tx.end_sessions_of(current.id).await?;
                if let Some((_, hash)) = &temporary {
                    tx.set_password(current.id, hash, true).await?;
                }
                if let Some(on) = renewal {
                    tx.set_expiry(current.id, on).await?;
                    detail = with_expiry(&why, on);
                }
                let by = keeper.account.id;
                let outcome = ReactivationOutcome::Reactivated;
                tx.close_reactivation(current.id, by, outcome, &detail.stored())
                    .await?;
                (AuditAction::Reactivated, "person-reactivated")
            }
            Change::NewExpiry(on) => {
                tx.set_expiry(current.id, *on).await?;
                (AuditAction::ExpiryChanged, "person-expiry-changed")
            }
        };
        tx.audit(&AuditEntry {
            actor: Some(keeper.account.id),
            org: Some(s.org.id),
            person: Some(s.person.id),
            action: audit_action,
            detail,
            client_address: keeper.client.clone(),
            agency: None,
        })
        .await?;
        let by = keeper.changed_by();
        let password = temporary.map(|(p, _)| p);
        let told = (&change, &by);
        queue_code_change(&mut tx, &self.store, &current, &s.org, told, password).await?;
        if let Some(on) = renewal {
            let renewed = Change::NewExpiry(on);
            let told = (&renewed, &by);
            queue_code_change(&mut tx, &self.store, &current, &s.org, told, None).await?;
        }
        tx.commit().await?;
        Ok(notice)
    }

    /// What central's reactivation needs beyond a reason (M16): a new date for an expired
    /// code, and, unless an officer asked in Mandat (signed in with a second factor), the
    /// person identified by NAS partiel, the check recorded either way.
    async fn central_terms(
        &self,
        keeper: &Keeper<'_>,
        s: &Subject,
        account: &Account,
        typed: &Typed,
        today: Date,
    ) -> Result<Option<Date>, Error> {
        let renewal = renewal(keeper.facts(account, s), typed, today)?;
        if self.store.open_reactivation(account.id).await?.is_some() {
            return Ok(renewal);
        }
        let nas = NasPartial::parse(&typed.nas).map_err(|e| Error::fields(vec![e]))?;
        let matches = self.nas_key.matches(&nas, &s.person.nas_digest);
        let mut tx = self.store.begin().await?;
        tx.audit(&AuditEntry {
            actor: Some(keeper.account.id),
            org: Some(s.org.id),
            person: Some(s.person.id),
            action: AuditAction::IdentityChecked,
            detail: match matches {
                true => Note::ReactivationNasMatches.into(),
                false => Note::ReactivationNasMismatch.into(),
            },
            client_address: keeper.client.clone(),
            agency: None,
        })
        .await?;
        tx.commit().await?;
        if matches {
            Ok(renewal)
        } else {
            Err(Error::rules(vec![Rule::IdentityNotConfirmed]))
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
pub(super) fn renewal(facts: CodeFacts, typed: &Typed, today: Date) -> Result<Option<Date>, Error> {
    let kind = ReactivationKind::of(&facts, today);
    match (optional_date(Field::NewExpiry, &typed.new_expiry)?, kind) {
        (None, Some(ReactivationKind::Expired)) => {
            let required = FieldError::new(Field::NewExpiry, Problem::Required);
            Err(Error::fields(vec![required]))
        }
        (None, _) => Ok(None),
        (Some(on), kind) => {
            let broken = may_set_expiry(&renewal_facts(facts, kind), on, today, true);
            if broken.is_empty() {
                Ok(Some(on))
            } else {
                Err(Error::rules(broken))
            }
        }
    }
}
