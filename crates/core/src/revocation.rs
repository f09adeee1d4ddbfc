//! Revocation events (issue 21): what a change takes away from an agency's services, which
//! Mandat tells each agency concerned by a signed Security Event Token. A change raises its
//! events in its own transaction, so none is lost and none is told of a change undone. Kinds
//! and reasons are stable codes, listed for agencies' developers in docs/EVENTS.md.

use crate::Lang;
use crate::account::InactiveCause;

/// Why a right in an agency's services was taken away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Withdrawal {
    /// The organization withdrew the procuration (P5), or the one it was made within (P6).
    ProcurationWithdrawn,
    /// The organization withdrew the person from the procuration (P5).
    HolderWithdrawn,
    /// The procuration's last day has passed.
    ProcurationEnded,
    /// The organization's enrollment with the agency left « Actif » (E5).
    EnrollmentNotActive,
    /// A contract of the organization with the agency ended (M9).
    ContractEnded,
}

impl Withdrawal {
    pub const ALL: [Withdrawal; 5] = [
        Withdrawal::ProcurationWithdrawn,
        Withdrawal::HolderWithdrawn,
        Withdrawal::ProcurationEnded,
        Withdrawal::EnrollmentNotActive,
        Withdrawal::ContractEnded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Withdrawal::ProcurationWithdrawn => "procuration_withdrawn",
            Withdrawal::HolderWithdrawn => "holder_withdrawn",
            Withdrawal::ProcurationEnded => "procuration_ended",
            Withdrawal::EnrollmentNotActive => "enrollment_not_active",
            Withdrawal::ContractEnded => "contract_ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Withdrawal::ALL.into_iter().find(|w| w.code() == code)
    }

    /// What an agency's staff reads of it.
    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Withdrawal::ProcurationWithdrawn, Lang::Fr) => {
                "L'organisation a retiré la procuration."
            }
            (Withdrawal::ProcurationWithdrawn, Lang::En) => {
                "The organization withdrew the procuration."
            }
            (Withdrawal::HolderWithdrawn, Lang::Fr) => {
                "L'organisation a retiré la personne de la procuration."
            }
            (Withdrawal::HolderWithdrawn, Lang::En) => {
                "The organization withdrew the person from the procuration."
            }
            (Withdrawal::ProcurationEnded, Lang::Fr) => "La procuration a pris fin.",
            (Withdrawal::ProcurationEnded, Lang::En) => "The procuration has ended.",
            (Withdrawal::EnrollmentNotActive, Lang::Fr) => {
                "L'inscription de l'organisation auprès du ministère ou de l'organisme n'est plus « Actif »."
            }
            (Withdrawal::EnrollmentNotActive, Lang::En) => {
                "The organization's enrollment with the agency is no longer « Actif »."
            }
            (Withdrawal::ContractEnded, Lang::Fr) => {
                "Un contrat de l'organisation avec le ministère ou l'organisme a pris fin."
            }
            (Withdrawal::ContractEnded, Lang::En) => {
                "A contract of the organization with the agency has ended."
            }
        }
    }
}

/// Who or what brought about a deactivation, in CAEP's words (`initiating_entity`).
pub fn initiating_entity(cause: InactiveCause) -> &'static str {
    match cause {
        InactiveCause::SelfRequest => "user",
        InactiveCause::Officer | InactiveCause::Central | InactiveCause::Agency => "admin",
        InactiveCause::Lockout | InactiveCause::Expired | InactiveCause::ContractsEnded => "policy",
    }
}

/// Why a person's code was deactivated, as an agency's staff reads it.
pub fn deactivation_text(cause: InactiveCause, lang: Lang) -> &'static str {
    match (cause, lang) {
        (InactiveCause::Lockout, Lang::Fr) => {
            "Le code d'utilisateur a été désactivé après trois tentatives de connexion échouées."
        }
        (InactiveCause::Lockout, Lang::En) => {
            "The user code was deactivated after three failed sign-ins."
        }
        (InactiveCause::SelfRequest, Lang::Fr) => "La personne a désactivé son code d'utilisateur.",
        (InactiveCause::SelfRequest, Lang::En) => "The person deactivated their user code.",
        (InactiveCause::Officer, Lang::Fr) => {
            "Un responsable de la sécurité de l'organisation a désactivé le code d'utilisateur."
        }
        (InactiveCause::Officer, Lang::En) => {
            "A security officer of the organization deactivated the user code."
        }
        (InactiveCause::Central, Lang::Fr) => {
            "Le groupe central de sécurité a désactivé le code d'utilisateur."
        }
        (InactiveCause::Central, Lang::En) => {
            "The central security group deactivated the user code."
        }
        (InactiveCause::Expired, Lang::Fr) => "La validité du code d'utilisateur a pris fin.",
        (InactiveCause::Expired, Lang::En) => "The user code's validity has ended.",
        (InactiveCause::Agency, Lang::Fr) => {
            "Un administrateur du ministère ou de l'organisme a désactivé le code d'utilisateur."
        }
        (InactiveCause::Agency, Lang::En) => {
            "An administrator of the agency deactivated the user code."
        }
        (InactiveCause::ContractsEnded, Lang::Fr) => {
            "Le code d'utilisateur a été désactivé trois mois après la fin des contrats de l'organisation."
        }
        (InactiveCause::ContractsEnded, Lang::En) => {
            "The user code was deactivated three months after the organization's contracts ended."
        }
    }
}

/// What an event says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// A person's code was deactivated: whatever they opened through Mandat must end.
    CodeDeactivated(InactiveCause),
    /// A right in the agency's services was taken away from a person or an organization.
    RightWithdrawn(Withdrawal),
    /// A receiver's test, asked from the agency's back-office.
    Verification,
}

impl Signal {
    /// The kind, as stored.
    pub fn kind(self) -> &'static str {
        match self {
            Signal::CodeDeactivated(_) => "code_deactivated",
            Signal::RightWithdrawn(_) => "right_withdrawn",
            Signal::Verification => "verification",
        }
    }

    /// The reason, as stored: the cause of a deactivation, the withdrawal's code, or nothing.
    pub fn reason(self) -> &'static str {
        match self {
            Signal::CodeDeactivated(cause) => cause.code(),
            Signal::RightWithdrawn(w) => w.code(),
            Signal::Verification => "",
        }
    }

    /// The signal stored as `kind` and `reason`, if this version knows it.
    pub fn parse(kind: &str, reason: &str) -> Option<Self> {
        match kind {
            "code_deactivated" => InactiveCause::from_code(reason).map(Signal::CodeDeactivated),
            "right_withdrawn" => Withdrawal::from_code(reason).map(Signal::RightWithdrawn),
            "verification" => Some(Signal::Verification),
            _ => None,
        }
    }

    /// What an agency's staff reads of it.
    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Signal::CodeDeactivated(cause), _) => deactivation_text(cause, lang),
            (Signal::RightWithdrawn(w), _) => w.text(lang),
            (Signal::Verification, Lang::Fr) => "Essai du récepteur.",
            (Signal::Verification, Lang::En) => "Receiver test.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signal_reads_back_from_its_stored_codes() {
        let signals = InactiveCause::ALL
            .into_iter()
            .map(Signal::CodeDeactivated)
            .chain(Withdrawal::ALL.into_iter().map(Signal::RightWithdrawn))
            .chain([Signal::Verification]);
        for signal in signals {
            assert_eq!(Signal::parse(signal.kind(), signal.reason()), Some(signal));
            assert_ne!(signal.text(Lang::Fr), signal.text(Lang::En));
        }
        assert_eq!(Signal::parse("right_withdrawn", "nope"), None);
    }
}
