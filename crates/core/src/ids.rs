//! Typed identifiers: a `PersonId` cannot be passed where an `OrgId` is expected.
//! Each is a UUIDv7, so ids sort by creation time and index well.

use std::fmt;
use std::str::FromStr;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new id, unique and ordered by creation time.
            pub fn new() -> Self {
                $name(uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                $name(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map($name)
            }
        }
    )*};
}

typed_id!(
    /// An organization (« entreprise », « intervenant externe », « organisme »).
    OrgId,
    /// A person known to the platform, within an organization.
    PersonId,
    /// A ministry or agency offering online services.
    AgencyId,
    /// One of an agency's online services.
    ServiceId,
    /// A task within an online service, the unit a restricted procuration grants (P3).
    TaskId,
    /// Someone who signs in: a person of an organization, or a central agent.
    AccountId,
    /// A registration code (M6).
    RegistrationCodeId,
    /// An access request (form 2490, M4).
    RequestId,
    /// A reactivation asked of central (M16).
    ReactivationId,
    /// An agency's contract or agreement with an organization (M9, M20).
    ContractId,
    /// An organization's request to enroll in an agency's services (E1–E5).
    EnrollmentId,
    /// A procuration: rights to act for an organization in agencies' services (P1–P6).
    ProcurationId,
    /// An OpenID Connect client of an agency's service: its `client_id` (issue 20).
    ClientId,
    /// An OpenID Connect authorization: one sign-in for a client, its code and its tokens.
    AuthorizationId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_7_and_round_trip_through_text() {
        let id = OrgId::new();
        assert_eq!(id.0.get_version_num(), 7);
        assert_eq!(id.to_string().parse::<OrgId>().ok(), Some(id));
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let first = PersonId::new();
        let second = PersonId::new();
        assert!(first < second);
    }
}
