//! The agency's catalog (issue 7): online services, each with its tasks, which procurations
//! grant (P3, P4). A code is the agency's own and is never reused.

use mandat_core::Field;
use mandat_core::agency::{Code, OnlineService, ServiceForm, Task, TaskForm};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::{AgencyId, ServiceId, TaskId};

use super::{Staff, taken};
use crate::{App, Error};

impl App {
    /// The agency's service of `code`; another agency's, or none, is not found.
    pub async fn own_service(&self, staff: &Staff, code: &str) -> Result<OnlineService, Error> {
        self.service_of(staff.agency, code).await
    }

    /// The service of `code` of `agency`; none is not found.
    pub(crate) async fn service_of(
        &self,
        agency: AgencyId,
        code: &str,
    ) -> Result<OnlineService, Error> {
        let code = Code::parse(Field::ServiceCode, code).map_err(|_| Error::NotFound)?;
        let service = self.store.service(agency, &code).await?;
        service.ok_or(Error::NotFound)
    }

    pub async fn add_service(
        &self,
        staff: &Staff,
        form: &ServiceForm<'_>,
    ) -> Result<OnlineService, Error> {
        let service =
            OnlineService::parse(ServiceId::new(), staff.agency, form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        taken(tx.insert_service(&service).await, Field::ServiceCode)?;
        let detail = Detail::named(&service.name, service.code.as_str());
        tx.audit(&staff.entry(None, AuditAction::ServiceAdded, detail))
            .await?;
        tx.commit().await?;
        Ok(service)
    }

    /// The service of `code` as typed anew; its code stays.
    pub async fn change_service(
        &self,
        staff: &Staff,
        code: &str,
        form: &ServiceForm<'_>,
    ) -> Result<OnlineService, Error> {
        let stored = self.own_service(staff, code).await?;
        let form = ServiceForm {
            code: stored.code.as_str(),
            ..*form
        };
        let changed =
            OnlineService::parse(stored.id, staff.agency, &form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        tx.update_service(&changed).await?;
        let detail = Detail::named(&changed.name, changed.code.as_str());
        tx.audit(&staff.entry(None, AuditAction::ServiceChanged, detail))
            .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// A task of the service of `code`.
    pub async fn add_task(
        &self,
        staff: &Staff,
        code: &str,
        form: &TaskForm<'_>,
    ) -> Result<Task, Error> {
        let service = self.own_service(staff, code).await?;
        let task = Task::parse(TaskId::new(), service.id, form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        taken(tx.insert_task(&task).await, Field::TaskCode)?;
        let detail = Note::TaskIn
            .both("name", &task.name.fr, &task.name.en)
            .with("code", task.code.as_str())
            .with("service", service.code.as_str());
        tx.audit(&staff.entry(None, AuditAction::TaskAdded, detail))
            .await?;
        tx.commit().await?;
        Ok(task)
    }
}
