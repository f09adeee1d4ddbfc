//! The OpenID Connect provider's side of the application layer (issue 20): its signing keys
//! (`keys`), the clients agencies register for their services (`clients`), the authorization
//! request and whom the person acts for (`authorize`, `acting`).

mod acting;
mod api_token;
mod authorize;
mod clients;
mod keys;
mod logout;
mod token;
mod userinfo;

pub use acting::Choice;
pub use authorize::{
    AuthorizeParams, ClientProblem, Next, PENDING_FOR, Pending, Refused, SignedInPerson,
};
pub use clients::{ClientOwner, NewClient};
pub use logout::LogoutParams;
pub use token::{TokenError, TokenParams, Tokens};
