//! P6: the officers of both organizations of an external procuration are told what the other
//! side did: the mandant offered it, the mandataire accepted or declined it, either side ended
//! it (and with it every right derived from it).

use mandat_core::agency::Localized;

use crate::messages::{Message, bilingual};
use crate::procurations::GrantLine;

/// What the other organization did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternalEvent {
    /// To the mandataire's officers: it may accept or decline.
    Offered,
    /// To the mandant's officers.
    Accepted,
    Declined,
    /// The mandant ended it; to the mandataire's officers.
    Withdrawn,
    /// The mandataire ended it; to the mandant's officers.
    Renounced,
}

/// To each active officer of the other organization.
#[derive(askama::Template)]
#[template(path = "external_procuration.txt")]
pub struct ExternalMail {
    pub event: ExternalEvent,
    /// The organization that acted.
    pub from: String,
    pub name: String,
    pub lines: Vec<GrantLine>,
    pub until: Localized,
    pub url: String,
}

impl Message for ExternalMail {
    const NAME: &'static str = "external-procuration";
    fn subject(&self) -> String {
        let (fr, en) = match self.event {
            ExternalEvent::Offered => ("Procuration confiée par", "Procuration entrusted by"),
            ExternalEvent::Accepted => ("Procuration acceptée par", "Procuration accepted by"),
            ExternalEvent::Declined => ("Procuration refusée par", "Procuration declined by"),
            ExternalEvent::Withdrawn => ("Procuration retirée par", "Procuration withdrawn by"),
            ExternalEvent::Renounced => ("Fin de procuration par", "Procuration ended by"),
        };
        bilingual(
            &format!("{fr} {}", self.from),
            &format!("{en} {}", self.from),
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
    fn each_side_reads_what_the_other_did() {
        for (event, from, snapshot) in [
            (
                ExternalEvent::Offered,
                "Centre de formation des Laurentides",
                "external_offered",
            ),
            (
                ExternalEvent::Accepted,
                "Bélanger Comptables",
                "external_accepted",
            ),
            (
                ExternalEvent::Declined,
                "Bélanger Comptables",
                "external_declined",
            ),
            (
                ExternalEvent::Withdrawn,
                "Centre de formation des Laurentides",
                "external_withdrawn",
            ),
            (
                ExternalEvent::Renounced,
                "Bélanger Comptables",
                "external_renounced",
            ),
        ] {
            let mail = ExternalMail {
                event,
                from: from.into(),
                name: "Tenue de livres".into(),
                lines: vec![GrantLine {
                    agency: both("Ministère de l'Emploi", "Ministère de l'Emploi"),
                    access: both("accès sans restriction", "unrestricted access"),
                }],
                until: both("30 juin 2027", "June 30, 2027"),
                url: "https://mandat.exemple/administration/procurations/recues/1".into(),
            };
            insta::assert_snapshot!(snapshot, show(&mail));
        }
    }
}
