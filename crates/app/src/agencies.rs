//! Central's agencies (issue 7): a new agency with its first administrator, whose user code
//! is emailed and whose temporary password is returned to be shown once; an agency renamed.

use mandat_core::account::NewAgent;
use mandat_core::agency::{Agency, AgencyForm, Localized};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::AgencyId;
use mandat_core::{Field, FieldError, Problem};
use mandat_mail::messages::{AgencyStaffCreatedMail, Message};
use mandat_store::{AccountKind, AuditEntry, StoreError};

use crate::hashing::temporary_password;
use crate::staff::{Created, insert_staff_account};
use crate::{App, Central, Error};

fn entry(central: &Central, agency: AgencyId, action: AuditAction, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: Some(central.account),
        org: None,
        person: None,
        action,
        detail,
        client_address: central.client.clone(),
        agency: Some(agency),
    }
}

impl App {
    /// A new agency, and its first administrator with the name, email and user code typed;
    /// every error at once. `by` is how the administrator's email names who created it.
    pub async fn create_agency(
        &self,
        central: &Central,
        by: &str,
        form: &AgencyForm<'_>,
        (name, email, user_code): (&str, &str, &str),
    ) -> Result<(Agency, Created), Error> {
        let agency = Agency::parse(AgencyId::new(), form);
        let admin = NewAgent::parse(name, email, user_code);
        let (agency, agent) = match (agency, admin) {
            (Ok(agency), Ok(admin)) => (agency, admin),
            (agency, admin) => {
                let errors = agency.err().into_iter().chain(admin.err()).flatten();
                return Err(Error::fields(errors.collect()));
            }
        };
        let (password, hash) = temporary_password().await?;
        let mut tx = self.store.begin().await?;
        if let Err(StoreError::Conflict(_)) = tx.insert_agency(&agency).await {
            let taken = FieldError::new(Field::AgencyCode, Problem::Taken);
            return Err(Error::fields(vec![taken]));
        }
        let admin = AccountKind::Agency {
            agency: agency.id,
            admin: true,
        };
        insert_staff_account(&mut tx, admin, &agent, hash).await?;
        let mail = AgencyStaffCreatedMail {
            user_code: agent.user_code.to_string(),
            created_by: by.to_string(),
            agency_fr: agency.name.fr.clone(),
            agency_en: agency.name.en.clone(),
            admin: true,
        };
        tx.queue_mail(&mail.to(&agent.email)?).await?;
        let detail = Note::AgencyCreated
            .both("name", &agency.name.fr, &agency.name.en)
            .with("code", agency.code.as_str())
            .with("admin", &agent.name)
            .with("user_code", &agent.user_code);
        tx.audit(&entry(
            central,
            agency.id,
            AuditAction::AgencyCreated,
            detail,
        ))
        .await?;
        tx.commit().await?;
        Ok((agency, Created { agent, password }))
    }

    /// The agency's names, in French and in English, as typed anew.
    pub async fn rename_agency(
        &self,
        central: &Central,
        agency: &Agency,
        (name_fr, name_en): (&str, &str),
    ) -> Result<Agency, Error> {
        let fields = (Field::NameFr, Field::NameEn);
        let name =
            Localized::parse(fields, name_fr, name_en, Agency::NAME_MAX).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        tx.rename_agency(agency.id, &name).await?;
        let detail = Note::Renamed
            .both("from", &agency.name.fr, &agency.name.en)
            .both("to", &name.fr, &name.en);
        tx.audit(&entry(
            central,
            agency.id,
            AuditAction::AgencyRenamed,
            detail,
        ))
        .await?;
        tx.commit().await?;
        Ok(Agency {
            name,
            ..agency.clone()
        })
    }
}
