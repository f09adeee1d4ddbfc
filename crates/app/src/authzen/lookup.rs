//! What a client's question names, read as far as its agency may know: one of its own
//! services, a task of it, a person by the subject its clients received, an organization by
//! id or NEQ, and the day asked about.

use std::sync::Arc;

use mandat_core::Field;
use mandat_core::agency::{Code, OnlineService, Task};
use mandat_core::decision::Question;
use mandat_core::ids::{AgencyId, OrgId, PersonId};
use mandat_core::organization::Neq;
use mandat_core::quebec_time;
use mandat_store::{ClientRecord, CodeValidity, Known};
use time::{Date, OffsetDateTime};

use crate::{App, Error};

impl App {
    /// The client's agency's service of code `code`, written exactly as stored, with its
    /// tasks; any other is not found. Kept like the answers (`kept`): a new question about a
    /// service asked about before reads neither the service nor its tasks.
    pub(super) async fn agency_service(
        &self,
        client: &ClientRecord,
        code: &str,
    ) -> Result<Arc<Offered>, Error> {
        let key = (client.agency_id, code.to_string());
        let epoch = self.store.changes().epoch();
        if let Some(kept) = self.kept.service(&key, epoch) {
            return kept.ok_or(Error::NotFound);
        }
        let offered = self.read_service(client.agency_id, code).await?;
        self.kept.keep_service(key, epoch, offered.clone());
        offered.ok_or(Error::NotFound)
    }

    async fn read_service(
        &self,
        agency: AgencyId,
        code: &str,
    ) -> Result<Option<Arc<Offered>>, Error> {
        let Some(code) = Code::parse(Field::ServiceCode, code)
            .ok()
            .filter(|c| c.as_str() == code)
        else {
            return Ok(None);
        };
        let Some(service) = self.store.service(agency, &code).await? else {
            return Ok(None);
        };
        let tasks = self.store.tasks_of(service.id).await?;
        Ok(Some(Arc::new(Offered { service, tasks })))
    }

    /// The member the client's agency knows as `subject`: the person, their own
    /// organization, and their code as the decision weighs it.
    pub(super) async fn subject_member(
        &self,
        client: &ClientRecord,
        subject: &str,
    ) -> Result<Option<(PersonId, OrgId, CodeValidity)>, Error> {
        Ok(self
            .store
            .member_of_subject(client.agency_id, subject)
            .await?)
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

/// One of an agency's online services, with its tasks by code.
#[derive(Debug)]
pub(crate) struct Offered {
    pub(super) service: OnlineService,
    tasks: Vec<Task>,
}

impl Offered {
    /// The task of code `code`, written exactly as stored.
    pub(super) fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code.as_str() == code)
    }

    pub(super) fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// What the decision need not read again for a question about one of these tasks, by
    /// a person whose code is `code`.
    pub(super) fn known(&self, code: CodeValidity) -> Known {
        Known {
            code,
            service_contract: Some(self.service.contract.map(|k| k.code().to_string())),
        }
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
