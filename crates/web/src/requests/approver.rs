//! On central's page of a request: whether Mandat can vouch for the person who approved it
//! (issue 19, item 2), and, when it cannot, the form where central records how it checked
//! them before it issues a code or makes a change. The rule is the application layer's.

use axum::extract::{Path, State};
use axum::response::Response;
use mandat_app::requests::{Approver, ApproverStanding};
use mandat_core::dates::long_moment;
use mandat_core::{Field, FieldError, Lang};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::requests::queue::{done, draw, refused, request_id};

/// What the page says of the approver.
pub struct ApproverView {
    pub said: String,
    /// The approval rests on an address nothing on file vouches for, and is not checked.
    pub unverified: bool,
    pub field: FieldView,
}

impl ApproverView {
    pub fn new(tr: &Tr, lang: Lang, standing: &ApproverStanding, errors: &[FieldError]) -> Self {
        let said = match (&standing.approver, &standing.check) {
            (Approver::SignedIn, _) => tr.t("central-approver-signed-in"),
            (Approver::OnFile(name), _) => {
                tr.t_args("central-approver-on-file", &[("name", name.clone().into())])
            }
            (_, Some(check)) => {
                let at = long_moment(check.checked_at, lang);
                let args = [("date", at.into()), ("how", check.how.clone().into())];
                tr.t_args("central-approver-checked", &args)
            }
            (Approver::NotOnFile, None) => tr.t("central-approver-not-on-file"),
            (Approver::NamedByRequester, None) => tr.t("central-approver-named-by-requester"),
        };
        ApproverView {
            said,
            unverified: standing.unverified(),
            field: FieldView::new(tr, Field::ApproverCheck, "text").errors(tr, errors),
        }
    }
}

#[derive(Deserialize)]
pub struct CheckForm {
    csrf: String,
    #[serde(rename = "approver-check", default)]
    how: String,
}

with_token!(CheckForm);

/// Central records how it checked the approver; the page says so (post/redirect/get), or
/// draws the request again with what stops it.
pub async fn check(
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
