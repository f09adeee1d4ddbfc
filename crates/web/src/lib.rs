//! The web layer: maps HTTP to the domain and back.
//!
//! Features, each a folder with its own `routes()`: the account ([`account`]), form 2490
//! ([`requests`]), the organization's security file ([`security`]), access rights and
//! procurations ([`rights`]), enrollment ([`enrollment`]), an agency's back-office
//! ([`agency`]), central's ([`central`]), staff accounts ([`staff`]), the journal
//! ([`journal`]), the home page ([`home`]), the OpenID Connect provider ([`oidc`]), the
//! authorization API ([`authzen`]), the revocation events ([`events`]) and the officers' API
//! ([`api`]), and above those three the description of the APIs ([`openapi`]). Beneath them,
//! the page kit ([`kit`]) and the HTTP plumbing ([`http`]); beneath everything, the two
//! languages ([`i18n`]). A feature
//! imports the kit, the plumbing and core, never the reverse.

mod account;
mod agency;
mod api;
mod authzen;
mod central;
mod enrollment;
mod events;
mod home;
mod http;
pub mod i18n;
mod journal;
mod kit;
mod oidc;
mod openapi;
mod requests;
mod rights;
mod security;
mod staff;

use axum::Router;
use axum::middleware;

pub use http::client::{Proxies, ProxyHeader, network as proxy_network};
pub use http::{AppError, AppState, Routes};

/// Every route of Mandat, feature by feature.
pub fn routes() -> Routes {
    page_routes().merge(machine_routes())
}

/// The routes of people's browsers, and of the APIs that share their layers.
fn page_routes() -> Routes {
    Routes::new()
        .merge(home::routes())
        .merge(http::routes())
        .merge(account::routes())
        .merge(requests::routes())
        .merge(security::routes())
        .merge(journal::routes())
        .merge(rights::routes())
        .merge(enrollment::routes())
        .merge(agency::routes())
        .merge(central::routes())
        .merge(staff::routes())
        .merge(oidc::routes())
        .merge(events::routes())
        .merge(api::routes())
        .merge(openapi::routes())
}

/// The agencies' machine API, asked at each of their transactions, behind the lighter
/// layers of `http::layers::around_machines`.
fn machine_routes() -> Routes {
    authzen::routes()
}

/// Every (method, path) the router answers, for the access matrix.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    routes().table().to_vec()
}

/// Every route of Mandat, with its layers.
pub fn router(state: AppState) -> Router {
    let secure = state.secure_cookies;
    let machines = machine_routes().into_router().with_state(state.clone());
    let pages = page_routes()
        .into_router()
        .fallback(kit::frame::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), api::guard))
        .with_state(state)
        .layer(middleware::from_fn(move |request, next| {
            http::csrf::layer(secure, request, next)
        }));
    http::layers::around_machines(machines, secure).merge(http::layers::around(pages, secure))
}
