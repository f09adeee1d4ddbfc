//! The renewal notice: some days before a procuration that someone holds ends, the
//! organization's officers are emailed its name, its end, its holders and the link to extend
//! it. The daily job that sends it is the application layer's (`mandat_app::daily`).

use mandat_core::agency::Localized;

use crate::messages::{Message, bilingual};

/// To each active officer of the organization.
#[derive(askama::Template)]
#[template(path = "procuration_ending.txt")]
pub struct ProcurationEndingMail {
    pub organization: String,
    pub name: String,
    pub days: i64,
    pub ends_on: Localized,
    pub holders: Vec<String>,
    pub url: String,
}

impl Message for ProcurationEndingMail {
    const NAME: &'static str = "procuration-ending";
    fn subject(&self) -> String {
        bilingual(
            &format!("La procuration « {} » prend fin bientôt", self.name),
            &format!("The procuration \"{}\" ends soon", self.name),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;

    #[test]
    fn the_ending_notice_reads_as_expected() {
        insta::assert_snapshot!(
            "procuration_ending",
            show(&ProcurationEndingMail {
                organization: "Centre de formation des Laurentides".into(),
                name: "Facturation".into(),
                days: 30,
                ends_on: Localized {
                    fr: "31 mars 2027".into(),
                    en: "March 31, 2027".into(),
                },
                holders: vec!["Martin Lavoie".into(), "Marc Côté".into()],
                url: "https://mandat.exemple.qc.ca/administration/procurations/0193".into(),
            })
        );
    }
}
