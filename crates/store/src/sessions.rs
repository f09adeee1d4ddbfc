//! Sessions: server-side rows; the browser holds only an opaque id, whose digest is the key.

use mandat_core::ids::{AccountId, RegistrationCodeId};
use sqlx::Row;
use time::OffsetDateTime;

use crate::accounts::{Account, account, account_columns};
use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, from_micros, to_micros};

fn session(r: &sqlx::any::AnyRow) -> Result<Session, StoreError> {
    let stage: String = r.try_get("stage")?;
    let stage = match stage.as_str() {
        "second-factor" => SessionStage::SecondFactor(AccountId(uuid(r, "account_id")?)),
        "signed-in" => SessionStage::SignedIn(AccountId(uuid(r, "account_id")?)),
        _ => SessionStage::Registering(RegistrationCodeId(uuid(r, "registration_code_id")?)),
    };
    Ok(Session {
        stage,
        created_at: from_micros(r.try_get("created_at")?)?,
        last_seen_at: from_micros(r.try_get("last_seen_at")?)?,
    })
}

/// How far a session has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStage {
    /// The password was right; the second factor is still to come (E2).
    SecondFactor(AccountId),
    SignedIn(AccountId),
    /// Between the registration code and the choice of a user code (M8).
    Registering(RegistrationCodeId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub stage: SessionStage,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

impl Tx {
    pub async fn create_session(
        &mut self,
        id_digest: &str,
        stage: SessionStage,
    ) -> Result<(), StoreError> {
        let (stage_code, account, code) = match stage {
            SessionStage::SecondFactor(a) => ("second-factor", Some(a.to_string()), None),
            SessionStage::SignedIn(a) => ("signed-in", Some(a.to_string()), None),
            SessionStage::Registering(c) => ("registering", None, Some(c.to_string())),
        };
        sqlx::query(
            "INSERT INTO sessions (id_digest, stage, account_id, registration_code_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id_digest)
        .bind(stage_code)
        .bind(account)
        .bind(code)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn end_session(&mut self, id_digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_digest = $1")
            .bind(id_digest)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Ends every session of an account: at deactivation, at a password change elsewhere.
    pub async fn end_sessions_of(&mut self, account: AccountId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Keeps a step to confirm on the next page (for example « deactivate:<reason> »).
    pub async fn set_pending(&self, id_digest: &str, pending: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET pending = $1, pending_at = $2 WHERE id_digest = $3")
            .bind(pending)
            .bind(to_micros(self.now()))
            .bind(id_digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The step kept by [`Store::set_pending`], if set after `since`.
    pub async fn pending(
        &self,
        id_digest: &str,
        since: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let row =
            sqlx::query("SELECT pending FROM sessions WHERE id_digest = $1 AND pending_at >= $2")
                .bind(id_digest)
                .bind(to_micros(since))
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => r.try_get("pending")?,
            None => None,
        })
    }

    pub async fn session(&self, id_digest: &str) -> Result<Option<Session>, StoreError> {
        let found = self.session_and_account(id_digest).await?;
        Ok(found.map(|(session, _)| session))
    }

    /// The session and, once past the password, its account, in one read: what every
    /// signed-in request asks first.
    pub async fn session_and_account(
        &self,
        id_digest: &str,
    ) -> Result<Option<(Session, Option<Account>)>, StoreError> {
        let Some(r) = sqlx::query(concat!(
            "SELECT s.stage, s.account_id, s.registration_code_id, s.created_at, s.last_seen_at, ",
            account_columns!(),
            " FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id \
             LEFT JOIN people p ON p.id = a.person_id WHERE s.id_digest = $1"
        ))
        .bind(id_digest)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let session = session(&r)?;
        let account = match r.try_get::<Option<String>, _>("id")? {
            Some(_) => Some(account(&r)?),
            None => None,
        };
        Ok(Some((session, account)))
    }

    /// Records activity, which keeps an idle session alive.
    pub async fn touch_session(&self, id_digest: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_digest = $2")
            .bind(to_micros(self.now()))
            .bind(id_digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before` or begun before `begun_before`.
    pub async fn purge_sessions(
        &self,
        idle_before: OffsetDateTime,
        begun_before: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(to_micros(idle_before))
            .bind(to_micros(begun_before))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
