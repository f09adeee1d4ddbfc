//! One evaluation: the client's question read against what its agency may know, then the
//! decision.

use std::sync::Arc;

use mandat_core::decision::Decision;
use mandat_store::ClientRecord;
use time::Date;

use super::asked::{Answered, Ask, Evaluation};
use super::kept;
use super::lookup::question;
use super::reasons::Reason;
use crate::{App, Error};

impl App {
    /// Evaluates `ask` for `client`. A service that is not its agency's is not found, with
    /// nothing said of it; anything else unknown is a refusal with its reason. The answer is
    /// noted for the agency's journal and the client's counts (`tally`), not written.
    pub async fn evaluate(
        &self,
        client: &ClientRecord,
        ask: &Ask<'_>,
    ) -> Result<Arc<Answered>, Error> {
        let question = kept::Question::new(client.agency_id, ask, self.day(ask.at));
        let answer = self.evaluated(client, ask, &question).await?;
        self.note(client, &question, &answer.evaluation);
        Ok(answer)
    }

    /// The answer kept for the question if nothing changed since it was read; else read,
    /// decided and kept.
    async fn evaluated(
        &self,
        client: &ClientRecord,
        ask: &Ask<'_>,
        question: &kept::Question,
    ) -> Result<Arc<Answered>, Error> {
        let epoch = self.store.changes().epoch();
        if let Some(answer) = self.kept.answer(question, epoch) {
            return answer.ok_or(Error::NotFound);
        }
        let answer = match self.read_and_decide(client, ask, question.day).await {
            Ok(answer) => Some(Answered::new(answer)),
            Err(Error::NotFound) => None,
            Err(e) => return Err(e),
        };
        self.kept
            .keep_answer(question.clone(), epoch, answer.clone());
        answer.ok_or(Error::NotFound)
    }

    async fn read_and_decide(
        &self,
        client: &ClientRecord,
        ask: &Ask<'_>,
        day: Date,
    ) -> Result<Evaluation, Error> {
        let offered = self.agency_service(client, ask.service).await?;
        let Some((person, _, code)) = self.subject_member(client, ask.subject).await? else {
            return Ok(Evaluation::denied(Reason::UnknownSubject));
        };
        let Some(org) = self.organization_named(ask.organization).await? else {
            return Ok(Evaluation::denied(Reason::UnknownOrganization));
        };
        let Some(task) = offered.task(ask.task) else {
            return Ok(Evaluation::denied(Reason::UnknownTask));
        };
        let q = question(client, &offered.service, task, org, day);
        let decision = self
            .decision_knowing(person, &q, &offered.known(code))
            .await?;
        Ok(Evaluation {
            decision: decision.is_allowed(),
            reasons: Reason::of(&decision),
        })
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
