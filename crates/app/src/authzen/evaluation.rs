//! One evaluation: the client's question read against what its agency may know, then the
//! decision.

use mandat_core::agency::OnlineService;
use mandat_core::decision::{Decision, Question, decide};
use mandat_core::ids::{ClientId, OrgId, PersonId};
use mandat_core::organization::Neq;
use mandat_core::quebec_time;
use mandat_store::ClientRecord;
use time::OffsetDateTime;

use super::reasons::Reason;
use crate::{App, Error};

/// What a client asks, as the door read it from the request.
#[derive(Clone, Debug)]
pub struct Ask<'a> {
    /// The person, by the pairwise subject the client's agency received.
    pub subject: &'a str,
    /// The code of one of the agency's online services.
    pub service: &'a str,
    /// The organization to act for, by its id or its NEQ.
    pub organization: &'a str,
    /// The code of one of the service's tasks.
    pub task: &'a str,
    /// The moment asked about; now when absent.
    pub at: Option<OffsetDateTime>,
}

/// The answer: allowed or not, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: bool,
    pub reasons: Vec<Reason>,
}

impl Evaluation {
    fn denied(reason: Reason) -> Self {
        Evaluation {
            decision: false,
            reasons: vec![reason],
        }
    }
}

impl App {
    /// The enabled client a valid API token was issued to; `None` once it is disabled.
    pub async fn api_client(&self, id: ClientId) -> Result<Option<ClientRecord>, Error> {
        Ok(self.store.client(id).await?.filter(ClientRecord::enabled))
    }

    /// Evaluates `ask` for `client`. A service that is not its agency's is not found, with
    /// nothing said of it; anything else unknown is a refusal with its reason.
    pub async fn evaluate(
        &self,
        client: &ClientRecord,
        ask: &Ask<'_>,
    ) -> Result<Evaluation, Error> {
        let service = self.agency_service(client, ask.service).await?;
        let Some(person) = self.subject_person(client, ask.subject).await? else {
            return Ok(Evaluation::denied(Reason::UnknownSubject));
        };
        let Some(org) = self.organization_named(ask.organization).await? else {
            return Ok(Evaluation::denied(Reason::UnknownOrganization));
        };
        let tasks = self.store.tasks_of(service.id).await?;
        let Some(task) = tasks.iter().find(|t| t.code.as_str() == ask.task) else {
            return Ok(Evaluation::denied(Reason::UnknownTask));
        };
        let on = quebec_time::date_at(ask.at.unwrap_or_else(|| self.store.now()));
        let q = Question {
            org,
            agency: client.agency_id,
            service: service.id,
            task: task.id,
            on,
        };
        let decision = self.decision(person, &q).await?;
        Ok(Evaluation {
            decision: decision.is_allowed(),
            reasons: Reason::of(&decision),
        })
    }

    /// The decision (P1–P6) for `person` asking `q`, as the store reads it now.
    pub(super) async fn decision(&self, person: PersonId, q: &Question) -> Result<Decision, Error> {
        let (facts, grants) = self.store.decision_inputs(person, q).await?;
        Ok(decide(q, &facts, &grants))
    }

    pub(super) async fn agency_service(
        &self,
        client: &ClientRecord,
        code: &str,
    ) -> Result<OnlineService, Error> {
        let services = self.store.services_of(client.agency_id).await?;
        services
            .into_iter()
            .find(|s| s.code.as_str() == code)
            .ok_or(Error::NotFound)
    }

    /// The person the client's agency knows as `subject`, if it is a member's.
    pub(super) async fn subject_person(
        &self,
        client: &ClientRecord,
        subject: &str,
    ) -> Result<Option<PersonId>, Error> {
        let Some(account) = self
            .store
            .account_of_subject(client.agency_id, subject)
            .await?
        else {
            return Ok(None);
        };
        let account = self.store.account(account).await?;
        Ok(account.and_then(|a| a.kind.person()))
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
}

impl Reason {
    fn of(decision: &Decision) -> Vec<Reason> {
        use mandat_core::decision::Refusal;
        match decision {
            Decision::Allowed { procuration, until } => vec![Reason::Allowed {
                procuration: *procuration,
                until: *until,
            }],
            Decision::Refused(refusals) => refusals
                .iter()
                .flat_map(|r| match r {
                    Refusal::NoActiveCode => vec![Reason::NoActiveCode],
                    Refusal::UnknownTask => vec![Reason::UnknownTask],
                    Refusal::NotEnrolled => vec![Reason::NotEnrolled],
                    Refusal::NoContract => vec![Reason::NoContract],
                    Refusal::NoGrant(misses) if misses.is_empty() => vec![Reason::NoGrant],
                    Refusal::NoGrant(misses) => misses
                        .iter()
                        .map(|(p, miss)| Reason::Grant(*p, *miss))
                        .collect(),
                })
                .collect(),
        }
    }
}
