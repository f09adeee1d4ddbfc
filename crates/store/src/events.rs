//! Revocation events as changes raise them (issue 21). The store's own changes call these in
//! their transaction (a code deactivated for any cause, a procuration or a holder withdrawn,
//! an enrollment leaving « Actif »), so no door to a change can forget to tell the agencies.
//! Each agency is told only of what concerns its services, and of a person only as it knows
//! them: by the pairwise subject its clients received. A person no client of the agency ever
//! signed in is nothing the agency could act on, and is not revealed to it.

use mandat_core::account::InactiveCause;
use mandat_core::enrollment::BuiltInState;
use mandat_core::ids::{AccountId, AgencyId, EnrollmentId, OrgId, PersonId, ProcurationId};
use mandat_core::revocation::{Signal, Withdrawal};
use sqlx::Row;

use crate::catalog::uuid;
use crate::{StoreError, Tx, to_micros};

/// The job kind that pushes one event to one receiver; its payload is `event:receiver`.
pub const EVENT_PUSH_JOB: &str = "event-push";

/// Whom an event is about, as its agency knows them.
#[derive(Clone, Debug, Default)]
struct About {
    subject: Option<String>,
    org: Option<String>,
    procuration: Option<String>,
}

impl Tx {
    /// A person's code deactivated: every agency whose clients know the person is told.
    pub(crate) async fn raise_deactivation(
        &mut self,
        account: AccountId,
        cause: InactiveCause,
    ) -> Result<(), StoreError> {
        let rows =
            sqlx::query("SELECT agency_id, subject FROM oidc_subjects WHERE account_id = $1")
                .bind(account.to_string())
                .fetch_all(&mut *self.tx)
                .await?;
        for r in rows {
            let about = About {
                subject: Some(r.try_get("subject")?),
                ..About::default()
            };
            let agency = AgencyId::from(uuid(&r, "agency_id")?);
            self.raise(agency, Signal::CodeDeactivated(cause), about, None)
                .await?;
        }
        Ok(())
    }

    /// People about to lose a procuration in force: `person` alone, or every holder of it and
    /// of what was made within it (P6). Each agency of the procuration that knows a holder is
    /// told, naming the organization the person acted for. Called before the change.
    pub(crate) async fn raise_holders_withdrawal(
        &mut self,
        procuration: ProcurationId,
        person: Option<PersonId>,
        why: Withdrawal,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT pa.agency_id, s.subject, COALESCE(par.org_id, p.org_id) AS org_id, \
             p.id AS procuration_id FROM assignments a \
             JOIN procurations p ON p.id = a.procuration_id \
             LEFT JOIN procurations par ON par.id = p.parent_id \
             JOIN procuration_agencies pa ON pa.procuration_id = p.id \
             JOIN accounts acc ON acc.person_id = a.person_id \
             JOIN oidc_subjects s ON s.account_id = acc.id AND s.agency_id = pa.agency_id \
             WHERE a.withdrawn_at IS NULL AND (p.id = $1 OR p.parent_id = $1) \
             AND ($2 = '' OR a.person_id = $2)",
        )
        .bind(procuration.to_string())
        .bind(person.map(|p| p.to_string()).unwrap_or_default())
        .fetch_all(&mut *self.tx)
        .await?;
        for r in rows {
            let about = About {
                subject: Some(r.try_get("subject")?),
                org: Some(r.try_get("org_id")?),
                procuration: Some(r.try_get("procuration_id")?),
            };
            let agency = AgencyId::from(uuid(&r, "agency_id")?);
            self.raise(agency, Signal::RightWithdrawn(why), about, None)
                .await?;
        }
        Ok(())
    }

    /// The organization lost what it held with `agency` (an enrollment, a contract): the
    /// agency is told, about the organization as a whole.
    pub(crate) async fn raise_organization_withdrawal(
        &mut self,
        agency: AgencyId,
        org: OrgId,
        why: Withdrawal,
    ) -> Result<(), StoreError> {
        let about = About {
            org: Some(org.to_string()),
            ..About::default()
        };
        self.raise(agency, Signal::RightWithdrawn(why), about, None)
            .await?;
        Ok(())
    }

    /// Before an enrollment takes the state `next`: if it leaves « Actif », its agency is told.
    pub(crate) async fn raise_if_leaving_active(
        &mut self,
        agency: AgencyId,
        id: EnrollmentId,
        next: &str,
    ) -> Result<(), StoreError> {
        let active = BuiltInState::Active.code();
        let row = sqlx::query(
            "SELECT org_id FROM enrollments WHERE id = $1 AND agency_id = $2 AND state_code = $3",
        )
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(active)
        .fetch_optional(&mut *self.tx)
        .await?;
        if let Some(r) = row
            && next != active
        {
            let org = OrgId::from(uuid(&r, "org_id")?);
            self.raise_organization_withdrawal(agency, org, Withdrawal::EnrollmentNotActive)
                .await?;
        }
        Ok(())
    }

    /// A receiver's test: a verification event for that receiver alone; its jti.
    pub async fn raise_verification(
        &mut self,
        agency: AgencyId,
        receiver: uuid::Uuid,
    ) -> Result<uuid::Uuid, StoreError> {
        self.raise(
            agency,
            Signal::Verification,
            About::default(),
            Some(receiver),
        )
        .await
    }

    /// Records the event and a pending delivery to each of the agency's enabled receivers (or
    /// to `only`), with a push job for those that receive by push.
    async fn raise(
        &mut self,
        agency: AgencyId,
        signal: Signal,
        about: About,
        only: Option<uuid::Uuid>,
    ) -> Result<uuid::Uuid, StoreError> {
        let id = uuid::Uuid::now_v7();
        sqlx::query(
            "INSERT INTO security_events (id, agency_id, kind, reason, subject, org_id, \
             procuration_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(signal.kind())
        .bind(signal.reason())
        .bind(about.subject)
        .bind(about.org)
        .bind(about.procuration)
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        let receivers = sqlx::query(
            "SELECT id, method FROM event_receivers WHERE agency_id = $1 \
             AND disabled_at IS NULL AND ($2 = '' OR id = $2)",
        )
        .bind(agency.to_string())
        .bind(only.map(|r| r.to_string()).unwrap_or_default())
        .fetch_all(&mut *self.tx)
        .await?;
        for r in receivers {
            let receiver: String = r.try_get("id")?;
            sqlx::query(
                "INSERT INTO event_deliveries (event_id, receiver_id, state, attempts) \
                 VALUES ($1, $2, 'pending', 0)",
            )
            .bind(id.to_string())
            .bind(&receiver)
            .execute(&mut *self.tx)
            .await?;
            if r.try_get::<String, _>("method")? == "push" {
                let now = self.now;
                self.enqueue(EVENT_PUSH_JOB, &format!("{id}:{receiver}"), now)
                    .await?;
            }
        }
        Ok(id)
    }
}
