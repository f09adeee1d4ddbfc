//! HTTP plumbing, beneath every feature: the state, sessions and who is signed in, CSRF,
//! the layers around every route, errors, the client's address, rate limits, uploads and the
//! health probes. It draws its few pages (errors, refusals) with
//! the page kit, and knows no feature.

pub mod bearer;
pub mod client;
pub mod csrf;
pub mod error;
pub mod health;
pub mod here;
pub mod layers;
pub mod multipart;
pub mod officer;
pub mod path;
pub mod routes;
pub mod session;
pub mod state;
pub mod throttle;

pub use error::AppError;
pub use routes::Routes;
pub use state::AppState;

/// The probes and the static assets.
pub fn routes() -> Routes {
    Routes::new()
        .get("/healthz", health::healthz)
        .get("/readyz", health::readyz)
        .get("/static/{name}", crate::kit::assets::serve)
}
