//! What the audit log records (M12): one action per kind of event, each with the code the
//! log stores and its label in French and in English, as the journal and a person's history
//! show it. An action is added here, with both labels, before anything can record it.

use crate::Lang;

mod chain;
mod detail;
pub use chain::ChainKey;
pub use detail::{Detail, Note, render};

macro_rules! actions {
    ($($variant:ident = $code:literal, $fr:literal, $en:literal;)*) => {
        /// One kind of event in the audit log.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($variant,)*
        }

        impl AuditAction {
            /// Every action, in the order of this list.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The code the log stores: `sign-in`, `locked`…
            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                }
            }

            /// The action as people read it.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (AuditAction::$variant, Lang::Fr) => $fr,
                        (AuditAction::$variant, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

actions! {
    // Sign-in and the account (E2, M8–M11).
    SignedIn = "signed-in", "Ouverture de session", "Signed in";
    SignedOut = "signed-out", "Fermeture de la session", "Signed out";
    SignInFailed = "sign-in-failed", "Échec d'ouverture de session", "Failed sign-in";
    SecondFactorCodeSent = "second-factor-code-sent", "Envoi d'un code de connexion par courriel", "Sign-in code sent by email";
    PasswordVerified = "password-verified", "Mot de passe vérifié", "Password verified";
    PasswordChanged = "password-changed", "Changement du mot de passe", "Password changed";
    AuthenticatorStarted = "authenticator-started", "Début de l'association d'une application d'authentification", "Authenticator app linking begun";
    AuthenticatorAdded = "authenticator-added", "Association d'une application d'authentification", "Authenticator app linked";
    AuthenticatorRemoved = "authenticator-removed", "Retrait de l'application d'authentification", "Authenticator app removed";
    RecoveryCodesRenewed = "recovery-codes-renewed", "Nouveaux codes de récupération", "New recovery codes";
    RegistrationStarted = "registration-started", "Début de l'inscription avec un code d'enregistrement", "Registration with a code begun";
    Registered = "registered", "Choix du code d'utilisateur", "User code chosen";
    RegistrationFailed = "registration-failed", "Échec de l'inscription", "Failed registration";
    // The person's code (M13–M17, M23, M24).
    Deactivated = "deactivated", "Désactivation", "Deactivation";
    Reactivated = "reactivated", "Réactivation", "Reactivation";
    Locked = "locked", "Désactivation (tentatives infructueuses)", "Deactivation (failed sign-ins)";
    Expired = "expired", "Expiration", "Expiry";
    ExpiryChanged = "expiry-changed", "Nouvelle date d'expiration", "New expiry date";
    ExpiryNotice = "expiry-notice", "Avis d'expiration aux responsables", "Expiry notice to the officers";
    NoActiveOfficer = "no-active-officer", "Aucun responsable de la sécurité actif", "No active security officer";
    ReactivationRequested = "reactivation-requested", "Demande de réactivation au Groupe central", "Reactivation requested from central";
    ReactivationRefused = "reactivation-refused", "Demande de réactivation refusée", "Reactivation request refused";
    SecurityFileExported = "security-file-exported", "Exportation du dossier de sécurité", "Security file exported";
    AuditExported = "audit-exported", "Exportation du journal", "Log exported";
    // Form 2490 and registration codes (M4–M7, M19).
    AccessRequestFiled = "access-request-filed", "Dépôt d'une demande (formulaire 2490)", "Request filed (form 2490)";
    AccessRequestApproved = "access-request-approved", "Approbation d'une demande", "Request approved";
    ApproverChecked = "approver-checked", "Vérification de la personne qui a approuvé une demande", "Check of a request's approver";
    AccessRequestRefused = "access-request-refused", "Refus d'une demande par l'approbateur", "Request refused by the approver";
    AccessRequestWithdrawn = "access-request-withdrawn", "Retrait d'une demande par son auteur", "Request withdrawn by its author";
    AccessRequestRejected = "access-request-rejected", "Refus d'une demande par le Groupe central", "Request refused by central";
    AccessRequestApplied = "access-request-applied", "Modification faite par le Groupe central", "Change made by central";
    IdentityChecked = "identity-checked", "Vérification de l'identité (NAS partiel)", "Identity check (partial SIN)";
    EmailChanged = "email-changed", "Changement de l'adresse courriel", "Email address changed";
    RegistrationCodeIssued = "registration-code-issued", "Émission du code d'enregistrement", "Registration code issued";
    RegistrationCodeExtended = "registration-code-extended", "Prolongation du code d'enregistrement", "Registration code extended";
    // Staff and agencies.
    CentralAgentCreated = "central-agent-created", "Création du compte d'un agent du Groupe central", "A central agent's account created";
    CentralAgentDeactivated = "central-agent-deactivated", "Désactivation du compte d'un agent du Groupe central", "A central agent's account deactivated";
    CentralAgentReactivated = "central-agent-reactivated", "Réactivation du compte d'un agent du Groupe central", "A central agent's account reactivated";
    AgencyStaffCreated = "agency-staff-created", "Création d'un compte du personnel d'un ministère ou organisme", "An agency staff account created";
    AgencyStaffDeactivated = "agency-staff-deactivated", "Désactivation d'un compte du personnel d'un ministère ou organisme", "An agency staff account deactivated";
    AgencyStaffReactivated = "agency-staff-reactivated", "Réactivation d'un compte du personnel d'un ministère ou organisme", "An agency staff account reactivated";
    AgencyCreated = "agency-created", "Ajout d'un ministère ou organisme", "A ministry or agency added";
    AgencyRenamed = "agency-renamed", "Changement des noms d'un ministère ou organisme", "Names of a ministry or agency changed";
    AgencyContactChanged = "agency-contact-changed", "Modification des coordonnées d'un ministère ou organisme", "An agency's contact details changed";
    ServiceAdded = "service-added", "Ajout d'un service en ligne", "An online service added";
    ServiceChanged = "service-changed", "Modification d'un service en ligne", "An online service changed";
    TaskAdded = "task-added", "Ajout d'une tâche", "A task added";
    ContractAdded = "contract-added", "Inscription d'un contrat", "A contract recorded";
    ContractEndChanged = "contract-end-changed", "Changement de la date de fin d'un contrat", "A contract's last day changed";
    ContractsEndedNotice = "contracts-ended-notice", "Avis de fin des contrats de l'organisation", "Notice that the organization's contracts ended";
    // Enrollment (E1–E5).
    EnrollmentStateAdded = "enrollment-state-added", "Ajout d'un état des demandes d'inscription", "A state of enrollment requests added";
    EnrollmentFieldAdded = "enrollment-field-added", "Ajout d'un champ au formulaire d'inscription", "Field added to the enrollment form";
    EnrollmentDraftAbandoned = "enrollment-draft-abandoned", "Abandon d'une demande d'inscription en cours de rédaction", "Enrollment request being written abandoned";
    EnrollmentTransmitted = "enrollment-transmitted", "Transmission d'une demande d'inscription", "Enrollment request transmitted";
    EnrollmentStateSet = "enrollment-state-set", "Changement de l'état d'une demande d'inscription", "Enrollment request's state changed";
    // Access rights and procurations (P1–P6).
    RightsGranted = "rights-granted", "Droits d'accès accordés", "Access rights granted";
    RightsWithdrawn = "rights-withdrawn", "Droits d'accès retirés", "Access rights withdrawn";
    ProcurationCreated = "procuration-created", "Création d'une procuration", "Procuration created";
    ProcurationWithdrawn = "procuration-withdrawn", "Retrait d'une procuration", "Procuration withdrawn";
    ProcurationEndChanged = "procuration-end-changed", "Changement de la date de fin d'une procuration", "Procuration's end date changed";
    ExternalProcurationAccepted = "external-procuration-accepted", "Acceptation d'une procuration confiée par un autre organisme", "Procuration entrusted by another organization accepted";
    ExternalProcurationDeclined = "external-procuration-declined", "Refus d'une procuration confiée par un autre organisme", "Procuration entrusted by another organization declined";
    ExternalProcurationRenounced = "external-procuration-renounced", "Fin d'une procuration confiée par un autre organisme", "Procuration entrusted by another organization ended";
    ProcurationEndingNotice = "procuration-ending-notice", "Avis de fin prochaine d'une procuration", "Notice that a procuration ends soon";
    // The OpenID Connect provider (issue 20).
    SigningKeyAdded = "signing-key-added", "Ajout d'une clé de signature OpenID Connect", "OpenID Connect signing key added";
    ClientAdded = "oidc-client-added", "Inscription d'un client OpenID Connect", "OpenID Connect client registered";
    ClientDisabled = "oidc-client-disabled", "Désactivation d'un client OpenID Connect", "OpenID Connect client disabled";
    OidcAuthorized = "oidc-authorized", "Connexion à un service en ligne par Mandat", "Signed in to an online service through Mandat";
    OidcRefused = "oidc-refused", "Connexion à un service en ligne refusée", "Sign-in to an online service refused";
    OidcTokens = "oidc-tokens", "Jetons remis à un service en ligne", "Tokens issued to an online service";
    OidcSignedOut = "oidc-signed-out", "Déconnexion demandée par un service en ligne", "Sign-out asked by an online service";
    // The authorization API (issue 21): each denial, and a sample of what is allowed.
    EvaluationDenied = "access-evaluation-denied", "Évaluation d'accès : refusé", "Access evaluation: denied";
    EvaluationAllowed = "access-evaluation-allowed", "Évaluation d'accès : autorisé (échantillon)", "Access evaluation: allowed (sample)";
    // The officers' API (issue 21).
    ApiTokenCreated = "api-token-created", "Création d'un jeton d'API", "API token created";
    ApiTokenRevoked = "api-token-revoked", "Révocation d'un jeton d'API", "API token revoked";
    ApiUsed = "api-used", "Utilisation de l'API", "API used";
    // Revocation events (issue 21).
    ReceiverAdded = "event-receiver-added", "Inscription d'un récepteur d'événements de révocation", "Revocation events receiver registered";
    ReceiverTested = "event-receiver-tested", "Essai d'un récepteur d'événements de révocation", "Revocation events receiver tested";
    ReceiverDisabled = "event-receiver-disabled", "Désactivation d'un récepteur d'événements de révocation", "Revocation events receiver disabled";
}

impl AuditAction {
    /// The action a stored code names, if this version knows it.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_code_of_its_own_and_a_label_in_each_language() {
        let mut codes = std::collections::HashSet::new();
        for &a in AuditAction::ALL {
            assert!(codes.insert(a.code()), "{} twice", a.code());
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
            let (fr, en) = (a.label(Lang::Fr), a.label(Lang::En));
            assert!(!fr.is_empty() && !en.is_empty(), "{}", a.code());
            assert_ne!(
                fr,
                en,
                "{}: the French label is not the English one",
                a.code()
            );
            assert_ne!(fr, a.code(), "{}: a label, not the code", a.code());
            // No rule id and no code on a page: « (M20) » is for the documentation.
            assert!(!fr.contains("(M") && !en.contains("(M"), "{}", a.code());
        }
    }
}
