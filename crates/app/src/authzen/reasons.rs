//! The reasons of an evaluation, as agencies' software reads them: a stable code (listed in
//! docs/AUTHZEN.md), the procuration and the day it names, and a sentence in French and in
//! English for their own pages.

use mandat_core::decision::GrantMiss;
use mandat_core::ids::ProcurationId;
use time::Date;

/// Why the decision is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Allowed by this procuration, until this day included.
    Allowed {
        procuration: ProcurationId,
        until: Date,
    },
    /// The agency's clients never received this subject.
    UnknownSubject,
    /// No organization has this id or NEQ.
    UnknownOrganization,
    /// The task is not one of the service's.
    UnknownTask,
    /// The person's user code is not active on the day.
    NoActiveCode,
    /// The organization is not enrolled « Actif » with the agency (E4).
    NotEnrolled,
    /// The service needs a contract with the organization, and none is in force (M9).
    NoContract,
    /// The person holds no right for the organization with the agency.
    NoGrant,
    /// A procuration the person holds, and why it does not allow this.
    Grant(ProcurationId, GrantMiss),
}

impl Reason {
    /// The stable code agencies' software tests.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Allowed { .. } => "allowed",
            Reason::UnknownSubject => "unknown_subject",
            Reason::UnknownOrganization => "unknown_organization",
            Reason::UnknownTask => "unknown_task",
            Reason::NoActiveCode => "no_active_code",
            Reason::NotEnrolled => "not_enrolled",
            Reason::NoContract => "no_contract",
            Reason::NoGrant => "no_grant",
            Reason::Grant(_, GrantMiss::OtherOrganization) => "other_organization",
            Reason::Grant(_, GrantMiss::OtherAgency) => "other_agency",
            Reason::Grant(_, GrantMiss::TaskNotGranted) => "task_not_granted",
            Reason::Grant(_, GrantMiss::NotYetStarted(_)) => "not_yet_started",
            Reason::Grant(_, GrantMiss::Ended(_)) => "ended",
        }
    }

    /// The procuration the reason names, if any.
    pub fn procuration(&self) -> Option<ProcurationId> {
        match self {
            Reason::Allowed { procuration, .. } | Reason::Grant(procuration, _) => {
                Some(*procuration)
            }
            _ => None,
        }
    }

    /// The day the reason names, if any: the last day allowed, a start, an end.
    pub fn day(&self) -> Option<Date> {
        match self {
            Reason::Allowed { until, .. } => Some(*until),
            Reason::Grant(_, GrantMiss::NotYetStarted(d) | GrantMiss::Ended(d)) => Some(*d),
            _ => None,
        }
    }

    /// The reason in French and in English.
    pub fn messages(&self) -> (String, String) {
        let day = self.day().map(|d| d.to_string()).unwrap_or_default();
        let (fr, en) = match self {
            Reason::Allowed { .. } => (
                "Permis par une procuration, jusqu'au {day} inclusivement.",
                "Allowed by a procuration, until {day} included.",
            ),
            Reason::UnknownSubject => (
                "Votre ministère ou organisme ne connaît pas cette personne : elle ne s'est jamais connectée par Mandat à l'un de ses services.",
                "Your ministry or agency does not know this person: they never signed in through Mandat to one of its services.",
            ),
            Reason::UnknownOrganization => (
                "Aucune organisation n'a cet identifiant ou ce NEQ.",
                "No organization has this identifier or NEQ.",
            ),
            Reason::UnknownTask => (
                "Cette tâche n'est pas une tâche de ce service en ligne.",
                "This task is not one of this online service's.",
            ),
            Reason::NoActiveCode => (
                "Le code d'utilisateur de la personne n'est pas actif ce jour-là.",
                "The person's user code is not active on that day.",
            ),
            Reason::NotEnrolled => (
                "L'organisation n'est pas inscrite (état « Actif ») auprès de ce ministère ou organisme.",
                "The organization is not enrolled (state « Actif ») with this ministry or agency.",
            ),
            Reason::NoContract => (
                "Ce service exige un contrat avec l'organisation, et aucun n'est en vigueur.",
                "This service needs a contract with the organization, and none is in force.",
            ),
            Reason::NoGrant => (
                "La personne ne détient aucune procuration pour cette organisation auprès de ce ministère ou organisme.",
                "The person holds no procuration for this organization with this ministry or agency.",
            ),
            Reason::Grant(_, miss) => match miss {
                GrantMiss::OtherOrganization => (
                    "Une procuration de la personne vaut pour une autre organisation.",
                    "A procuration of the person is for another organization.",
                ),
                GrantMiss::OtherAgency => (
                    "Une procuration de la personne ne vise pas ce ministère ou organisme.",
                    "A procuration of the person does not cover this ministry or agency.",
                ),
                GrantMiss::TaskNotGranted => (
                    "Une procuration de la personne ne comprend pas cette tâche.",
                    "A procuration of the person does not include this task.",
                ),
                GrantMiss::NotYetStarted(_) => (
                    "Une procuration de la personne commence le {day}.",
                    "A procuration of the person starts on {day}.",
                ),
                GrantMiss::Ended(_) => (
                    "Une procuration de la personne a pris fin le {day}.",
                    "A procuration of the person ended on {day}.",
                ),
            },
        };
        let fill = |text: &str| text.replace("{day}", &day);
        // French typography: a non-breaking space before the colon.
        (fill(fr).replace(" :", "\u{a0}:"), fill(en))
    }
}
