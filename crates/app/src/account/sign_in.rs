//! Signing in (E2, M11, M12, M18): the user code's password first, which opens a session at
//! the second factor; each failure counted toward M11's lockout and the client's throttle;
//! a session replaced under a new id at each step; signing out.

use std::sync::LazyLock;

use mandat_core::account::{InactiveCause, MAX_FAILED_SIGN_INS};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::credentials::{Password, PasswordHash};
use mandat_core::secret;
use mandat_mail::messages::{LockoutOfficersMail, LockoutUserMail, Message};
use mandat_store::{Account, AccountKind, AuditEntry, SessionStage, Tx};

use super::{own_entry, verify};
use crate::{App, Error, Reason};
use mandat_core::{Field, FieldError, Problem};

/// A hash to check an unknown user code's password against, so that it takes as long as a
/// known one's (no account enumeration).
static DECOY: LazyLock<Option<PasswordHash>> =
    LazyLock::new(|| Password::candidate("decoy password 2026").and_then(|p| p.hash().ok()));

/// Ends the session `old` (the digest of the browser's previous id), if any, and opens one at
/// `stage` under a new id, in `tx`: a new id at each step of sign-in (M12). Returns the id,
/// for the cookie.
pub async fn replace_session(
    tx: &mut Tx,
    old: Option<&str>,
    stage: SessionStage,
) -> Result<String, Error> {
    if let Some(old) = old {
        tx.end_session(&secret::digest(old)).await?;
    }
    let id = secret::token();
    tx.create_session(&secret::digest(&id), stage).await?;
    Ok(id)
}

impl App {
    /// The first step of sign-in: the password of `user_code`. Opens a session at the second
    /// factor in place of `old` (the browser's previous session id) and returns its id.
    /// Refused as `InvalidCredentials` whatever is wrong, so that nobody learns which codes
    /// exist; as `Inactive` only to someone who knows the password. `counted` is the
    /// client's counter of failures, which each one adds to.
    pub async fn sign_in_password(
        &self,
        (user_code, password): (&str, &str),
        old: Option<&str>,
        client: Option<String>,
        counted: &str,
    ) -> Result<String, Error> {
        let invalid = || Error::reason(Reason::InvalidCredentials);
        let account = self.store.account_by_user_code(user_code).await?;
        let candidate = Password::candidate(password);
        let Some(account) = account else {
            if let (Some(decoy), Some(p)) = (DECOY.clone(), candidate) {
                verify(decoy, p).await;
            }
            let mut tx = self.store.begin().await?;
            tx.count_failure(counted).await?;
            tx.audit(&AuditEntry {
                detail: Note::UnknownUserCode.into(),
                client_address: client,
                ..AuditEntry::new(AuditAction::SignInFailed)
            })
            .await?;
            tx.commit().await?;
            return Err(invalid());
        };
        let matches = match candidate {
            Some(p) => verify(account.password_hash.clone(), p).await,
            None => false,
        };
        if account.inactive.is_some() {
            // Only someone who knows the password learns that the code is inactive.
            return Err(match matches {
                true => Error::reason(Reason::Inactive),
                false => invalid(),
            });
        }
        if !matches {
            self.failed_sign_in(&account, Note::WrongPassword, client, counted)
                .await?;
            return Err(invalid());
        }
        // M18: a code is deactivated from the start of its expiry date.
        if account.expires_on.is_some_and(|d| self.today() >= d) {
            let mut tx = self.store.begin().await?;
            tx.deactivate_account(account.id, InactiveCause::Expired, None)
                .await?;
            let detail = Note::ValidityEnded.into();
            tx.audit(&own_entry(&account, AuditAction::Expired, detail, client))
                .await?;
            tx.commit().await?;
            return Err(Error::reason(Reason::Inactive));
        }
        let mut tx = self.store.begin().await?;
        let id = replace_session(&mut tx, old, SessionStage::SecondFactor(account.id)).await?;
        let verified = own_entry(
            &account,
            AuditAction::PasswordVerified,
            Detail::none(),
            client,
        );
        tx.audit(&verified).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The password a signed-in person types again to confirm a change of their own (their
    /// password, their code's deactivation). A wrong one counts as a failed sign-in, toward
    /// M11's three and the address's throttle (`counted`), with the same emails: refused as
    /// the field's error, or as `Inactive` once the third has locked the code and ended its
    /// sessions. An empty one is only missing, and counts for nothing. `field` is the form's.
    pub async fn confirm_password(
        &self,
        account: &Account,
        (field, typed): (Field, &str),
        client: Option<String>,
        counted: &str,
    ) -> Result<(), Error> {
        let refuse = |problem| Error::fields(vec![FieldError::new(field, problem)]);
        let Some(password) = Password::candidate(typed) else {
            return Err(refuse(Problem::Required));
        };
        if verify(account.password_hash.clone(), password).await {
            return Ok(());
        }
        match self
            .failed_sign_in(account, Note::WrongPassword, client, counted)
            .await?
        {
            true => Err(Error::reason(Reason::Inactive)),
            false => Err(refuse(Problem::Incorrect)),
        }
    }

    /// A failed sign-in, `why`: counted, and at the third the code is deactivated, its
    /// sessions ended, the user and the officers told (M11), all in one transaction. Whether
    /// it locked the code.
    pub async fn failed_sign_in(
        &self,
        account: &Account,
        why: Note,
        client: Option<String>,
        counted: &str,
    ) -> Result<bool, Error> {
        let mut tx = self.store.begin().await?;
        tx.count_failure(counted).await?;
        let count = tx.record_failed_sign_in(account.id).await?;
        let detail = why.with("count", count).with("max", MAX_FAILED_SIGN_INS);
        let failed = own_entry(account, AuditAction::SignInFailed, detail, client.clone());
        tx.audit(&failed).await?;
        if count >= MAX_FAILED_SIGN_INS {
            tx.deactivate_account(account.id, InactiveCause::Lockout, None)
                .await?;
            tx.end_sessions_of(account.id).await?;
            // When and from where each failure came, for the history and the officers: an
            // attack or a forgotten password (issue 19).
            let failures = tx.recent_failures(account.id, i64::from(count)).await?;
            let notice = LockoutOfficersMail::new(&account.user_code, &failures);
            let (fr, en) = (
                notice.failures_fr.join(" ; "),
                notice.failures_en.join("; "),
            );
            let detail = Note::FailedSignInsFrom
                .with("count", count)
                .both("failures", fr, en);
            tx.audit(&own_entry(account, AuditAction::Locked, detail, client))
                .await?;
            tx.queue_mail(&LockoutUserMail.to(&account.email)?).await?;
            if let AccountKind::Member { org, .. } = account.kind {
                for officer in self.store.active_officer_emails(org).await? {
                    if officer != account.email {
                        tx.queue_mail(&notice.to(&officer)?).await?;
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(count >= MAX_FAILED_SIGN_INS)
    }

    /// « Sortir de l'application »: the session `session` (its digest) ends at once.
    pub async fn sign_out(
        &self,
        account: &Account,
        session: &str,
        client: Option<String>,
    ) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        tx.end_session(session).await?;
        let out = own_entry(account, AuditAction::SignedOut, Detail::none(), client);
        tx.audit(&out).await?;
        tx.commit().await?;
        Ok(())
    }
}
