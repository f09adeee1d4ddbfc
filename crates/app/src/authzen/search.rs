//! The search APIs where they fit the model (AuthZEN §8–10): which organizations a person may
//! act for in one of the agency's services for a task (resource search), which tasks they may
//! do there for an organization (action search), and who, among the people the agency knows,
//! may do a task for an organization (subject search). Each answer is `decide`'s, paged;
//! like an evaluation, a search writes nothing, and it reaches only what the agency may know.

use mandat_core::ids::OrgId;
use mandat_store::ClientRecord;
use time::OffsetDateTime;

use super::lookup::question;
use crate::{App, Error};

/// How many results a page holds.
pub const PAGE: usize = 50;

/// One page of results, and where the next one starts, if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub results: Vec<T>,
    pub next: Option<usize>,
}

impl<T> Page<T> {
    fn of(all: Vec<T>, from: usize) -> Self {
        let next = (all.len() > from + PAGE).then_some(from + PAGE);
        Page {
            results: all.into_iter().skip(from).take(PAGE).collect(),
            next,
        }
    }
}

/// An organization a search found: its id, NEQ and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundOrganization {
    pub id: OrgId,
    pub neq: String,
    pub name: String,
}

impl App {
    /// Resource search: the organizations the person known as `subject` may act for in
    /// `service`, doing `task`, at `at`: their own and their mandants (P6), those `decide`
    /// allows. Nobody the agency knows by `subject`: none.
    pub async fn organizations_for(
        &self,
        client: &ClientRecord,
        (subject, service, task): (&str, &str, &str),
        at: Option<OffsetDateTime>,
        from: usize,
    ) -> Result<Page<FoundOrganization>, Error> {
        let offered = self.agency_service(client, service).await?;
        let Some(task) = offered.task(task) else {
            return Ok(Page::of(Vec::new(), from));
        };
        let Some((person, own, _)) = self.subject_member(client, subject).await? else {
            return Ok(Page::of(Vec::new(), from));
        };
        let (mut found, on) = (Vec::new(), self.day(at));
        for org in self.candidate_organizations(person, own).await? {
            let q = question(client, &offered.service, task, org, on);
            if self.decision(person, &q).await?.is_allowed()
                && let Some(o) = self.store.organization(org).await?
            {
                found.push(FoundOrganization {
                    id: o.id,
                    neq: o.neq.to_string(),
                    name: o.name,
                });
            }
        }
        Ok(Page::of(found, from))
    }

    /// Action search: the codes of `service`'s tasks the person known as `subject` may do
    /// for `organization` (id or NEQ) at `at`.
    pub async fn tasks_for(
        &self,
        client: &ClientRecord,
        (subject, service, organization): (&str, &str, &str),
        at: Option<OffsetDateTime>,
        from: usize,
    ) -> Result<Page<String>, Error> {
        let offered = self.agency_service(client, service).await?;
        let member = self.subject_member(client, subject).await?;
        let org = self.organization_named(organization).await?;
        let (Some((person, _, _)), Some(org)) = (member, org) else {
            return Ok(Page::of(Vec::new(), from));
        };
        let (mut found, on) = (Vec::new(), self.day(at));
        for task in offered.tasks() {
            let q = question(client, &offered.service, task, org, on);
            if self.decision(person, &q).await?.is_allowed() {
                found.push(task.code.as_str().to_string());
            }
        }
        Ok(Page::of(found, from))
    }

    /// Subject search: among the people the agency knows (the subjects its clients
    /// received), those who may do `task` of `service` for `organization` at `at`, by the
    /// subject the agency knows them by.
    pub async fn subjects_for(
        &self,
        client: &ClientRecord,
        (service, organization, task): (&str, &str, &str),
        at: Option<OffsetDateTime>,
        from: usize,
    ) -> Result<Page<String>, Error> {
        let offered = self.agency_service(client, service).await?;
        let org = self.organization_named(organization).await?;
        let (Some(task), Some(org)) = (offered.task(task), org) else {
            return Ok(Page::of(Vec::new(), from));
        };
        let q = question(client, &offered.service, task, org, self.day(at));
        let mut found = Vec::new();
        for (subject, account) in self.store.subjects_of(client.agency_id).await? {
            let account = self.store.account(account).await?;
            let Some(person) = account.and_then(|a| a.kind.person()) else {
                continue;
            };
            if self.decision(person, &q).await?.is_allowed() {
                found.push(subject);
            }
        }
        Ok(Page::of(found, from))
    }
}
