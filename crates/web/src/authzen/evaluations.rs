//! `POST /access/v1/evaluations` (AuthZEN §7): several questions in one request, the
//! top-level subject, resource, action and context serving as defaults for each; answered in
//! order, all of them, or up to the first denial or the first permit as
//! `options.evaluations_semantic` asks. A service that is not the agency's fails its own
//! evaluation (`context.error`, 404), not the others.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use mandat_app::Error;
use serde::Deserialize;

use super::described::{
    AnswerContext, EvaluationAnswer, EvaluationError, EvaluationsAnswer, ProtocolError,
};
use super::evaluation::bad_request;
use super::request::{Action, Context, Entity, Request, answer, read};
use crate::http::bearer::{api_client, unauthorized};
use crate::http::{AppError, AppState};
use mandat_oidc::api_token::API_SCOPE;

/// A question of the batch; what it leaves out, the batch's defaults give.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct Item {
    subject: Option<Entity>,
    resource: Option<Entity>,
    action: Option<Action>,
    context: Option<Context>,
}

/// `evaluations_semantic`: `execute_all` (the default), `deny_on_first_deny` or
/// `permit_on_first_permit`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct Options {
    evaluations_semantic: Option<String>,
}

/// Several questions (AuthZEN §7.1), or one written as a batch without `evaluations`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Batch {
    #[serde(flatten)]
    defaults: Item,
    evaluations: Option<Vec<Item>>,
    #[serde(default)]
    options: Options,
}

/// When to stop: never, at the first denial, at the first permit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Semantic {
    ExecuteAll,
    DenyOnFirstDeny,
    PermitOnFirstPermit,
}

#[utoipa::path(post, path = "/access/v1/evaluations", operation_id = "evaluations", tag = "authzen",
    request_body = Batch,
    security(("client_token" = [])),
    responses(
        (status = 200, body = EvaluationsAnswer,
            description = "The decisions in order; a request without `evaluations` gets one decision (`EvaluationAnswer`)"),
        (status = 400, body = ProtocolError),
        (status = 401, body = ProtocolError),
    ))]
pub async fn evaluate_all(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Batch>, JsonRejection>,
) -> Result<Response, AppError> {
    let Some(client) = api_client(&state, &headers, API_SCOPE).await? else {
        return Ok(unauthorized());
    };
    let batch = match body {
        Ok(Json(batch)) => batch,
        Err(e) => return Ok(bad_request(&e.body_text())),
    };
    let (requests, semantic) = match questions(batch) {
        Ok(read) => read,
        Err(problem) => return Ok(bad_request(&problem)),
    };
    // Every question is read before any is answered: bad input answers nothing.
    let asks: Result<Vec<_>, String> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| match semantic {
            Some(_) => read(r).map_err(|problem| format!("evaluations[{i}].{problem}")),
            None => read(r),
        })
        .collect();
    let asks = match asks {
        Ok(asks) => asks,
        Err(problem) => return Ok(bad_request(&problem)),
    };
    let mut answers = Vec::new();
    for ask in &asks {
        let (answered, decision) = match state.app.evaluate(&client, ask).await {
            Ok(answered) => (answer(&answered.evaluation), answered.evaluation.decision),
            Err(Error::NotFound) => (not_found_here(), false),
            Err(e) => return Err(e.into()),
        };
        answers.push(answered);
        match semantic.unwrap_or(Semantic::ExecuteAll) {
            Semantic::DenyOnFirstDeny if !decision => break,
            Semantic::PermitOnFirstPermit if decision => break,
            _ => {}
        }
    }
    if semantic.is_none() {
        // Without `evaluations`, the single evaluation's answer (AuthZEN §7.1).
        return Ok(Json(answers.remove(0)).into_response());
    }
    Ok(Json(EvaluationsAnswer {
        evaluations: answers,
    })
    .into_response())
}

/// A service that is not the agency's, as one evaluation of the batch says it.
fn not_found_here() -> EvaluationAnswer {
    EvaluationAnswer {
        decision: false,
        context: AnswerContext {
            reasons: None,
            error: Some(EvaluationError {
                status: 404,
                message: "no such online service".into(),
            }),
        },
    }
}

/// Each evaluation with the defaults filled in, and the semantic; `None` for a request
/// without `evaluations`.
fn questions(batch: Batch) -> Result<(Vec<Request>, Option<Semantic>), String> {
    let semantic = match batch.options.evaluations_semantic.as_deref() {
        None | Some("execute_all") => Semantic::ExecuteAll,
        Some("deny_on_first_deny") => Semantic::DenyOnFirstDeny,
        Some("permit_on_first_permit") => Semantic::PermitOnFirstPermit,
        Some(_) => {
            return Err("options.evaluations_semantic: must be execute_all, \
                        deny_on_first_deny or permit_on_first_permit"
                .into());
        }
    };
    let d = batch.defaults;
    let Some(items) = batch.evaluations else {
        return Ok((vec![merged(Item::default(), &d, "")?], None));
    };
    let requests = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| merged(item, &d, &format!("evaluations[{i}].")))
        .collect::<Result<_, _>>()?;
    Ok((requests, Some(semantic)))
}

/// `item`, each missing entity taken from the defaults.
fn merged(item: Item, d: &Item, at: &str) -> Result<Request, String> {
    let missing = |what: &str| format!("{at}{what}: required");
    Ok(Request {
        subject: item
            .subject
            .or(d.subject.clone())
            .ok_or(missing("subject"))?,
        resource: item
            .resource
            .or(d.resource.clone())
            .ok_or(missing("resource"))?,
        action: item.action.or(d.action.clone()).ok_or(missing("action"))?,
        context: item.context.or(d.context.clone()).unwrap_or_default(),
    })
}
