//! The `mandat` claim as docs/OIDC.md describes it to agencies' developers: whom the person
//! acts for in the client's service, and which tasks they may do there until when.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Organization {
    pub id: String,
    pub neq: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Task {
    pub code: String,
    pub procuration: String,
    pub until: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ActingFor {
    pub organization: Organization,
    pub service: String,
    pub procuration: String,
    pub until: String,
    pub tasks: Vec<Task>,
}

/// The claims Mandat adds to the standard ones.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct MandatClaim {
    pub mandat: ActingFor,
}

impl openidconnect::AdditionalClaims for MandatClaim {}
