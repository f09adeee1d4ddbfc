//! Acting on a person's code from a security file: who acts (an officer of the
//! organization, or central), on whom, with which form, and what comes of it. The file's
//! page, the code's changes and the reactivations all speak this vocabulary.

use mandat_core::account::InactiveCause;
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::Organization;
use mandat_core::person::Person;
use mandat_core::profile::ProfileSet;
use mandat_core::validity::{CodeFacts, Rule};
use mandat_core::{Field, FieldError, Problem, quebec_time};
use mandat_mail::security::ChangedBy;
use mandat_store::{Account, AccountKind, RegistrationCodeRecord};
use serde::Deserialize;

use crate::http::{AppError, AppState};

/// Who reads the file: an officer of the organization, or central for any (M14).
pub struct Reader<'a> {
    pub account: &'a Account,
    /// The organization whose file is read: the officer's own, or the one central opened.
    pub org: OrgId,
    /// Central, bound by none of the officers' rules (M14, M16, M17, M23).
    pub central: bool,
    /// The organization's list: `/administration/securite`, or central's for one organization.
    pub list: String,
    pub client: Option<String>,
}

impl Reader<'_> {
    pub(crate) fn is_central(&self) -> bool {
        self.central
    }

    pub(crate) fn changed_by(&self) -> ChangedBy {
        if self.is_central() {
            ChangedBy::Central
        } else {
            ChangedBy::Officer(self.account.name.clone())
        }
    }

    /// M23: an officer changes nothing on a code made inactive for any reason but a
    /// lockout; central may.
    pub(crate) fn frozen(&self, inactive: Option<(InactiveCause, impl Sized)>) -> bool {
        !self.is_central() && inactive.is_some_and(|(c, _)| c != InactiveCause::Lockout)
    }

    pub(crate) fn owns(&self, person: PersonId) -> bool {
        matches!(self.account.kind, AccountKind::Member { person: p, .. } if p == person)
    }
}

pub(crate) struct Subject {
    pub person: Person,
    pub org: Organization,
    pub account: Option<Account>,
    pub code: Option<RegistrationCodeRecord>,
    pub profiles: ProfileSet,
}

pub(crate) async fn subject(
    state: &AppState,
    reader: &Reader<'_>,
    id: &str,
) -> Result<Option<Subject>, AppError> {
    let Ok(id) = id.parse::<PersonId>() else {
        return Ok(None);
    };
    let Some((person, org)) = state.store.person(id).await? else {
        return Ok(None);
    };
    if org.id != reader.org {
        return Ok(None);
    }
    Ok(Some(Subject {
        account: state.store.account_of_person(id).await?,
        code: state.store.latest_registration_code(id).await?,
        profiles: state.store.profiles_of(id).await?,
        person,
        org,
    }))
}

/// What an action left to say: done, refused by rules, or a form to correct.
#[derive(Default)]
pub struct Outcome {
    pub notice: String,
    pub refusals: Vec<Rule>,
    pub errors: Vec<FieldError>,
}

/// What M16 and M17 look at, for `reader` acting on `s`'s code `a`.
pub(crate) fn facts_of(a: &Account, reader: &Reader<'_>, s: &Subject) -> CodeFacts {
    CodeFacts {
        inactive: a
            .inactive
            .map(|(cause, since)| (cause, quebec_time::date_at(since))),
        expires_on: a.expires_on,
        own: reader.owns(s.person.id),
    }
}

/// What a form asks for.
#[derive(Deserialize)]
pub struct ActionForm {
    pub csrf: String,
    #[serde(default)]
    pub reason: String,
    #[serde(rename = "other-reason", default)]
    pub other: String,
    #[serde(rename = "reactivation-reason", default)]
    pub reactivation_reason: String,
    #[serde(rename = "new-expiry", default)]
    pub new_expiry: String,
    #[serde(rename = "nas-partial", default)]
    pub nas: String,
    #[serde(rename = "refusal-reason", default)]
    pub refusal: String,
}

crate::http::csrf::with_token!(ActionForm);

/// A change to the code itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeAction {
    Deactivate,
    Reactivate,
    NewExpiry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Code(CodeAction),
    /// An officer asks central to reactivate (M16).
    RequestReactivation,
    /// Central refuses a request.
    RefuseReactivation,
}

impl Action {
    /// The last segment of the form's address.
    pub fn from_path(segment: &str) -> Option<Self> {
        match segment {
            "desactiver" => Some(Action::Code(CodeAction::Deactivate)),
            "reactiver" => Some(Action::Code(CodeAction::Reactivate)),
            "expiration" => Some(Action::Code(CodeAction::NewExpiry)),
            "demander-reactivation" => Some(Action::RequestReactivation),
            "refuser-reactivation" => Some(Action::RefuseReactivation),
            _ => None,
        }
    }
}

/// A reason typed in full: required, spaces collapsed, at most M13's length.
pub(crate) fn reason_text(field: Field, text: &str) -> Result<String, FieldError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    let max = mandat_core::account::OTHER_REASON_MAX;
    if text.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    Ok(text)
}

/// The broken rules, as an outcome to draw.
pub(crate) fn refused(rules: Vec<Rule>) -> Outcome {
    Outcome {
        refusals: rules,
        ..Default::default()
    }
}

/// A form to correct, as an outcome to draw.
pub(crate) fn invalid(e: FieldError) -> Outcome {
    Outcome {
        errors: vec![e],
        ..Default::default()
    }
}
