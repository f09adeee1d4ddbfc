//! The person's own account: sign-in and its second factor (E2), the authenticator app
//! and recovery codes, the password (M10), registration with a code (M8), deactivation
//! (M13–M15), what Mandat holds about them, and the main menu (M9).

pub mod authenticator;
pub mod deactivation;
pub mod identity;
pub mod menu;
pub mod password;
pub mod proof;
pub mod recovery;
pub mod registration;
pub mod second_factor;
pub mod sign_in;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/connexion", sign_in::form)
        .post("/connexion", sign_in::submit)
        .get("/connexion/deuxieme-facteur", second_factor::form)
        .post("/connexion/deuxieme-facteur", second_factor::verify)
        .post("/connexion/code-par-courriel", second_factor::send_code)
        .post("/deconnexion", sign_in::sign_out)
        .get("/menu", menu::menu)
        .get("/identification", identity::page)
        .get("/authentification/application", authenticator::page)
        .post("/authentification/application", authenticator::start)
        .post(
            "/authentification/application/confirmer",
            authenticator::confirm,
        )
        .get(
            "/authentification/application/retirer",
            authenticator::removal,
        )
        .post(
            "/authentification/application/retirer",
            authenticator::remove,
        )
        .get("/authentification/codes-de-recuperation", recovery::page)
        .post("/authentification/codes-de-recuperation", recovery::renew)
        .get("/mot-de-passe", password::form)
        .post("/mot-de-passe", password::submit)
        .get("/inscription", registration::form)
        .post("/inscription", registration::submit)
        .get("/inscription/identification", registration::identification)
        .get("/inscription/code", registration::choice)
        .post("/inscription/code", registration::save_choice)
        .get("/desactivation", deactivation::form)
        .post("/desactivation", deactivation::submit)
        .post("/desactivation/confirmer", deactivation::confirm)
}
