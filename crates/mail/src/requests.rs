//! The emails of access requests (form 2490): to the requester when filed and when decided,
//! and to the approver named in section 3 (M5), who learns what the organization lacks (M3).

use askama::Template;

use crate::messages::{Message, bilingual};

/// The requester: the request is filed and waits for its approver.
#[derive(Template)]
#[template(path = "request_filed.txt")]
pub struct RequestFiledMail {
    pub organization: String,
    pub approver: String,
    pub follow_url: String,
}

impl Message for RequestFiledMail {
    const NAME: &'static str = "request-filed";
    fn subject(&self) -> String {
        bilingual(
            "Votre demande d'accès est transmise",
            "Your access request was filed",
        )
    }
    /// The link holds the key that follows the request.
    fn secrets(&self) -> Vec<&str> {
        vec![&self.follow_url]
    }
}

/// What the organization lacks (M3), told to a manager in every email about its requests.
#[derive(Clone, Debug, Default)]
pub struct Missing {
    pub principal: bool,
    pub auxiliary: bool,
}

/// The approver named in section 3: a manager approves by the single-use link, an officer
/// signed in.
#[derive(Template)]
#[template(path = "approval_request.txt")]
pub struct ApprovalRequestMail {
    pub requester: String,
    pub organization: String,
    pub profiles_fr: String,
    pub profiles_en: String,
    pub url: String,
    /// For a manager: how many days the link works.
    pub link_days: Option<i64>,
    pub missing: Missing,
}

impl Message for ApprovalRequestMail {
    const NAME: &'static str = "approval-request";
    fn subject(&self) -> String {
        bilingual("Demande d'accès à approuver", "Access request to approve")
    }
    /// A manager's link is single-use and approves by itself; an officer's is a page.
    fn secrets(&self) -> Vec<&str> {
        match self.link_days {
            Some(_) => vec![&self.url],
            None => Vec::new(),
        }
    }
}

/// The requester: what became of the request.
#[derive(Template)]
#[template(path = "request_outcome.txt")]
pub struct RequestOutcomeMail {
    pub outcome_fr: String,
    pub outcome_en: String,
    pub reason: String,
}

impl RequestOutcomeMail {
    /// The approver approved: central acts next.
    pub fn approved(approver: &str) -> Self {
        Self::new(
            format!(
                "{approver} a approuvé votre demande d'accès. Le Groupe central de la sécurité la traitera et vous écrira."
            ),
            format!(
                "{approver} approved your access request. The central security group will process it and write to you."
            ),
            "",
        )
    }

    /// The approver refused.
    pub fn refused(approver: &str, reason: &str) -> Self {
        Self::new(
            format!("{approver} a refusé votre demande d'accès."),
            format!("{approver} refused your access request."),
            reason,
        )
    }

    /// Central refused.
    pub fn rejected(reason: &str) -> Self {
        Self::new(
            "Le Groupe central de la sécurité a refusé votre demande d'accès.".into(),
            "The central security group refused your access request.".into(),
            reason,
        )
    }

    fn new(outcome_fr: String, outcome_en: String, reason: &str) -> Self {
        RequestOutcomeMail {
            outcome_fr,
            outcome_en,
            reason: reason.to_string(),
        }
    }
}

impl Message for RequestOutcomeMail {
    const NAME: &'static str = "request-outcome";
    fn subject(&self) -> String {
        bilingual("Votre demande d'accès", "Your access request")
    }
}

/// M19: the new address confirms itself before the change takes effect.
#[derive(Template)]
#[template(path = "confirm_email.txt")]
pub struct ConfirmEmailMail {
    pub url: String,
    pub days: i64,
}

impl Message for ConfirmEmailMail {
    const NAME: &'static str = "confirm-email";
    fn subject(&self) -> String {
        bilingual(
            "Confirmez votre nouvelle adresse courriel",
            "Confirm your new email address",
        )
    }
    fn secrets(&self) -> Vec<&str> {
        vec![&self.url]
    }
}

/// M19: central made the change of email; the person is told, the officers in copy.
#[derive(Template)]
#[template(path = "email_changed.txt")]
pub struct EmailChangedMail {
    pub name: String,
    pub organization: String,
}

impl Message for EmailChangedMail {
    const NAME: &'static str = "email-changed";
    fn subject(&self) -> String {
        bilingual(
            "Modification de l'adresse courriel",
            "Change of email address",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;

    #[test]
    fn every_request_message_renders_as_snapshotted() {
        let follow = "https://mandat.exemple.qc.ca/demande/suivi/abc";
        insta::assert_snapshot!(
            "request_filed",
            show(&RequestFiledMail {
                organization: "Garderie Les Petits Pas".into(),
                approver: "Louise Tremblay".into(),
                follow_url: follow.into(),
            })
        );
        insta::assert_snapshot!(
            "approval_request_manager",
            show(&ApprovalRequestMail {
                requester: "Sophie Roy".into(),
                organization: "Garderie Les Petits Pas".into(),
                profiles_fr: "Responsable principal Sécurité".into(),
                profiles_en: "Principal security officer".into(),
                url: "https://mandat.exemple.qc.ca/demande/approbation/xyz".into(),
                link_days: Some(14),
                missing: Missing {
                    principal: true,
                    auxiliary: true
                },
            })
        );
        insta::assert_snapshot!(
            "approval_request_officer",
            show(&ApprovalRequestMail {
                requester: "Marc Côté".into(),
                organization: "Garderie Les Petits Pas".into(),
                profiles_fr: "Utilisateur des dossiers Individus".into(),
                profiles_en: "Individual files user".into(),
                url: "https://mandat.exemple.qc.ca/administration/demandes".into(),
                link_days: None,
                missing: Missing::default(),
            })
        );
        insta::assert_snapshot!(
            "request_refused",
            show(&RequestOutcomeMail::refused(
                "Louise Tremblay",
                "Cette personne ne travaille plus chez nous."
            ))
        );
        insta::assert_snapshot!(
            "confirm_email",
            show(&ConfirmEmailMail {
                url: "https://mandat.exemple.qc.ca/demande/courriel/abc".into(),
                days: 7,
            })
        );
        insta::assert_snapshot!(
            "email_changed",
            show(&EmailChangedMail {
                name: "Marc Côté".into(),
                organization: "Centre de formation des Laurentides".into(),
            })
        );
        insta::assert_snapshot!(
            "request_approved",
            show(&RequestOutcomeMail::approved("Louise Tremblay"))
        );
    }
}
