//! The decision (P1–P6): may this person act for this organization in this agency's service,
//! for this task, on this day? One function answers, for the pages and for the agencies' API,
//! with its reasons: which grant allows it, or why none does.
//!
//! A grant is a chain of layers that must all allow: an internal procuration has one (what
//! the organization's officer granted its employee, P3–P5); an external one has two (what the
//! mandant granted the mandataire organization, then what the mandataire's officer granted its
//! employee within it, P6). Withdrawn procurations and assignments are not grants: the store
//! never reads them.

use std::collections::BTreeSet;

use time::Date;

use crate::ids::{AgencyId, OrgId, ProcurationId, ServiceId, TaskId};

/// What is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// The organization to act for (the mandant).
    pub org: OrgId,
    pub agency: AgencyId,
    pub service: ServiceId,
    pub task: TaskId,
    pub on: Date,
}

/// Which of an agency's tasks a layer grants (P3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// « Accès sans restriction »: every task, including those the agency adds later.
    Unrestricted,
    /// « Accès avec restriction »: these tasks only.
    Tasks(BTreeSet<TaskId>),
}

impl Access {
    pub fn covers(&self, task: TaskId) -> bool {
        match self {
            Access::Unrestricted => true,
            Access::Tasks(tasks) => tasks.contains(&task),
        }
    }
}

/// One link of a grant: an agency, its access, and the days it holds, both included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    pub agency: AgencyId,
    pub access: Access,
    pub starts_on: Option<Date>,
    pub ends_on: Date,
}

/// A right the person holds through a procuration's assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub procuration: ProcurationId,
    /// The organization the grant lets the person act for.
    pub mandant: OrgId,
    /// From the mandant's grant to the person's own; all must allow.
    pub layers: Vec<Layer>,
}

/// Whether the service needs a contract with the organization, and if one is in force (M9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContractFact {
    NotNeeded,
    InForce,
    Missing,
}

/// What the decision considers besides the grants, as the store reads it for the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The person's user code is active (M10–M16) and not past its expiry on the day.
    pub code_active: bool,
    /// The last day of the person's code, if it has one.
    pub code_expires_on: Option<Date>,
    /// The organization's enrollment with the agency is « Actif » (E4).
    pub enrolled: bool,
    /// The task belongs to the service, and the service to the agency.
    pub task_of_service: bool,
    pub contract: ContractFact,
}

/// Why a grant does not allow the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantMiss {
    /// It lets the person act for another organization.
    OtherOrganization,
    /// One of its layers is for another agency.
    OtherAgency,
    /// One of its layers is restricted to other tasks.
    TaskNotGranted,
    /// It starts on this day.
    NotYetStarted(Date),
    /// It ended on this day.
    Ended(Date),
}

/// Why the answer is no.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The person has no active user code on the day.
    NoActiveCode,
    /// The task is not one of the service's, or the service not the agency's.
    UnknownTask,
    /// The organization is not enrolled « Actif » with the agency.
    NotEnrolled,
    /// The service needs a contract with the organization, and none is in force.
    NoContract,
    /// No grant allows it: each grant the person holds, and why not.
    NoGrant(Vec<(ProcurationId, GrantMiss)>),
}

/// The answer, with its reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by this procuration, until this day included (the grant's or the code's end,
    /// whichever comes first).
    Allowed {
        procuration: ProcurationId,
        until: Date,
    },
    Refused(Vec<Refusal>),
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }
}

/// Why `grant` does not allow `q`, or the last day it allows it.
fn grant_allows(grant: &Grant, q: &Question) -> Result<Date, GrantMiss> {
    if grant.mandant != q.org {
        return Err(GrantMiss::OtherOrganization);
    }
    let mut until = Date::MAX;
    for layer in &grant.layers {
        if layer.agency != q.agency {
            return Err(GrantMiss::OtherAgency);
        }
        if !layer.access.covers(q.task) {
            return Err(GrantMiss::TaskNotGranted);
        }
        if let Some(start) = layer.starts_on.filter(|s| q.on < *s) {
            return Err(GrantMiss::NotYetStarted(start));
        }
        if q.on > layer.ends_on {
            return Err(GrantMiss::Ended(layer.ends_on));
        }
        until = until.min(layer.ends_on);
    }
    if grant.layers.is_empty() {
        // A grant without a layer grants nothing; the store never makes one.
        return Err(GrantMiss::OtherAgency);
    }
    Ok(until)
}

/// The decision. Every reason for refusing is given, not only the first; when several
/// grants allow, the one that lasts longest answers.
pub fn decide(q: &Question, facts: &Facts, grants: &[Grant]) -> Decision {
    let mut refusals = Vec::new();
    if !facts.code_active || facts.code_expires_on.is_some_and(|e| q.on > e) {
        refusals.push(Refusal::NoActiveCode);
    }
    if !facts.task_of_service {
        refusals.push(Refusal::UnknownTask);
    }
    if !facts.enrolled {
        refusals.push(Refusal::NotEnrolled);
    }
    if facts.contract == ContractFact::Missing {
        refusals.push(Refusal::NoContract);
    }
    let mut best: Option<(ProcurationId, Date)> = None;
    let mut misses = Vec::new();
    for grant in grants {
        match grant_allows(grant, q) {
            Ok(until) if best.is_none_or(|(_, b)| until > b) => {
                best = Some((grant.procuration, until));
            }
            Ok(_) => {}
            Err(miss) => misses.push((grant.procuration, miss)),
        }
    }
    match best {
        Some((procuration, until)) if refusals.is_empty() => Decision::Allowed {
            procuration,
            until: facts.code_expires_on.map_or(until, |e| until.min(e)),
        },
        Some(_) => Decision::Refused(refusals),
        None => {
            refusals.push(Refusal::NoGrant(misses));
            Decision::Refused(refusals)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn ids<T: From<uuid::Uuid>>(n: u128) -> T {
        T::from(uuid::Uuid::from_u128(n))
    }

    const DAY0: Date = date!(2027 - 01 - 01);

    fn day(n: i64) -> Date {
        DAY0 + time::Duration::days(n)
    }

    /// The reference: the rules as a person reads them, one grant at a time.
    fn reference(q: &Question, f: &Facts, grants: &[Grant]) -> Option<Date> {
        let code_ok = f.code_active && f.code_expires_on.is_none_or(|e| q.on <= e);
        let org_ok = f.task_of_service && f.enrolled && f.contract != ContractFact::Missing;
        if !code_ok || !org_ok {
            return None;
        }
        let mut last: Option<Date> = None;
        for g in grants {
            let holds = g.mandant == q.org
                && !g.layers.is_empty()
                && g.layers.iter().all(|l| {
                    l.agency == q.agency
                        && l.access.covers(q.task)
                        && l.starts_on.is_none_or(|s| s <= q.on)
                        && q.on <= l.ends_on
                });
            if holds {
                let end = g.layers.iter().map(|l| l.ends_on).min().expect("a layer");
                let end = f.code_expires_on.map_or(end, |e| end.min(e));
                last = Some(last.map_or(end, |l| l.max(end)));
            }
        }
        last
    }

    fn facts() -> Facts {
        Facts {
            code_active: true,
            code_expires_on: Some(day(300)),
            enrolled: true,
            task_of_service: true,
            contract: ContractFact::NotNeeded,
        }
    }

    fn question() -> Question {
        Question {
            org: ids(1),
            agency: ids(10),
            service: ids(20),
            task: ids(30),
            on: day(10),
        }
    }

    fn layer(access: Access, starts: Option<i64>, ends: i64) -> Layer {
        Layer {
            agency: ids(10),
            access,
            starts_on: starts.map(day),
            ends_on: day(ends),
        }
    }

    #[test]
    fn an_unrestricted_internal_grant_allows_until_its_end_or_the_code_s() {
        let g = Grant {
            procuration: ids(100),
            mandant: ids(1),
            layers: vec![layer(Access::Unrestricted, None, 90)],
        };
        assert_eq!(
            decide(&question(), &facts(), std::slice::from_ref(&g)),
            Decision::Allowed {
                procuration: ids(100),
                until: day(90)
            }
        );
        let short_code = Facts {
            code_expires_on: Some(day(40)),
            ..facts()
        };
        assert_eq!(
            decide(&question(), &short_code, &[g]),
            Decision::Allowed {
                procuration: ids(100),
                until: day(40)
            }
        );
    }

    #[test]
    fn every_reason_is_given() {
        let restricted = Grant {
            procuration: ids(100),
            mandant: ids(1),
            layers: vec![layer(Access::Tasks(BTreeSet::from([ids(31)])), None, 90)],
        };
        let later = Grant {
            procuration: ids(101),
            mandant: ids(1),
            layers: vec![layer(Access::Unrestricted, Some(20), 90)],
        };
        let external_ended = Grant {
            procuration: ids(102),
            mandant: ids(1),
            layers: vec![
                layer(Access::Unrestricted, None, 5),
                layer(Access::Unrestricted, None, 90),
            ],
        };
        let f = Facts {
            enrolled: false,
            contract: ContractFact::Missing,
            ..facts()
        };
        assert_eq!(
            decide(&question(), &f, &[restricted, later, external_ended]),
            Decision::Refused(vec![
                Refusal::NotEnrolled,
                Refusal::NoContract,
                Refusal::NoGrant(vec![
                    (ids(100), GrantMiss::TaskNotGranted),
                    (ids(101), GrantMiss::NotYetStarted(day(20))),
                    (ids(102), GrantMiss::Ended(day(5))),
                ]),
            ])
        );
    }

    #[test]
    fn an_external_grant_never_outlasts_what_the_mandant_granted() {
        let g = Grant {
            procuration: ids(100),
            mandant: ids(1),
            layers: vec![
                layer(Access::Tasks(BTreeSet::from([ids(30)])), None, 60),
                layer(Access::Unrestricted, None, 200),
            ],
        };
        assert_eq!(
            decide(&question(), &facts(), &[g]),
            Decision::Allowed {
                procuration: ids(100),
                until: day(60)
            }
        );
    }

    fn access() -> impl Strategy<Value = Access> {
        prop_oneof![
            Just(Access::Unrestricted),
            proptest::collection::btree_set(30u128..34, 0..3)
                .prop_map(|s| Access::Tasks(s.into_iter().map(ids).collect())),
        ]
    }

    fn layer_strategy() -> impl Strategy<Value = Layer> {
        (
            10u128..12,
            access(),
            proptest::option::of(0i64..40),
            0i64..60,
        )
            .prop_map(|(agency, access, starts, ends)| Layer {
                agency: ids(agency),
                access,
                starts_on: starts.map(day),
                ends_on: day(ends),
            })
    }

    fn grant() -> impl Strategy<Value = Grant> {
        (
            100u128..110,
            1u128..3,
            proptest::collection::vec(layer_strategy(), 0..3),
        )
            .prop_map(|(p, org, layers)| Grant {
                procuration: ids(p),
                mandant: ids(org),
                layers,
            })
    }

    fn facts_strategy() -> impl Strategy<Value = Facts> {
        (
            any::<bool>(),
            proptest::option::of(0i64..60),
            any::<bool>(),
            any::<bool>(),
            prop_oneof![
                Just(ContractFact::NotNeeded),
                Just(ContractFact::InForce),
                Just(ContractFact::Missing)
            ],
        )
            .prop_map(
                |(code_active, expires, enrolled, task_of_service, contract)| Facts {
                    code_active,
                    code_expires_on: expires.map(day),
                    enrolled,
                    task_of_service,
                    contract,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_decision_agrees_with_the_reference(
            grants in proptest::collection::vec(grant(), 0..6),
            f in facts_strategy(),
            org in 1u128..3,
            agency in 10u128..12,
            task in 30u128..34,
            on in 0i64..60,
        ) {
            let q = Question { org: ids(org), agency: ids(agency), service: ids(20), task: ids(task), on: day(on) };
            let decision = decide(&q, &f, &grants);
            let expected = reference(&q, &f, &grants);
            match (&decision, expected) {
                (Decision::Allowed { procuration, until }, Some(end)) => {
                    prop_assert_eq!(*until, end);
                    let named = grants.iter().filter(|g| g.procuration == *procuration);
                    let allows = named.map(|g| reference(&q, &f, std::slice::from_ref(g)));
                    prop_assert!(allows.flatten().any(|e| e == end), "the named grant allows, as long");
                }
                (Decision::Refused(reasons), None) => {
                    prop_assert!(!reasons.is_empty());
                    if let Some(Refusal::NoGrant(misses)) = reasons.last() {
                        prop_assert_eq!(misses.len(), grants.len(), "every grant says why not");
                    }
                }
                (d, e) => prop_assert!(false, "decision {:?} but reference {:?}", d, e),
            }
        }
    }
}
