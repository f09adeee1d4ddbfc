//! What an evaluation request says (AuthZEN §5–6), read into the application layer's
//! question, and its answer as AuthZEN writes it, with Mandat's reasons in `context`.

use mandat_app::authzen::{Ask, Evaluation};
use serde::Deserialize;
use serde_json::Value;

use super::described::{AnswerContext, EvaluationAnswer, Messages, ReasonOut};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A subject or a resource: a `user` by the `sub` the agency received, or a `service` by its
/// code with `properties.organization` (an organization's id or NEQ).
#[derive(Clone, Deserialize, utoipa::ToSchema)]
pub struct Entity {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub(super) properties: serde_json::Map<String, Value>,
}

impl Entity {
    /// The organization a service resource names, by id or NEQ.
    pub(super) fn organization(&self) -> Option<&str> {
        self.properties.get("organization").and_then(Value::as_str)
    }
}

/// A task of the service, by its code.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
pub struct Action {
    pub(super) name: String,
}

/// The moment asked about (`time`, RFC 3339); now when absent.
#[derive(Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct Context {
    time: Option<String>,
}

impl Context {
    /// The moment asked about, if one is given.
    pub(super) fn at(&self) -> Result<Option<OffsetDateTime>, String> {
        match &self.time {
            None => Ok(None),
            Some(t) => OffsetDateTime::parse(t, &Rfc3339)
                .map(Some)
                .map_err(|_| "context.time: not an RFC 3339 date and time".to_string()),
        }
    }
}

/// One question (AuthZEN §6.1).
#[derive(Clone, Deserialize, utoipa::ToSchema)]
pub struct Request {
    pub subject: Entity,
    pub resource: Entity,
    pub action: Action,
    #[serde(default)]
    pub context: Context,
}

/// `value`, or the message that `field` is required.
pub(super) fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, String> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| format!("{field}: required"))
}

/// The question, or what is wrong with it, naming the field.
pub fn read(r: &Request) -> Result<Ask<'_>, String> {
    if r.subject.kind != "user" {
        return Err("subject.type: must be \"user\"".into());
    }
    if r.resource.kind != "service" {
        return Err("resource.type: must be \"service\" (an online service, by its code)".into());
    }
    let organization = r.resource.organization();
    let at = r.context.at()?;
    Ok(Ask {
        subject: required(r.subject.id.as_deref(), "subject.id")?,
        service: required(r.resource.id.as_deref(), "resource.id")?,
        organization: required(organization, "resource.properties.organization")?,
        task: required(Some(r.action.name.as_str()), "action.name")?,
        at,
    })
}

/// The decision, with its reasons in `context` (AuthZEN §6.2).
pub fn answer(e: &Evaluation) -> EvaluationAnswer {
    let reasons = e
        .reasons
        .iter()
        .map(|r| {
            let (fr, en) = r.messages();
            ReasonOut {
                code: r.code().to_string(),
                procuration: r.procuration().map(|p| p.to_string()),
                day: r.day().map(|d| d.to_string()),
                message: Messages { fr, en },
            }
        })
        .collect();
    EvaluationAnswer {
        decision: e.decision,
        context: AnswerContext {
            reasons: Some(reasons),
            error: None,
        },
    }
}
