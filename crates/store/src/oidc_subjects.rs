//! The pairwise subjects each agency received (issue 21), so that the authorization API can
//! name a person as that agency knows them, and only as it does.

use sqlx::Row;

use crate::catalog::uuid;
use crate::{CodeValidity, Store, StoreError, Tx, date_from_text};
use mandat_core::ids::{AccountId, AgencyId, OrgId, PersonId};

impl Tx {
    /// Records that `agency`'s clients know the person of `account` as `subject`; once.
    pub async fn remember_subject(
        &mut self,
        agency: AgencyId,
        subject: &str,
        account: AccountId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oidc_subjects (agency_id, subject, account_id) VALUES ($1, $2, $3) \
             ON CONFLICT (agency_id, subject) DO NOTHING",
        )
        .bind(agency.to_string())
        .bind(subject)
        .bind(account.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The member (a person, their own organization, and their user code as the decision
    /// weighs it) `agency` knows as `subject`, if its clients received that subject: one
    /// read, as each new authorization question asks it.
    pub async fn member_of_subject(
        &self,
        agency: AgencyId,
        subject: &str,
    ) -> Result<Option<(PersonId, OrgId, CodeValidity)>, StoreError> {
        let row = sqlx::query(
            "SELECT a.person_id, p.org_id, a.expires_on, \
             CAST(CASE WHEN a.inactive_cause IS NULL THEN 1 ELSE 0 END AS BIGINT) AS active \
             FROM oidc_subjects s \
             JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id \
             WHERE s.agency_id = $1 AND s.subject = $2 AND a.kind = 'member'",
        )
        .bind(agency.to_string())
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let expires_on: Option<String> = r.try_get("expires_on")?;
        let code = CodeValidity {
            active: r.try_get::<i64, _>("active")? != 0,
            expires_on: expires_on.as_deref().map(date_from_text).transpose()?,
        };
        let (person, org) = (uuid(&r, "person_id")?, uuid(&r, "org_id")?);
        Ok(Some((PersonId(person), OrgId(org), code)))
    }

    /// Every subject `agency`'s clients received, with its account, by subject.
    pub async fn subjects_of(
        &self,
        agency: AgencyId,
    ) -> Result<Vec<(String, AccountId)>, StoreError> {
        let rows = sqlx::query(
            "SELECT subject, account_id FROM oidc_subjects WHERE agency_id = $1 ORDER BY subject",
        )
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let subject: String = r.try_get("subject")?;
                Ok((subject, AccountId::from(uuid(r, "account_id")?)))
            })
            .collect()
    }
}
