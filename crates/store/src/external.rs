//! P6, external procurations: the mandant grants one to another organization, whose officers
//! accept or decline it, then make procurations within it for their own people. Either side
//! ends it; what was made within ends with it.

use std::collections::HashMap;

use mandat_core::external::Answer;
use mandat_core::ids::{AccountId, OrgId, PersonId, ProcurationId};
use mandat_core::procuration::Procuration;

use sqlx::Row;

use crate::catalog::uuid;
use crate::procurations::RECORD;
use crate::{ProcurationRecord, Store, StoreError, Tx, to_micros};

/// Someone of the mandataire who holds rights derived from an external procuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedHolder {
    pub person: PersonId,
    /// The mandataire's procuration they hold.
    pub procuration: ProcurationId,
}

impl Tx {
    /// The mandant's procuration for `mandataire`, waiting for its answer.
    pub async fn insert_external(
        &mut self,
        p: &Procuration,
        mandataire: OrgId,
        by: AccountId,
    ) -> Result<(), StoreError> {
        self.insert(p, by, None).await?;
        sqlx::query(
            "INSERT INTO external_procurations (procuration_id, mandataire_id) VALUES ($1, $2)",
        )
        .bind(p.id.to_string())
        .bind(mandataire.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The mandataire's procuration made within `mandate`, for its own people.
    pub async fn insert_within(
        &mut self,
        p: &Procuration,
        mandate: ProcurationId,
        by: AccountId,
    ) -> Result<(), StoreError> {
        self.insert(p, by, Some(mandate)).await
    }

    /// The mandataire's answer to an external procuration in force that waits for one;
    /// `false` if there is none (answered a moment before, or withdrawn).
    pub async fn answer_external(
        &mut self,
        mandataire: OrgId,
        procuration: ProcurationId,
        answer: Answer,
        by: AccountId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE external_procurations SET answer = $1, answered_by = $2, answered_at = $3 \
             WHERE procuration_id = $4 AND mandataire_id = $5 AND answer IS NULL \
             AND EXISTS (SELECT 1 FROM procurations p WHERE p.id = $4 \
             AND p.withdrawn_at IS NULL)",
        )
        .bind(answer.code())
        .bind(by.to_string())
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .bind(mandataire.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The mandataire ends an external procuration it accepted, and with it everything made
    /// within it; `false` if it has no such procuration in force (one it has not accepted, it
    /// declines).
    pub async fn renounce(
        &mut self,
        mandataire: OrgId,
        procuration: ProcurationId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE procurations SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL \
             AND EXISTS (SELECT 1 FROM external_procurations x WHERE x.procuration_id = $2 \
             AND x.mandataire_id = $3 AND x.answer = $4)",
        )
        .bind(to_micros(self.now))
        .bind(procuration.to_string())
        .bind(mandataire.to_string())
        .bind(Answer::Accepted.code())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.withdraw_below(procuration).await?;
        Ok(true)
    }
}

impl Store {
    /// The external procurations granted to the organization, the latest first.
    pub async fn received_by(
        &self,
        mandataire: OrgId,
    ) -> Result<Vec<ProcurationRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE x.mandataire_id = $1 ORDER BY p.created_at DESC, p.id"
        )))
        .bind(mandataire.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.records(&rows).await
    }

    /// The procurations the mandataire made within an external one, the latest first.
    pub async fn made_within(
        &self,
        mandate: ProcurationId,
    ) -> Result<Vec<ProcurationRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE p.parent_id = $1 ORDER BY p.created_at DESC, p.id"
        )))
        .bind(mandate.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.records(&rows).await
    }

    /// How many people hold each of the organization's procurations now: for an external one,
    /// through what its mandataire made within it. Those nobody holds are absent.
    pub async fn holder_counts(
        &self,
        org: OrgId,
    ) -> Result<HashMap<ProcurationId, usize>, StoreError> {
        sqlx::query(
            "SELECT p.id, COUNT(a.person_id) AS n FROM procurations p \
             JOIN procurations h ON h.id = p.id OR h.parent_id = p.id \
             JOIN assignments a ON a.procuration_id = h.id AND a.withdrawn_at IS NULL \
             WHERE p.org_id = $1 AND h.withdrawn_at IS NULL GROUP BY p.id",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let n: i64 = r.try_get("n")?;
            Ok((
                ProcurationId(uuid(r, "id")?),
                usize::try_from(n).unwrap_or(0),
            ))
        })
        .collect()
    }

    /// Who holds, now, a procuration made within the external one (what the mandant sees).
    pub async fn derived_holders(
        &self,
        mandate: ProcurationId,
    ) -> Result<Vec<DerivedHolder>, StoreError> {
        sqlx::query(
            "SELECT a.person_id, p.id FROM procurations p \
             JOIN assignments a ON a.procuration_id = p.id \
             WHERE p.parent_id = $1 AND p.withdrawn_at IS NULL AND a.withdrawn_at IS NULL \
             ORDER BY a.assigned_at, p.id",
        )
        .bind(mandate.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(DerivedHolder {
                person: PersonId(uuid(r, "person_id")?),
                procuration: ProcurationId(uuid(r, "id")?),
            })
        })
        .collect()
    }
}
