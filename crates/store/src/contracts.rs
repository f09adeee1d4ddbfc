//! Agencies' contracts with organizations (M9, M20): recorded by the agency, read by the
//! menu, and ended, three months on, by the daily job.

use mandat_core::agency::Localized;
use mandat_core::contract::{Contract, ContractKind};
use mandat_core::ids::{AgencyId, ContractId, OrgId};
use mandat_core::organization::Neq;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;

use crate::catalog::{parsed, uuid};
use crate::{Account, Store, StoreError, Tx, date_from_text, date_to_text, to_micros};

/// A contract as an agency's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyContract {
    pub contract: Contract,
    pub org_name: String,
    pub neq: Neq,
}

/// A contract in force, as the organization's menu shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractInForce {
    pub kind: ContractKind,
    pub agency: Localized,
    pub ends_on: Date,
}

/// M20's steps for an organization whose last contract ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContractEndStep {
    Warned,
    Deactivated,
}

const SELECT: &str = "SELECT c.id, c.agency_id, c.org_id, c.kind, c.starts_on, c.ends_on, \
     o.name AS org_name, o.neq FROM contracts c JOIN organizations o ON o.id = c.org_id";

impl Tx {
    pub async fn insert_contract(&mut self, c: &Contract) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO contracts (id, agency_id, org_id, kind, starts_on, ends_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.id.to_string())
        .bind(c.agency_id.to_string())
        .bind(c.org_id.to_string())
        .bind(c.kind.code())
        .bind(date_to_text(c.starts_on))
        .bind(date_to_text(c.ends_on))
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// A new last day for one of `agency`'s contracts, not before its first; `false` if the
    /// agency has no such contract.
    pub async fn set_contract_end(
        &mut self,
        agency: AgencyId,
        id: ContractId,
        ends_on: Date,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE contracts SET ends_on = $1 WHERE id = $2 AND agency_id = $3 AND starts_on <= $1",
        )
        .bind(date_to_text(ends_on))
        .bind(id.to_string())
        .bind(agency.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.tell_contract_end_if_past(id, ends_on).await?;
        Ok(true)
    }

    /// Records an M20 step once; `true` if this transaction did.
    pub async fn record_contract_end_step(
        &mut self,
        org: OrgId,
        last_day: Date,
        step: ContractEndStep,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO contract_end_steps (org_id, last_day, step, done_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (org_id, last_day, step) DO NOTHING",
        )
        .bind(org.to_string())
        .bind(date_to_text(last_day))
        .bind(match step {
            ContractEndStep::Warned => "warned",
            ContractEndStep::Deactivated => "deactivated",
        })
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// An agency's contracts, the latest ending first.
    pub async fn contracts_of_agency(
        &self,
        agency: AgencyId,
    ) -> Result<Vec<AgencyContract>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.agency_id = $1 ORDER BY c.ends_on DESC, o.name, c.id"
        )))
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AgencyContract {
                contract: contract(r)?,
                org_name: r.try_get("org_name")?,
                neq: parsed(r, "neq", Neq::parse)?,
            })
        })
        .collect()
    }

    /// The organization's contracts in force on `day`, by agency.
    pub async fn contracts_in_force(
        &self,
        org: OrgId,
        day: Date,
    ) -> Result<Vec<ContractInForce>, StoreError> {
        sqlx::query(
            "SELECT c.kind, c.ends_on, a.name_fr, a.name_en FROM contracts c \
             JOIN agencies a ON a.id = c.agency_id \
             WHERE c.org_id = $1 AND c.starts_on <= $2 AND c.ends_on >= $2 \
             ORDER BY a.name_fr, c.kind",
        )
        .bind(org.to_string())
        .bind(date_to_text(day))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ContractInForce {
                kind: kind(r)?,
                agency: Localized {
                    fr: r.try_get("name_fr")?,
                    en: r.try_get("name_en")?,
                },
                ends_on: date_from_text(&r.try_get::<String, _>("ends_on")?)?,
            })
        })
        .collect()
    }

    /// M20: the organizations none of whose contracts is in force today or to come, with the
    /// last day of their last one; those whose codes M20 already ended for that day are done.
    pub async fn organizations_past_their_contracts(
        &self,
        today: Date,
    ) -> Result<Vec<(OrgId, Date)>, StoreError> {
        sqlx::query(
            "SELECT org_id, last_day FROM \
               (SELECT org_id, MAX(ends_on) AS last_day FROM contracts GROUP BY org_id) AS latest \
             WHERE last_day < $1 AND NOT EXISTS (SELECT 1 FROM contract_end_steps s \
               WHERE s.org_id = latest.org_id AND s.last_day = latest.last_day \
               AND s.step = 'deactivated') \
             ORDER BY org_id",
        )
        .bind(date_to_text(today))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                OrgId(uuid(r, "org_id")?),
                date_from_text(&r.try_get::<String, _>("last_day")?)?,
            ))
        })
        .collect()
    }

    /// The organization's active members' codes.
    pub async fn active_codes_of(&self, org: OrgId) -> Result<Vec<Account>, StoreError> {
        sqlx::query(concat!(
            crate::accounts::select_accounts!(),
            " WHERE a.org_id = $1 AND a.active = TRUE ORDER BY a.id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(crate::accounts::account)
        .collect()
    }
}

fn kind(r: &AnyRow) -> Result<ContractKind, StoreError> {
    parsed(r, "kind", |s| ContractKind::from_code(s).ok_or(()))
}

fn contract(r: &AnyRow) -> Result<Contract, StoreError> {
    Ok(Contract {
        id: ContractId(uuid(r, "id")?),
        agency_id: AgencyId(uuid(r, "agency_id")?),
        org_id: OrgId(uuid(r, "org_id")?),
        kind: kind(r)?,
        starts_on: date_from_text(&r.try_get::<String, _>("starts_on")?)?,
        ends_on: date_from_text(&r.try_get::<String, _>("ends_on")?)?,
    })
}
