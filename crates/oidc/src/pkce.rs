//! Proof Key for Code Exchange (RFC 7636), with the S256 method only: a client proves at the
//! token endpoint that it is the one that asked for the code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Whether `challenge` is one a client may send: the base64url of a SHA-256 digest.
pub fn valid_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && URL_SAFE_NO_PAD
            .decode(challenge)
            .is_ok_and(|bytes| bytes.len() == 32)
}

/// Whether `verifier` (43 to 128 unreserved characters, §4.1) hashes to `challenge` (§4.6).
pub fn verifies(verifier: &str, challenge: &str) -> bool {
    let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    if !(43..=128).contains(&verifier.len()) || !verifier.chars().all(unreserved) {
        return false;
    }
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    computed.as_bytes().ct_eq(challenge.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verifier_verifies_the_challenge_of_its_digest_only() {
        // The challenge computed apart, with Python's hashlib and base64.
        let verifier = "dBjftJeZ4CVP-mJ92K9yD1xVbyN6Qg_xiM3MT6W8nwk";
        let challenge = "CsRNY5CKtHaStGyXfq3E2zKv9nJ66eWVLAklTZngYvo";
        assert!(valid_challenge(challenge));
        assert!(verifies(verifier, challenge));
        assert!(!verifies(&verifier.replace('k', "K"), challenge));
        assert!(!verifies("short", challenge));
        assert!(!valid_challenge("plain-text-challenge"));
    }
}
