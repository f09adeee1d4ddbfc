//! Procurations (P1–P5): written by officers, assigned to people, withdrawn at once, and read
//! by the decision as grants.

use std::collections::{BTreeMap, BTreeSet};

use mandat_core::decision::Access;
use mandat_core::enrollment::BuiltInState;
use mandat_core::external::Answer;
use mandat_core::ids::{AccountId, AgencyId, OrgId, PersonId, ProcurationId, TaskId};
use mandat_core::procuration::{AgencyAccess, Grantable, Procuration};
use mandat_core::revocation::Withdrawal;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

pub use mandat_core::external::Link;

use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, date_from_text, date_to_text, from_micros, to_micros};

/// A procuration as its organization's officers see it: withdrawn or not, and how it links
/// to another organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcurationRecord {
    pub procuration: Procuration,
    pub withdrawn_at: Option<OffsetDateTime>,
    pub link: Link,
}

/// The columns `record` reads, from `procurations p` and its external row `x`.
pub(crate) const RECORD: &str = "SELECT p.id, p.org_id, p.name, p.starts_on, p.ends_on, \
     p.withdrawn_at, p.parent_id, x.mandataire_id, x.answer FROM procurations p \
     LEFT JOIN external_procurations x ON x.procuration_id = p.id";

impl Tx {
    pub async fn insert_procuration(
        &mut self,
        p: &Procuration,
        by: AccountId,
    ) -> Result<(), StoreError> {
        self.insert(p, by, None).await
    }

    /// Writes the procuration, made within `mandate` when it is a mandataire's (P6).
    pub(crate) async fn insert(
        &mut self,
        p: &Procuration,
        by: AccountId,
        mandate: Option<ProcurationId>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO procurations (id, org_id, name, starts_on, ends_on, created_by, \
             created_at, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(p.id.to_string())
        .bind(p.org.to_string())
        .bind(&p.name)
        .bind(p.starts_on.map(date_to_text))
        .bind(date_to_text(p.ends_on))
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .bind(mandate.map(|m| m.to_string()))
        .execute(&mut *self.tx)
        .await?;
        for a in &p.agencies {
            let unrestricted = matches!(a.access, Access::Unrestricted);
            sqlx::query(
                "INSERT INTO procuration_agencies (procuration_id, agency_id, unrestricted) \
                 VALUES ($1, $2, $3)",
            )
            .bind(p.id.to_string())
            .bind(a.agency.to_string())
            .bind(unrestricted)
            .execute(&mut *self.tx)
            .await?;
            if let Access::Tasks(tasks) = &a.access {
                for t in tasks {
                    sqlx::query(
                        "INSERT INTO procuration_tasks (procuration_id, agency_id, task_id) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(p.id.to_string())
                    .bind(a.agency.to_string())
                    .bind(t.to_string())
                    .execute(&mut *self.tx)
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// Assigns the procuration to a person; `false` if they already hold it (another officer
    /// assigned it a moment before), which changes nothing.
    pub async fn assign(
        &mut self,
        procuration: ProcurationId,
        person: PersonId,
        by: AccountId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO assignments (id, procuration_id, person_id, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (procuration_id, person_id) WHERE withdrawn_at IS NULL DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(procuration.to_string())
        .bind(person.to_string())
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends a person's assignment at once (P5); `false` if they held none.
    pub async fn withdraw_assignment(
        &mut self,
        procuration: ProcurationId,
        person: PersonId,
    ) -> Result<bool, StoreError> {
        self.raise_holders_withdrawal(procuration, Some(person), Withdrawal::HolderWithdrawn)
            .await?;
        let done = sqlx::query(
            "UPDATE assignments SET withdrawn_at = $1 WHERE procuration_id = $2 \
             AND person_id = $3 AND withdrawn_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .bind(person.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends one of the organization's procurations, every assignment of it, and what a
    /// mandataire made within it, at once (P5, P6); `false` if the organization has no such
    /// procuration in force.
    pub async fn withdraw_procuration(
        &mut self,
        org: OrgId,
        procuration: ProcurationId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE procurations SET withdrawn_at = $1 WHERE id = $2 AND org_id = $3 \
             AND withdrawn_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .bind(org.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.withdraw_below(procuration).await?;
        Ok(true)
    }

    /// Ends the assignments of a procuration just withdrawn, and the procurations made within
    /// it with theirs.
    pub(crate) async fn withdraw_below(
        &mut self,
        procuration: ProcurationId,
    ) -> Result<(), StoreError> {
        self.raise_holders_withdrawal(procuration, None, Withdrawal::ProcurationWithdrawn)
            .await?;
        sqlx::query(
            "UPDATE procurations SET withdrawn_at = $1 WHERE parent_id = $2 \
             AND withdrawn_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "UPDATE assignments SET withdrawn_at = $1 WHERE withdrawn_at IS NULL \
             AND procuration_id IN (SELECT id FROM procurations WHERE id = $2 \
             OR parent_id = $2)",
        )
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Tx {
    /// A new last day for one of the organization's procurations in force, not before its
    /// first; `false` if it has no such procuration.
    pub async fn set_procuration_end(
        &mut self,
        org: OrgId,
        procuration: ProcurationId,
        ends_on: Date,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE procurations SET ends_on = $1 WHERE id = $2 AND org_id = $3 \
             AND withdrawn_at IS NULL AND (starts_on IS NULL OR starts_on <= $1)",
        )
        .bind(date_to_text(ends_on))
        .bind(procuration.to_string())
        .bind(org.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.bound_within(procuration, ends_on).await?;
        Ok(true)
    }

    /// P6: what a mandataire made within an external procuration never outlasts it. Those
    /// that would now end later end with it; those that would start after its new end are
    /// withdrawn, with their assignments.
    async fn bound_within(
        &mut self,
        mandate: ProcurationId,
        ends_on: Date,
    ) -> Result<(), StoreError> {
        let late: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM procurations WHERE parent_id = $1 AND withdrawn_at IS NULL \
             AND starts_on IS NOT NULL AND starts_on > $2",
        )
        .bind(mandate.to_string())
        .bind(date_to_text(ends_on))
        .fetch_all(&mut *self.tx)
        .await?;
        for id in late {
            let id = ProcurationId(parse_uuid(&id)?);
            sqlx::query("UPDATE procurations SET withdrawn_at = $1 WHERE id = $2")
                .bind(to_micros(self.now))
                .bind(id.to_string())
                .execute(&mut *self.tx)
                .await?;
            self.withdraw_below(id).await?;
        }
        sqlx::query(
            "UPDATE procurations SET ends_on = $1 WHERE parent_id = $2 \
             AND withdrawn_at IS NULL AND ends_on > $1",
        )
        .bind(date_to_text(ends_on))
        .bind(mandate.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Records the notice `days` before the procuration's end; `true` if this transaction did.
    pub async fn record_procuration_notice(
        &mut self,
        procuration: ProcurationId,
        ends_on: Date,
        days: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO procuration_notices (procuration_id, ends_on, days, sent_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (procuration_id, ends_on, days) DO NOTHING",
        )
        .bind(procuration.to_string())
        .bind(date_to_text(ends_on))
        .bind(days)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// The procurations in force that end on `day` and that someone holds, directly or
    /// through a procuration made within it (P6).
    pub async fn procurations_ending(&self, day: Date) -> Result<Vec<Procuration>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE p.ends_on = $1 AND p.withdrawn_at IS NULL \
             AND EXISTS (SELECT 1 FROM assignments a JOIN procurations h \
             ON h.id = a.procuration_id WHERE (h.id = p.id OR h.parent_id = p.id) \
             AND h.withdrawn_at IS NULL AND a.withdrawn_at IS NULL) ORDER BY p.org_id, p.id"
        )))
        .bind(date_to_text(day))
        .fetch_all(&self.pool)
        .await?;
        let records = self.records(&rows).await?;
        Ok(records.into_iter().map(|r| r.procuration).collect())
    }

    /// The agencies the organization may grant (P2): those where its enrollment is « Actif »,
    /// each with its tasks.
    pub async fn grantable(&self, org: OrgId) -> Result<Vec<Grantable>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.agency_id, t.id AS task_id FROM enrollments e \
             LEFT JOIN online_services s ON s.agency_id = e.agency_id \
             LEFT JOIN service_tasks t ON t.service_id = s.id \
             WHERE e.org_id = $1 AND e.state_code = $2 ORDER BY e.agency_id",
        )
        .bind(org.to_string())
        .bind(BuiltInState::Active.code())
        .fetch_all(&self.pool)
        .await?;
        let mut by_agency: BTreeMap<AgencyId, BTreeSet<TaskId>> = BTreeMap::new();
        for r in &rows {
            let tasks = by_agency
                .entry(AgencyId(uuid(r, "agency_id")?))
                .or_default();
            if let Some(task) = r.try_get::<Option<String>, _>("task_id")? {
                tasks.insert(TaskId(parse_uuid(&task)?));
            }
        }
        Ok(by_agency
            .into_iter()
            .map(|(agency, tasks)| Grantable { agency, tasks })
            .collect())
    }

    pub async fn procuration(
        &self,
        id: ProcurationId,
    ) -> Result<Option<ProcurationRecord>, StoreError> {
        let Some(r) = sqlx::query(sqlx::AssertSqlSafe(format!("{RECORD} WHERE p.id = $1")))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let agencies = self.agencies_of(id).await?;
        Ok(Some(record(&r, agencies)?))
    }

    /// The organization's procurations, the latest first.
    pub async fn procurations_of(&self, org: OrgId) -> Result<Vec<ProcurationRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE p.org_id = $1 ORDER BY p.created_at DESC, p.id"
        )))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.records(&rows).await
    }

    /// The procurations in force the person holds now, whatever their dates, the latest
    /// assigned first.
    pub async fn rights_of(&self, person: PersonId) -> Result<Vec<ProcurationRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} JOIN assignments a ON a.procuration_id = p.id \
             WHERE a.person_id = $1 AND a.withdrawn_at IS NULL AND p.withdrawn_at IS NULL \
             ORDER BY a.assigned_at DESC, p.id"
        )))
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.records(&rows).await
    }

    /// The people who hold the procuration now.
    pub async fn holders(&self, procuration: ProcurationId) -> Result<Vec<PersonId>, StoreError> {
        sqlx::query(
            "SELECT person_id FROM assignments WHERE procuration_id = $1 \
             AND withdrawn_at IS NULL ORDER BY assigned_at",
        )
        .bind(procuration.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok(PersonId(uuid(r, "person_id")?)))
        .collect()
    }

    /// The records of rows read with `RECORD`, each with its agencies.
    pub(crate) async fn records(
        &self,
        rows: &[AnyRow],
    ) -> Result<Vec<ProcurationRecord>, StoreError> {
        let mut all = Vec::with_capacity(rows.len());
        for r in rows {
            let agencies = self.agencies_of(ProcurationId(uuid(r, "id")?)).await?;
            all.push(record(r, agencies)?);
        }
        Ok(all)
    }

    async fn agencies_of(&self, id: ProcurationId) -> Result<Vec<AgencyAccess>, StoreError> {
        let rows = sqlx::query(
            "SELECT pa.agency_id, CAST(CASE WHEN pa.unrestricted THEN 1 ELSE 0 END AS BIGINT) \
             AS unrestricted, t.task_id FROM procuration_agencies pa \
             LEFT JOIN procuration_tasks t ON t.procuration_id = pa.procuration_id \
             AND t.agency_id = pa.agency_id WHERE pa.procuration_id = $1 \
             ORDER BY pa.agency_id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut agencies: BTreeMap<AgencyId, Access> = BTreeMap::new();
        for r in &rows {
            let agency = AgencyId(uuid(r, "agency_id")?);
            let access = agencies
                .entry(agency)
                .or_insert_with(|| Access::Tasks(BTreeSet::new()));
            if r.try_get::<i64, _>("unrestricted")? != 0 {
                *access = Access::Unrestricted;
            } else if let (Access::Tasks(tasks), Some(task)) =
                (access, r.try_get::<Option<String>, _>("task_id")?)
            {
                tasks.insert(TaskId(parse_uuid(&task)?));
            }
        }
        Ok(agencies
            .into_iter()
            .map(|(agency, access)| AgencyAccess { agency, access })
            .collect())
    }
}

pub(crate) fn parse_uuid(text: &str) -> Result<uuid::Uuid, StoreError> {
    uuid::Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(format!("not a UUID: {text}")))
}

fn record(r: &AnyRow, agencies: Vec<AgencyAccess>) -> Result<ProcurationRecord, StoreError> {
    let starts_on: Option<String> = r.try_get("starts_on")?;
    let withdrawn_at: Option<i64> = r.try_get("withdrawn_at")?;
    let mandataire: Option<String> = r.try_get("mandataire_id")?;
    let mandate: Option<String> = r.try_get("parent_id")?;
    let link = match (mandataire, mandate) {
        (Some(mandataire), _) => {
            let answer: Option<String> = r.try_get("answer")?;
            Link::External {
                mandataire: OrgId(parse_uuid(&mandataire)?),
                answer: Answer::from_code(answer.as_deref())
                    .ok_or_else(|| StoreError::Corrupt(format!("answer: {answer:?}")))?,
            }
        }
        (None, Some(mandate)) => Link::Within {
            mandate: ProcurationId(parse_uuid(&mandate)?),
        },
        (None, None) => Link::Internal,
    };
    Ok(ProcurationRecord {
        link,
        procuration: Procuration {
            id: ProcurationId(uuid(r, "id")?),
            org: OrgId(uuid(r, "org_id")?),
            name: r.try_get("name")?,
            starts_on: starts_on.as_deref().map(date_from_text).transpose()?,
            ends_on: date_from_text(&r.try_get::<String, _>("ends_on")?)?,
            agencies,
        },
        withdrawn_at: withdrawn_at.map(from_micros).transpose()?,
    })
}
