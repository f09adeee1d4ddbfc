//! Access requests (form 2490): filing, each step with who and why, single-use links, the
//! non-profit's resolution, and central's queue.

use mandat_core::ids::{AccountId, OrgId, PersonId, RequestId};
use mandat_core::request::{Approval, RequestDocument, RequestKind, RequestState, Step};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// A request as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    pub id: RequestId,
    pub state: RequestState,
    pub org: Option<OrgId>,
    pub person: Option<PersonId>,
    pub requester_account: Option<AccountId>,
    pub approval: Approval,
    pub document: RequestDocument,
    pub filed_at: OffsetDateTime,
    pub approved_at: Option<OffsetDateTime>,
    pub closed_at: Option<OffsetDateTime>,
}

impl RequestRecord {
    pub fn kind(&self) -> RequestKind {
        self.document.kind
    }
}

/// A request about to be filed.
#[derive(Clone, Debug)]
pub struct NewRequest<'a> {
    pub id: RequestId,
    pub org: Option<OrgId>,
    pub person: Option<PersonId>,
    pub requester_account: Option<AccountId>,
    pub approval: Approval,
    pub document: &'a RequestDocument,
    /// The digest of the form's one-time key, which is also the requester's follow link.
    pub key_digest: &'a str,
    /// Filed straight to central (a change of identity only, M19): already approved.
    pub approved: bool,
}

/// One step of a request's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    pub at: OffsetDateTime,
    pub state: RequestState,
    pub actor: Option<AccountId>,
    pub actor_label: String,
    pub reason: String,
}

/// Who takes a step: an account, or someone known by a label only (a manager by their link).
#[derive(Clone, Debug)]
pub struct Actor {
    pub account: Option<AccountId>,
    pub label: String,
}

/// What a single-use link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    Approve,
    ConfirmEmail,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::Approve => "approve",
            LinkPurpose::ConfirmEmail => "confirm-email",
        }
    }
}

/// Filters of central's queue.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub kind: Option<RequestKind>,
    /// Part of the organization's name or its NEQ.
    pub organization: Option<String>,
    /// Approved at or before this instant.
    pub approved_before: Option<OffsetDateTime>,
}

pub(crate) fn approval_code(a: Approval) -> &'static str {
    match a {
        Approval::Manager => "manager",
        Approval::Officer => "officer",
        Approval::ManagerUntilOfficer => "manager-until-officer",
    }
}

fn approval_from(code: &str) -> Result<Approval, ()> {
    [
        Approval::Manager,
        Approval::Officer,
        Approval::ManagerUntilOfficer,
    ]
    .into_iter()
    .find(|a| approval_code(*a) == code)
    .ok_or(())
}

macro_rules! select_requests {
    () => {
        "SELECT id, state, org_id, person_id, requester_account_id, approval, document, \
         filed_at, approved_at, closed_at FROM access_requests"
    };
}

impl Tx {
    /// Files a request, with its first step. A second filing of the same form (the same
    /// submission key) is a conflict: look the first one up with
    /// [`Store::request_by_key`].
    pub async fn insert_request(
        &mut self,
        r: &NewRequest<'_>,
        by: &Actor,
    ) -> Result<(), StoreError> {
        let state = if r.approved {
            RequestState::Approved
        } else {
            RequestState::AwaitingApproval
        };
        let now = to_micros(self.now);
        sqlx::query(
            "INSERT INTO access_requests (id, kind, state, neq, org_id, person_id, \
             requester_account_id, for_principal, approval, approver_email, requester_email, \
             document, key_digest, filed_at, approved_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(r.id.to_string())
        .bind(r.document.kind.code())
        .bind(state.code())
        .bind(&r.document.organization.neq)
        .bind(r.org.map(|o| o.to_string()))
        .bind(r.person.map(|p| p.to_string()))
        .bind(r.requester_account.map(|a| a.to_string()))
        .bind(
            r.document.profile_set().officer()
                == Some(mandat_core::profile::OfficerRank::Principal),
        )
        .bind(approval_code(r.approval))
        .bind(&r.document.approver.email)
        .bind(&r.document.requester.email)
        .bind(serde_json::to_string(r.document).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(r.key_digest)
        .bind(now)
        .bind(r.approved.then_some(now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("request already filed"))?;
        self.insert_step(r.id, state, by, "").await
    }

    async fn insert_step(
        &mut self,
        id: RequestId,
        state: RequestState,
        by: &Actor,
        reason: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO access_request_steps (id, request_id, at, state, actor_id, actor_label, \
             reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(to_micros(self.now))
        .bind(state.code())
        .bind(by.account.map(|a| a.to_string()))
        .bind(&by.label)
        .bind(reason)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Moves a request from `from` by `step`, recording who and why. Returns `false`, and
    /// changes nothing, when the request is no longer in `from` (someone acted first) or
    /// the step is not allowed from there.
    pub async fn step_request(
        &mut self,
        id: RequestId,
        from: RequestState,
        step: Step,
        by: &Actor,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let Some(to) = from.after(step) else {
            return Ok(false);
        };
        let now = to_micros(self.now);
        let moved = sqlx::query(
            "UPDATE access_requests SET state = $1, \
             approved_at = CASE WHEN $1 = 'approved' THEN $2 ELSE approved_at END, \
             closed_at = CASE WHEN $3 THEN $2 ELSE closed_at END \
             WHERE id = $4 AND state = $5",
        )
        .bind(to.code())
        .bind(now)
        .bind(!to.is_open())
        .bind(id.to_string())
        .bind(from.code())
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Ok(false);
        }
        self.insert_step(id, to, by, reason).await?;
        Ok(true)
    }

    /// Links the request to the organization and person central created or found for it.
    pub async fn attach_request(
        &mut self,
        id: RequestId,
        org: OrgId,
        person: PersonId,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE access_requests SET org_id = $1, person_id = $2 WHERE id = $3")
            .bind(org.to_string())
            .bind(person.to_string())
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub async fn insert_request_link(
        &mut self,
        digest: &str,
        id: RequestId,
        purpose: LinkPurpose,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO request_links (digest, request_id, purpose, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(digest)
        .bind(id.to_string())
        .bind(purpose.code())
        .bind(to_micros(expires_at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Uses a link once: its request, or `None` if it is unknown, used or expired.
    pub async fn use_request_link(
        &mut self,
        digest: &str,
        purpose: LinkPurpose,
    ) -> Result<Option<RequestId>, StoreError> {
        let row = sqlx::query(
            "UPDATE request_links SET used_at = $1 \
             WHERE digest = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING request_id",
        )
        .bind(to_micros(self.now))
        .bind(digest)
        .bind(purpose.code())
        .fetch_optional(&mut *self.tx)
        .await?;
        row.map(|r| uuid(&r, "request_id").map(RequestId))
            .transpose()
    }

    /// Keeps a non-profit's resolution (M5) with its SHA-256.
    pub async fn insert_attachment(
        &mut self,
        id: RequestId,
        sha256: &str,
        content: &[u8],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO request_attachments (request_id, sha256, size, content) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id.to_string())
        .bind(sha256)
        .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
        .bind(content)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl Store {
    pub async fn request(&self, id: RequestId) -> Result<Option<RequestRecord>, StoreError> {
        sqlx::query(concat!(select_requests!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(request)
            .transpose()
    }

    /// The request filed with the form whose one-time key has this digest, if any.
    pub async fn request_by_key(&self, digest: &str) -> Result<Option<RequestRecord>, StoreError> {
        sqlx::query(concat!(select_requests!(), " WHERE key_digest = $1"))
            .bind(digest)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(request)
            .transpose()
    }

    /// The request a link leads to while the link is usable, without using it.
    pub async fn request_link(
        &self,
        digest: &str,
        purpose: LinkPurpose,
    ) -> Result<Option<RequestId>, StoreError> {
        sqlx::query(
            "SELECT request_id FROM request_links \
             WHERE digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(digest)
        .bind(purpose.code())
        .bind(to_micros(self.now()))
        .fetch_optional(&self.pool)
        .await?
        .map(|r| uuid(&r, "request_id").map(RequestId))
        .transpose()
    }

    pub async fn request_steps(&self, id: RequestId) -> Result<Vec<StepRecord>, StoreError> {
        sqlx::query(
            "SELECT at, state, actor_id, actor_label, reason FROM access_request_steps \
             WHERE request_id = $1 ORDER BY at, id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let actor: Option<String> = r.try_get("actor_id")?;
            Ok(StepRecord {
                at: from_micros(r.try_get("at")?)?,
                state: parsed(r, "state", |s| RequestState::from_code(s).ok_or(()))?,
                actor: actor
                    .map(|a| a.parse().map(AccountId))
                    .transpose()
                    .map_err(|_| StoreError::Corrupt("actor_id".into()))?,
                actor_label: r.try_get("actor_label")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
    }

    /// Requests of an organization waiting for one of its officers (M5).
    pub async fn requests_for_officers(
        &self,
        org: OrgId,
    ) -> Result<Vec<RequestRecord>, StoreError> {
        sqlx::query(concat!(
            select_requests!(),
            " WHERE org_id = $1 AND state = 'awaiting-approval' AND approval = 'officer' \
             ORDER BY filed_at"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request)
        .collect()
    }

    /// Whether the organization with this NEQ has a principal officer, or a request for one
    /// that is neither refused, withdrawn nor rejected (M2).
    pub async fn has_principal(&self, neq: &str) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM access_requests WHERE neq = $1 AND for_principal \
             AND state IN ('awaiting-approval', 'approved', 'issued')) + \
             (SELECT COUNT(*) FROM organizations o JOIN person_profiles pp ON pp.org_id = o.id \
             WHERE o.neq = $1 AND pp.profile = 'principal-officer') AS n",
        )
        .bind(neq)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Whether a person of the organization holds the principal officer profile (M2).
    pub async fn has_principal_person(&self, org: OrgId) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM person_profiles \
             WHERE org_id = $1 AND profile = 'principal-officer'",
        )
        .bind(org.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Which officers of the organization sign in (an active user code): (principal,
    /// auxiliary), for M2's routing and M3's warning.
    pub async fn officers_signing_in(&self, org: OrgId) -> Result<(bool, bool), StoreError> {
        let mut held = (false, false);
        for r in sqlx::query(
            "SELECT DISTINCT pp.profile FROM person_profiles pp \
             JOIN accounts a ON a.person_id = pp.person_id \
             WHERE pp.org_id = $1 AND a.active = TRUE \
             AND pp.profile IN ('principal-officer', 'auxiliary-officer')",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        {
            match r.try_get::<String, _>("profile")?.as_str() {
                "principal-officer" => held.0 = true,
                _ => held.1 = true,
            }
        }
        Ok(held)
    }

    /// Central's queue: approved requests, oldest approval first.
    pub async fn request_queue(&self, f: &QueueFilter) -> Result<Vec<RequestRecord>, StoreError> {
        let like = f
            .organization
            .as_deref()
            .map(|t| format!("%{}%", t.to_lowercase().replace(['%', '_'], "")));
        sqlx::query(concat!(
            select_requests!(),
            " WHERE state = 'approved' AND ($1 IS NULL OR kind = $1) \
             AND ($2 IS NULL OR neq LIKE $2 OR lower(document) LIKE $2) \
             AND ($3 IS NULL OR approved_at <= $3) ORDER BY approved_at, id"
        ))
        .bind(f.kind.map(|k| k.code()))
        .bind(like)
        .bind(f.approved_before.map(to_micros))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request)
        .collect()
    }

    /// A request's attachment: (SHA-256, content).
    pub async fn attachment(&self, id: RequestId) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let Some(r) =
            sqlx::query("SELECT sha256, content FROM request_attachments WHERE request_id = $1")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        Ok(Some((r.try_get("sha256")?, r.try_get("content")?)))
    }
}

fn request(r: &AnyRow) -> Result<RequestRecord, StoreError> {
    let optional_id = |column: &str| -> Result<Option<uuid::Uuid>, StoreError> {
        let text: Option<String> = r.try_get(column)?;
        text.map(|t| {
            t.parse()
                .map_err(|_| StoreError::Corrupt(format!("{column}: {t:?}")))
        })
        .transpose()
    };
    let document: String = r.try_get("document")?;
    Ok(RequestRecord {
        id: RequestId(uuid(r, "id")?),
        state: parsed(r, "state", |s| RequestState::from_code(s).ok_or(()))?,
        org: optional_id("org_id")?.map(OrgId),
        person: optional_id("person_id")?.map(PersonId),
        requester_account: optional_id("requester_account_id")?.map(AccountId),
        approval: parsed(r, "approval", approval_from)?,
        document: serde_json::from_str(&document)
            .map_err(|e| StoreError::Corrupt(format!("request document: {e}")))?,
        filed_at: from_micros(r.try_get("filed_at")?)?,
        approved_at: r
            .try_get::<Option<i64>, _>("approved_at")?
            .map(from_micros)
            .transpose()?,
        closed_at: r
            .try_get::<Option<i64>, _>("closed_at")?
            .map(from_micros)
            .transpose()?,
    })
}
