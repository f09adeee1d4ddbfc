//! Registration with a code (M8): the registration code central sent and the person's NAS
//! partiel open a registration session; the person then chooses a user code and a password,
//! and the account is made, valid until the access date central set. A wrong code or NAS
//! partiel counts toward the client's throttle, and too many wrong NAS partiels suspend the
//! code (M7).

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::credentials::{Password, UserCode};
use mandat_core::ids::{AccountId, RegistrationCodeId};
use mandat_core::organization::Organization;
use mandat_core::person::{NasPartial, Person};
use mandat_core::secret::RegistrationCode;
use mandat_core::{Field, FieldError, Problem};
use mandat_store::{
    AccountKind, AuditEntry, CodeState, NewAccount, RegistrationCodeRecord, SessionStage,
    StoreError,
};
use time::Date;

use super::replace_session;
use crate::hashing::hashing;
use crate::{App, Error, Reason};

/// Why a code can no longer be used, if it cannot.
fn unusable(code: &RegistrationCodeRecord, today: Date) -> Option<Reason> {
    match code.state {
        CodeState::Suspended => Some(Reason::CodeSuspended),
        CodeState::Used => Some(Reason::CodeUsed),
        CodeState::Replaced => Some(Reason::CodeReplaced),
        CodeState::Active if code.is_expired(today) => Some(Reason::CodeExpired),
        CodeState::Active => None,
    }
}

/// A registration under way: its code, and the person and organization it is for.
pub struct Registering {
    pub code: RegistrationCodeRecord,
    pub person: Person,
    pub org: Organization,
}

/// The user code and password as typed on M8's last page.
pub struct Choice<'a> {
    pub user_code: &'a str,
    pub password: &'a str,
    pub confirmation: &'a str,
}

impl App {
    /// The registration code and NAS partiel as typed: a registration session in place of
    /// `old`, returned for the cookie. Every wrong one counts under `counted`; a code that
    /// cannot be used says why.
    pub async fn start_registration(
        &self,
        (code, nas): (&str, &str),
        old: Option<&str>,
        client: Option<String>,
        counted: &str,
    ) -> Result<String, Error> {
        let parsed = RegistrationCode::parse(code);
        let nas = NasPartial::parse(nas);
        let mut errors = Vec::new();
        if parsed.is_none() {
            let problem = match code.trim().is_empty() {
                true => Problem::Required,
                false => Problem::RegistrationCodeFormat,
            };
            errors.push(FieldError::new(Field::RegistrationCode, problem));
        }
        if let Err(e) = &nas {
            errors.push(*e);
        }
        let (Some(code), Ok(nas)) = (parsed, nas) else {
            return Err(Error::fields(errors));
        };
        let invalid = || Error::reason(Reason::InvalidCredentials);
        let record = self
            .store
            .registration_code_by_digest(&code.digest())
            .await?;
        let Some(record) = record else {
            let mut tx = self.store.begin().await?;
            tx.count_failure(counted).await?;
            tx.audit(&AuditEntry {
                detail: Note::UnknownRegistrationCode.into(),
                client_address: client,
                ..AuditEntry::new(AuditAction::RegistrationFailed)
            })
            .await?;
            tx.commit().await?;
            return Err(invalid());
        };
        let found = self.store.person(record.person).await?;
        let (person, org) = found.ok_or_else(|| {
            let corrupt = format!("registration code without person {}", record.person);
            Error::Store(StoreError::Corrupt(corrupt))
        })?;
        if let Some(why) = unusable(&record, self.today()) {
            return Err(Error::reason(why));
        }
        let entry = |action, detail: Detail| AuditEntry {
            org: Some(org.id),
            person: Some(person.id),
            detail,
            client_address: client.clone(),
            ..AuditEntry::new(action)
        };
        let mut tx = self.store.begin().await?;
        if !self.nas_key.matches(&nas, &person.nas_digest) {
            tx.count_failure(counted).await?;
            let now = tx.record_failed_registration(record.id).await?;
            let detail = match now == CodeState::Suspended {
                true => Note::NasMismatchSuspended,
                false => Note::NasMismatch,
            };
            tx.audit(&entry(AuditAction::RegistrationFailed, detail.into()))
                .await?;
            tx.commit().await?;
            return Err(invalid());
        }
        let id = replace_session(&mut tx, old, SessionStage::Registering(record.id)).await?;
        tx.audit(&entry(AuditAction::RegistrationStarted, Detail::none()))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The registration the code `id` opened, while the code can still be used.
    pub async fn registering(&self, id: RegistrationCodeId) -> Result<Registering, Error> {
        let code = self
            .store
            .registration_code(id)
            .await?
            .ok_or(Error::NotFound)?;
        if unusable(&code, self.today()).is_some() {
            return Err(Error::NotFound);
        }
        let (person, org) = self
            .store
            .person(code.person)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(Registering { code, person, org })
    }

    /// M8's last page: the account, with the user code and password chosen, valid until the
    /// access date central set; the code is used up and the registration session `session`
    /// (its digest) ends.
    pub async fn finish_registration(
        &self,
        r: &Registering,
        typed: &Choice<'_>,
        session: &str,
        client: Option<String>,
    ) -> Result<(), Error> {
        let names = [r.person.first_name.as_str(), r.person.last_name.as_str()];
        let mut errors = Vec::new();
        let user_code = UserCode::parse(typed.user_code, &names)
            .map_err(|e| errors.push(e))
            .ok();
        let password = Password::parse(typed.password, Some(typed.user_code.trim()), &names)
            .map_err(|e| errors.push(e))
            .ok();
        if password.is_some() && typed.confirmation != typed.password {
            errors.push(FieldError::new(
                Field::PasswordConfirmation,
                Problem::Mismatch,
            ));
        }
        let (Some(user_code), Some(password), true) = (user_code, password, errors.is_empty())
        else {
            return Err(Error::fields(errors));
        };
        let hash = hashing(move || password.hash())
            .await?
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut tx = self.store.begin().await?;
        let account = NewAccount {
            id: AccountId::new(),
            kind: AccountKind::Member {
                person: r.person.id,
                org: r.org.id,
            },
            identity: None,
            user_code,
            password_hash: hash,
            password_temporary: false,
            expires_on: Some(r.code.access_expires_on),
        };
        match tx.insert_account(&account).await {
            Err(StoreError::Conflict("user code")) => {
                let taken = FieldError::new(Field::UserCode, Problem::Taken);
                return Err(Error::fields(vec![taken]));
            }
            other => other?,
        }
        tx.mark_registration_code_used(r.code.id).await?;
        tx.end_session(session).await?;
        tx.audit(&AuditEntry {
            actor: Some(account.id),
            org: Some(r.org.id),
            person: Some(r.person.id),
            action: AuditAction::Registered,
            detail: Note::UserCodeValidThrough.with("on", r.code.access_expires_on),
            client_address: client,
            agency: None,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
