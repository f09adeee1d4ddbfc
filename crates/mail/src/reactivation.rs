//! Reactivations asked of central (M16): central is told of each request, with its due date;
//! the officer who asked is told of a refusal (a reactivation is told as any change, M24).
//! Officers' copies name a code by its first three characters only.

use askama::Template;
use mandat_core::Lang;
use mandat_core::dates::long_date;
use time::Date;

use crate::messages::{Message, bilingual};

/// To central: an officer asks for a reactivation.
#[derive(Template)]
#[template(path = "reactivation_requested.txt")]
pub struct ReactivationRequestedMail {
    pub requested_by: String,
    pub organization: String,
    pub neq: String,
    pub code_prefix: String,
    pub person: String,
    pub reason: String,
    pub expiry_fr: Option<String>,
    pub expiry_en: Option<String>,
    pub due_fr: String,
    pub due_en: String,
}

/// What a request says, in the order the mail tells it.
pub struct Requested<'a> {
    pub requested_by: &'a str,
    pub organization: &'a str,
    pub neq: &'a str,
    pub code_prefix: &'a str,
    pub person: &'a str,
    pub reason: &'a str,
    pub expiry: Option<Date>,
    pub due_on: Date,
}

impl ReactivationRequestedMail {
    pub fn new(r: &Requested<'_>) -> Self {
        ReactivationRequestedMail {
            requested_by: r.requested_by.into(),
            organization: r.organization.into(),
            neq: r.neq.into(),
            code_prefix: r.code_prefix.into(),
            person: r.person.into(),
            reason: r.reason.into(),
            expiry_fr: r.expiry.map(|d| long_date(d, Lang::Fr)),
            expiry_en: r.expiry.map(|d| long_date(d, Lang::En)),
            due_fr: long_date(r.due_on, Lang::Fr),
            due_en: long_date(r.due_on, Lang::En),
        }
    }
}

impl Message for ReactivationRequestedMail {
    const NAME: &'static str = "reactivation-requested";
    fn subject(&self) -> String {
        bilingual(
            "Demande de réactivation d'un code d'utilisateur",
            "Request to reactivate a user code",
        )
    }
}

/// To the officer who asked: central refused, and why.
#[derive(Template)]
#[template(path = "reactivation_refused.txt")]
pub struct ReactivationRefusedMail {
    pub code_prefix: String,
    pub person: String,
    pub organization: String,
    pub reason: String,
}

impl Message for ReactivationRefusedMail {
    const NAME: &'static str = "reactivation-refused";
    fn subject(&self) -> String {
        bilingual(
            "Demande de réactivation refusée",
            "Reactivation request refused",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::show;
    use time::macros::date;

    #[test]
    fn both_messages_render_as_snapshotted() {
        insta::assert_snapshot!(
            "reactivation_requested",
            show(&ReactivationRequestedMail::new(&Requested {
                requested_by: "Chantal Gagné",
                organization: "Centre de formation des Laurentides",
                neq: "1160000001",
                code_prefix: "mem",
                person: "Marc Côté",
                reason: "Retour de congé",
                expiry: Some(date!(2027 - 06 - 30)),
                due_on: date!(2026 - 11 - 25),
            }))
        );
        insta::assert_snapshot!(
            "reactivation_refused",
            show(&ReactivationRefusedMail {
                code_prefix: "mem".into(),
                person: "Marc Côté".into(),
                organization: "Centre de formation des Laurentides".into(),
                reason: "Identité non confirmée".into(),
            })
        );
    }
}
