//! An organization's security officer, signed in (M2, M21): the one extractor for every page
//! of « Administration de la sécurité ». Anyone else signed in gets a 403 page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use mandat_core::contact::Email;
use mandat_core::ids::OrgId;
use mandat_core::profile::OfficerRank;
use mandat_core::request::Capacity;
use mandat_store::AccountKind;

use crate::http::AppState;
use crate::http::session::OrgMember;

pub struct Officer {
    pub member: OrgMember,
    pub org: OrgId,
    pub email: Email,
    pub capacity: Capacity,
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
        let AccountKind::Member { person, org } = member.0.account.kind else {
            return Err(crate::kit::frame::forbidden(parts).into_response());
        };
        let profiles = match state.store.profiles_of(person).await {
            Ok(profiles) => profiles,
            Err(e) => return Err(crate::http::AppError::from(e).into_response()),
        };
        let capacity = match profiles.officer() {
            Some(OfficerRank::Principal) => Capacity::PrincipalOfficer,
            Some(OfficerRank::Auxiliary) => Capacity::AuxiliaryOfficer,
            None => return Err(crate::kit::frame::forbidden(parts).into_response()),
        };
        let email = member.0.account.email.clone();
        Ok(Officer {
            member,
            org,
            email,
            capacity,
        })
    }
}
