//! Agencies, their online services and the services' tasks.

use std::collections::HashMap;

use mandat_core::Field;
use mandat_core::agency::{Agency, AgencyContact, Code, Localized, OnlineService, Task};
use mandat_core::contact::{Email, Phone};
use mandat_core::contract::ContractKind;
use mandat_core::ids::{AgencyId, ServiceId, TaskId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError, Tx, to_micros};

/// The columns [`agency`] reads, so each query that selects an agency can `concat!` them.
macro_rules! select_agencies {
    () => {
        "SELECT id, code, name_fr, name_en, contact_name, contact_phone, contact_email, \
         contact_hours_fr, contact_hours_en FROM agencies"
    };
}

impl Tx {
    pub async fn insert_agency(&mut self, a: &Agency) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO agencies (id, code, name_fr, name_en, contact_name, contact_phone, \
             contact_email, contact_hours_fr, contact_hours_en, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.id.to_string())
        .bind(a.code.as_str())
        .bind(&a.name.fr)
        .bind(&a.name.en)
        .bind(&a.contact.name)
        .bind(a.contact.phone.as_str())
        .bind(a.contact.email.as_str())
        .bind(&a.contact.hours.fr)
        .bind(&a.contact.hours.en)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("agency code"))?;
        Ok(())
    }

    pub async fn insert_service(&mut self, s: &OnlineService) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO online_services (id, agency_id, code, name_fr, name_en, \
             description_fr, description_en, created_at, contract_kind) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(s.id.to_string())
        .bind(s.agency_id.to_string())
        .bind(s.code.as_str())
        .bind(&s.name.fr)
        .bind(&s.name.en)
        .bind(&s.description.fr)
        .bind(&s.description.en)
        .bind(to_micros(self.now))
        .bind(s.contract.map(ContractKind::code))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("service code"))?;
        Ok(())
    }

    /// A service's names, descriptions and needed contract; its code never changes.
    pub async fn update_service(&mut self, s: &OnlineService) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE online_services SET name_fr = $1, name_en = $2, description_fr = $3, \
             description_en = $4, contract_kind = $7 WHERE id = $5 AND agency_id = $6",
        )
        .bind(&s.name.fr)
        .bind(&s.name.en)
        .bind(&s.description.fr)
        .bind(&s.description.en)
        .bind(s.id.to_string())
        .bind(s.agency_id.to_string())
        .bind(s.contract.map(ContractKind::code))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The agency's names; its code never changes.
    pub async fn rename_agency(
        &mut self,
        agency: AgencyId,
        name: &Localized,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE agencies SET name_fr = $1, name_en = $2 WHERE id = $3")
            .bind(&name.fr)
            .bind(&name.en)
            .bind(agency.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Whom to call at the agency (E4).
    pub async fn update_agency_contact(
        &mut self,
        agency: AgencyId,
        c: &AgencyContact,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE agencies SET contact_name = $1, contact_phone = $2, contact_email = $3, \
             contact_hours_fr = $4, contact_hours_en = $5 WHERE id = $6",
        )
        .bind(&c.name)
        .bind(c.phone.as_str())
        .bind(c.email.as_str())
        .bind(&c.hours.fr)
        .bind(&c.hours.en)
        .bind(agency.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn insert_task(&mut self, t: &Task) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO service_tasks (id, service_id, code, name_fr, name_en, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id.to_string())
        .bind(t.service_id.to_string())
        .bind(t.code.as_str())
        .bind(&t.name.fr)
        .bind(&t.name.en)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("task code"))?;
        Ok(())
    }
}

impl Store {
    pub async fn agencies(&self) -> Result<Vec<Agency>, StoreError> {
        sqlx::query(concat!(select_agencies!(), " ORDER BY code"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(agency)
            .collect()
    }

    pub async fn agency(&self, id: AgencyId) -> Result<Option<Agency>, StoreError> {
        sqlx::query(concat!(select_agencies!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(agency)
            .transpose()
    }

    /// The agency an address names by its code: none when the text is not a code, or no
    /// agency has it.
    pub async fn agency_named(&self, code: &str) -> Result<Option<Agency>, StoreError> {
        match Code::parse(Field::AgencyCode, code) {
            Ok(code) => self.agency_by_code(&code).await,
            Err(_) => Ok(None),
        }
    }

    pub async fn agency_by_code(&self, code: &Code) -> Result<Option<Agency>, StoreError> {
        sqlx::query(concat!(select_agencies!(), " WHERE code = $1"))
            .bind(code.as_str())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(agency)
            .transpose()
    }

    pub async fn services_of(&self, agency: AgencyId) -> Result<Vec<OnlineService>, StoreError> {
        sqlx::query(
            "SELECT id, agency_id, code, name_fr, name_en, description_fr, description_en, \
             contract_kind FROM online_services WHERE agency_id = $1 ORDER BY code",
        )
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(service)
        .collect()
    }

    /// The agency's service of that code, if it has one.
    pub async fn service(
        &self,
        agency: AgencyId,
        code: &Code,
    ) -> Result<Option<OnlineService>, StoreError> {
        sqlx::query(
            "SELECT id, agency_id, code, name_fr, name_en, description_fr, description_en, \
             contract_kind FROM online_services WHERE agency_id = $1 AND code = $2",
        )
        .bind(agency.to_string())
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(service)
        .transpose()
    }

    /// The service of id `id`, if it exists.
    pub async fn service_by_id(&self, id: ServiceId) -> Result<Option<OnlineService>, StoreError> {
        sqlx::query(
            "SELECT id, agency_id, code, name_fr, name_en, description_fr, description_en, \
             contract_kind FROM online_services WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(service)
        .transpose()
    }

    /// The service of a task, and the service's agency, if the task exists.
    pub async fn task_service(
        &self,
        task: TaskId,
    ) -> Result<Option<(ServiceId, AgencyId)>, StoreError> {
        sqlx::query(
            "SELECT s.id, s.agency_id FROM service_tasks t \
             JOIN online_services s ON s.id = t.service_id WHERE t.id = $1",
        )
        .bind(task.to_string())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| Ok((ServiceId(uuid(&r, "id")?), AgencyId(uuid(&r, "agency_id")?))))
        .transpose()
    }

    /// How many tasks each of the agency's services has, by service; none for a service
    /// without tasks.
    pub async fn task_counts(
        &self,
        agency: AgencyId,
    ) -> Result<HashMap<ServiceId, usize>, StoreError> {
        sqlx::query(
            "SELECT t.service_id, COUNT(*) AS n FROM service_tasks t \
             JOIN online_services s ON s.id = t.service_id WHERE s.agency_id = $1 \
             GROUP BY t.service_id",
        )
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((ServiceId(uuid(r, "service_id")?), count(r)?)))
        .collect()
    }

    /// How many people each agency's staff counts, by agency.
    pub async fn staff_counts(&self) -> Result<HashMap<AgencyId, usize>, StoreError> {
        sqlx::query(
            "SELECT agency_id, COUNT(*) AS n FROM accounts WHERE kind = 'agency' \
             GROUP BY agency_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((AgencyId(uuid(r, "agency_id")?), count(r)?)))
        .collect()
    }

    pub async fn tasks_of(&self, service: ServiceId) -> Result<Vec<Task>, StoreError> {
        sqlx::query(
            "SELECT id, service_id, code, name_fr, name_en FROM service_tasks \
             WHERE service_id = $1 ORDER BY code",
        )
        .bind(service.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Task {
                id: TaskId(uuid(r, "id")?),
                service_id: ServiceId(uuid(r, "service_id")?),
                code: code(r, "code", Field::TaskCode)?,
                name: localized(r, "name")?,
            })
        })
        .collect()
    }
}

fn service(r: &AnyRow) -> Result<OnlineService, StoreError> {
    Ok(OnlineService {
        id: ServiceId(uuid(r, "id")?),
        agency_id: AgencyId(uuid(r, "agency_id")?),
        code: code(r, "code", Field::ServiceCode)?,
        name: localized(r, "name")?,
        description: localized(r, "description")?,
        contract: match r.try_get::<Option<String>, _>("contract_kind")? {
            None => None,
            Some(kind) => Some(
                ContractKind::from_code(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("contract kind: {kind}")))?,
            ),
        },
    })
}

fn agency(r: &AnyRow) -> Result<Agency, StoreError> {
    Ok(Agency {
        id: AgencyId(uuid(r, "id")?),
        code: code(r, "code", Field::AgencyCode)?,
        name: localized(r, "name")?,
        contact: AgencyContact {
            name: r.try_get("contact_name")?,
            phone: parsed(r, "contact_phone", |s| Phone::parse(Field::Phone, s))?,
            email: parsed(r, "contact_email", |s| Email::parse(Field::Email, s))?,
            hours: localized(r, "contact_hours")?,
        },
    })
}

fn count(r: &AnyRow) -> Result<usize, StoreError> {
    let n: i64 = r.try_get("n")?;
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("count: {n}")))
}

pub(crate) fn uuid(r: &AnyRow, column: &str) -> Result<uuid::Uuid, StoreError> {
    let text: String = r.try_get(column)?;
    uuid::Uuid::parse_str(&text).map_err(|_| StoreError::Corrupt(format!("{column}: not a UUID")))
}

/// Reads a column through the domain type's parser, so a stored value is as valid as a new one.
pub(crate) fn parsed<T, E>(
    r: &AnyRow,
    column: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, StoreError> {
    let text: String = r.try_get(column)?;
    parse(&text).map_err(|_| StoreError::Corrupt(format!("{column}: {text:?}")))
}

fn code(r: &AnyRow, column: &str, field: Field) -> Result<Code, StoreError> {
    parsed(r, column, |s| Code::parse(field, s))
}

/// Reads the pair of columns `<prefix>_fr` and `<prefix>_en`.
fn localized(r: &AnyRow, prefix: &str) -> Result<Localized, StoreError> {
    Ok(Localized {
        fr: r.try_get(format!("{prefix}_fr").as_str())?,
        en: r.try_get(format!("{prefix}_en").as_str())?,
    })
}
