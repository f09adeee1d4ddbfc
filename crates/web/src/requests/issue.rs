//! Central issues the registration code of an approved new-code request (M6); the rules
//! (M2's order, a person already known, the corrections) are the application layer's.

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
use crate::requests::queue::{Outcome, done, draw};

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

fn alert_key(reason: Reason) -> String {
    format!("central-{}", reason.id())
}
