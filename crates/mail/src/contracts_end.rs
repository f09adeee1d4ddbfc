//! M20's emails: once an organization's last contract with the agencies has ended, its
//! people are told that the codes that served only the contracts end three months later; on
//! that day the officers are sent the list of those deactivated. The daily job that decides
//! who is told is the application layer's (`mandat_app::daily`).

use crate::messages::{Message, bilingual};
use crate::security::ExpiryLine;

/// To every active member of an organization whose last contract ended.
#[derive(askama::Template)]
#[template(path = "contracts_ended.txt")]
pub struct ContractsEndedMail {
    pub organization: String,
    pub last_fr: String,
    pub last_en: String,
    pub until_fr: String,
    pub until_en: String,
}

impl Message for ContractsEndedMail {
    const NAME: &'static str = "contracts-ended";
    fn subject(&self) -> String {
        bilingual(
            "Fin des contrats de votre organisme",
            "Your organization's contracts have ended",
        )
    }
}

/// To the officers: the codes deactivated three months after the last contract.
#[derive(askama::Template)]
#[template(path = "contracts_codes_deactivated.txt")]
pub struct ContractCodesDeactivatedMail {
    pub organization: String,
    pub codes: Vec<ExpiryLine>,
}

impl Message for ContractCodesDeactivatedMail {
    const NAME: &'static str = "contracts-codes-deactivated";
    fn subject(&self) -> String {
        bilingual(
            "Codes d'utilisateur désactivés après la fin des contrats",
            "User codes deactivated after the contracts ended",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;

    #[test]
    fn the_contract_mails_read_as_expected() {
        insta::assert_snapshot!(
            "contracts_ended",
            show(&ContractsEndedMail {
                organization: "Centre de formation des Laurentides".into(),
                last_fr: "20 novembre 2026".into(),
                last_en: "November 20, 2026".into(),
                until_fr: "20 février 2027".into(),
                until_en: "February 20, 2027".into(),
            })
        );
        insta::assert_snapshot!(
            "contracts_codes_deactivated",
            show(&ContractCodesDeactivatedMail {
                organization: "Centre de formation des Laurentides".into(),
                codes: vec![ExpiryLine {
                    code_prefix: "mem".into(),
                    person: "Marc Côté".into(),
                    on_fr: String::new(),
                    on_en: String::new(),
                }],
            })
        );
    }
}
