//! E5: the emails of an enrollment request. The officer who transmits it is told it was
//! received; when the agency gives it a state, every officer of the organization is told the
//! state, what it means, the agency's comment and, when refused, whom to call (E4).

use mandat_core::agency::{Agency, Localized};

use crate::messages::{Message, bilingual};

/// To the officer who transmitted the request.
#[derive(askama::Template)]
#[template(path = "enrollment_filed.txt")]
pub struct EnrollmentFiledMail {
    pub organization: String,
    pub agency: Localized,
    pub services: Vec<Localized>,
    pub follow_url: String,
}

impl Message for EnrollmentFiledMail {
    const NAME: &'static str = "enrollment-filed";
    fn subject(&self) -> String {
        bilingual(
            "Demande d'inscription transmise",
            "Enrollment request transmitted",
        )
    }
}

/// Whom to call at the agency, for a refused request.
pub struct ContactLines {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub hours: Localized,
}

impl ContactLines {
    pub fn of(agency: &Agency) -> Self {
        let c = &agency.contact;
        ContactLines {
            name: c.name.clone(),
            phone: c.phone.to_string(),
            email: c.email.to_string(),
            hours: c.hours.clone(),
        }
    }
}

/// To every active officer of the organization, when the agency sets the request's state.
#[derive(askama::Template)]
#[template(path = "enrollment_decided.txt")]
pub struct EnrollmentDecidedMail {
    pub organization: String,
    pub agency: Localized,
    pub state: Localized,
    pub meaning: Localized,
    pub comment: String,
    /// Given when the request is refused: the officer must call the agency (E4).
    pub contact: Option<ContactLines>,
    pub follow_url: String,
}

impl Message for EnrollmentDecidedMail {
    const NAME: &'static str = "enrollment-decided";
    fn subject(&self) -> String {
        bilingual(
            &format!("Demande d'inscription : {}", self.state.fr),
            &format!("Enrollment request: {}", self.state.en),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;

    fn both(fr: &str, en: &str) -> Localized {
        Localized {
            fr: fr.into(),
            en: en.into(),
        }
    }

    #[test]
    fn the_enrollment_mails_read_as_expected() {
        insta::assert_snapshot!(
            "enrollment_filed",
            show(&EnrollmentFiledMail {
                organization: "Centre de formation des Laurentides".into(),
                agency: both(
                    "Société de l'assurance automobile du Québec",
                    "Société de l'assurance automobile du Québec"
                ),
                services: vec![both("Paiement électronique", "Electronic payment")],
                follow_url: "https://mandat.exemple.qc.ca/inscriptions".into(),
            })
        );
        insta::assert_snapshot!(
            "enrollment_refused",
            show(&EnrollmentDecidedMail {
                organization: "Centre de formation des Laurentides".into(),
                agency: both(
                    "Société de l'assurance automobile du Québec",
                    "Société de l'assurance automobile du Québec"
                ),
                state: both("Refusé", "Refused"),
                meaning: both(
                    "La demande est refusée : communiquez avec le ministère ou organisme.",
                    "The request is refused: contact the ministry or agency."
                ),
                comment: "Le NEQ ne correspond pas à notre dossier.".into(),
                contact: Some(ContactLines {
                    name: "Services aux entreprises".into(),
                    phone: "418 643-7620".into(),
                    email: "entreprises@saaq.exemple.qc.ca".into(),
                    hours: both(
                        "Du lundi au vendredi, de 8 h 30 à 16 h 30",
                        "Monday to Friday, 8:30 a.m. to 4:30 p.m."
                    ),
                }),
                follow_url: "https://mandat.exemple.qc.ca/inscriptions".into(),
            })
        );
    }
}
