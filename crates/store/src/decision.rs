//! What the decision (issue 8) weighs, read for one question: the person's code, the
//! organization's enrollment with the agency, whether the task is the service's and the
//! service the agency's, the contract the service needs, and the grants. The decision itself is `mandat_core::decision`.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use mandat_core::decision::{Access, ContractFact, Facts, Grant, Layer, Question};
use mandat_core::enrollment::BuiltInState;
use mandat_core::external::Answer;
use mandat_core::ids::{AgencyId, OrgId, PersonId, ProcurationId, TaskId};
use sqlx::Row;
use time::Date;

use crate::catalog::uuid;
use crate::procurations::parse_uuid;
use crate::{Store, StoreError, date_from_text, date_to_text};

/// The procurations a person holds for an organization, in force: the organization's own
/// (no mandate), and those a mandataire made within an accepted external procuration of the
/// organization in force (P6). An external procuration itself is never held directly.
const HELD: &str = "SELECT p.id, p.parent_id FROM assignments a \
     JOIN procurations p ON p.id = a.procuration_id \
     LEFT JOIN external_procurations own ON own.procuration_id = p.id \
     LEFT JOIN procurations m ON m.id = p.parent_id \
     LEFT JOIN external_procurations x ON x.procuration_id = m.id \
     WHERE a.person_id = $1 AND a.withdrawn_at IS NULL AND p.withdrawn_at IS NULL \
     AND own.procuration_id IS NULL \
     AND ((p.parent_id IS NULL AND p.org_id = $2) OR (m.org_id = $2 \
     AND m.withdrawn_at IS NULL AND x.answer = $4))";

/// One layer of a grant as read: the mandant's (depth 0) or the holder's own (depth 1).
struct LayerRead {
    starts_on: Option<Date>,
    ends_on: Date,
    unrestricted: bool,
    tasks: BTreeSet<TaskId>,
}

/// The person's user code, as the decision weighs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeValidity {
    /// Active (M10–M16); its expiry is the decision's to weigh on the day.
    pub active: bool,
    pub expires_on: Option<Date>,
}

/// What an asker may already know of a question, so that the decision's reads skip it: the
/// person's code, and the task's service with the kind of contract it needs (M9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub code: CodeValidity,
    /// `None`: the task is not the service's, or the service not the agency's; else the
    /// code of the kind of contract the service needs, if any.
    pub service_contract: Option<Option<String>>,
}

impl Store {
    /// The facts and grants for `person` asking `q`: whether the service needs a contract of
    /// some kind (M9) and, if so, whether the organization has one in force with the agency
    /// on the day asked.
    pub async fn decision_inputs(
        &self,
        person: PersonId,
        q: &Question,
    ) -> Result<(Facts, Vec<Grant>), StoreError> {
        let account = self.account_of_person(person).await?;
        // The service of the task, if it is the agency's, with the contract it needs.
        let service_contract: Option<Option<String>> = sqlx::query_scalar(
            "SELECT s.contract_kind FROM service_tasks t \
             JOIN online_services s ON s.id = t.service_id \
             WHERE t.id = $1 AND s.id = $2 AND s.agency_id = $3",
        )
        .bind(q.task.to_string())
        .bind(q.service.to_string())
        .bind(q.agency.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let code = CodeValidity {
            active: account.as_ref().is_some_and(|a| a.inactive.is_none()),
            expires_on: account.as_ref().and_then(|a| a.expires_on),
        };
        let known = Known {
            code,
            service_contract,
        };
        self.decision_inputs_knowing(person, q, &known).await
    }

    /// The same, for an asker who already read what `known` says: the organization's
    /// enrollment, its contract if one is needed, and the grants.
    pub async fn decision_inputs_knowing(
        &self,
        person: PersonId,
        q: &Question,
        known: &Known,
    ) -> Result<(Facts, Vec<Grant>), StoreError> {
        let enrolled: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM enrollments WHERE org_id = $1 AND agency_id = $2 AND state_code = $3",
        )
        .bind(q.org.to_string())
        .bind(q.agency.to_string())
        .bind(BuiltInState::Active.code())
        .fetch_optional(&self.pool)
        .await?;
        let contract = match known.service_contract.as_ref().and_then(|k| k.as_deref()) {
            None => ContractFact::NotNeeded,
            Some(kind) => {
                let in_force: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM contracts WHERE org_id = $1 AND agency_id = $2 \
                     AND kind = $3 AND starts_on <= $4 AND ends_on >= $4",
                )
                .bind(q.org.to_string())
                .bind(q.agency.to_string())
                .bind(kind)
                .bind(date_to_text(q.on))
                .fetch_optional(&self.pool)
                .await?;
                if in_force.is_some() {
                    ContractFact::InForce
                } else {
                    ContractFact::Missing
                }
            }
        };
        let facts = Facts {
            code_active: known.code.active,
            code_expires_on: known.code.expires_on,
            enrolled: enrolled.is_some(),
            task_of_service: known.service_contract.is_some(),
            contract,
        };
        let grants = self.grants(person, q.org, q.agency).await?;
        Ok((facts, grants))
    }
}

impl Store {
    /// The organizations other than their own that `person` may act for (P6): the mandants
    /// of accepted external procurations, not withdrawn, within which the person holds one.
    /// Whether each allows anything on a day is the decision's to say.
    pub async fn mandants_of(&self, person: PersonId) -> Result<Vec<OrgId>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT m.org_id FROM assignments a \
             JOIN procurations p ON p.id = a.procuration_id \
             JOIN procurations m ON m.id = p.parent_id \
             JOIN external_procurations x ON x.procuration_id = m.id \
             WHERE a.person_id = $1 AND a.withdrawn_at IS NULL AND p.withdrawn_at IS NULL \
             AND m.withdrawn_at IS NULL AND x.answer = $2 ORDER BY m.org_id",
        )
        .bind(person.to_string())
        .bind(Answer::Accepted.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(OrgId(uuid(r, "org_id")?))).collect()
    }

    /// What the person holds for the organization in the agency, as the decision reads it:
    /// each procuration held (`HELD`), whatever its dates, with its layers for the agency, the
    /// mandant's first. One query, whatever the number of grants.
    pub async fn grants(
        &self,
        person: PersonId,
        org: OrgId,
        agency: AgencyId,
    ) -> Result<Vec<Grant>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "WITH held AS ({HELD}), \
             layers AS (SELECT id AS grant_id, parent_id, 1 AS depth, id AS layer_id FROM held \
             UNION ALL SELECT id, parent_id, 0, parent_id FROM held \
             WHERE parent_id IS NOT NULL) \
             SELECT l.grant_id, l.parent_id, l.depth, p.starts_on, p.ends_on, \
             CAST(CASE WHEN pa.unrestricted THEN 1 ELSE 0 END AS BIGINT) AS unrestricted, \
             t.task_id FROM layers l JOIN procurations p ON p.id = l.layer_id \
             JOIN procuration_agencies pa ON pa.procuration_id = p.id AND pa.agency_id = $3 \
             LEFT JOIN procuration_tasks t ON t.procuration_id = p.id AND t.agency_id = $3 \
             ORDER BY l.grant_id, l.depth"
        )))
        .bind(person.to_string())
        .bind(org.to_string())
        .bind(agency.to_string())
        .bind(Answer::Accepted.code())
        .fetch_all(&self.pool)
        .await?;
        // Per grant: how many layers it needs, and those read for the agency.
        let mut read: BTreeMap<ProcurationId, (usize, BTreeMap<i64, LayerRead>)> = BTreeMap::new();
        for r in &rows {
            let needs = 1 + usize::from(r.try_get::<Option<String>, _>("parent_id")?.is_some());
            let (_, layers) = read
                .entry(ProcurationId(uuid(r, "grant_id")?))
                .or_insert_with(|| (needs, BTreeMap::new()));
            let starts_on: Option<String> = r.try_get("starts_on")?;
            let layer = match layers.entry(r.try_get("depth")?) {
                Entry::Occupied(o) => o.into_mut(),
                Entry::Vacant(v) => v.insert(LayerRead {
                    starts_on: starts_on.as_deref().map(date_from_text).transpose()?,
                    ends_on: date_from_text(&r.try_get::<String, _>("ends_on")?)?,
                    unrestricted: r.try_get::<i64, _>("unrestricted")? != 0,
                    tasks: BTreeSet::new(),
                }),
            };
            if let Some(task) = r.try_get::<Option<String>, _>("task_id")? {
                layer.tasks.insert(TaskId(parse_uuid(&task)?));
            }
        }
        // A grant whose mandate does not grant the agency allows nothing there: left out.
        Ok(read
            .into_iter()
            .filter(|(_, (needs, layers))| layers.len() == *needs)
            .map(|(procuration, (_, layers))| Grant {
                procuration,
                mandant: org,
                layers: layers
                    .into_values()
                    .map(|l| Layer {
                        agency,
                        access: if l.unrestricted {
                            Access::Unrestricted
                        } else {
                            Access::Tasks(l.tasks)
                        },
                        starts_on: l.starts_on,
                        ends_on: l.ends_on,
                    })
                    .collect(),
            })
            .collect())
    }
}
