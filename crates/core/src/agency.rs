//! Agencies (« ministère ou organisme ») and the online services they offer, each with the
//! tasks that a restricted procuration grants one by one (P3).

use crate::contact::{Email, Phone};
use crate::field::{Field, FieldError, FieldErrors};
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

/// An agency as typed in central's form, before parsing.
#[derive(Clone, Debug, Default)]
pub struct AgencyForm<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub contact_name: &'a str,
    pub contact_phone: &'a str,
    pub contact_email: &'a str,
    pub hours_fr: &'a str,
    pub hours_en: &'a str,
}

impl Agency {
    pub const NAME_MAX: usize = 150;
    pub const CONTACT_MAX: usize = 100;

    /// Parses every field and returns every error.
    pub fn parse(id: AgencyId, form: &AgencyForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::AgencyCode, form.code));
        let name = Localized::parse(
            (Field::NameFr, Field::NameEn),
            form.name_fr,
            form.name_en,
            Self::NAME_MAX,
        );
        let contact_name = errors.check(text::required(
            Field::ContactName,
            form.contact_name,
            Self::CONTACT_MAX,
        ));
        let phone = errors.check(Phone::parse(Field::ContactPhone, form.contact_phone));
        let email = errors.check(Email::parse(Field::ContactEmail, form.contact_email));
        let hours = Localized::parse(
            (Field::ContactHoursFr, Field::ContactHoursEn),
            form.hours_fr,
            form.hours_en,
            Self::CONTACT_MAX,
        );
        let mut all = errors.into_vec();
        let (name, hours) = match (name, hours) {
            (Ok(name), Ok(hours)) => (Some(name), Some(hours)),
            (name, hours) => {
                all.extend(name.err().into_iter().flatten());
                all.extend(hours.err().into_iter().flatten());
                (None, None)
            }
        };
        match (code, name, contact_name, phone, email, hours) {
            (Some(code), Some(name), Some(contact_name), Some(phone), Some(email), Some(hours))
                if all.is_empty() =>
            {
                Ok(Agency {
                    id,
                    code,
                    name,
                    contact: AgencyContact {
                        name: contact_name,
                        phone,
                        email,
                        hours,
                    },
                })
            }
            _ => Err(all),
        }
    }
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
    fn an_agency_form_names_every_faulty_field() {
        let form = AgencyForm {
            code: "saaq",
            name_fr: "Société de l'assurance automobile du Québec",
            name_en: "Société de l'assurance automobile du Québec",
            contact_name: "Centre de relations avec la clientèle",
            contact_phone: "418 643-7620",
            contact_email: "entreprises@saaq.gouv.qc.ca",
            hours_fr: "Du lundi au vendredi, de 8 h 30 à 16 h 30",
            hours_en: "Monday to Friday, 8:30 a.m. to 4:30 p.m.",
        };
        let agency = Agency::parse(AgencyId::new(), &form).expect("valid");
        assert_eq!(agency.code.as_str(), "SAAQ");
        let errors = Agency::parse(
            AgencyId::new(),
            &AgencyForm {
                code: "s a",
                name_en: "",
                contact_phone: "abc",
                contact_email: "nowhere",
                hours_fr: "",
                ..form
            },
        )
        .expect_err("faulty");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::AgencyCode,
                Field::ContactPhone,
                Field::ContactEmail,
                Field::NameEn,
                Field::ContactHoursFr
            ]
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
