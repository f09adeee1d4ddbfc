//! The key of the audit chain (issue 19, item 7): each entry's link is an HMAC-SHA-256
//! under a key kept in `data/secrets`, beside the database and never in it, so that someone
//! who can write the database but not read the key cannot re-link the entries after an edit.

use std::fmt;

/// The server's key for the audit chain. Generated once per installation.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl ChainKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ChainKey(bytes)
    }

    /// HMAC-SHA-256 of `text` under the key, in lower-case hex.
    pub fn mac(&self, text: &str) -> String {
        crate::secret::keyed_digest(&self.0, text)
    }

    /// The mark that says from which entry the chain is keyed: without the key, it cannot
    /// be moved, and so the entries after it cannot be passed off as unkeyed ones.
    pub fn mark(&self, keyed_from: i64) -> String {
        self.mac(&format!("audit chain keyed from {keyed_from}"))
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChainKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_depends_on_the_key_and_the_text() {
        let (one, two) = (ChainKey::from_bytes([1; 32]), ChainKey::from_bytes([2; 32]));
        assert_eq!(one.mac("a"), one.mac("a"));
        assert_ne!(one.mac("a"), two.mac("a"));
        assert_ne!(one.mac("a"), one.mac("b"));
        assert_ne!(one.mark(1), one.mark(2));
        assert_eq!(format!("{one:?}"), "ChainKey(…)");
    }
}
