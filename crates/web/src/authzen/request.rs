//! What an evaluation request says (AuthZEN §5–6), read into the application layer's
//! question, and its answer as AuthZEN writes it, with Mandat's reasons in `context`.

use mandat_app::authzen::{Ask, Evaluation};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Clone, Deserialize)]
pub struct Entity {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    #[serde(default)]
    properties: serde_json::Map<String, Value>,
}

#[derive(Clone, Deserialize)]
pub struct Action {
    name: String,
}

#[derive(Clone, Deserialize, Default)]
pub struct Context {
    time: Option<String>,
}

#[derive(Clone, Deserialize)]
pub struct Request {
    pub subject: Entity,
    pub resource: Entity,
    pub action: Action,
    #[serde(default)]
    pub context: Context,
}

/// `value`, or the message that `field` is required.
fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, String> {
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
    let organization = r
        .resource
        .properties
        .get("organization")
        .and_then(Value::as_str);
    let at = match &r.context.time {
        None => None,
        Some(t) => Some(
            OffsetDateTime::parse(t, &Rfc3339)
                .map_err(|_| "context.time: not an RFC 3339 date and time".to_string())?,
        ),
    };
    Ok(Ask {
        subject: required(r.subject.id.as_deref(), "subject.id")?,
        service: required(r.resource.id.as_deref(), "resource.id")?,
        organization: required(organization, "resource.properties.organization")?,
        task: required(Some(r.action.name.as_str()), "action.name")?,
        at,
    })
}

/// The decision, with its reasons in `context` (AuthZEN §6.2).
pub fn answer(e: &Evaluation) -> Value {
    let reasons: Vec<Value> = e
        .reasons
        .iter()
        .map(|r| {
            let (fr, en) = r.messages();
            json!({
                "code": r.code(),
                "procuration": r.procuration().map(|p| p.to_string()),
                "day": r.day().map(|d| d.to_string()),
                "message": {"fr": fr, "en": en},
            })
        })
        .collect();
    json!({"decision": e.decision, "context": {"reasons": reasons}})
}
