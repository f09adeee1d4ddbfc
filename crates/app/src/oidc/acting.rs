//! Whom a person signing in to an agency's service may act for, and what they may do there:
//! their own organization and each client organization whose external procuration they hold
//! (P6), each with the tasks the decision (P1–P6) allows today.

use mandat_core::decision::{Decision, Question};
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::Organization;
use mandat_oidc::tokens::{ActingFor, OrganizationClaim, TaskClaim};
use mandat_store::ClientRecord;

use crate::{App, Error};

/// An organization the person may act for in the client's service, with the claim it gives.
#[derive(Clone, Debug)]
pub struct Choice {
    pub organization: Organization,
    pub acting_for: ActingFor,
}

impl App {
    /// The organizations `person` (of `own`) may act for today in `client`'s service, their
    /// own first, then by name: each with at least one task the decision allows.
    pub async fn acting_choices(
        &self,
        person: PersonId,
        own: OrgId,
        client: &ClientRecord,
    ) -> Result<Vec<Choice>, Error> {
        let mut choices = Vec::new();
        for org in self.candidate_organizations(person, own).await? {
            if let Some(choice) = self.acting_for(person, org, client).await? {
                choices.push(choice);
            }
        }
        let from = 1.min(choices.len());
        choices[from..].sort_by(|a, b| a.organization.name.cmp(&b.organization.name));
        Ok(choices)
    }

    /// What `person` may do today for `org` in `client`'s service, if anything.
    pub async fn acting_for(
        &self,
        person: PersonId,
        org: OrgId,
        client: &ClientRecord,
    ) -> Result<Option<Choice>, Error> {
        let Some(organization) = self.store.organization(org).await? else {
            return Ok(None);
        };
        let service = self.store.service_by_id(client.service_id).await?;
        let Some(service) = service else {
            return Ok(None);
        };
        let (mut tasks, today) = (Vec::new(), self.today());
        for task in self.store.tasks_of(service.id).await? {
            let q = Question {
                org,
                agency: client.agency_id,
                service: service.id,
                task: task.id,
                on: today,
            };
            if let Decision::Allowed { procuration, until } = self.decision(person, &q).await? {
                tasks.push(TaskClaim {
                    code: task.code.as_str().to_string(),
                    procuration: procuration.to_string(),
                    until: until.to_string(),
                });
            }
        }
        let Some(first) = tasks.first() else {
            return Ok(None);
        };
        let until = tasks
            .iter()
            .map(|t| t.until.clone())
            .min()
            .unwrap_or_default();
        let acting_for = ActingFor {
            organization: OrganizationClaim {
                id: org.to_string(),
                neq: organization.neq.to_string(),
                name: organization.name.clone(),
            },
            service: service.code.as_str().to_string(),
            procuration: first.procuration.clone(),
            until,
            tasks,
        };
        Ok(Some(Choice {
            organization,
            acting_for,
        }))
    }
}
