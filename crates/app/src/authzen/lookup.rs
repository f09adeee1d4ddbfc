//! What a client's question names, read as far as its agency may know: one of its own
//! services, a task of it, a person by the subject its clients received, an organization by
//! id or NEQ, and the day asked about.

use mandat_core::Field;
use mandat_core::agency::{Code, OnlineService, Task};
use mandat_core::decision::Question;
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::Neq;
use mandat_core::quebec_time;
use mandat_store::{AccountKind, ClientRecord};
use time::{Date, OffsetDateTime};

use crate::{App, Error};

impl App {
    /// The client's agency's service of code `code`, written exactly as stored; any other is
    /// not found. One service read, not the catalog: every evaluation asks this.
    pub(super) async fn agency_service(
        &self,
        client: &ClientRecord,
        code: &str,
    ) -> Result<OnlineService, Error> {
        let code = Code::parse(Field::ServiceCode, code)
            .ok()
            .filter(|c| c.as_str() == code)
            .ok_or(Error::NotFound)?;
        let service = self.store.service(client.agency_id, &code).await?;
        service.ok_or(Error::NotFound)
    }

    /// The task of code `code` of `service`.
    pub(super) async fn task_of(
        &self,
        service: &OnlineService,
        code: &str,
    ) -> Result<Option<Task>, Error> {
        let tasks = self.store.tasks_of(service.id).await?;
        Ok(tasks.into_iter().find(|t| t.code.as_str() == code))
    }

    /// The member the client's agency knows as `subject`, with their own organization.
    pub(super) async fn subject_member(
        &self,
        client: &ClientRecord,
        subject: &str,
    ) -> Result<Option<(PersonId, OrgId)>, Error> {
        let account = self
            .store
            .account_of_subject(client.agency_id, subject)
            .await?;
        let Some(account) = account else {
            return Ok(None);
        };
        let account = self.store.account(account).await?;
        Ok(account.and_then(|a| match a.kind {
            AccountKind::Member { person, org } => Some((person, org)),
            _ => None,
        }))
    }

    /// The organization of id or NEQ `named`.
    pub(super) async fn organization_named(&self, named: &str) -> Result<Option<OrgId>, Error> {
        if let Ok(id) = named.parse::<OrgId>() {
            return Ok(self.store.organization(id).await?.map(|o| o.id));
        }
        let Ok(neq) = Neq::parse(named) else {
            return Ok(None);
        };
        Ok(self.store.organization_by_neq(&neq).await?.map(|o| o.id))
    }

    /// The day in Quebec of the moment asked about, or today.
    pub(super) fn day(&self, at: Option<OffsetDateTime>) -> Date {
        quebec_time::date_at(at.unwrap_or_else(|| self.store.now()))
    }
}

/// The question of `task` of `service`, for `org`, on `on`, in the client's agency.
pub(super) fn question(
    client: &ClientRecord,
    service: &OnlineService,
    task: &Task,
    org: OrgId,
    on: Date,
) -> Question {
    Question {
        org,
        agency: client.agency_id,
        service: service.id,
        task: task.id,
        on,
    }
}
