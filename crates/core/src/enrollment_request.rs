//! An officer's enrollment request (E3): the steps, what each asks, the draft that keeps what
//! was typed between them (and across an expired session), and the content the agency
//! receives once everything checks and the officer transmits.

use std::collections::BTreeMap;

use crate::agency::{Localized, OnlineService};
use crate::enrollment_form::{Answer, FormField};
use crate::field::{Field, FieldError, Problem};
use crate::organization::{Organization, OrganizationForm};
use crate::text;

/// The steps after choosing the agency, in order (E3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// « Renseignements sur le ministère ou l'organisme »: the services wanted.
    Agency,
    /// « Renseignements sur l'entreprise »: prefilled, correctable.
    Organization,
    /// « Autres renseignements »: the agency's own fields, when it has some.
    Other,
    /// The consent to the enrollment in the services indicated.
    Consent,
    /// Everything, to check before « Transmettre ».
    Review,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Agency,
        Step::Organization,
        Step::Other,
        Step::Consent,
        Step::Review,
    ];

    /// The step's part of the address.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Agency => "ministere",
            Step::Organization => "entreprise",
            Step::Other => "autres",
            Step::Consent => "consentement",
            Step::Review => "verification",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The steps of an agency's request, in order: « Autres renseignements » only when the
    /// agency asks some.
    pub fn sequence(has_other: bool) -> Vec<Step> {
        Self::ALL
            .into_iter()
            .filter(|s| *s != Step::Other || has_other)
            .collect()
    }

    /// The step after this one in the request's sequence; the review comes last.
    pub fn next(self, has_other: bool) -> Step {
        let rank = |s: Step| Self::ALL.iter().position(|a| *a == s);
        Self::sequence(has_other)
            .into_iter()
            .find(|s| rank(*s) > rank(self))
            .unwrap_or(Step::Review)
    }
}

/// The organization's details as typed on the request.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrganizationTyped {
    pub name: String,
    pub address: String,
    pub city: String,
    pub postal_code: String,
    pub phone: String,
    pub phone_extension: String,
}

/// What the officer typed, step by step; saved after each step.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// The codes of the services asked for.
    pub services: Vec<String>,
    /// The organization's file number with the agency, if it has one.
    pub agency_file: String,
    pub organization: OrganizationTyped,
    /// By the agency's field code, the answer as typed.
    pub answers: BTreeMap<String, String>,
    pub consent: bool,
}

/// A service asked for, as it was named when the request was transmitted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceAsked {
    pub code: String,
    pub name: Localized,
}

/// The organization as the request describes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrganizationGiven {
    pub neq: String,
    pub name: String,
    pub address: String,
    pub city: String,
    pub postal_code: String,
    pub phone: String,
    pub phone_extension: String,
}

/// What the agency receives: checked, and kept as it was, whatever the agency changes later.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Content {
    pub services: Vec<ServiceAsked>,
    pub agency_file: String,
    pub organization: OrganizationGiven,
    pub answers: Vec<Answer>,
}

/// An answer's problem, by the agency's field code.
pub type AnswerError = (String, Problem);

impl Draft {
    pub const AGENCY_FILE_MAX: usize = 30;

    /// A new draft, the organization's details taken from its record.
    pub fn prefilled(org: &Organization) -> Self {
        Draft {
            organization: OrganizationTyped {
                name: org.name.clone(),
                address: org.address.clone(),
                city: org.city.clone(),
                postal_code: org.postal_code.to_string(),
                phone: org.phone.to_string(),
                phone_extension: org
                    .phone_extension
                    .as_ref()
                    .map(|e| e.as_str().to_string())
                    .unwrap_or_default(),
            },
            ..Draft::default()
        }
    }

    /// The services asked for, at least one of the agency's, and the file number.
    pub fn check_agency(
        &self,
        offered: &[OnlineService],
    ) -> Result<(Vec<ServiceAsked>, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let services: Vec<ServiceAsked> = offered
            .iter()
            .filter(|s| self.services.iter().any(|c| c == s.code.as_str()))
            .map(|s| ServiceAsked {
                code: s.code.as_str().to_string(),
                name: s.name.clone(),
            })
            .collect();
        if services.is_empty() {
            errors.push(FieldError::new(Field::Services, Problem::Required));
        }
        let file = text::optional(Field::AgencyFile, &self.agency_file, Self::AGENCY_FILE_MAX)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten()
            .unwrap_or_default();
        if errors.is_empty() {
            Ok((services, file))
        } else {
            Err(errors)
        }
    }

    /// The organization's details as corrected; its NEQ stays the record's.
    pub fn check_organization(
        &self,
        org: &Organization,
    ) -> Result<OrganizationGiven, Vec<FieldError>> {
        let typed = &self.organization;
        let parsed = Organization::parse(
            org.id,
            &OrganizationForm {
                name: &typed.name,
                address: &typed.address,
                city: &typed.city,
                postal_code: &typed.postal_code,
                phone: &typed.phone,
                phone_extension: &typed.phone_extension,
                neq: org.neq.as_str(),
                education_number: org.education_number.as_ref().map_or("", |n| n.as_str()),
            },
        )?;
        Ok(OrganizationGiven {
            neq: parsed.neq.to_string(),
            name: parsed.name,
            address: parsed.address,
            city: parsed.city,
            postal_code: parsed.postal_code.to_string(),
            phone: parsed.phone.to_string(),
            phone_extension: parsed
                .phone_extension
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
        })
    }

    /// Every field of the agency answered as it requires.
    pub fn check_answers(&self, fields: &[FormField]) -> Result<Vec<Answer>, Vec<AnswerError>> {
        let mut errors = Vec::new();
        let mut answers = Vec::new();
        for f in fields {
            let typed = self.answers.get(f.code.as_str()).map_or("", String::as_str);
            match f.answer(typed) {
                Ok(a) => answers.push(a),
                Err(p) => errors.push((f.code.as_str().to_string(), p)),
            }
        }
        if errors.is_empty() {
            Ok(answers)
        } else {
            Err(errors)
        }
    }

    pub fn check_consent(&self) -> Result<(), FieldError> {
        if self.consent {
            Ok(())
        } else {
            Err(FieldError::new(Field::Consent, Problem::NoConsent))
        }
    }

    /// The request's content, or the first step that does not check.
    pub fn content(
        &self,
        offered: &[OnlineService],
        org: &Organization,
        fields: &[FormField],
    ) -> Result<Content, Step> {
        let (services, agency_file) = self.check_agency(offered).map_err(|_| Step::Agency)?;
        let organization = self
            .check_organization(org)
            .map_err(|_| Step::Organization)?;
        let answers = self.check_answers(fields).map_err(|_| Step::Other)?;
        self.check_consent().map_err(|_| Step::Consent)?;
        Ok(Content {
            services,
            agency_file,
            organization,
            answers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agency::ServiceForm;
    use crate::enrollment_form::FormFieldForm;
    use crate::ids::{AgencyId, OrgId, ServiceId};

    fn org() -> Organization {
        Organization::parse(
            OrgId::new(),
            &OrganizationForm {
                name: "Centre de formation Laurentides",
                address: "425, rue Saint-Amable",
                city: "Québec",
                postal_code: "g1r4z1",
                phone: "418 646-7081",
                phone_extension: "",
                neq: "1145678901",
                education_number: "",
            },
        )
        .expect("valid")
    }

    fn service(agency: AgencyId) -> OnlineService {
        let form = ServiceForm {
            code: "PES",
            name_fr: "Paiement électronique",
            name_en: "Electronic payment",
            description_fr: "Payer en ligne.",
            description_en: "Pay online.",
            contract: "",
        };
        OnlineService::parse(ServiceId::new(), agency, &form).expect("valid")
    }

    fn field(agency: AgencyId) -> FormField {
        let form = FormFieldForm {
            code: "employes",
            kind: "number",
            label_fr: "Nombre d'employés",
            label_en: "Number of employees",
            required: true,
            ..FormFieldForm::default()
        };
        FormField::parse(agency, &form).expect("valid")
    }

    #[test]
    fn a_draft_becomes_content_once_every_step_checks() {
        let agency = AgencyId::new();
        let (org, offered, fields) = (org(), [service(agency)], [field(agency)]);
        let mut draft = Draft::prefilled(&org);
        assert_eq!(draft.organization.postal_code, "G1R 4Z1");
        assert_eq!(draft.content(&offered, &org, &fields), Err(Step::Agency));
        draft.services = vec!["PES".into(), "GONE".into()];
        draft.organization.name = "  ".into();
        assert_eq!(
            draft.content(&offered, &org, &fields),
            Err(Step::Organization)
        );
        draft.organization.name = "CFL inc.".into();
        assert_eq!(draft.content(&offered, &org, &fields), Err(Step::Other));
        assert_eq!(
            draft.check_answers(&fields),
            Err(vec![("EMPLOYES".into(), Problem::Required)])
        );
        draft.answers.insert("EMPLOYES".into(), "12".into());
        assert_eq!(draft.content(&offered, &org, &fields), Err(Step::Consent));
        draft.consent = true;
        let content = draft.content(&offered, &org, &fields).expect("complete");
        assert_eq!(
            content.services.len(),
            1,
            "only the agency's services are kept"
        );
        assert_eq!(content.organization.name, "CFL inc.");
        assert_eq!(content.organization.neq, "1145678901");
        assert_eq!(content.answers[0].value.en, "12");
    }

    #[test]
    fn the_other_step_comes_only_when_the_agency_asks_something() {
        assert_eq!(Step::Organization.next(true), Step::Other);
        assert_eq!(Step::Organization.next(false), Step::Consent);
        assert_eq!(Step::Other.next(false), Step::Consent);
        assert_eq!(Step::Review.next(true), Step::Review);
        assert_eq!(Step::sequence(false).len(), 4);
        for s in Step::ALL {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
    }
}
