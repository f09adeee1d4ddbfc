//! The decision (P1–P6) as the store reads it now, for every door that asks: the officers'
//! access check, the OpenID Connect claim, the authorization API.

use mandat_core::decision::{Decision, Question, decide};
use mandat_core::ids::{OrgId, PersonId};
use mandat_store::Known;

use crate::{App, Error};

impl App {
    /// The decision for `person` asking `q`.
    pub async fn decision(&self, person: PersonId, q: &Question) -> Result<Decision, Error> {
        let (facts, grants) = self.store.decision_inputs(person, q).await?;
        Ok(decide(q, &facts, &grants))
    }

    /// The same, for an asker who already read what `known` says (the authorization API,
    /// which has the person's code and the service at hand): fewer reads, the same rules.
    pub(crate) async fn decision_knowing(
        &self,
        person: PersonId,
        q: &Question,
        known: &Known,
    ) -> Result<Decision, Error> {
        let (facts, grants) = self.store.decision_inputs_knowing(person, q, known).await?;
        Ok(decide(q, &facts, &grants))
    }

    /// The organizations a person of `own` may be asked about acting for: their own first,
    /// then each whose external procuration they hold (P6).
    pub(crate) async fn candidate_organizations(
        &self,
        person: PersonId,
        own: OrgId,
    ) -> Result<Vec<OrgId>, Error> {
        let mut orgs = vec![own];
        let mandants = self.store.mandants_of(person).await?;
        orgs.extend(mandants.into_iter().filter(|o| *o != own));
        Ok(orgs)
    }
}
