//! Enrollment in an agency's services (E1–E5): the agency's own request states (E4) and the
//! fields of its enrollment form (E3).

use mandat_core::Field;
use mandat_core::agency::{Code, Localized};
use mandat_core::enrollment::CustomState;
use mandat_core::enrollment_form::{FieldKind, FormField};
use mandat_core::ids::AgencyId;
use sqlx::Row;
use sqlx::any::AnyRow;

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

    pub async fn insert_form_field(&mut self, f: &FormField) -> Result<(), StoreError> {
        let choices = serde_json::to_string(&f.choices)
            .map_err(|e| StoreError::Corrupt(format!("choices: {e}")))?;
        sqlx::query(
            "INSERT INTO enrollment_fields (agency_id, code, kind, label_fr, label_en, help_fr, \
             help_en, required, choices, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(f.agency_id.to_string())
        .bind(f.code.as_str())
        .bind(f.kind.code())
        .bind(&f.label.fr)
        .bind(&f.label.en)
        .bind(&f.help.fr)
        .bind(&f.help.en)
        .bind(f.required)
        .bind(choices)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("field code"))?;
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

impl Store {
    /// The fields of the agency's enrollment form, in the order it added them.
    pub async fn form_fields(&self, agency: AgencyId) -> Result<Vec<FormField>, StoreError> {
        sqlx::query(
            "SELECT agency_id, code, kind, label_fr, label_en, help_fr, help_en, \
             CAST(CASE WHEN required THEN 1 ELSE 0 END AS BIGINT) AS required, choices \
             FROM enrollment_fields WHERE agency_id = $1 ORDER BY created_at, code",
        )
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(form_field)
        .collect()
    }
}

fn form_field(r: &AnyRow) -> Result<FormField, StoreError> {
    Ok(FormField {
        agency_id: AgencyId(uuid(r, "agency_id")?),
        code: parsed(r, "code", |s| Code::parse(Field::FormFieldCode, s))?,
        kind: parsed(r, "kind", |s| FieldKind::from_code(s).ok_or(()))?,
        label: Localized {
            fr: r.try_get("label_fr")?,
            en: r.try_get("label_en")?,
        },
        help: Localized {
            fr: r.try_get("help_fr")?,
            en: r.try_get("help_en")?,
        },
        required: r.try_get::<i64, _>("required")? != 0,
        choices: parsed(r, "choices", |s| serde_json::from_str(s))?,
    })
}
