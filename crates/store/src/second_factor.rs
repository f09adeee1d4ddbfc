//! The second factor (E2): one-time codes sent by email (single use, short-lived), the
//! authenticator app, and recovery codes.

use mandat_core::ids::AccountId;
use time::OffsetDateTime;

use sqlx::Row;

use crate::{Store, StoreError, Tx, to_micros};

impl Tx {
    /// Records a code sent to the account; earlier unused ones stop working.
    pub async fn insert_sign_in_code(
        &mut self,
        account: AccountId,
        digest: &str,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sign_in_codes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(account.to_string())
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("INSERT INTO sign_in_codes (id, account_id, code_digest, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(account.to_string())
            .bind(digest)
            .bind(to_micros(expires_at))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Uses the code if it is the account's, unused and unexpired; `false` otherwise.
    pub async fn use_sign_in_code(
        &mut self,
        account: AccountId,
        digest: &str,
    ) -> Result<bool, StoreError> {
        self.spend(
            "UPDATE sign_in_codes SET used_at = $1 \
             WHERE account_id = $2 AND code_digest = $3 AND used_at IS NULL AND expires_at > $1",
            account,
            digest,
        )
        .await
    }
}

/// The account's authenticator app: its key sealed, confirmed or waiting for a first code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authenticator {
    /// A key shown to the person, not yet confirmed by one of its codes.
    pub pending_sealed: Option<String>,
    /// The key that counts at sign-in.
    pub active_sealed: Option<String>,
}

impl Store {
    pub async fn authenticator(&self, account: AccountId) -> Result<Authenticator, StoreError> {
        let row = sqlx::query(
            "SELECT pending_sealed, active_sealed FROM authenticators WHERE account_id = $1",
        )
        .bind(account.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Authenticator {
                pending_sealed: r.try_get(0)?,
                active_sealed: r.try_get(1)?,
            },
            None => Authenticator::default(),
        })
    }

    /// How many recovery codes the account has left.
    pub async fn recovery_codes_left(&self, account: AccountId) -> Result<i64, StoreError> {
        Ok(sqlx::query(RECOVERY_CODES_LEFT)
            .bind(account.to_string())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }
}

const RECOVERY_CODES_LEFT: &str =
    "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL";

impl Tx {
    /// How many recovery codes the account has left, counting this transaction's uses.
    pub async fn recovery_codes_left(&mut self, account: AccountId) -> Result<i64, StoreError> {
        Ok(sqlx::query(RECOVERY_CODES_LEFT)
            .bind(account.to_string())
            .fetch_one(&mut *self.tx)
            .await?
            .try_get(0)?)
    }

    /// Keeps a new key until one of its codes is confirmed; an active key keeps working.
    pub async fn set_pending_authenticator(
        &mut self,
        account: AccountId,
        sealed: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO authenticators (account_id, pending_sealed) VALUES ($1, $2) \
             ON CONFLICT (account_id) DO UPDATE SET pending_sealed = excluded.pending_sealed",
        )
        .bind(account.to_string())
        .bind(sealed)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The pending key becomes the active one; `step`, the confirmed code's, is now used.
    /// `false` if no key was pending (confirmed meanwhile in another tab).
    pub async fn confirm_authenticator(
        &mut self,
        account: AccountId,
        pending_sealed: &str,
        step: u64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE authenticators SET active_sealed = pending_sealed, pending_sealed = NULL, \
             confirmed_at = $1, last_step = $2 WHERE account_id = $3 AND pending_sealed = $4",
        )
        .bind(to_micros(self.now))
        .bind(i64::try_from(step).unwrap_or(i64::MAX))
        .bind(account.to_string())
        .bind(pending_sealed)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses `step` of the active key if it comes after the last step used; `false` for a
    /// replayed code (RFC 6238, section 5.2), even when two requests race.
    pub async fn use_authenticator_step(
        &mut self,
        account: AccountId,
        step: u64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE authenticators SET last_step = $1 \
             WHERE account_id = $2 AND active_sealed IS NOT NULL AND last_step < $1",
        )
        .bind(i64::try_from(step).unwrap_or(i64::MAX))
        .bind(account.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn remove_authenticator(&mut self, account: AccountId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM authenticators WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Replaces the account's recovery codes with these digests; the old ones stop working.
    pub async fn replace_recovery_codes(
        &mut self,
        account: AccountId,
        digests: &[String],
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&mut *self.tx)
            .await?;
        for digest in digests {
            sqlx::query(
                "INSERT INTO recovery_codes (id, account_id, code_digest, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(account.to_string())
            .bind(digest)
            .bind(to_micros(self.now))
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// Uses the recovery code if it is the account's and unused; `false` otherwise.
    pub async fn use_recovery_code(
        &mut self,
        account: AccountId,
        digest: &str,
    ) -> Result<bool, StoreError> {
        self.spend(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE account_id = $2 AND code_digest = $3 AND used_at IS NULL",
            account,
            digest,
        )
        .await
    }

    /// Marks a single-use code used by `update` (binding now, the account and the digest as
    /// $1, $2, $3); whether exactly one unused code was the one given.
    async fn spend(
        &mut self,
        update: &'static str,
        account: AccountId,
        digest: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(update)
            .bind(to_micros(self.now))
            .bind(account.to_string())
            .bind(digest)
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
