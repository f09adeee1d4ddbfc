//! Procurations (P1–P6): rights an organization's officer grants to act for it in chosen
//! agencies' services, each agency « sans restriction » (all its tasks, even those it adds
//! later) or « avec restriction » (chosen tasks), until an end date, assigned to one person
//! or many. Parsing checks what the officer chose against what is true: the agencies where
//! the organization is enrolled « Actif » and their tasks.

use std::collections::{BTreeMap, BTreeSet};

use time::Date;

use crate::contract::iso_date;
use crate::decision::{Access, Layer};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{AgencyId, OrgId, ProcurationId, TaskId};
use crate::text;

/// An agency of a procuration and what it grants there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyAccess {
    pub agency: AgencyId,
    pub access: Access,
}

/// A procuration: internal (P1), external (P6, see `external`), or made by a mandataire within
/// an external one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procuration {
    pub id: ProcurationId,
    /// The organization that grants it (the mandant).
    pub org: OrgId,
    pub name: String,
    pub starts_on: Option<Date>,
    pub ends_on: Date,
    pub agencies: Vec<AgencyAccess>,
}

impl Procuration {
    pub const NAME_MAX: usize = 120;

    /// A name made by Mandat (path A names a procuration after its holder), cut to the
    /// length a typed one may have, so that a long name never refuses the procuration.
    pub fn made_name(text: &str) -> String {
        text.chars().take(Self::NAME_MAX).collect()
    }

    /// The agencies it grants, in its order.
    pub fn agency_ids(&self) -> Vec<AgencyId> {
        self.agencies.iter().map(|a| a.agency).collect()
    }

    /// The layer the decision weighs for `agency`, if the procuration grants it.
    pub fn layer(&self, agency: AgencyId) -> Option<Layer> {
        self.agencies
            .iter()
            .find(|a| a.agency == agency)
            .map(|a| Layer {
                agency,
                access: a.access.clone(),
                starts_on: self.starts_on,
                ends_on: self.ends_on,
            })
    }
}

/// An agency as the officer may choose it: one where the organization is enrolled « Actif »,
/// with its tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grantable {
    pub agency: AgencyId,
    pub tasks: BTreeSet<TaskId>,
}

/// What the officer chose for one agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chosen {
    Unrestricted,
    Tasks(BTreeSet<TaskId>),
}

/// A procuration as typed, before parsing.
#[derive(Clone, Debug, Default)]
pub struct ProcurationForm<'a> {
    pub name: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub agencies: BTreeMap<AgencyId, Chosen>,
}

/// What bounds a procuration's dates: today, and the latest end with the problem that names
/// it: a person's code's validity when it is made for one person (path A, P3), the mandant's
/// end when it is made within an external procuration (P6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub today: Date,
    pub latest_end: Option<(Date, Problem)>,
}

/// Parses every field and returns every error: a name, an end date from today and within the
/// bounds, a start (if any) not after the end, at least one agency, each one grantable, and
/// for a restricted access at least one of the agency's tasks.
pub fn parse(
    id: ProcurationId,
    org: OrgId,
    form: &ProcurationForm<'_>,
    grantable: &[Grantable],
    bounds: Bounds,
) -> Result<Procuration, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let name = errors.check(text::required(
        Field::ProcurationName,
        form.name,
        Procuration::NAME_MAX,
    ));
    let starts_on = if form.starts_on.trim().is_empty() {
        Some(None)
    } else {
        errors.check(iso_date(Field::StartsOn, form.starts_on).map(Some))
    };
    let ends_on =
        errors.check(iso_date(Field::EndsOn, form.ends_on).and_then(|end| end_within(end, bounds)));
    if let (Some(Some(start)), Some(end)) = (starts_on, ends_on)
        && start > end
    {
        errors.check::<()>(Err(FieldError::new(Field::EndsOn, Problem::EndBeforeStart)));
    }
    let agencies = errors.check(agencies(&form.agencies, grantable));
    match (name, starts_on, ends_on, agencies, errors.into_vec()) {
        (Some(name), Some(starts_on), Some(ends_on), Some(agencies), e) if e.is_empty() => {
            Ok(Procuration {
                id,
                org,
                name,
                starts_on,
                ends_on,
                agencies,
            })
        }
        (.., e) => Err(e),
    }
}

/// A last day from today and not after the bounds' latest end.
fn end_within(end: Date, bounds: Bounds) -> Result<Date, FieldError> {
    if end < bounds.today {
        Err(FieldError::new(Field::EndsOn, Problem::EndInThePast))
    } else if let Some((latest, problem)) = bounds.latest_end
        && end > latest
    {
        Err(FieldError::new(Field::EndsOn, problem))
    } else {
        Ok(end)
    }
}

/// P5, P6: a procuration's new last day, as typed, by the rule it was made under: a date from
/// today, within the bounds (the mandate's end, for one made within an external procuration),
/// and not before its start. Its holders' codes are checked with [`assignable`].
pub fn new_end(p: &Procuration, typed: &str, bounds: Bounds) -> Result<Date, FieldError> {
    let end = iso_date(Field::EndsOn, typed).and_then(|end| end_within(end, bounds))?;
    if p.starts_on.is_some_and(|start| end < start) {
        return Err(FieldError::new(Field::EndsOn, Problem::EndBeforeStart));
    }
    Ok(end)
}

fn agencies(
    chosen: &BTreeMap<AgencyId, Chosen>,
    grantable: &[Grantable],
) -> Result<Vec<AgencyAccess>, FieldError> {
    if chosen.is_empty() {
        return Err(FieldError::new(Field::Agencies, Problem::Required));
    }
    chosen
        .iter()
        .map(|(agency, choice)| {
            let g = grantable
                .iter()
                .find(|g| g.agency == *agency)
                .ok_or(FieldError::new(Field::Agencies, Problem::NotEnrolled))?;
            let access = match choice {
                Chosen::Unrestricted => Access::Unrestricted,
                Chosen::Tasks(tasks) if tasks.is_empty() => {
                    return Err(FieldError::new(Field::Tasks, Problem::Required));
                }
                Chosen::Tasks(tasks) if !tasks.is_subset(&g.tasks) => {
                    return Err(FieldError::new(Field::Tasks, Problem::NotAChoice));
                }
                Chosen::Tasks(tasks) => Access::Tasks(tasks.clone()),
            };
            Ok(AgencyAccess {
                agency: *agency,
                access,
            })
        })
        .collect()
}

/// P3, P4: a procuration is assigned to a person only within their code's validity.
pub fn assignable(p: &Procuration, code_expires_on: Option<Date>) -> Result<(), Problem> {
    match code_expires_on {
        Some(expiry) if p.ends_on > expiry => Err(Problem::BeyondCodeValidity),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn grantable() -> (AgencyId, TaskId, Vec<Grantable>) {
        let (agency, task) = (AgencyId::new(), TaskId::new());
        let g = Grantable {
            agency,
            tasks: BTreeSet::from([task]),
        };
        (agency, task, vec![g])
    }

    const BOUNDS: Bounds = Bounds {
        today: date!(2026 - 11 - 29),
        latest_end: Some((date!(2027 - 06 - 30), Problem::BeyondCodeValidity)),
    };

    fn form(agencies: BTreeMap<AgencyId, Chosen>) -> ProcurationForm<'static> {
        ProcurationForm {
            name: "Comptabilité",
            starts_on: "",
            ends_on: "2027-03-31",
            agencies,
        }
    }

    #[test]
    fn a_procuration_grants_enrolled_agencies_within_the_code_s_validity() {
        let (agency, task, grantable) = grantable();
        let chosen = BTreeMap::from([(agency, Chosen::Tasks(BTreeSet::from([task])))]);
        let p = parse(
            ProcurationId::new(),
            OrgId::new(),
            &form(chosen),
            &grantable,
            BOUNDS,
        )
        .expect("valid");
        assert_eq!(p.ends_on, date!(2027 - 03 - 31));
        let layer = p.layer(agency).expect("granted");
        assert!(layer.access.covers(task) && !layer.access.covers(TaskId::new()));
        assert_eq!(p.layer(AgencyId::new()), None);
        assert_eq!(
            assignable(&p, Some(date!(2027 - 03 - 30))),
            Err(Problem::BeyondCodeValidity)
        );
        assert_eq!(assignable(&p, None), Ok(()));
    }

    #[test]
    fn a_made_name_always_parses() {
        let (agency, _, grantable) = grantable();
        let long = format!("Droits d'accès de {}", "Tremblay-".repeat(25));
        let name = Procuration::made_name(&long);
        assert_eq!(name.chars().count(), Procuration::NAME_MAX);
        let f = ProcurationForm {
            name: &name,
            ..form(BTreeMap::from([(agency, Chosen::Unrestricted)]))
        };
        assert!(parse(ProcurationId::new(), OrgId::new(), &f, &grantable, BOUNDS).is_ok());
    }

    #[test]
    fn every_wrong_choice_is_named() {
        let (agency, _, grantable) = grantable();
        let faulty = ProcurationForm {
            name: " ",
            starts_on: "2027-04-01",
            ends_on: "2027-03-31",
            ..form(BTreeMap::from([(agency, Chosen::Tasks(BTreeSet::new()))]))
        };
        let errors = parse(
            ProcurationId::new(),
            OrgId::new(),
            &faulty,
            &grantable,
            BOUNDS,
        )
        .expect_err("faulty");
        assert_eq!(
            errors,
            [
                FieldError::new(Field::ProcurationName, Problem::Required),
                FieldError::new(Field::EndsOn, Problem::EndBeforeStart),
                FieldError::new(Field::Tasks, Problem::Required),
            ]
        );
        for (ends_on, problem) in [
            ("2026-11-28", Problem::EndInThePast),
            ("2027-07-01", Problem::BeyondCodeValidity),
        ] {
            let f = ProcurationForm {
                ends_on,
                ..form(BTreeMap::from([(agency, Chosen::Unrestricted)]))
            };
            let errors = parse(ProcurationId::new(), OrgId::new(), &f, &grantable, BOUNDS);
            assert_eq!(errors, Err(vec![FieldError::new(Field::EndsOn, problem)]));
        }
        let elsewhere = form(BTreeMap::from([(AgencyId::new(), Chosen::Unrestricted)]));
        assert_eq!(
            parse(
                ProcurationId::new(),
                OrgId::new(),
                &elsewhere,
                &grantable,
                BOUNDS
            ),
            Err(vec![FieldError::new(Field::Agencies, Problem::NotEnrolled)])
        );
        let none = form(BTreeMap::new());
        assert_eq!(
            parse(
                ProcurationId::new(),
                OrgId::new(),
                &none,
                &grantable,
                BOUNDS
            ),
            Err(vec![FieldError::new(Field::Agencies, Problem::Required)])
        );
    }

    #[test]
    fn a_new_end_follows_the_rule_the_procuration_was_made_under() {
        let (agency, _, grantable) = grantable();
        let chosen = BTreeMap::from([(agency, Chosen::Unrestricted)]);
        let starting = ProcurationForm {
            starts_on: "2027-01-01",
            ..form(chosen)
        };
        let p = parse(
            ProcurationId::new(),
            OrgId::new(),
            &starting,
            &grantable,
            BOUNDS,
        )
        .expect("valid");
        let mandate = Bounds {
            latest_end: Some((date!(2027 - 06 - 30), Problem::BeyondMandate)),
            ..BOUNDS
        };
        assert_eq!(
            new_end(&p, "2027-05-31", mandate),
            Ok(date!(2027 - 05 - 31))
        );
        for (typed, problem) in [
            ("2026-11-28", Problem::EndInThePast),
            ("2026-12-31", Problem::EndBeforeStart),
            ("2027-07-01", Problem::BeyondMandate),
            ("31/05/2027", Problem::Date),
        ] {
            let refused = new_end(&p, typed, mandate);
            assert_eq!(
                refused,
                Err(FieldError::new(Field::EndsOn, problem)),
                "{typed}"
            );
        }
    }
}
