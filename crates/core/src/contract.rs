//! An agency's contracts and agreements with an organization (« contrats / ententes »): what
//! opens the menu's agency sections to the organization's users (M9), and whose end, three
//! months on, ends the codes that served nothing else (M20).

use time::{Date, Month};

use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{AgencyId, ContractId, OrgId};
use crate::profile::{Profile, ProfileSet};

/// What a contract covers: each opens one section of the menu to some users (M9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContractKind {
    /// Training measures, for users of individuals' files.
    Training,
    /// SAE/PPE measures, for users of individuals' files.
    SaePpe,
    /// Online billing, for users of enterprise files.
    Billing,
}

impl ContractKind {
    pub const ALL: [ContractKind; 3] = [
        ContractKind::Training,
        ContractKind::SaePpe,
        ContractKind::Billing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::Training => "training",
            ContractKind::SaePpe => "sae-ppe",
            ContractKind::Billing => "billing",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether a person with `profiles` sees this kind's section of the menu (M9).
    pub fn opens_for(self, profiles: &ProfileSet) -> bool {
        let held = |p: Profile| profiles.profiles().contains(&p);
        match self {
            ContractKind::Training | ContractKind::SaePpe => {
                held(Profile::IndividualFiles) || held(Profile::IndividualFilesWithExtraction)
            }
            ContractKind::Billing => held(Profile::EnterpriseFiles),
        }
    }
}

/// A contract as recorded by the agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: ContractId,
    pub agency_id: AgencyId,
    pub org_id: OrgId,
    pub kind: ContractKind,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl Contract {
    /// Parses the kind and the two dates (ISO), naming each faulty field.
    pub fn parse(
        agency_id: AgencyId,
        org_id: OrgId,
        kind: &str,
        starts_on: &str,
        ends_on: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let kind = errors.check(ContractKind::from_code(kind.trim()).ok_or(FieldError::new(
            Field::ContractKind,
            if kind.trim().is_empty() {
                Problem::Required
            } else {
                Problem::NotAChoice
            },
        )));
        let starts_on = errors.check(iso_date(Field::StartsOn, starts_on));
        let ends_on = errors.check(iso_date(Field::EndsOn, ends_on));
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && end < start
        {
            errors.check::<()>(Err(FieldError::new(Field::EndsOn, Problem::EndBeforeStart)));
        }
        match (kind, starts_on, ends_on) {
            (Some(kind), Some(starts_on), Some(ends_on)) if ends_on >= starts_on => Ok(Contract {
                id: ContractId::new(),
                agency_id,
                org_id,
                kind,
                starts_on,
                ends_on,
            }),
            _ => Err(errors.into_vec()),
        }
    }

    /// In force on `day`: from its first to its last day, both included.
    pub fn in_force(&self, day: Date) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

/// A required date written `AAAA-MM-JJ`.
pub fn iso_date(field: Field, text: &str) -> Result<Date, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(text, format).map_err(|_| FieldError::new(field, Problem::Date))?;
    match crate::dates::YEARS.contains(&date.year()) {
        true => Ok(date),
        false => Err(FieldError::new(field, Problem::DateYears)),
    }
}

/// As [`iso_date`], for a date that may be left empty: `None` then.
pub fn optional_date(field: Field, text: &str) -> Result<Option<Date>, FieldError> {
    match text.trim().is_empty() {
        true => Ok(None),
        false => iso_date(field, text).map(Some),
    }
}

/// M20: how long the codes that served only an organization's contracts outlive the last one.
pub const GRACE_MONTHS: u8 = 3;

/// The day M20 deactivates those codes, when the last contract ended on `last_day`: three
/// months later, on the same day of the month or the month's last day.
pub fn end_of_grace(last_day: Date) -> Date {
    let months = u32::from(last_day.month() as u8) - 1 + u32::from(GRACE_MONTHS);
    let year = last_day.year() + (months / 12) as i32;
    let month = Month::try_from((months % 12) as u8 + 1).unwrap_or(Month::January);
    let day = last_day.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(last_day)
}

/// M20: whose code served only the contracts — any member who is not a security officer.
pub fn served_only_contracts(profiles: &ProfileSet) -> bool {
    !profiles.is_officer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileChoices;
    use time::macros::date;

    #[test]
    fn a_contract_names_each_faulty_field() {
        let (agency, org) = (AgencyId::new(), OrgId::new());
        let c = Contract::parse(agency, org, "billing", "2026-01-01", "2026-12-31").expect("valid");
        assert!(c.in_force(date!(2026 - 12 - 31)) && !c.in_force(date!(2027 - 01 - 01)));
        let fields = |r: Result<Contract, Vec<FieldError>>| {
            r.expect_err("faulty")
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(Contract::parse(agency, org, "", "2026-13-01", "")),
            [
                (Field::ContractKind, Problem::Required),
                (Field::StartsOn, Problem::Date),
                (Field::EndsOn, Problem::Required)
            ]
        );
        assert_eq!(
            fields(Contract::parse(
                agency,
                org,
                "loterie",
                "2026-06-01",
                "2026-05-31"
            )),
            [
                (Field::ContractKind, Problem::NotAChoice),
                (Field::EndsOn, Problem::EndBeforeStart)
            ]
        );
    }

    #[test]
    fn the_grace_ends_three_months_on_or_at_the_months_end() {
        assert_eq!(end_of_grace(date!(2026 - 11 - 30)), date!(2027 - 02 - 28));
        assert_eq!(end_of_grace(date!(2026 - 03 - 15)), date!(2026 - 06 - 15));
        assert_eq!(end_of_grace(date!(2026 - 10 - 31)), date!(2027 - 01 - 31));
    }

    #[test]
    fn sections_open_by_profile() {
        let set = |c: ProfileChoices| ProfileSet::from_choices(c).expect("profiles");
        let individual = set(ProfileChoices {
            individual_files: true,
            ..Default::default()
        });
        let enterprise = set(ProfileChoices {
            enterprise_files: true,
            ..Default::default()
        });
        assert!(ContractKind::Training.opens_for(&individual));
        assert!(!ContractKind::Billing.opens_for(&individual));
        assert!(ContractKind::Billing.opens_for(&enterprise));
        assert!(!ContractKind::SaePpe.opens_for(&enterprise));
    }
}
