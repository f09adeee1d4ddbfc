//! P3–P5: the person is told when an officer grants them rights to act for the organization,
//! and when the rights are withdrawn (they end at once).

use mandat_core::agency::Localized;

use crate::messages::{Message, bilingual};

/// One agency of a grant, as the email lists it: its name and what it allows.
pub struct GrantLine {
    pub agency: Localized,
    pub access: Localized,
}

/// To the person who now holds the rights.
#[derive(askama::Template)]
#[template(path = "rights_granted.txt")]
pub struct RightsGrantedMail {
    pub organization: String,
    /// The mandant, when the rights come from a procuration made within an external one (P6).
    pub on_behalf_of: Option<String>,
    pub lines: Vec<GrantLine>,
    pub from: Option<Localized>,
    pub until: Localized,
}

impl Message for RightsGrantedMail {
    const NAME: &'static str = "rights-granted";
    fn subject(&self) -> String {
        bilingual("Droits d'accès accordés", "Access rights granted")
    }
}

/// To the person whose rights were withdrawn.
#[derive(askama::Template)]
#[template(path = "rights_withdrawn.txt")]
pub struct RightsWithdrawnMail {
    pub organization: String,
    pub on_behalf_of: Option<String>,
    pub lines: Vec<GrantLine>,
}

impl Message for RightsWithdrawnMail {
    const NAME: &'static str = "rights-withdrawn";
    fn subject(&self) -> String {
        bilingual("Droits d'accès retirés", "Access rights withdrawn")
    }
}

/// To each holder when the procuration's last day changes: earlier or later, their rights
/// now end on that day (P5; for one made within an external procuration, with the mandant's).
#[derive(askama::Template)]
#[template(path = "rights_end_changed.txt")]
pub struct RightsEndChangedMail {
    /// The organization the holder acts for: their own, or the mandant (P6).
    pub acting_for: String,
    pub name: String,
    pub until: Localized,
}

impl Message for RightsEndChangedMail {
    const NAME: &'static str = "rights-end-changed";
    fn subject(&self) -> String {
        bilingual(
            "Nouvelle date de fin de vos droits d'accès",
            "New end date of your access rights",
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

    fn lines() -> Vec<GrantLine> {
        vec![GrantLine {
            agency: both(
                "Société de l'assurance automobile du Québec",
                "Société de l'assurance automobile du Québec",
            ),
            access: both(
                "accès avec restriction : Consulter un dossier",
                "restricted access: View a file",
            ),
        }]
    }

    #[test]
    fn the_rights_mails_read_as_expected() {
        insta::assert_snapshot!(
            "rights_granted",
            show(&RightsGrantedMail {
                organization: "Centre de formation des Laurentides".into(),
                on_behalf_of: None,
                lines: lines(),
                from: Some(both("1er décembre 2026", "December 1, 2026")),
                until: both("31 mars 2027", "March 31, 2027"),
            })
        );
        insta::assert_snapshot!(
            "rights_granted_within",
            show(&RightsGrantedMail {
                organization: "Bélanger Comptables".into(),
                on_behalf_of: Some("Centre de formation des Laurentides".into()),
                lines: lines(),
                from: None,
                until: both("31 mars 2027", "March 31, 2027"),
            })
        );
        insta::assert_snapshot!(
            "rights_end_changed",
            show(&RightsEndChangedMail {
                acting_for: "Centre de formation des Laurentides".into(),
                name: "Consultation pour le Centre".into(),
                until: both("28 février 2027", "February 28, 2027"),
            })
        );
        insta::assert_snapshot!(
            "rights_withdrawn",
            show(&RightsWithdrawnMail {
                organization: "Centre de formation des Laurentides".into(),
                on_behalf_of: None,
                lines: lines(),
            })
        );
    }
}
