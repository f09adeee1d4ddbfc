//! Mandat's own decision: each grant as the store hands it to `decide`, with one layer, or
//! two for one made within an external procuration (the mandant's first).

use std::collections::BTreeSet;

use mandat_core::decision::{
    Access, ContractFact, Decision, Facts, Grant, Layer, Question, decide,
};
use mandat_core::ids::{AgencyId, OrgId, ProcurationId, ServiceId, TaskId};
use time::Date;
use uuid::Uuid;

use crate::data::{Ask, Dataset, LayerRow, TASKS};

/// What the store reads beside the grants: here, all in order, so that the grants decide.
pub const FACTS: Facts = Facts {
    code_active: true,
    code_expires_on: None,
    enrolled: true,
    task_of_service: true,
    contract: ContractFact::NotNeeded,
};

fn id(kind: u128, n: u64) -> Uuid {
    Uuid::from_u128(kind << 64 | u128::from(n))
}

pub fn org(n: u32) -> OrgId {
    OrgId(id(1, u64::from(n)))
}

pub fn agency(n: u8) -> AgencyId {
    AgencyId(id(2, u64::from(n)))
}

pub fn task(agency: u8, t: u8) -> TaskId {
    TaskId(id(3, u64::from(agency) * u64::from(TASKS) + u64::from(t)))
}

pub fn day(julian: i32) -> Date {
    Date::from_julian_day(julian).unwrap_or(Date::MAX)
}

fn layer(agency_n: u8, l: &LayerRow) -> Layer {
    let access = match l.tasks {
        None => Access::Unrestricted,
        Some(mask) => Access::Tasks(
            (0..TASKS)
                .filter(|t| mask & (1 << t) != 0)
                .map(|t| task(agency_n, t))
                .collect::<BTreeSet<_>>(),
        ),
    };
    Layer {
        agency: agency(agency_n),
        access,
        starts_on: l.starts.map(day),
        ends_on: day(l.ends),
    }
}

/// Every grant of the population, in the dataset's order.
pub struct Mandat {
    grants: Vec<Grant>,
}

impl Mandat {
    pub fn new(ds: &Dataset) -> Self {
        let grants = ds
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Grant {
                procuration: ProcurationId(id(4, i as u64)),
                mandant: org(r.org),
                layers: r
                    .mandate
                    .iter()
                    .chain([&r.own])
                    .map(|l| layer(r.agency, l))
                    .collect(),
            })
            .collect();
        Mandat { grants }
    }

    /// The person's grants, through the index every engine is given.
    pub fn of(&self, ds: &Dataset, person: u32) -> &[Grant] {
        let p = person as usize;
        &self.grants[ds.start[p] as usize..ds.start[p + 1] as usize]
    }

    pub fn ask(&self, ds: &Dataset, a: &Ask) -> Decision {
        let q = Question {
            org: org(a.org),
            agency: agency(a.agency),
            service: ServiceId(Uuid::nil()),
            task: task(a.agency, a.task),
            on: day(a.day),
        };
        decide(&q, &FACTS, self.of(ds, a.person))
    }
}
