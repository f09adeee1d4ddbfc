//! Mandat as an OpenID Connect provider for agencies' online services (issue 20): discovery
//! and keys (`discovery`), the authorization endpoint with its sign-in and choice of
//! organization (`authorize`), the token and userinfo endpoints (`token`), and RP-initiated
//! logout (`logout`). The protocol's rules are `mandat-oidc`'s; every change is the
//! application layer's.

mod authorize;
mod discovery;
mod logout;
mod token;

use mandat_oidc::metadata::{AUTHORIZE, JWKS, LOGOUT, TOKEN, USERINFO};

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/.well-known/openid-configuration",
            discovery::configuration,
        )
        .get(JWKS, discovery::jwks)
        .get(AUTHORIZE, authorize::start)
        .get(authorize::CONTINUE, authorize::resume)
        .post(authorize::CONTINUE, authorize::choose)
        .post(TOKEN, token::token)
        .get(USERINFO, token::userinfo)
        .post(USERINFO, token::userinfo)
        .get(LOGOUT, logout::ask)
        .post(LOGOUT, logout::confirm)
}
