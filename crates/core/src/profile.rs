//! The profiles of M1 and the one label the security file shows for a person's set of them.

use crate::Lang;
use crate::field::{Field, FieldError, Problem};

/// Which of the two security officer profiles a person holds (M1: at most one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfficerRank {
    /// « Responsable principal Sécurité »
    Principal,
    /// « Responsable auxiliaire Sécurité »
    Auxiliary,
}

/// Data extraction for an « Utilisateur des dossiers Individus » (external resources only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extraction {
    /// Not an external resource: the question does not arise.
    NotApplicable,
    /// « Avec extraction »
    With,
    /// « Sans extraction »
    Without,
}

/// One profile, as stored.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    PrincipalOfficer,
    AuxiliaryOfficer,
    IndividualFiles,
    IndividualFilesWithExtraction,
    IndividualFilesWithoutExtraction,
    EnterpriseFiles,
}

impl Profile {
    pub const ALL: [Profile; 6] = [
        Profile::PrincipalOfficer,
        Profile::AuxiliaryOfficer,
        Profile::IndividualFiles,
        Profile::IndividualFilesWithExtraction,
        Profile::IndividualFilesWithoutExtraction,
        Profile::EnterpriseFiles,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Profile::PrincipalOfficer => "principal-officer",
            Profile::AuxiliaryOfficer => "auxiliary-officer",
            Profile::IndividualFiles => "individual-files",
            Profile::IndividualFilesWithExtraction => "individual-files-with-extraction",
            Profile::IndividualFilesWithoutExtraction => "individual-files-without-extraction",
            Profile::EnterpriseFiles => "enterprise-files",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Profile::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The profile's full name, as form 2490 prints it.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Profile::PrincipalOfficer, Lang::Fr) => "Responsable principal Sécurité",
            (Profile::PrincipalOfficer, Lang::En) => "Principal security officer",
            (Profile::AuxiliaryOfficer, Lang::Fr) => "Responsable auxiliaire Sécurité",
            (Profile::AuxiliaryOfficer, Lang::En) => "Auxiliary security officer",
            (Profile::IndividualFiles, Lang::Fr) => "Utilisateur des dossiers Individus",
            (Profile::IndividualFiles, Lang::En) => "Individual files user",
            (Profile::IndividualFilesWithExtraction, Lang::Fr) => {
                "Utilisateur des dossiers Individus, avec extraction"
            }
            (Profile::IndividualFilesWithExtraction, Lang::En) => {
                "Individual files user, with extraction"
            }
            (Profile::IndividualFilesWithoutExtraction, Lang::Fr) => {
                "Utilisateur des dossiers Individus, sans extraction"
            }
            (Profile::IndividualFilesWithoutExtraction, Lang::En) => {
                "Individual files user, without extraction"
            }
            (Profile::EnterpriseFiles, Lang::Fr) => "Utilisateur des dossiers Entreprise",
            (Profile::EnterpriseFiles, Lang::En) => "Enterprise files user",
        }
    }
}

/// The profiles a person holds, valid by construction: at most one officer profile and one
/// individual-files profile (M1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProfileSet {
    officer: Option<OfficerRank>,
    individual: Option<Extraction>,
    enterprise: bool,
}

/// The boxes of form 2490's « Profil demandé », as ticked.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProfileChoices {
    pub principal_officer: bool,
    pub auxiliary_officer: bool,
    pub individual_files: bool,
    pub with_extraction: bool,
    pub without_extraction: bool,
    pub enterprise_files: bool,
}

impl ProfileSet {
    /// Reads the ticked boxes. Ticking an extraction box implies individual files.
    pub fn from_choices(c: ProfileChoices) -> Result<Self, FieldError> {
        let error = |problem| FieldError::new(Field::Profiles, problem);
        let officer = match (c.principal_officer, c.auxiliary_officer) {
            (true, true) => return Err(error(Problem::OneOfficerProfile)),
            (true, false) => Some(OfficerRank::Principal),
            (false, true) => Some(OfficerRank::Auxiliary),
            (false, false) => None,
        };
        let individual = match (c.with_extraction, c.without_extraction) {
            (true, true) => return Err(error(Problem::OneExtractionChoice)),
            (true, false) => Some(Extraction::With),
            (false, true) => Some(Extraction::Without),
            (false, false) => c.individual_files.then_some(Extraction::NotApplicable),
        };
        let set = ProfileSet {
            officer,
            individual,
            enterprise: c.enterprise_files,
        };
        if set.is_empty() {
            return Err(error(Problem::Required));
        }
        Ok(set)
    }

    /// Reads profiles as stored, none at all included; `None` if they break M1.
    pub fn from_profiles(profiles: impl IntoIterator<Item = Profile>) -> Option<Self> {
        let mut c = ProfileChoices::default();
        for p in profiles {
            let tick = match p {
                Profile::PrincipalOfficer => &mut c.principal_officer,
                Profile::AuxiliaryOfficer => &mut c.auxiliary_officer,
                Profile::IndividualFiles => &mut c.individual_files,
                Profile::IndividualFilesWithExtraction => &mut c.with_extraction,
                Profile::IndividualFilesWithoutExtraction => &mut c.without_extraction,
                Profile::EnterpriseFiles => &mut c.enterprise_files,
            };
            if *tick {
                return None;
            }
            *tick = true;
        }
        if c.individual_files && (c.with_extraction || c.without_extraction) {
            return None;
        }
        match Self::from_choices(c) {
            Ok(set) => Some(set),
            // No profile at all: a manager or a representative who uses no service.
            Err(FieldError {
                problem: Problem::Required,
                ..
            }) => Some(ProfileSet::default()),
            Err(_) => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.officer.is_none() && self.individual.is_none() && !self.enterprise
    }

    pub fn officer(&self) -> Option<OfficerRank> {
        self.officer
    }

    pub fn is_officer(&self) -> bool {
        self.officer.is_some()
    }

    pub fn individual(&self) -> Option<Extraction> {
        self.individual
    }

    pub fn has_enterprise_files(&self) -> bool {
        self.enterprise
    }

    /// The profiles, one per stored row.
    pub fn profiles(&self) -> Vec<Profile> {
        let mut out = Vec::with_capacity(3);
        match self.officer {
            Some(OfficerRank::Principal) => out.push(Profile::PrincipalOfficer),
            Some(OfficerRank::Auxiliary) => out.push(Profile::AuxiliaryOfficer),
            None => {}
        }
        match self.individual {
            Some(Extraction::NotApplicable) => out.push(Profile::IndividualFiles),
            Some(Extraction::With) => out.push(Profile::IndividualFilesWithExtraction),
            Some(Extraction::Without) => out.push(Profile::IndividualFilesWithoutExtraction),
            None => {}
        }
        if self.enterprise {
            out.push(Profile::EnterpriseFiles);
        }
        out
    }

    /// The one label of the security file's list (M1, M22), in the seed's abbreviations:
    /// « Util. doss. indiv., entr. et resp. sécurité », « Responsable sécurité »…
    pub fn label(&self, lang: Lang) -> String {
        let (prefix, parts, and, officer_alone): (&str, [&str; 4], &str, &str) = match lang {
            Lang::Fr => (
                "Util. doss. ",
                ["indiv.", "entr.", "extraction de données", "resp. sécurité"],
                " et ",
                "Responsable sécurité",
            ),
            Lang::En => (
                "Files user: ",
                ["indiv.", "ent.", "data extraction", "security officer"],
                " and ",
                "Security officer",
            ),
        };
        let mut items = Vec::with_capacity(4);
        if self.individual.is_some() {
            items.push(parts[0]);
        }
        if self.enterprise {
            items.push(parts[1]);
        }
        if self.individual == Some(Extraction::With) {
            items.push(parts[2]);
        }
        if self.officer.is_some() {
            items.push(parts[3]);
        }
        if items.len() == 1 && self.officer.is_some() {
            return officer_alone.to_string();
        }
        match items.split_last() {
            None => String::new(),
            Some((last, [])) => format!("{prefix}{last}"),
            Some((last, init)) => format!("{prefix}{}{and}{last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(c: ProfileChoices) -> ProfileSet {
        ProfileSet::from_choices(c).expect("valid")
    }

    #[test]
    fn labels_follow_the_seeds_security_file() {
        let all_but_extraction = ProfileChoices {
            principal_officer: true,
            individual_files: true,
            enterprise_files: true,
            ..Default::default()
        };
        assert_eq!(
            set(all_but_extraction).label(Lang::Fr),
            "Util. doss. indiv., entr. et resp. sécurité"
        );
        let billing_with_extraction = ProfileChoices {
            with_extraction: true,
            enterprise_files: true,
            ..Default::default()
        };
        assert_eq!(
            set(billing_with_extraction).label(Lang::Fr),
            "Util. doss. indiv., entr. et extraction de données"
        );
        let officer = ProfileChoices {
            auxiliary_officer: true,
            ..Default::default()
        };
        assert_eq!(set(officer).label(Lang::Fr), "Responsable sécurité");
        assert_eq!(set(officer).label(Lang::En), "Security officer");
        let enterprise = ProfileChoices {
            enterprise_files: true,
            ..Default::default()
        };
        assert_eq!(set(enterprise).label(Lang::Fr), "Util. doss. entr.");
        let individual_officer = ProfileChoices {
            individual_files: true,
            principal_officer: true,
            ..Default::default()
        };
        assert_eq!(
            set(individual_officer).label(Lang::En),
            "Files user: indiv. and security officer"
        );
    }

    #[test]
    fn a_person_holds_at_most_one_officer_profile() {
        let both = ProfileChoices {
            principal_officer: true,
            auxiliary_officer: true,
            ..Default::default()
        };
        assert_eq!(
            ProfileSet::from_choices(both),
            Err(FieldError::new(Field::Profiles, Problem::OneOfficerProfile))
        );
    }

    #[test]
    fn extraction_is_with_or_without_and_implies_individual_files() {
        let both = ProfileChoices {
            with_extraction: true,
            without_extraction: true,
            ..Default::default()
        };
        assert_eq!(
            ProfileSet::from_choices(both),
            Err(FieldError::new(
                Field::Profiles,
                Problem::OneExtractionChoice
            ))
        );
        let without = set(ProfileChoices {
            without_extraction: true,
            ..Default::default()
        });
        assert_eq!(
            without.profiles(),
            vec![Profile::IndividualFilesWithoutExtraction]
        );
    }

    #[test]
    fn at_least_one_profile_is_required() {
        assert_eq!(
            ProfileSet::from_choices(ProfileChoices::default()),
            Err(FieldError::new(Field::Profiles, Problem::Required))
        );
    }

    #[test]
    fn stored_profiles_that_break_m1_are_refused() {
        assert_eq!(
            ProfileSet::from_profiles([Profile::PrincipalOfficer, Profile::AuxiliaryOfficer]),
            None
        );
        assert_eq!(
            ProfileSet::from_profiles([
                Profile::IndividualFiles,
                Profile::IndividualFilesWithExtraction
            ]),
            None
        );
        assert_eq!(
            ProfileSet::from_profiles([Profile::EnterpriseFiles, Profile::EnterpriseFiles]),
            None
        );
    }

    proptest! {
        #[test]
        fn profiles_round_trip_through_storage(bits in 0u8..64) {
            let c = ProfileChoices {
                principal_officer: bits & 1 != 0,
                auxiliary_officer: bits & 2 != 0,
                individual_files: bits & 4 != 0,
                with_extraction: bits & 8 != 0,
                without_extraction: bits & 16 != 0,
                enterprise_files: bits & 32 != 0,
            };
            if let Ok(set) = ProfileSet::from_choices(c) {
                let codes: Vec<&str> = set.profiles().iter().map(|p| p.code()).collect();
                let back = ProfileSet::from_profiles(codes.iter().filter_map(|c| Profile::from_code(c)));
                prop_assert_eq!(back, Some(set));
                prop_assert!(!set.label(Lang::Fr).is_empty());
            }
        }
    }
}
