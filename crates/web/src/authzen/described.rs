//! The authorization API's answers as the OpenAPI description shows them (issue 21). The
//! handlers write them as JSON (`request::answer`, `evaluations`, `search`); these types
//! give their shape to the description, and the description's test validates real answers
//! against it, so the two cannot drift apart unseen.

use serde::Serialize;
use utoipa::ToSchema;

/// A message in both languages.
#[derive(Serialize, ToSchema)]
pub struct Messages {
    pub fr: String,
    pub en: String,
}

/// One reason of a decision, with its stable code (docs/AUTHZEN.md).
#[derive(Serialize, ToSchema)]
pub struct ReasonOut {
    pub code: String,
    /// The procuration the reason names, if any.
    pub procuration: Option<String>,
    /// The day the reason names (`YYYY-MM-DD`), if any.
    pub day: Option<String>,
    pub message: Messages,
}

/// Why an evaluation of a batch could not be made.
#[derive(Serialize, ToSchema)]
pub struct EvaluationError {
    pub status: u16,
    pub message: String,
}

/// The context of an answer: the decision's reasons, or the evaluation's error.
#[derive(Serialize, ToSchema)]
pub struct AnswerContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<ReasonOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<EvaluationError>,
}

/// A decision (AuthZEN §6.2).
#[derive(Serialize, ToSchema)]
pub struct EvaluationAnswer {
    pub decision: bool,
    pub context: AnswerContext,
}

/// The decisions of a batch, in order (AuthZEN §7.2).
#[derive(Serialize, ToSchema)]
pub struct EvaluationsAnswer {
    pub evaluations: Vec<EvaluationAnswer>,
}

/// The next page's token: empty at the end.
#[derive(Serialize, ToSchema)]
pub struct NextPage {
    pub next_token: String,
}

/// A page of a search's results (AuthZEN §8–10): resources, actions or subjects.
#[derive(Serialize, ToSchema)]
pub struct SearchAnswer {
    #[schema(value_type = Vec<Object>)]
    pub results: Vec<serde_json::Value>,
    pub page: NextPage,
}

/// A protocol error (RFC 6750 for the token, otherwise `invalid_request` or `not_found`).
#[derive(Serialize, ToSchema)]
pub struct ProtocolError {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}
