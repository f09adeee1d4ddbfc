//! « Modifier votre mot de passe » (M10): the current password is asked unless it is
//! temporary or expired; at most one change a day; a confirmation by email.

use mandat_core::account::{may_change_password, password_expired};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::credentials::Password;
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::{Message, PasswordChangedMail};
use mandat_store::Account;

use super::{own_entry, renew_sessions, verify};
use crate::{App, Error, Reason};

/// The password form, as typed.
pub struct PasswordChange<'a> {
    /// Not asked when the password is temporary or expired.
    pub current: &'a str,
    pub new: &'a str,
    pub confirmation: &'a str,
}

impl App {
    /// Whether the account must change its password before anything else: it is temporary
    /// or past its six months (M10). Every door sends such a person to the change first.
    pub fn must_change_password(&self, account: &Account) -> bool {
        account.password_temporary
            || password_expired(account.password_changed_at, self.store.now())
    }

    /// Changes the account's own password (M10). A wrong current password counts as a failed
    /// sign-in (`counted`: the address's throttle), as `confirm_password` says. Every session
    /// of the account ends; the one in use goes on under the new id returned (ASVS 3.3.3).
    pub async fn change_password(
        &self,
        account: &Account,
        typed: &PasswordChange<'_>,
        client: Option<String>,
        counted: &str,
    ) -> Result<String, Error> {
        let forced = self.must_change_password(account);
        let now = self.store.now();
        if !may_change_password(account.password_changed_at, account.password_temporary, now) {
            return Err(Error::reason(Reason::OnceADay));
        }
        let refuse = |field, problem| Error::fields(vec![FieldError::new(field, problem)]);
        if !forced {
            let current = (Field::CurrentPassword, typed.current);
            self.confirm_password(account, current, client.clone(), counted)
                .await?;
        }
        let names: Vec<&str> = account.name.split_whitespace().collect();
        let user_code = Some(account.user_code.as_str());
        let new =
            Password::parse(typed.new, user_code, &names).map_err(|e| Error::fields(vec![e]))?;
        if typed.confirmation != typed.new {
            return Err(refuse(Field::PasswordConfirmation, Problem::Mismatch));
        }
        if verify(account.password_hash.clone(), new.clone()).await {
            return Err(refuse(Field::Password, Problem::SameAsBefore));
        }
        let hash = crate::hashing::hashing(move || new.hash())
            .await?
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut tx = self.store.begin().await?;
        tx.set_password(account.id, &hash, false).await?;
        let session = renew_sessions(&mut tx, account.id).await?;
        tx.queue_mail(&PasswordChangedMail.to(&account.email)?)
            .await?;
        let detail = match forced {
            true => Note::TemporaryPasswordReplaced.into(),
            false => Detail::none(),
        };
        let changed = own_entry(account, AuditAction::PasswordChanged, detail, client);
        tx.audit(&changed).await?;
        tx.commit().await?;
        Ok(session)
    }
}
