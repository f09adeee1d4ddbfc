//! Endings by date, told as revocation events (issue 21): a procuration or a contract whose
//! last day has passed ends without any change to a row, so the daily job tells them, and a
//! contract's end moved into the past is told at once. Each ending is recorded once by its
//! last day, so a run repeated or shared tells it once, and a renewed one that ends later
//! is told again then.

use mandat_core::ids::{AgencyId, ContractId, OrgId, ProcurationId};
use mandat_core::quebec_time;
use mandat_core::revocation::Withdrawal;
use sqlx::Row;
use time::{Date, Duration};

use crate::catalog::{parsed, uuid};
use crate::{StoreError, Tx, date_to_text};

/// How far back the daily job looks for endings not told: a run missed for a while still
/// tells them, and an installation that starts telling endings does not tell years of them.
const LOOK_BACK: Duration = Duration::days(30);

impl Tx {
    /// Tells the endings whose last day was before `today` and that no run told; how many.
    pub async fn tell_endings(&mut self, today: Date) -> Result<usize, StoreError> {
        let (from, to) = (date_to_text(today - LOOK_BACK), date_to_text(today));
        let procurations = sqlx::query(
            "SELECT id, ends_on FROM procurations WHERE withdrawn_at IS NULL \
             AND ends_on >= $1 AND ends_on < $2",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut told = 0;
        for r in procurations {
            let id = ProcurationId::from(uuid(&r, "id")?);
            let ends_on: String = r.try_get("ends_on")?;
            if self
                .told_once("procuration", &id.to_string(), &ends_on)
                .await?
            {
                self.raise_holders_withdrawal(id, None, Withdrawal::ProcurationEnded)
                    .await?;
                told += 1;
            }
        }
        let contracts = sqlx::query(
            "SELECT id, agency_id, org_id, ends_on FROM contracts \
             WHERE ends_on >= $1 AND ends_on < $2",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *self.tx)
        .await?;
        for r in contracts {
            let id: ContractId = parsed(&r, "id", str::parse)?;
            let ends_on: String = r.try_get("ends_on")?;
            if self
                .told_once("contract", &id.to_string(), &ends_on)
                .await?
            {
                let agency = AgencyId::from(uuid(&r, "agency_id")?);
                let org = OrgId::from(uuid(&r, "org_id")?);
                self.raise_organization_withdrawal(agency, org, Withdrawal::ContractEnded)
                    .await?;
                told += 1;
            }
        }
        Ok(told)
    }

    /// A contract's last day just set: if it has passed, the agency is told now.
    pub(crate) async fn tell_contract_end_if_past(
        &mut self,
        id: ContractId,
        ends_on: Date,
    ) -> Result<(), StoreError> {
        if ends_on >= quebec_time::date_at(self.now) {
            return Ok(());
        }
        let row = sqlx::query("SELECT agency_id, org_id FROM contracts WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *self.tx)
            .await?;
        if self
            .told_once("contract", &id.to_string(), &date_to_text(ends_on))
            .await?
        {
            let agency = AgencyId::from(uuid(&row, "agency_id")?);
            let org = OrgId::from(uuid(&row, "org_id")?);
            self.raise_organization_withdrawal(agency, org, Withdrawal::ContractEnded)
                .await?;
        }
        Ok(())
    }

    /// Records that the ending of `kind` `id` on `ends_on` is told; `true` if this did.
    async fn told_once(&mut self, kind: &str, id: &str, ends_on: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO told_endings (kind, id, ends_on) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, id, ends_on) DO NOTHING",
        )
        .bind(kind)
        .bind(id)
        .bind(ends_on)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
