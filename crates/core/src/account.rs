//! A user code's life: active or inactive and why (M11, M13, M14, M16), its password's age
//! (M10), and the failed sign-ins that lock it (M11).

use time::{Duration, OffsetDateTime};

use crate::contact::Email;
use crate::credentials::UserCode;
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{AgencyId, OrgId, PersonId};
use crate::{Lang, text};

/// Three failed sign-ins, consecutive or not, deactivate a user code (M11). They count from
/// the last password change or reactivation.
pub const MAX_FAILED_SIGN_INS: i32 = 3;

/// Wrong NAS partiels that suspend a registration code until central acts (« Suspendu »).
pub const MAX_FAILED_TRIES: i32 = 5;

/// Where a registration code stands (M6–M8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeState {
    Active,
    Suspended,
    Used,
    /// A newer code was issued to the same person.
    Replaced,
}

impl CodeState {
    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            CodeState::Active => "active",
            CodeState::Suspended => "suspended",
            CodeState::Used => "used",
            CodeState::Replaced => "replaced",
        }
    }

    /// The state a stored code names.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            CodeState::Active,
            CodeState::Suspended,
            CodeState::Used,
            CodeState::Replaced,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// A password lasts at most six months (M10).
pub const PASSWORD_LIFETIME: Duration = Duration::days(183);

/// A password can be changed at most once a day (M10), unless it is temporary or expired.
pub const PASSWORD_CHANGE_INTERVAL: Duration = Duration::days(1);

/// Why a user code is inactive, which decides who may reactivate it (M16) and which emails
/// say so (M14).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InactiveCause {
    /// Three failed sign-ins (M11): an officer may reactivate it.
    Lockout,
    /// The user deactivated it (M13).
    SelfRequest,
    /// An officer deactivated it (M14).
    Officer,
    /// Central deactivated it, for security reasons (M14).
    Central,
    /// Its validity ended (M18).
    Expired,
    /// An agency's administrator deactivated a person of the agency.
    Agency,
    /// Three months after the organization's last contract ended, a code that served only
    /// the contracts (M20).
    ContractsEnded,
}

impl InactiveCause {
    pub const ALL: [InactiveCause; 7] = [
        InactiveCause::Lockout,
        InactiveCause::SelfRequest,
        InactiveCause::Officer,
        InactiveCause::Central,
        InactiveCause::Expired,
        InactiveCause::Agency,
        InactiveCause::ContractsEnded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InactiveCause::Lockout => "lockout",
            InactiveCause::SelfRequest => "self",
            InactiveCause::Officer => "officer",
            InactiveCause::Central => "central",
            InactiveCause::Expired => "expired",
            InactiveCause::Agency => "agency",
            InactiveCause::ContractsEnded => "contracts-ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        InactiveCause::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The longest text of « Autre raison ».
pub const OTHER_REASON_MAX: usize = 500;

/// The reasons a code is deactivated for (M13), in the seed's order and words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeactivationReason {
    ExtendedAbsence,
    Other,
    ChangeOfFunction,
    Dismissal,
    VoluntaryDeparture,
    EndOfContract,
    BusinessClosure,
    EndOfServiceAgreement,
}

impl DeactivationReason {
    pub const ALL: [DeactivationReason; 8] = [
        DeactivationReason::ExtendedAbsence,
        DeactivationReason::Other,
        DeactivationReason::ChangeOfFunction,
        DeactivationReason::Dismissal,
        DeactivationReason::VoluntaryDeparture,
        DeactivationReason::EndOfContract,
        DeactivationReason::BusinessClosure,
        DeactivationReason::EndOfServiceAgreement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeactivationReason::ExtendedAbsence => "extended-absence",
            DeactivationReason::Other => "other",
            DeactivationReason::ChangeOfFunction => "change-of-function",
            DeactivationReason::Dismissal => "dismissal",
            DeactivationReason::VoluntaryDeparture => "voluntary-departure",
            DeactivationReason::EndOfContract => "end-of-contract",
            DeactivationReason::BusinessClosure => "business-closure",
            DeactivationReason::EndOfServiceAgreement => "end-of-service-agreement",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        DeactivationReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// The reason chosen, with its text for « Autre raison » (which needs one, and only it).
    pub fn parse(code: &str, other: &str) -> Result<(Self, String), FieldError> {
        let reason = match code {
            "" => return Err(FieldError::new(Field::Reason, Problem::Required)),
            code => DeactivationReason::from_code(code)
                .ok_or(FieldError::new(Field::Reason, Problem::NotAChoice))?,
        };
        if reason != DeactivationReason::Other {
            return Ok((reason, String::new()));
        }
        let other = other.split_whitespace().collect::<Vec<_>>().join(" ");
        if other.is_empty() {
            return Err(FieldError::new(Field::OtherReason, Problem::Required));
        }
        if other.chars().count() > OTHER_REASON_MAX {
            return Err(FieldError::new(
                Field::OtherReason,
                Problem::TooLong {
                    max: OTHER_REASON_MAX,
                },
            ));
        }
        Ok((reason, other))
    }

    /// « Autre raison : … », or the reason's label, in `lang`.
    pub fn said(self, other: &str, lang: Lang) -> String {
        if other.is_empty() {
            self.label(lang).to_string()
        } else {
            format!("{} : {other}", self.label(lang))
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DeactivationReason::ExtendedAbsence, Lang::Fr) => "Absence prolongée",
            (DeactivationReason::ExtendedAbsence, Lang::En) => "Extended absence",
            (DeactivationReason::Other, Lang::Fr) => "Autre raison",
            (DeactivationReason::Other, Lang::En) => "Other reason",
            (DeactivationReason::ChangeOfFunction, Lang::Fr) => "Changement de fonction",
            (DeactivationReason::ChangeOfFunction, Lang::En) => "Change of function",
            (DeactivationReason::Dismissal, Lang::Fr) => "Congédiement",
            (DeactivationReason::Dismissal, Lang::En) => "Dismissal",
            (DeactivationReason::VoluntaryDeparture, Lang::Fr) => "Départ volontaire",
            (DeactivationReason::VoluntaryDeparture, Lang::En) => "Voluntary departure",
            (DeactivationReason::EndOfContract, Lang::Fr) => "Fin de contrat",
            (DeactivationReason::EndOfContract, Lang::En) => "End of contract",
            (DeactivationReason::BusinessClosure, Lang::Fr) => "Fermeture d'entreprise",
            (DeactivationReason::BusinessClosure, Lang::En) => "Business closure",
            (DeactivationReason::EndOfServiceAgreement, Lang::Fr) => "Fin de l'entente de service",
            (DeactivationReason::EndOfServiceAgreement, Lang::En) => "End of the service agreement",
        }
    }
}

/// Whether a password set at `changed_at` has expired at `now` (M10).
pub fn password_expired(changed_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - changed_at >= PASSWORD_LIFETIME
}

/// Whether a password may be changed at `now` (M10): at most once a day, except a temporary
/// or expired one, which must be changed.
pub fn may_change_password(
    changed_at: OffsetDateTime,
    temporary: bool,
    now: OffsetDateTime,
) -> bool {
    temporary || password_expired(changed_at, now) || now - changed_at >= PASSWORD_CHANGE_INTERVAL
}

/// A central agent about to get an account: a name, an email and a user code (M8's rules,
/// not made from the name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAgent {
    pub name: String,
    pub email: Email,
    pub user_code: UserCode,
}

impl NewAgent {
    pub const NAME_MAX: usize = 100;

    pub fn parse(name: &str, email: &str, user_code: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check(text::required(Field::AgentName, name, Self::NAME_MAX));
        let email = errors.check(Email::parse(Field::Email, email));
        let names: Vec<&str> = name.as_deref().unwrap_or("").split_whitespace().collect();
        let user_code = errors.check(UserCode::parse(user_code, &names));
        match (name, email, user_code) {
            (Some(name), Some(email), Some(user_code)) => Ok(NewAgent {
                name,
                email,
                user_code,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_password_expires_after_six_months() {
        let set = datetime!(2026-01-10 09:00 UTC);
        assert!(!password_expired(set, datetime!(2026-07-11 08:59 UTC)));
        assert!(password_expired(set, datetime!(2026-07-12 09:00 UTC)));
    }

    #[test]
    fn a_password_changes_at_most_once_a_day_unless_it_must() {
        let set = datetime!(2026-11-24 09:00 UTC);
        assert!(!may_change_password(
            set,
            false,
            datetime!(2026-11-25 08:59 UTC)
        ));
        assert!(may_change_password(
            set,
            false,
            datetime!(2026-11-25 09:00 UTC)
        ));
        assert!(
            may_change_password(set, true, datetime!(2026-11-24 09:01 UTC)),
            "temporary"
        );
        assert!(
            may_change_password(
                datetime!(2026-01-01 00:00 UTC),
                false,
                datetime!(2026-07-10 00:00 UTC)
            ),
            "expired"
        );
    }

    #[test]
    fn codes_round_trip() {
        for r in DeactivationReason::ALL {
            assert_eq!(DeactivationReason::from_code(r.code()), Some(r));
        }
        for c in InactiveCause::ALL {
            assert_eq!(InactiveCause::from_code(c.code()), Some(c));
        }
        assert_eq!(
            DeactivationReason::ALL.map(|r| r.label(Lang::Fr)),
            [
                "Absence prolongée",
                "Autre raison",
                "Changement de fonction",
                "Congédiement",
                "Départ volontaire",
                "Fin de contrat",
                "Fermeture d'entreprise",
                "Fin de l'entente de service",
            ]
        );
    }

    #[test]
    fn a_new_agent_needs_a_name_an_email_and_a_user_code_not_made_of_the_name() {
        let agent = NewAgent::parse("  Agente   Centrale ", "agente@mandat.qc.ca", "gcs2027")
            .expect("valid");
        assert_eq!(agent.name, "Agente Centrale");
        let errors = NewAgent::parse("", "pas-un-courriel", "centrale1").expect_err("invalid");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::AgentName, Field::Email]);
        let made_of_name = NewAgent::parse("Agente Centrale", "a@mandat.qc.ca", "centrale1")
            .expect_err("made of the name");
        assert_eq!(made_of_name[0].field, Field::UserCode);
    }
}

/// M12: a session ends after this long without a page, and after this long in all.
pub const SESSION_IDLE: time::Duration = time::Duration::minutes(30);
pub const SESSION_ABSOLUTE: time::Duration = time::Duration::hours(12);

/// M12: whether a session begun at `created_at` and last used at `last_seen_at` is still
/// alive at `now`: the pages' sessions and the sign-ins they gave to agencies' services.
pub fn session_alive(
    created_at: time::OffsetDateTime,
    last_seen_at: time::OffsetDateTime,
    now: time::OffsetDateTime,
) -> bool {
    now - last_seen_at <= SESSION_IDLE && now - created_at <= SESSION_ABSOLUTE
}

/// Whose account it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// A person of an organization.
    Member { person: PersonId, org: OrgId },
    /// An agent of the central security group.
    Central,
    /// A person of an agency; its administrators manage the agency's staff (issue 7).
    Agency { agency: AgencyId, admin: bool },
}

impl AccountKind {
    /// The organization of a member's account.
    pub fn org(self) -> Option<OrgId> {
        match self {
            AccountKind::Member { org, .. } => Some(org),
            AccountKind::Central | AccountKind::Agency { .. } => None,
        }
    }

    /// The agency of an agency's person.
    pub fn agency(self) -> Option<AgencyId> {
        match self {
            AccountKind::Agency { agency, .. } => Some(agency),
            AccountKind::Member { .. } | AccountKind::Central => None,
        }
    }

    /// The person of a member's account.
    pub fn person(self) -> Option<PersonId> {
        match self {
            AccountKind::Member { person, .. } => Some(person),
            AccountKind::Central | AccountKind::Agency { .. } => None,
        }
    }
}
