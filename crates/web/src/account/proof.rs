//! The proof a person gives before changing their second factor (E2; issue 19 item 11, ASVS
//! 4.0 3.7.1): the password, unless the session proved both factors a few minutes ago. The
//! rule is the application layer's ([`mandat_app::account::Proof`]); here, its field.

use mandat_app::account::Proof;
use mandat_core::{Field, FieldError};

use crate::http::AppState;
use crate::http::session::SignedIn;
use crate::http::throttle::{self, Throttled};
use crate::i18n::Tr;
use crate::kit::form::FieldView;

/// The password field, when the session's proof is no longer recent; none otherwise.
pub fn fields(state: &AppState, who: &SignedIn, tr: &Tr, errors: &[FieldError]) -> Vec<FieldView> {
    if !state.app.needs_password(who.proven_at) {
        return Vec::new();
    }
    let field = FieldView::new(tr, Field::CurrentPassword, "password")
        .autocomplete("current-password")
        .errors(tr, errors);
    vec![field]
}

/// The proof `who` gives with the password `typed` (empty when the form had no field),
/// counted under the client's throttle as a sign-in would be (M11).
pub fn of<'a>(
    who: &SignedIn,
    typed: &'a str,
    throttle: &'a Throttled<throttle::SignIn>,
) -> Proof<'a> {
    Proof {
        password: typed,
        proven_at: who.proven_at,
        counted: &throttle.key,
    }
}
