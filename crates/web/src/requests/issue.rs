//! Central issues the registration code of an approved new-code request (M6), after it has
//! recorded its check of an approver nothing on file vouches for (issue 19, item 2); the
//! rules (M2's order, a person already known, the corrections, the approver) are the
//! application layer's.

use axum::extract::{Path, State};
use axum::response::Response;
use mandat_app::{Reason, Refusal};
use mandat_core::ids::RequestId;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::requests::queue::{Outcome, done, draw, refused, request_id};

/// The typed corrections of the issue form, in order.
#[derive(Deserialize)]
pub struct IssueForm {
    csrf: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

with_token!(IssueForm);

/// Issues the code and shows the request saying so (post/redirect/get), or draws the
/// request again with what stops it.
pub async fn issue(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(form): Checked<IssueForm>,
) -> Result<Response, AppError> {
    let id = id.parse::<RequestId>().map_err(|_| AppError::NotFound)?;
    let typed: Vec<(String, String)> = form.fields.into_iter().collect();
    let acting = central.acting(client)?;
    let issued = state.app.issue_requested_code(&acting, id, &typed).await;
    let tr = here.tr();
    let outcome = match issued {
        Ok(_) => return Ok(done(id, "emis")),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => Outcome::errors(errors),
        Err(mandat_app::Error::Refused(Refusal::Reason(reason))) => {
            Outcome::alert(tr.t(&alert_key(reason)))
        }
        Err(e) => return Err(e.into()),
    };
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    draw(&here, &state, &central, &r, &typed, outcome).await
}

#[derive(Deserialize)]
pub struct CheckForm {
    csrf: String,
    #[serde(rename = "approver-check", default)]
    how: String,
}

with_token!(CheckForm);

/// Central records how it checked the approver, which issuing the code may need (issue 19,
/// item 2); the page says so (post/redirect/get), or draws the request again with what
/// stops it.
pub async fn check_approver(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(form): Checked<CheckForm>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let acting = central.acting(client)?;
    let outcome = match state.app.check_approver(&acting, id, &form.how).await {
        Ok(()) => return Ok(done(id, "approbateur")),
        Err(e) => refused(&here.tr(), e)?,
    };
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    draw(&here, &state, &central, &r, &[], outcome).await
}

fn alert_key(reason: Reason) -> String {
    format!("central-{}", reason.id())
}
