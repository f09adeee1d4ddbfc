//! P6, external procurations: an organization (the mandant) grants a procuration to another
//! organization (the mandataire), found by its NEQ, whose officers accept or decline it and
//! then make, within it, procurations for their own people. A procuration made within never
//! reaches beyond the mandant's: its agencies and tasks are chosen among the mandant's, its end
//! is at most the mandant's, and the decision weighs both (a grant of two layers).

use std::collections::BTreeSet;

use crate::decision::Access;
use crate::field::{Field, FieldError, Problem};
use crate::ids::{OrgId, ProcurationId};
use crate::organization::Neq;
use crate::procuration::{Grantable, Procuration};

/// The mandataire's answer to an external procuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Pending,
    Accepted,
    Declined,
}

impl Answer {
    /// The stored code; `None` while pending.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Answer::Pending => None,
            Answer::Accepted => Some("accepted"),
            Answer::Declined => Some("declined"),
        }
    }

    pub fn from_code(code: Option<&str>) -> Option<Self> {
        match code {
            None => Some(Answer::Pending),
            Some("accepted") => Some(Answer::Accepted),
            Some("declined") => Some(Answer::Declined),
            Some(_) => None,
        }
    }
}

/// The mandataire's NEQ as typed: ten digits.
pub fn mandataire_neq(input: &str) -> Result<Neq, FieldError> {
    Neq::parse(input).map_err(|e| FieldError::new(Field::MandataireNeq, e.problem))
}

/// The organization found by the NEQ, if it is another organization registered in Mandat.
pub fn mandataire(mandant: OrgId, found: Option<OrgId>) -> Result<OrgId, FieldError> {
    match found {
        None => Err(FieldError::new(Field::MandataireNeq, Problem::UnknownNeq)),
        Some(org) if org == mandant => Err(FieldError::new(
            Field::MandataireNeq,
            Problem::OwnOrganization,
        )),
        Some(org) => Ok(org),
    }
}

/// What the mandataire may grant within the mandant's procuration: its agencies where the
/// mandant is still enrolled « Actif » (`grantable`, the mandant's), each with the tasks the
/// mandant granted there (all of the agency's when « sans restriction »).
pub fn within(mandate: &Procuration, grantable: &[Grantable]) -> Vec<Grantable> {
    mandate
        .agencies
        .iter()
        .filter_map(|a| {
            let g = grantable.iter().find(|g| g.agency == a.agency)?;
            let tasks: BTreeSet<_> = match &a.access {
                Access::Unrestricted => g.tasks.clone(),
                Access::Tasks(tasks) => tasks.intersection(&g.tasks).copied().collect(),
            };
            Some(Grantable {
                agency: a.agency,
                tasks,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, ProcurationId, TaskId};
    use crate::procuration::AgencyAccess;
    use time::macros::date;

    #[test]
    fn the_mandataire_is_another_registered_organization() {
        let (mandant, firm) = (OrgId::new(), OrgId::new());
        assert_eq!(mandataire(mandant, Some(firm)), Ok(firm));
        for (found, problem) in [
            (None, Problem::UnknownNeq),
            (Some(mandant), Problem::OwnOrganization),
        ] {
            assert_eq!(
                mandataire(mandant, found),
                Err(FieldError::new(Field::MandataireNeq, problem))
            );
        }
        assert_eq!(
            mandataire_neq("117 000 0002").map(|n| n.to_string()),
            Ok("1170000002".to_string())
        );
        assert_eq!(
            mandataire_neq("117").map_err(|e| e.field),
            Err(Field::MandataireNeq)
        );
    }

    #[test]
    fn within_offers_only_what_the_mandant_granted_and_still_may() {
        let (all, some, gone) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        let (t1, t2, t3) = (TaskId::new(), TaskId::new(), TaskId::new());
        let mandate = Procuration {
            id: ProcurationId::new(),
            org: OrgId::new(),
            name: "Comptabilité".into(),
            starts_on: None,
            ends_on: date!(2027 - 03 - 31),
            agencies: vec![
                AgencyAccess {
                    agency: all,
                    access: Access::Unrestricted,
                },
                AgencyAccess {
                    agency: some,
                    access: Access::Tasks(BTreeSet::from([t2])),
                },
                AgencyAccess {
                    agency: gone,
                    access: Access::Unrestricted,
                },
            ],
        };
        let grantable = [
            Grantable {
                agency: all,
                tasks: BTreeSet::from([t1, t3]),
            },
            Grantable {
                agency: some,
                tasks: BTreeSet::from([t2, t3]),
            },
        ];
        assert_eq!(
            within(&mandate, &grantable),
            [
                Grantable {
                    agency: all,
                    tasks: BTreeSet::from([t1, t3]),
                },
                Grantable {
                    agency: some,
                    tasks: BTreeSet::from([t2]),
                },
            ]
        );
    }
}

/// Whom a procuration serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The organization's own people (P1).
    Internal,
    /// Another organization, the mandataire, which answers it (P6).
    External { mandataire: OrgId, answer: Answer },
    /// Made by the mandataire within an external procuration, for its own people (P6).
    Within { mandate: ProcurationId },
}

impl Link {
    /// The mandataire's answer, for an external procuration; the others need none.
    pub fn answer(self) -> Answer {
        match self {
            Link::External { answer, .. } => answer,
            Link::Internal | Link::Within { .. } => Answer::Accepted,
        }
    }
}
