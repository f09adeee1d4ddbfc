//! An organization's security officer, signed in (M2, M21): the one extractor for every page
//! of « Administration de la sécurité ». Anyone else signed in gets a 403 page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_core::ids::OrgId;

use crate::http::client::ClientAddress;
use crate::http::session::OrgMember;
use crate::http::{AppError, AppState};

pub struct Officer {
    pub member: OrgMember,
    pub org: OrgId,
    /// The officer as the application layer takes them, with the client's address.
    pub acting: mandat_app::Officer,
}

impl Officer {
    pub fn name(&self) -> &str {
        &self.member.0.account.name
    }
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let member = OrgMember::from_request_parts(parts, state).await?;
        let Ok(ClientAddress(client)) = ClientAddress::from_request_parts(parts, state).await;
        let acting = match state.app.officer(&member.0.account, client).await {
            Ok(Some(acting)) => acting,
            Ok(None) => return Err(crate::kit::frame::forbidden(parts).into_response()),
            Err(e) => return Err(AppError::from(e).into_response()),
        };
        Ok(Officer {
            org: acting.org,
            member,
            acting,
        })
    }
}
