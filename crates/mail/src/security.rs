//! Emails of « Administration de la sécurité » (M14, M16–M18, M24): what an officer, central
//! or the expiry of a code changed, to the user and to the officers. Who acted is said
//! differently for an officer (by name) and for central (M14, M23); officers see a user
//! code by its first three characters only.

use askama::Template;
use mandat_core::Lang;
use mandat_core::dates::long_date;
use mandat_store::Account;
use time::Date;

use crate::messages::{Message, bilingual};

/// Who made the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangedBy {
    /// A security officer of the organization, by name.
    Officer(String),
    /// An agent of the central security group, never named (M23).
    Central,
    /// The code's validity ran out (M18).
    Expiry,
    /// Three months after the organization's last contract ended (M20).
    ContractsEnded,
}

/// What changed on a user code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Deactivated, with the reason in both languages.
    Deactivated {
        fr: String,
        en: String,
    },
    Reactivated,
    /// A new expiry date (M17).
    NewExpiry(Date),
}

impl ChangedBy {
    fn says(&self, lang: Lang) -> String {
        match (self, lang) {
            (ChangedBy::Officer(name), Lang::Fr) => {
                format!("par {name}, responsable de la sécurité de votre organisme")
            }
            (ChangedBy::Officer(name), Lang::En) => {
                format!("by {name}, a security officer of your organization")
            }
            (ChangedBy::Central, Lang::Fr) => {
                "par un agent du Groupe central de la sécurité".into()
            }
            (ChangedBy::Central, Lang::En) => "by an agent of the central security group".into(),
            (ChangedBy::Expiry, Lang::Fr) => "à sa date d'expiration".into(),
            (ChangedBy::Expiry, Lang::En) => "on its expiry date".into(),
            (ChangedBy::ContractsEnded, Lang::Fr) => {
                "trois mois après la fin du dernier contrat de votre organisme".into()
            }
            (ChangedBy::ContractsEnded, Lang::En) => {
                "three months after your organization's last contract ended".into()
            }
        }
    }
}

impl Change {
    /// « a été désactivé par … Raison : … », as a sentence's end.
    fn says(&self, by: &ChangedBy, lang: Lang) -> String {
        let by = by.says(lang);
        match (self, lang) {
            (Change::Deactivated { fr, .. }, Lang::Fr) => {
                format!("a été désactivé {by}.\n\nRaison : {fr}")
            }
            (Change::Deactivated { en, .. }, Lang::En) => {
                format!("has been deactivated {by}.\n\nReason: {en}")
            }
            (Change::Reactivated, Lang::Fr) => format!("a été réactivé {by}."),
            (Change::Reactivated, Lang::En) => format!("has been reactivated {by}."),
            (Change::NewExpiry(on), Lang::Fr) => format!(
                "a une nouvelle date d'expiration, fixée {by} : le {}.",
                long_date(*on, Lang::Fr)
            ),
            (Change::NewExpiry(on), Lang::En) => format!(
                "has a new expiry date, set {by}: {}.",
                long_date(*on, Lang::En)
            ),
        }
    }
}

/// To the user whose code changed; a reactivation carries a temporary password (M16).
#[derive(Template)]
#[template(path = "code_changed_user.txt")]
pub struct CodeChangedUserMail {
    pub what_fr: String,
    pub what_en: String,
    pub temporary_password: Option<String>,
}

impl CodeChangedUserMail {
    pub fn new(change: &Change, by: &ChangedBy, temporary_password: Option<String>) -> Self {
        CodeChangedUserMail {
            what_fr: change.says(by, Lang::Fr),
            what_en: change.says(by, Lang::En),
            temporary_password,
        }
    }
}

impl Message for CodeChangedUserMail {
    const NAME: &'static str = "code-changed-user";
    fn subject(&self) -> String {
        bilingual(
            "Changement à votre code d'utilisateur",
            "A change to your user code",
        )
    }
    fn secrets(&self) -> Vec<&str> {
        self.temporary_password.iter().map(String::as_str).collect()
    }
}

/// To the organization's officers (M24).
#[derive(Template)]
#[template(path = "code_changed_officers.txt")]
pub struct CodeChangedOfficersMail {
    pub code_prefix: String,
    pub person: String,
    pub what_fr: String,
    pub what_en: String,
}

impl CodeChangedOfficersMail {
    pub fn new(code_prefix: &str, person: &str, change: &Change, by: &ChangedBy) -> Self {
        CodeChangedOfficersMail {
            code_prefix: code_prefix.to_string(),
            person: person.to_string(),
            what_fr: change.says(by, Lang::Fr),
            what_en: change.says(by, Lang::En),
        }
    }
}

impl Message for CodeChangedOfficersMail {
    const NAME: &'static str = "code-changed-officers";
    fn subject(&self) -> String {
        bilingual(
            "Changement à un code d'utilisateur de votre organisme",
            "A change to a user code of your organization",
        )
    }
}

/// One code in an expiry digest: its first three characters, whose it is, and its date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiryLine {
    pub code_prefix: String,
    pub person: String,
    pub on_fr: String,
    pub on_en: String,
}

impl ExpiryLine {
    pub fn new(account: &Account) -> Self {
        let on = account.expires_on.unwrap_or(Date::MIN);
        ExpiryLine {
            code_prefix: account.user_code.first_three().to_string(),
            person: account.name.clone(),
            on_fr: long_date(on, Lang::Fr),
            on_en: long_date(on, Lang::En),
        }
    }
}

/// M18: to an organization's officers, one message a day at most: the codes that expire in
/// `days` days or fewer (three weeks, then two), or, with `days` at 0, those that just
/// expired and were deactivated.
#[derive(Template)]
#[template(path = "codes_expiring.txt")]
pub struct CodesExpiringMail {
    pub days: i64,
    pub codes: Vec<ExpiryLine>,
}

impl Message for CodesExpiringMail {
    const NAME: &'static str = "codes-expiring";
    fn subject(&self) -> String {
        if self.days == 0 {
            bilingual(
                "Codes d'utilisateur désactivés à leur date d'expiration",
                "User codes deactivated on their expiry date",
            )
        } else {
            bilingual(
                "Des codes d'utilisateur de votre organisme expirent bientôt",
                "User codes of your organization expire soon",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;
    use time::macros::date;

    #[test]
    fn every_message_renders_as_snapshotted() {
        let deactivated = Change::Deactivated {
            fr: "Départ volontaire".into(),
            en: "Voluntary departure".into(),
        };
        let officer = ChangedBy::Officer("Chantal Gagné".into());
        insta::assert_snapshot!(
            "code_deactivated_by_officer_user",
            show(&CodeChangedUserMail::new(&deactivated, &officer, None))
        );
        insta::assert_snapshot!(
            "code_reactivated_by_central_user",
            show(&CodeChangedUserMail::new(
                &Change::Reactivated,
                &ChangedBy::Central,
                Some("Tmp-4821-Kq".into())
            ))
        );
        insta::assert_snapshot!(
            "code_new_expiry_officers",
            show(&CodeChangedOfficersMail::new(
                "mem",
                "Marc Côté",
                &Change::NewExpiry(date!(2027 - 11 - 01)),
                &officer
            ))
        );
        insta::assert_snapshot!(
            "code_expired_officers",
            show(&CodeChangedOfficersMail::new(
                "mem",
                "Marc Côté",
                &Change::Deactivated {
                    fr: "Expiration".into(),
                    en: "Expiry".into()
                },
                &ChangedBy::Expiry
            ))
        );
        let line = ExpiryLine {
            code_prefix: "mem".into(),
            person: "Marc Côté".into(),
            on_fr: long_date(date!(2026 - 12 - 15), Lang::Fr),
            on_en: long_date(date!(2026 - 12 - 15), Lang::En),
        };
        insta::assert_snapshot!(
            "codes_expiring",
            show(&CodesExpiringMail {
                days: 21,
                codes: vec![line.clone()]
            })
        );
        insta::assert_snapshot!(
            "codes_expired",
            show(&CodesExpiringMail {
                days: 0,
                codes: vec![line]
            })
        );
    }

    #[test]
    fn central_is_never_named_and_an_officer_is() {
        let by_central = show(&CodeChangedUserMail::new(
            &Change::Reactivated,
            &ChangedBy::Central,
            None,
        ));
        assert!(by_central.contains("par un agent du Groupe central de la sécurité"));
        let by_officer = show(&CodeChangedUserMail::new(
            &Change::Reactivated,
            &ChangedBy::Officer("Chantal Gagné".into()),
            None,
        ));
        assert!(by_officer.contains("par Chantal Gagné, responsable de la sécurité"));
    }
}
