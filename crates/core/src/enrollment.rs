//! Enrollment in an agency's services (E1–E5): the states of a request. Every agency has the
//! three of E4; an agency may add its own, each with the meaning shown to officers.

use crate::Lang;
use crate::agency::{Code, Localized};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::AgencyId;

/// The states every request may take (E4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltInState {
    /// « En traitement »: the initial state.
    InProgress,
    /// « Actif »: the rights are granted, or an officer may now grant them.
    Active,
    /// « Refusé »: the officer must call the agency.
    Refused,
}

impl BuiltInState {
    pub const ALL: [BuiltInState; 3] = [
        BuiltInState::InProgress,
        BuiltInState::Active,
        BuiltInState::Refused,
    ];

    /// The code, as an agency's own states' codes are written.
    pub fn code(self) -> &'static str {
        match self {
            BuiltInState::InProgress => "EN-TRAITEMENT",
            BuiltInState::Active => "ACTIF",
            BuiltInState::Refused => "REFUSE",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BuiltInState::InProgress, Lang::Fr) => "En traitement",
            (BuiltInState::InProgress, Lang::En) => "In progress",
            (BuiltInState::Active, Lang::Fr) => "Actif",
            (BuiltInState::Active, Lang::En) => "Active",
            (BuiltInState::Refused, Lang::Fr) => "Refusé",
            (BuiltInState::Refused, Lang::En) => "Refused",
        }
    }

    pub fn meaning(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BuiltInState::InProgress, Lang::Fr) => "La demande est reçue et sera traitée.",
            (BuiltInState::InProgress, Lang::En) => {
                "The request is received and will be processed."
            }
            (BuiltInState::Active, Lang::Fr) => {
                "Les droits sont accordés, ou un responsable de la sécurité peut maintenant les accorder."
            }
            (BuiltInState::Active, Lang::En) => {
                "The rights are granted, or a security officer may now grant them."
            }
            (BuiltInState::Refused, Lang::Fr) => {
                "La demande est refusée : communiquez avec le ministère ou organisme."
            }
            (BuiltInState::Refused, Lang::En) => {
                "The request is refused: contact the ministry or agency."
            }
        }
    }
}

/// A state an agency adds to E4's three, with its meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomState {
    pub agency_id: AgencyId,
    pub code: Code,
    pub name: Localized,
    pub meaning: Localized,
}

/// A custom state as typed in the agency's form, before parsing.
#[derive(Clone, Copy, Debug, Default)]
pub struct StateForm<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub meaning_fr: &'a str,
    pub meaning_en: &'a str,
}

impl CustomState {
    pub const NAME_MAX: usize = 60;
    pub const MEANING_MAX: usize = 500;

    /// Parses every field and returns every error; a built-in state's code is taken.
    pub fn parse(agency_id: AgencyId, form: &StateForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::StateCode, form.code).and_then(|c| {
            if BuiltInState::ALL.iter().any(|b| b.code() == c.as_str()) {
                Err(FieldError::new(Field::StateCode, Problem::Taken))
            } else {
                Ok(c)
            }
        }));
        let name = errors.check_all(Localized::parse(
            (Field::NameFr, Field::NameEn),
            form.name_fr,
            form.name_en,
            Self::NAME_MAX,
        ));
        let meaning = errors.check_all(Localized::parse(
            (Field::MeaningFr, Field::MeaningEn),
            form.meaning_fr,
            form.meaning_en,
            Self::MEANING_MAX,
        ));
        match (code, name, meaning) {
            (Some(code), Some(name), Some(meaning)) => Ok(CustomState {
                agency_id,
                code,
                name,
                meaning,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A request's state as officers and the agency read it: its name and meaning in both
/// languages, whether built in or the agency's own; an unknown code is shown as is.
pub fn describe(code: &str, custom: &[CustomState]) -> (Localized, Localized) {
    let both = |f: &dyn Fn(Lang) -> &'static str| Localized {
        fr: f(Lang::Fr).to_string(),
        en: f(Lang::En).to_string(),
    };
    if let Some(b) = BuiltInState::ALL.into_iter().find(|b| b.code() == code) {
        return (both(&|l| b.name(l)), both(&|l| b.meaning(l)));
    }
    match custom.iter().find(|c| c.code.as_str() == code) {
        Some(c) => (c.name.clone(), c.meaning.clone()),
        None => (
            Localized {
                fr: code.to_string(),
                en: code.to_string(),
            },
            Localized::default(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_state_needs_a_new_code_a_name_and_a_meaning() {
        let form = StateForm {
            code: "documents-requis",
            name_fr: "Documents requis",
            name_en: "Documents required",
            meaning_fr: "Transmettez les documents demandés par courriel.",
            meaning_en: "Send the documents asked for by email.",
        };
        let state = CustomState::parse(AgencyId::new(), &form).expect("valid");
        assert_eq!(state.code.as_str(), "DOCUMENTS-REQUIS");
        let errors = CustomState::parse(
            AgencyId::new(),
            &StateForm {
                code: "actif",
                meaning_en: "",
                ..form
            },
        )
        .expect_err("faulty");
        let (name, meaning) = describe("DOCUMENTS-REQUIS", std::slice::from_ref(&state));
        assert_eq!(
            (name.fr.as_str(), meaning.en.as_str()),
            ("Documents requis", "Send the documents asked for by email.")
        );
        assert_eq!(describe("REFUSE", &[]).0.en, "Refused");
        assert_eq!(
            errors,
            [
                FieldError::new(Field::StateCode, Problem::Taken),
                FieldError::new(Field::MeaningEn, Problem::Required)
            ]
        );
    }
}
