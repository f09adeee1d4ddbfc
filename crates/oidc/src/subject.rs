//! Pairwise subject identifiers (OpenID Connect Core §8.1): each agency knows a person by a
//! `sub` of its own, so two agencies cannot join their users by it, and no agency learns the
//! person's id in Mandat.

use mandat_core::ids::{AccountId, AgencyId};
use mandat_core::secret::keyed_digest;

/// The purpose the subjects' key is derived for from the seal key.
pub const KEY_PURPOSE: &str = "oidc-pairwise-subject";

/// The `sub` by which `agency`'s clients know the person of `account`.
pub fn pairwise(key: &[u8; 32], agency: AgencyId, account: AccountId) -> String {
    keyed_digest(key, &format!("{agency}:{account}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_agency_knows_a_person_by_its_own_subject() {
        let key = [7u8; 32];
        let (a, b, person) = (AgencyId::new(), AgencyId::new(), AccountId::new());
        assert_eq!(pairwise(&key, a, person), pairwise(&key, a, person));
        assert_ne!(pairwise(&key, a, person), pairwise(&key, b, person));
        assert_ne!(pairwise(&key, a, person), pairwise(&[8u8; 32], a, person));
        assert!(!pairwise(&key, a, person).contains(&person.to_string()));
    }
}
