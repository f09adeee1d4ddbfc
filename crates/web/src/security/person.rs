//! Acting on a person's code from a security file: who reads it (an officer of the
//! organization, or central) and where its pages are, which form was posted, and what came of
//! it. The changes themselves are the application layer's (`mandat_app::security`).

use mandat_app::security::{CodeAction, Keeper, Typed};
use mandat_core::FieldError;
use mandat_core::validity::Rule;
use serde::Deserialize;

/// Who reads the file, as the application layer takes them, and the organization's list:
/// `/administration/securite`, or central's for one organization.
pub struct Reader<'a> {
    pub keeper: Keeper<'a>,
    pub list: String,
}

/// What an action left to say: done, refused by rules, or a form to correct.
#[derive(Default)]
pub struct Outcome {
    pub notice: String,
    pub refusals: Vec<Rule>,
    pub errors: Vec<FieldError>,
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

impl ActionForm {
    pub fn typed(&self) -> Typed {
        Typed {
            reason: self.reason.clone(),
            other: self.other.clone(),
            reactivation_reason: self.reactivation_reason.clone(),
            new_expiry: self.new_expiry.clone(),
            nas: self.nas.clone(),
            refusal: self.refusal.clone(),
        }
    }
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
