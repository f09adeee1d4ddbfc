//! Enrollment in an agency's services (E1–E5): the agency's own request states (E4).

use mandat_core::Field;
use mandat_core::agency::{Code, Localized};
use mandat_core::enrollment::CustomState;
use mandat_core::ids::AgencyId;
use sqlx::Row;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, to_micros};

impl Tx {
    pub async fn insert_enrollment_state(&mut self, s: &CustomState) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO enrollment_states (agency_id, code, name_fr, name_en, meaning_fr, \
             meaning_en, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.agency_id.to_string())
        .bind(s.code.as_str())
        .bind(&s.name.fr)
        .bind(&s.name.en)
        .bind(&s.meaning.fr)
        .bind(&s.meaning.en)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("state code"))?;
        Ok(())
    }
}

impl Store {
    /// The agency's own states, in the order it added them.
    pub async fn enrollment_states(
        &self,
        agency: AgencyId,
    ) -> Result<Vec<CustomState>, StoreError> {
        sqlx::query(
            "SELECT agency_id, code, name_fr, name_en, meaning_fr, meaning_en \
             FROM enrollment_states WHERE agency_id = $1 ORDER BY created_at, code",
        )
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(CustomState {
                agency_id: AgencyId(uuid(r, "agency_id")?),
                code: parsed(r, "code", |s| Code::parse(Field::StateCode, s))?,
                name: Localized {
                    fr: r.try_get("name_fr")?,
                    en: r.try_get("name_en")?,
                },
                meaning: Localized {
                    fr: r.try_get("meaning_fr")?,
                    en: r.try_get("meaning_en")?,
                },
            })
        })
        .collect()
    }
}
