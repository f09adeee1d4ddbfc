//! One-time codes of the second factor sent by email (E2): single use, short-lived.

use mandat_core::ids::AccountId;
use time::OffsetDateTime;

use crate::{StoreError, Tx, to_micros};

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
        let done = sqlx::query(
            "UPDATE sign_in_codes SET used_at = $1 \
             WHERE account_id = $2 AND code_digest = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(to_micros(self.now))
        .bind(account.to_string())
        .bind(digest)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
