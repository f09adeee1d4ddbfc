//! Registration codes (M6, M7): issued by central, used once to choose a user code.

use mandat_core::ids::{AccountId, PersonId, RegistrationCodeId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

pub use mandat_core::account::{CodeState, MAX_FAILED_TRIES};

use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, date_from_text, date_to_text, from_micros, to_micros};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationCodeRecord {
    pub id: RegistrationCodeId,
    pub person: PersonId,
    pub issued_at: OffsetDateTime,
    /// The last Quebec date on which it may be used.
    pub valid_through: Date,
    /// The validity the user code gets at registration (M4, M17).
    pub access_expires_on: Date,
    pub state: CodeState,
    pub failed_tries: i32,
}

impl RegistrationCodeRecord {
    /// « Expiré »: active, but its last day has passed.
    pub fn is_expired(&self, today: Date) -> bool {
        self.state == CodeState::Active && today > self.valid_through
    }
}

/// A code about to be issued.
#[derive(Clone, Debug)]
pub struct NewRegistrationCode {
    pub id: RegistrationCodeId,
    pub person: PersonId,
    pub digest: String,
    pub issued_by: AccountId,
    pub valid_through: Date,
    pub access_expires_on: Date,
}

macro_rules! select_codes {
    () => {
        "SELECT id, person_id, issued_at, valid_through, access_expires_on, state, failed_tries \
         FROM registration_codes"
    };
}

impl Tx {
    /// Issues a code; any earlier code of the person that is still usable is replaced.
    pub async fn insert_registration_code(
        &mut self,
        c: &NewRegistrationCode,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE registration_codes SET state = 'replaced' \
             WHERE person_id = $1 AND state IN ('active', 'suspended')",
        )
        .bind(c.person.to_string())
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "INSERT INTO registration_codes (id, person_id, code_digest, issued_at, issued_by, \
             valid_through, access_expires_on, state, org_id) VALUES ($1, $2, $3, $4, $5, $6, $7, \
             'active', (SELECT org_id FROM people WHERE id = $2))",
        )
        .bind(c.id.to_string())
        .bind(c.person.to_string())
        .bind(&c.digest)
        .bind(to_micros(self.now))
        .bind(c.issued_by.to_string())
        .bind(date_to_text(c.valid_through))
        .bind(date_to_text(c.access_expires_on))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Counts a wrong NAS partiel against the code, suspending it at the fifth.
    pub async fn record_failed_registration(
        &mut self,
        id: RegistrationCodeId,
    ) -> Result<CodeState, StoreError> {
        let row = sqlx::query(
            "UPDATE registration_codes SET failed_tries = failed_tries + 1, \
             state = CASE WHEN failed_tries + 1 >= $1 THEN 'suspended' ELSE state END \
             WHERE id = $2 RETURNING state",
        )
        .bind(MAX_FAILED_TRIES)
        .bind(id.to_string())
        .fetch_one(&mut *self.tx)
        .await?;
        state(&row)
    }

    pub async fn mark_registration_code_used(
        &mut self,
        id: RegistrationCodeId,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE registration_codes SET state = 'used', used_at = $1 WHERE id = $2")
            .bind(to_micros(self.now))
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// M7: central gives an expired or suspended code a new deadline, and its tries back.
    pub async fn extend_registration_code(
        &mut self,
        id: RegistrationCodeId,
        valid_through: Date,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE registration_codes SET valid_through = $1, state = 'active', failed_tries = 0 \
             WHERE id = $2 AND state IN ('active', 'suspended')",
        )
        .bind(date_to_text(valid_through))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    pub async fn registration_code_by_digest(
        &self,
        digest: &str,
    ) -> Result<Option<RegistrationCodeRecord>, StoreError> {
        sqlx::query(concat!(select_codes!(), " WHERE code_digest = $1"))
            .bind(digest)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(record)
            .transpose()
    }

    pub async fn registration_code(
        &self,
        id: RegistrationCodeId,
    ) -> Result<Option<RegistrationCodeRecord>, StoreError> {
        sqlx::query(concat!(select_codes!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(record)
            .transpose()
    }

    /// The person's latest code, if any.
    pub async fn latest_registration_code(
        &self,
        person: PersonId,
    ) -> Result<Option<RegistrationCodeRecord>, StoreError> {
        sqlx::query(concat!(
            select_codes!(),
            " WHERE person_id = $1 ORDER BY issued_at DESC, id DESC LIMIT 1"
        ))
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(record)
        .transpose()
    }
}

fn state(r: &AnyRow) -> Result<CodeState, StoreError> {
    let code: String = r.try_get("state")?;
    CodeState::from_code(&code)
        .ok_or_else(|| StoreError::Corrupt(format!("registration code state {code:?}")))
}

fn record(r: &AnyRow) -> Result<RegistrationCodeRecord, StoreError> {
    let valid_through: String = r.try_get("valid_through")?;
    let access_expires_on: String = r.try_get("access_expires_on")?;
    Ok(RegistrationCodeRecord {
        id: RegistrationCodeId(uuid(r, "id")?),
        person: PersonId(uuid(r, "person_id")?),
        issued_at: from_micros(r.try_get("issued_at")?)?,
        valid_through: date_from_text(&valid_through)?,
        access_expires_on: date_from_text(&access_expires_on)?,
        state: state(r)?,
        failed_tries: r.try_get("failed_tries")?,
    })
}
