//! Agencies (« ministère ou organisme ») and the online services they offer, each with the
//! tasks that a restricted procuration grants one by one (P3).

use crate::contact::{Email, Phone};
use crate::field::{Field, FieldError};
use crate::ids::{AgencyId, ServiceId, TaskId};
use crate::{Lang, text};

/// Text the interface shows in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

impl Localized {
    /// Both versions are required, each within `max` characters.
    pub fn parse(
        fields: (Field, Field),
        fr: &str,
        en: &str,
        max: usize,
    ) -> Result<Self, Vec<FieldError>> {
        let fr = text::required(fields.0, fr, max);
        let en = text::required(fields.1, en, max);
        match (fr, en) {
            (Ok(fr), Ok(en)) => Ok(Localized { fr, en }),
            (fr, en) => Err(fr.err().into_iter().chain(en.err()).collect()),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The short code of an agency, service or task, upper-cased: `MESS`, `SOLEIE`, `CONSULTER`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(String);

impl Code {
    pub const MAX: usize = 30;

    pub fn parse(field: Field, input: &str) -> Result<Self, FieldError> {
        text::code(field, input, Self::MAX).map(Code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whom to call at an agency, shown wherever the seeds say to call it (E4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyContact {
    pub name: String,
    pub phone: Phone,
    pub email: Email,
    pub hours: Localized,
}

/// A ministry or agency offering online services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agency {
    pub id: AgencyId,
    pub code: Code,
    pub name: Localized,
    pub contact: AgencyContact,
}

/// One of an agency's online services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnlineService {
    pub id: ServiceId,
    pub agency_id: AgencyId,
    pub code: Code,
    pub name: Localized,
    pub description: Localized,
}

/// A task within an online service, such as « Consulter un dossier ».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub service_id: ServiceId,
    pub code: Code,
    pub name: Localized,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Problem;

    #[test]
    fn codes_are_unaccented_and_upper_cased() {
        assert_eq!(
            Code::parse(Field::ServiceCode, " soleie ").map(|c| c.0),
            Ok("SOLEIE".to_string())
        );
        assert_eq!(
            Code::parse(Field::ServiceCode, "déclaration"),
            Err(FieldError::new(
                Field::ServiceCode,
                Problem::Code { max: Code::MAX }
            ))
        );
        assert_eq!(
            Code::parse(Field::TaskCode, ""),
            Err(FieldError::new(Field::TaskCode, Problem::Required))
        );
    }

    #[test]
    fn localized_text_needs_both_languages() {
        assert_eq!(
            Localized::parse(
                (Field::NameFr, Field::NameEn),
                "Consulter un dossier",
                " ",
                100
            ),
            Err(vec![FieldError::new(Field::NameEn, Problem::Required)])
        );
        let both = Localized::parse((Field::NameFr, Field::NameEn), "Consulter", "View", 100)
            .expect("valid");
        assert_eq!(both.get(Lang::En), "View");
    }
}
