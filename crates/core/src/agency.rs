//! Agencies (« ministère ou organisme ») and the online services they offer, each with the
//! tasks that a restricted procuration grants one by one (P3).

use crate::contact::{Email, Phone};
use crate::contract::ContractKind;
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{AgencyId, ServiceId, TaskId};
use crate::{Lang, text};

/// Text the interface shows in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// An agency's contact as typed in a form, before parsing.
#[derive(Clone, Copy, Debug, Default)]
pub struct ContactForm<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub hours_fr: &'a str,
    pub hours_en: &'a str,
}

impl AgencyContact {
    pub const MAX: usize = 100;

    /// Parses every field and returns every error.
    pub fn parse(form: &ContactForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check(text::required(Field::ContactName, form.name, Self::MAX));
        let phone = errors.check(Phone::parse(Field::ContactPhone, form.phone));
        let email = errors.check(Email::parse(Field::ContactEmail, form.email));
        let hours = errors.check_all(Localized::parse(
            (Field::ContactHoursFr, Field::ContactHoursEn),
            form.hours_fr,
            form.hours_en,
            Self::MAX,
        ));
        match (name, phone, email, hours) {
            (Some(name), Some(phone), Some(email), Some(hours)) => Ok(AgencyContact {
                name,
                phone,
                email,
                hours,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// An agency as typed in central's form, before parsing.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgencyForm<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub contact: ContactForm<'a>,
}

impl Agency {
    pub const NAME_MAX: usize = 150;

    /// Parses every field and returns every error.
    pub fn parse(id: AgencyId, form: &AgencyForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::AgencyCode, form.code));
        let name = errors.check_all(Localized::parse(
            (Field::NameFr, Field::NameEn),
            form.name_fr,
            form.name_en,
            Self::NAME_MAX,
        ));
        let contact = errors.check_all(AgencyContact::parse(&form.contact));
        match (code, name, contact) {
            (Some(code), Some(name), Some(contact)) => Ok(Agency {
                id,
                code,
                name,
                contact,
            }),
            _ => Err(errors.into_vec()),
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
    /// The kind of contract the organization must have in force with the agency to use the
    /// service (M9), if any: the decision refuses without it.
    pub contract: Option<ContractKind>,
}

/// A task within an online service, such as « Consulter un dossier ».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub service_id: ServiceId,
    pub code: Code,
    pub name: Localized,
}

/// An online service as typed in the agency's form, before parsing.
#[derive(Clone, Copy, Debug, Default)]
pub struct ServiceForm<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub description_fr: &'a str,
    pub description_en: &'a str,
    /// Empty for none, or a contract kind's code.
    pub contract: &'a str,
}

impl OnlineService {
    pub const NAME_MAX: usize = 150;
    pub const DESCRIPTION_MAX: usize = 1000;

    /// Parses every field and returns every error.
    pub fn parse(
        id: ServiceId,
        agency_id: AgencyId,
        form: &ServiceForm<'_>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::ServiceCode, form.code));
        let name = errors.check_all(Localized::parse(
            (Field::NameFr, Field::NameEn),
            form.name_fr,
            form.name_en,
            Self::NAME_MAX,
        ));
        let description = errors.check_all(Localized::parse(
            (Field::DescriptionFr, Field::DescriptionEn),
            form.description_fr,
            form.description_en,
            Self::DESCRIPTION_MAX,
        ));
        let contract = match form.contract {
            "" => Some(None),
            kind => errors.check(
                ContractKind::from_code(kind)
                    .map(Some)
                    .ok_or(FieldError::new(Field::ServiceContract, Problem::NotAChoice)),
            ),
        };
        match (code, name, description, contract) {
            (Some(code), Some(name), Some(description), Some(contract)) => Ok(OnlineService {
                id,
                agency_id,
                code,
                name,
                description,
                contract,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A task as typed in the agency's form, before parsing.
#[derive(Clone, Copy, Debug, Default)]
pub struct TaskForm<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
}

impl Task {
    pub const NAME_MAX: usize = 150;

    /// Parses every field and returns every error.
    pub fn parse(
        id: TaskId,
        service_id: ServiceId,
        form: &TaskForm<'_>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::TaskCode, form.code));
        let name = errors.check_all(Localized::parse(
            (Field::TaskNameFr, Field::TaskNameEn),
            form.name_fr,
            form.name_en,
            Self::NAME_MAX,
        ));
        match (code, name) {
            (Some(code), Some(name)) => Ok(Task {
                id,
                service_id,
                code,
                name,
            }),
            _ => Err(errors.into_vec()),
        }
    }
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
        let contact = ContactForm {
            name: "Centre de relations avec la clientèle",
            phone: "418 643-7620",
            email: "entreprises@saaq.gouv.qc.ca",
            hours_fr: "Du lundi au vendredi, de 8 h 30 à 16 h 30",
            hours_en: "Monday to Friday, 8:30 a.m. to 4:30 p.m.",
        };
        let form = AgencyForm {
            code: "saaq",
            name_fr: "Société de l'assurance automobile du Québec",
            name_en: "Société de l'assurance automobile du Québec",
            contact,
        };
        let agency = Agency::parse(AgencyId::new(), &form).expect("valid");
        assert_eq!(agency.code.as_str(), "SAAQ");
        let errors = Agency::parse(
            AgencyId::new(),
            &AgencyForm {
                code: "s a",
                name_en: "",
                contact: ContactForm {
                    phone: "abc",
                    email: "nowhere",
                    hours_fr: "",
                    ..contact
                },
                ..form
            },
        )
        .expect_err("faulty");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::AgencyCode,
                Field::NameEn,
                Field::ContactPhone,
                Field::ContactEmail,
                Field::ContactHoursFr
            ]
        );
    }

    #[test]
    fn a_service_and_a_task_need_a_code_and_both_languages() {
        let service = ServiceForm {
            code: "permis",
            name_fr: "Permis",
            name_en: "Licences",
            description_fr: "Demandes de permis",
            description_en: "",
            contract: "loyer",
        };
        let errors = OnlineService::parse(ServiceId::new(), AgencyId::new(), &service)
            .expect_err("no English description");
        assert_eq!(
            errors,
            [
                FieldError::new(Field::DescriptionEn, Problem::Required),
                FieldError::new(Field::ServiceContract, Problem::NotAChoice)
            ]
        );
        let billed = ServiceForm {
            description_en: "Licence requests",
            contract: "billing",
            ..service
        };
        let billed = OnlineService::parse(ServiceId::new(), AgencyId::new(), &billed);
        assert_eq!(billed.map(|s| s.contract), Ok(Some(ContractKind::Billing)));
        let free = ServiceForm {
            description_en: "Licence requests",
            contract: "",
            ..service
        };
        let free = OnlineService::parse(ServiceId::new(), AgencyId::new(), &free);
        assert_eq!(free.map(|s| s.contract), Ok(None));
        let task = TaskForm {
            code: "consulter",
            name_fr: "Consulter un dossier",
            name_en: "View a file",
        };
        let task = Task::parse(TaskId::new(), ServiceId::new(), &task).expect("valid");
        assert_eq!(task.code.as_str(), "CONSULTER");
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
