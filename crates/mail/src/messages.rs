//! Every email Mandat sends, each from a template in `templates/`: French first, word for
//! word where the seeds quote the message, then English. In any email to officers a user
//! code appears by its first three characters only (DOMAIN.md, Messages).

use askama::Template;
use mandat_core::Lang;
use mandat_core::contact::Email;
use mandat_core::credentials::UserCode;
use mandat_core::dates::long_date;
use mandat_core::mail::{OutgoingMail, masked};
use time::Date;

/// A message: its template renders the body; it knows its subject and its name.
pub trait Message: Template {
    /// The template's name, recorded with the outbox row.
    const NAME: &'static str;
    /// « Sujet en français / Subject in English ».
    fn subject(&self) -> String;

    /// What the body holds that only its reader may know: a code, a password, a single-use
    /// link. Masked in what the outbox keeps once the message is delivered.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }

    /// The message, addressed.
    fn to(&self, to: &Email) -> Result<OutgoingMail, askama::Error> {
        let body = self.render()?;
        Ok(OutgoingMail {
            to: to.clone(),
            subject: self.subject(),
            kept: masked(&body, &self.secrets()),
            body,
            template: Self::NAME.to_string(),
        })
    }
}

pub(crate) fn bilingual(fr: &str, en: &str) -> String {
    format!("{fr} / {en}")
}

/// M6: the requester's registration code.
#[derive(Template)]
#[template(path = "registration_code.txt")]
pub struct RegistrationCodeMail {
    pub code: String,
    pub valid_through_fr: String,
    pub valid_through_en: String,
    pub register_url: String,
}

impl RegistrationCodeMail {
    pub fn new(code: &str, valid_through: Date, register_url: &str) -> Self {
        RegistrationCodeMail {
            code: code.to_string(),
            valid_through_fr: long_date(valid_through, Lang::Fr),
            valid_through_en: long_date(valid_through, Lang::En),
            register_url: register_url.to_string(),
        }
    }
}

impl Message for RegistrationCodeMail {
    const NAME: &'static str = "registration-code";
    fn subject(&self) -> String {
        bilingual("Votre code d'enregistrement", "Your registration code")
    }
    fn secrets(&self) -> Vec<&str> {
        vec![&self.code]
    }
}

/// M6: every officer is told a code went to one of the organization's employees.
#[derive(Template)]
#[template(path = "code_issued_to_officers.txt")]
pub struct CodeIssuedToOfficersMail {
    pub organization: String,
}

impl Message for CodeIssuedToOfficersMail {
    const NAME: &'static str = "code-issued-to-officers";
    fn subject(&self) -> String {
        bilingual(
            "Code d'enregistrement transmis à un employé",
            "Registration code sent to an employee",
        )
    }
}

/// E2: the one-time code of the second factor.
#[derive(Template)]
#[template(path = "sign_in_code.txt")]
pub struct SignInCodeMail {
    pub code: String,
    pub minutes: u32,
}

impl Message for SignInCodeMail {
    const NAME: &'static str = "sign-in-code";
    fn subject(&self) -> String {
        bilingual(
            "Votre code de validation multifacteur",
            "Your multi-factor validation code",
        )
    }
    fn secrets(&self) -> Vec<&str> {
        vec![&self.code]
    }
}

/// M10: a password change, confirmed.
#[derive(Template)]
#[template(path = "password_changed.txt")]
pub struct PasswordChangedMail;

impl Message for PasswordChangedMail {
    const NAME: &'static str = "password-changed";
    fn subject(&self) -> String {
        bilingual(
            "Changement de votre mot de passe",
            "Change of your password",
        )
    }
}

/// E2: a change to the person's second factor, so that a change they did not make is seen.
#[derive(Template)]
#[template(path = "second_factor_changed.txt")]
pub struct SecondFactorChangedMail {
    pub what_fr: String,
    pub what_en: String,
}

impl SecondFactorChangedMail {
    pub fn app_added() -> Self {
        Self::new(
            "Une application d'authentification a été associée à votre code d'utilisateur.",
            "An authenticator app was linked to your user code.",
        )
    }

    pub fn app_removed() -> Self {
        Self::new(
            "L'application d'authentification associée à votre code d'utilisateur a été retirée.",
            "The authenticator app linked to your user code was removed.",
        )
    }

    pub fn recovery_codes_renewed() -> Self {
        Self::new(
            "De nouveaux codes de récupération ont été créés; les précédents ne fonctionnent plus.",
            "New recovery codes were created; the previous ones no longer work.",
        )
    }

    pub fn recovery_code_used(left: i64) -> Self {
        SecondFactorChangedMail {
            what_fr: format!(
                "Un code de récupération a servi à ouvrir une session. Il vous en reste {left}."
            ),
            what_en: format!("A recovery code was used to sign in. You have {left} left."),
        }
    }

    fn new(fr: &str, en: &str) -> Self {
        SecondFactorChangedMail {
            what_fr: fr.into(),
            what_en: en.into(),
        }
    }
}

impl Message for SecondFactorChangedMail {
    const NAME: &'static str = "second-factor-changed";
    fn subject(&self) -> String {
        bilingual(
            "Sécurité de votre code d'utilisateur",
            "Security of your user code",
        )
    }
}

/// M11: to the user whose code three failed sign-ins deactivated.
#[derive(Template)]
#[template(path = "lockout_user.txt")]
pub struct LockoutUserMail;

impl Message for LockoutUserMail {
    const NAME: &'static str = "lockout-user";
    fn subject(&self) -> String {
        bilingual("Code d'utilisateur désactivé", "User code deactivated")
    }
}

/// M11: to the officers, naming the code by its first three characters.
#[derive(Template)]
#[template(path = "lockout_officers.txt")]
pub struct LockoutOfficersMail {
    pub code_prefix: String,
    /// Each failure that locked the code, oldest first, in each language: when, and from
    /// which address, so that an officer can tell an attack from a forgotten password before
    /// reactivating (issue 19).
    pub failures_fr: Vec<String>,
    pub failures_en: Vec<String>,
}

impl LockoutOfficersMail {
    /// `failures`: when and from where each failure came, in any order.
    pub fn new(code: &UserCode, failures: &[(time::OffsetDateTime, Option<String>)]) -> Self {
        let mut failures = failures.to_vec();
        failures.sort_by_key(|(at, _)| *at);
        LockoutOfficersMail {
            code_prefix: code.first_three().to_string(),
            failures_fr: failures.iter().map(|f| failure(f, Lang::Fr)).collect(),
            failures_en: failures.iter().map(|f| failure(f, Lang::En)).collect(),
        }
    }
}

/// « le 3 décembre 2026 14:02, depuis l'adresse 203.0.113.9 », in `lang`.
pub fn failure((at, client): &(time::OffsetDateTime, Option<String>), lang: Lang) -> String {
    let when = mandat_core::dates::long_moment(*at, lang);
    match (lang, client.as_deref()) {
        (Lang::Fr, Some(c)) => format!("le {when}, depuis l'adresse {c}"),
        (Lang::Fr, None) => format!("le {when}, d'une adresse inconnue"),
        (Lang::En, Some(c)) => format!("{when}, from address {c}"),
        (Lang::En, None) => format!("{when}, from an unknown address"),
    }
}

impl Message for LockoutOfficersMail {
    const NAME: &'static str = "lockout-officers";
    fn subject(&self) -> String {
        bilingual("Code d'utilisateur désactivé", "User code deactivated")
    }
}

/// M13, M14: to the user who deactivated their own code.
#[derive(Template)]
#[template(path = "deactivated_by_self_user.txt")]
pub struct DeactivatedBySelfUserMail;

impl Message for DeactivatedBySelfUserMail {
    const NAME: &'static str = "deactivated-by-self-user";
    fn subject(&self) -> String {
        bilingual(
            "Désactivation de votre code d'utilisateur",
            "Deactivation of your user code",
        )
    }
}

/// M13, M14: to the officers, when a user deactivated their own code.
#[derive(Template)]
#[template(path = "deactivated_by_self_officers.txt")]
pub struct DeactivatedBySelfOfficersMail {
    pub code_prefix: String,
    pub reason_fr: String,
    pub reason_en: String,
}

impl Message for DeactivatedBySelfOfficersMail {
    const NAME: &'static str = "deactivated-by-self-officers";
    fn subject(&self) -> String {
        bilingual(
            "Désactivation d'un code d'utilisateur",
            "Deactivation of a user code",
        )
    }
}

/// M15: to central, when an organization is left without an active officer.
#[derive(Template)]
#[template(path = "no_active_officer.txt")]
pub struct NoActiveOfficerMail {
    pub code_prefix: String,
    pub organization: String,
    pub neq: String,
}

impl Message for NoActiveOfficerMail {
    const NAME: &'static str = "no-active-officer";
    fn subject(&self) -> String {
        bilingual(
            "Organisme sans responsable de la sécurité actif",
            "Organization without an active security officer",
        )
    }
}

/// A new central agent's user code; the temporary password is handed over apart, by the
/// agent who created the account, so no single message holds both (as Q5 splits them).
#[derive(Template)]
#[template(path = "central_agent_created.txt")]
pub struct CentralAgentCreatedMail {
    pub user_code: String,
    pub created_by: String,
}

impl Message for CentralAgentCreatedMail {
    const NAME: &'static str = "central-agent-created";
    fn subject(&self) -> String {
        bilingual(
            "Votre compte du Groupe central de la sécurité",
            "Your central security group account",
        )
    }
}

/// A new account of an agency's person (issue 7): as for central's agents, the user code by
/// email and the temporary password handed over by whoever created the account.
#[derive(Template)]
#[template(path = "agency_staff_created.txt")]
pub struct AgencyStaffCreatedMail {
    pub user_code: String,
    pub created_by: String,
    pub agency_fr: String,
    pub agency_en: String,
    /// The person manages the agency's staff.
    pub admin: bool,
}

impl Message for AgencyStaffCreatedMail {
    const NAME: &'static str = "agency-staff-created";
    fn subject(&self) -> String {
        bilingual("Votre compte Mandat", "Your Mandat account")
    }
}

/// To the owner of a staff account reactivated by a colleague: the new temporary password
/// is handed over by them, never sent.
#[derive(Template)]
#[template(path = "staff_reactivated.txt")]
pub struct StaffReactivatedMail {
    pub reactivated_by: String,
}

impl Message for StaffReactivatedMail {
    const NAME: &'static str = "staff-reactivated";
    fn subject(&self) -> String {
        bilingual(
            "Votre compte Mandat est réactivé",
            "Your Mandat account is reactivated",
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use mandat_core::Field;
    use time::macros::date;

    pub(crate) fn show(m: &impl Message) -> String {
        let to = Email::parse(Field::Email, "personne@exemple.qc.ca").expect("email");
        let mail = m.to(&to).expect("render");
        format!(
            "To: {}\nSubject: {}\nTemplate: {}\n\n{}",
            mail.to, mail.subject, mail.template, mail.body
        )
    }

    #[test]
    fn every_message_renders_as_snapshotted() {
        let code = UserCode::from_stored("essac04".into());
        insta::assert_snapshot!(
            "registration_code",
            show(&RegistrationCodeMail::new(
                "K7QM-2XPD-9WHT",
                date!(2026 - 11 - 27),
                "https://mandat.exemple.qc.ca/inscription"
            ))
        );
        insta::assert_snapshot!(
            "code_issued_to_officers",
            show(&CodeIssuedToOfficersMail {
                organization: "Centre de formation des Laurentides".into()
            })
        );
        insta::assert_snapshot!(
            "sign_in_code",
            show(&SignInCodeMail {
                code: "482913".into(),
                minutes: 10
            })
        );
        insta::assert_snapshot!("password_changed", show(&PasswordChangedMail));
        insta::assert_snapshot!(
            "central_agent_created",
            show(&CentralAgentCreatedMail {
                user_code: "gcs2027".into(),
                created_by: "Agente Centrale".into(),
            })
        );
        insta::assert_snapshot!(
            "agency_staff_created",
            show(&AgencyStaffCreatedMail {
                user_code: "saaq001".into(),
                created_by: "Agente Centrale".into(),
                agency_fr: "Société de l'assurance automobile du Québec".into(),
                agency_en: "Société de l'assurance automobile du Québec".into(),
                admin: true,
            })
        );
        insta::assert_snapshot!(
            "staff_reactivated",
            show(&StaffReactivatedMail {
                reactivated_by: "Isabelle Morin".into(),
            })
        );
        insta::assert_snapshot!(
            "second_factor_app_added",
            show(&SecondFactorChangedMail::app_added())
        );
        insta::assert_snapshot!(
            "second_factor_app_removed",
            show(&SecondFactorChangedMail::app_removed())
        );
        insta::assert_snapshot!(
            "second_factor_recovery_codes_renewed",
            show(&SecondFactorChangedMail::recovery_codes_renewed())
        );
        insta::assert_snapshot!(
            "second_factor_recovery_code_used",
            show(&SecondFactorChangedMail::recovery_code_used(9))
        );
        insta::assert_snapshot!("lockout_user", show(&LockoutUserMail));
        let failures = [
            (time::macros::datetime!(2026-12-01 14:05 UTC), None),
            (
                time::macros::datetime!(2026-12-01 14:02 UTC),
                Some("203.0.113.9".into()),
            ),
            (
                time::macros::datetime!(2026-12-01 14:03 UTC),
                Some("203.0.113.9".into()),
            ),
        ];
        insta::assert_snapshot!(
            "lockout_officers",
            show(&LockoutOfficersMail::new(&code, &failures))
        );
        insta::assert_snapshot!("deactivated_by_self_user", show(&DeactivatedBySelfUserMail));
        insta::assert_snapshot!(
            "deactivated_by_self_officers",
            show(&DeactivatedBySelfOfficersMail {
                code_prefix: code.first_three().into(),
                reason_fr: "Départ volontaire".into(),
                reason_en: "Voluntary departure".into()
            })
        );
        insta::assert_snapshot!(
            "no_active_officer",
            show(&NoActiveOfficerMail {
                code_prefix: code.first_three().into(),
                organization: "Municipalité de Saint-Exemple".into(),
                neq: "8830000003".into()
            })
        );
    }

    #[test]
    fn officers_never_see_more_than_three_characters_of_a_code() {
        let code = UserCode::from_stored("essac04".into());
        let officers = [
            show(&LockoutOfficersMail::new(&code, &[])),
            show(&DeactivatedBySelfOfficersMail {
                code_prefix: code.first_three().into(),
                reason_fr: String::new(),
                reason_en: String::new(),
            }),
        ];
        for body in officers {
            assert!(body.contains("(ess)") && !body.contains("essac"), "{body}");
        }
    }

    #[test]
    fn the_seeds_french_is_quoted_word_for_word() {
        let lockout = show(&LockoutUserMail);
        assert!(lockout.contains("Nous vous avisons que votre code d'utilisateur a été désactivé suite à plusieurs tentatives infructueuses d'identification avec des mots de passe invalides."));
        let code = show(&RegistrationCodeMail::new(
            "ABC",
            date!(2026 - 11 - 27),
            "u",
        ));
        assert!(code.contains("Voici votre code d'enregistrement; vous avez la responsabilité d'en maintenir la confidentialité. À partir de sa date d'émission, un délai de quatre (4) jours ouvrables vous est accordé pour choisir votre code d'utilisateur."));
        assert!(show(&PasswordChangedMail).contains(
            "Nous vous confirmons que le changement de votre mot de passe a bien été enregistré."
        ));
    }
}
