//! The audit log: every sensitive action, written in the same transaction as the action.

use mandat_core::ids::{AccountId, OrgId, PersonId};
use sqlx::Row;

use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// One event: who did what, to whom, from where, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEntry {
    /// Who acted; `None` for someone not signed in (a failed sign-in, a registration).
    pub actor: Option<AccountId>,
    pub org: Option<OrgId>,
    pub person: Option<PersonId>,
    /// What happened: `sign-in`, `sign-in-failed`, `locked`, `registration-code-issued`…
    pub action: &'static str,
    /// Why, and anything else worth keeping; never a password, a code or a NAS partiel.
    pub detail: String,
    pub client_address: Option<String>,
}

/// An entry as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub at: time::OffsetDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub detail: String,
    pub client_address: Option<String>,
}

impl Tx {
    pub async fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, org_id, person_id, action, detail, client_address) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(to_micros(self.now))
        .bind(e.actor.map(|a| a.to_string()))
        .bind(e.org.map(|o| o.to_string()))
        .bind(e.person.map(|p| p.to_string()))
        .bind(e.action)
        .bind(&e.detail)
        .bind(e.client_address.clone())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

macro_rules! select_audit {
    () => {
        "SELECT at, actor_id, action, detail, client_address FROM audit_log"
    };
}

impl Store {
    /// The events about a person, oldest first.
    pub async fn audit_of_person(&self, person: PersonId) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where(
            concat!(select_audit!(), " WHERE person_id = $1 ORDER BY at, id"),
            person.to_string(),
        )
        .await
    }

    /// The events of one action, oldest first.
    pub async fn audit_of_action(&self, action: &str) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where(
            concat!(select_audit!(), " WHERE action = $1 ORDER BY at, id"),
            action.to_string(),
        )
        .await
    }

    async fn audit_where(
        &self,
        query: &'static str,
        value: String,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        sqlx::query(query)
            .bind(value)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(AuditRecord {
                    at: from_micros(r.try_get("at")?)?,
                    actor: r.try_get("actor_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                    client_address: r.try_get("client_address")?,
                })
            })
            .collect()
    }
}
