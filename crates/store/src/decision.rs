//! What the decision (issue 8) weighs, read for one question: the person's code, the
//! organization's enrollment with the agency, whether the task is the service's and the
//! service the agency's, and the grants. The decision itself is `mandat_core::decision`.

use mandat_core::decision::{ContractFact, Facts, Grant, Question};
use mandat_core::enrollment::BuiltInState;
use mandat_core::ids::PersonId;

use crate::{Store, StoreError};

impl Store {
    /// The facts and grants for `person` asking `q`. No service needs a contract yet: the
    /// catalog does not say which would (noted in issue 8's closing note).
    pub async fn decision_inputs(
        &self,
        person: PersonId,
        q: &Question,
    ) -> Result<(Facts, Vec<Grant>), StoreError> {
        let account = self.account_of_person(person).await?;
        let enrolled: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM enrollments WHERE org_id = $1 AND agency_id = $2 AND state_code = $3",
        )
        .bind(q.org.to_string())
        .bind(q.agency.to_string())
        .bind(BuiltInState::Active.code())
        .fetch_optional(&self.pool)
        .await?;
        let task_of_service: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM service_tasks t JOIN online_services s ON s.id = t.service_id \
             WHERE t.id = $1 AND s.id = $2 AND s.agency_id = $3",
        )
        .bind(q.task.to_string())
        .bind(q.service.to_string())
        .bind(q.agency.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let facts = Facts {
            code_active: account.as_ref().is_some_and(|a| a.inactive.is_none()),
            code_expires_on: account.as_ref().and_then(|a| a.expires_on),
            enrolled: enrolled.is_some(),
            task_of_service: task_of_service.is_some(),
            contract: ContractFact::NotNeeded,
        };
        let grants = self.grants(person, q.org, q.agency).await?;
        Ok((facts, grants))
    }
}
