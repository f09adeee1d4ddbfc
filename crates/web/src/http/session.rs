//! Sessions (M12): an opaque id in a session cookie only (never a persistent one), the row on
//! the server under the id's digest, 30 minutes idle and 12 hours in all, a new id at each
//! step of sign-in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mandat_core::agency::Agency;
use mandat_core::ids::AgencyId;
use mandat_core::secret;
use mandat_store::{Account, AccountKind, Session, SessionStage};
use time::Duration;

use crate::http::{AppError, AppState};

pub const COOKIE: &str = "session";
/// How often activity is written down: a page read within a minute of the last write
/// writes nothing, so reads do not queue behind writes, and M12's idle limit
/// (`mandat_core::account::SESSION_IDLE`) holds to within a minute.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Where a signed-in person whose password must change is sent, and what stays reachable.
pub const PASSWORD_PAGE: &str = "/mot-de-passe";
const REACHABLE_WITH_AN_OLD_PASSWORD: [&str; 2] = [PASSWORD_PAGE, "/deconnexion"];

pub fn with_cookie(jar: CookieJar, id: String, secure: bool) -> CookieJar {
    jar.add(
        Cookie::build((COOKIE, id))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .build(),
    )
}

pub fn without_cookie(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(COOKIE).path("/").build())
}

/// The request's session, if its cookie names one that is still fresh, with its digest and,
/// past the password, its account: read together, since every signed-in page asks both.
pub async fn current(state: &AppState, jar: &CookieJar) -> Result<Option<Current>, AppError> {
    let Some(id) = jar.get(COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    let digest = secret::digest(&id);
    let Some((session, account)) = state.store.session_and_account(&digest).await? else {
        return Ok(None);
    };
    let now = state.store.now();
    if !mandat_core::account::session_alive(session.created_at, session.last_seen_at, now) {
        let mut tx = state.store.begin().await?;
        tx.end_session(&digest).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        state.store.touch_session(&digest).await?;
    }
    Ok(Some(Current {
        digest,
        session,
        account,
    }))
}

/// A fresh session, as [`current`] reads it.
pub struct Current {
    pub digest: String,
    pub session: Session,
    /// The account of a session past the password.
    pub account: Option<Account>,
}

/// Someone signed in with both factors, whose code is active.
pub struct SignedIn {
    pub account: Account,
    /// The session's digest, to end it.
    pub session: String,
    /// When the session proved both factors (its start; a credential change starts a new
    /// one): recent enough, it stands for the password before a change of the second factor.
    pub proven_at: time::OffsetDateTime,
}

impl SignedIn {
    pub fn is_central(&self) -> bool {
        self.account.kind == AccountKind::Central
    }

    pub fn is_member(&self) -> bool {
        matches!(self.account.kind, AccountKind::Member { .. })
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(parts, state)
            .await?
            .ok_or_else(|| Redirect::to("/connexion").into_response())
    }
}

/// Whoever is signed in with both factors and an active code, if anyone; refused (to the
/// password page) when their password must change first.
async fn signed_in(parts: &Parts, state: &AppState) -> Result<Option<SignedIn>, Response> {
    let jar = CookieJar::from_headers(&parts.headers);
    let current = current(state, &jar)
        .await
        .map_err(IntoResponse::into_response)?;
    let Some(Current {
        digest,
        session,
        account,
    }) = current
    else {
        return Ok(None);
    };
    let SessionStage::SignedIn(_) = session.stage else {
        return Ok(None);
    };
    let Some(account) = account.filter(|a| a.inactive.is_none()) else {
        return Ok(None);
    };
    let signed_in = SignedIn {
        account,
        session: digest,
        proven_at: session.created_at,
    };
    if state.app.must_change_password(&signed_in.account)
        && !REACHABLE_WITH_AN_OLD_PASSWORD.contains(&parts.uri.path())
    {
        return Err(Redirect::to(PASSWORD_PAGE).into_response());
    }
    Ok(Some(signed_in))
}

/// Someone signed in, or no one: for the pages both may see (the OpenID Connect provider's).
pub struct MaybeSignedIn(pub Option<SignedIn>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(parts, state).await.map(MaybeSignedIn)
    }
}

/// The cookie that keeps, between a client's request and the person's sign-in, which
/// OpenID Connect authorization this browser is in (issue 20).
pub const PENDING_AUTHORIZATION: &str = "oidc_pending";

/// Where a person goes once signed in: back to the authorization a client started, if any,
/// else the main menu.
pub fn after_sign_in(jar: &CookieJar) -> &'static str {
    pending_authorization(jar).unwrap_or("/menu")
}

/// The page that takes up the authorization a client started in this browser, if one waits
/// (for example, once a temporary password is changed).
pub fn pending_authorization(jar: &CookieJar) -> Option<&'static str> {
    jar.get(PENDING_AUTHORIZATION)
        .map(|_| "/oidc/authorize/continue")
}

/// Someone signed in for whom `allowed` holds; a 403 page for anyone else signed in.
async fn signed_in_if(
    parts: &mut Parts,
    state: &AppState,
    allowed: fn(&SignedIn) -> bool,
) -> Result<SignedIn, Response> {
    let signed_in = SignedIn::from_request_parts(parts, state).await?;
    if !allowed(&signed_in) {
        return Err(crate::kit::frame::forbidden(parts).into_response());
    }
    Ok(signed_in)
}

/// A central agent, signed in.
pub struct CentralAgent(pub SignedIn);

impl CentralAgent {
    /// The agent as the application layer takes them, acting from `client`.
    pub fn acting(&self, client: Option<String>) -> Result<mandat_app::Central, AppError> {
        mandat_app::Central::of(&self.0.account, client)
            .ok_or_else(|| AppError::Internal("a central agent not acting".into()))
    }
}

impl FromRequestParts<AppState> for CentralAgent {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_if(parts, state, SignedIn::is_central)
            .await
            .map(CentralAgent)
    }
}

/// A member of an organization, signed in: central agents and agencies' staff may not use
/// the pages that act on one's own organization membership (self-deactivation, M13), as
/// their accounts are managed by central and by their agency.
pub struct OrgMember(pub SignedIn);

impl FromRequestParts<AppState> for OrgMember {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_if(parts, state, SignedIn::is_member)
            .await
            .map(OrgMember)
    }
}

/// A person of an agency, signed in, with their agency (issue 7).
pub struct AgencyStaff {
    pub signed_in: SignedIn,
    pub agency: AgencyId,
    /// Administrators manage the agency's staff.
    pub admin: bool,
}

impl FromRequestParts<AppState> for AgencyStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let signed_in = signed_in_if(parts, state, |s| {
            matches!(s.account.kind, AccountKind::Agency { .. })
        })
        .await?;
        let AccountKind::Agency { agency, admin } = signed_in.account.kind else {
            return Err(crate::kit::frame::forbidden(parts).into_response());
        };
        Ok(AgencyStaff {
            signed_in,
            agency,
            admin,
        })
    }
}

impl AgencyStaff {
    /// The person's agency, which their account's reference keeps.
    /// The staff member as the application layer takes them, acting from `client`.
    pub fn acting(&self, client: Option<String>) -> mandat_app::agency::Staff {
        mandat_app::agency::Staff {
            account: self.signed_in.account.id,
            agency: self.agency,
            client,
        }
    }

    pub async fn record(&self, state: &AppState) -> Result<Agency, AppError> {
        state
            .store
            .agency(self.agency)
            .await?
            .ok_or_else(|| AppError::Internal(format!("agency {} is gone", self.agency)))
    }
}

/// An agency's administrator, signed in.
pub struct AgencyAdmin(pub AgencyStaff);

impl FromRequestParts<AppState> for AgencyAdmin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = AgencyStaff::from_request_parts(parts, state).await?;
        if !staff.admin {
            return Err(crate::kit::frame::forbidden(parts).into_response());
        }
        Ok(AgencyAdmin(staff))
    }
}
