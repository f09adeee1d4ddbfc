//! The provider's signing keys (ES256, P-256): generated at first start, sealed at rest, one
//! signing at a time; a retired key is still published until every token it signed has
//! expired (issue 20).

use std::fmt;

use mandat_core::sealed::SealKey;
use mandat_core::secret::random;
use openidconnect::core::{
    CoreJsonCurveType, CoreJsonWebKey, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{JsonWebKeyId, PrivateSigningKey, SigningError};
use p256::ecdsa::signature::Signer;
use time::{Duration, OffsetDateTime};

/// How long a retired key stays in the JWKS: well beyond the longest-lived token it signs (an
/// ID token or an access token), so that a relying party's cached token still verifies.
pub const PUBLISHED_AFTER_RETIREMENT: Duration = Duration::hours(1);

/// A signing key: its id (`kid`) and the private scalar, with its PKCS #8 encoding made
/// once (what `jsonwebtoken` signs with; encoding it computes the public point again).
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    secret: p256::ecdsa::SigningKey,
    pkcs8: Vec<u8>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new key with a new random id.
    pub fn generate() -> Self {
        loop {
            // A random 32-byte string is a valid P-256 scalar but for 1 chance in 2^32.
            if let Ok(secret) = p256::ecdsa::SigningKey::from_slice(&random::<32>()) {
                return SigningKey::of(hex::encode(random::<8>()), secret);
            }
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The private scalar sealed under `seal` for this key's id, as the store keeps it.
    pub fn seal(&self, seal: &SealKey) -> String {
        seal.seal(&self.secret.to_bytes(), &context(&self.kid))
    }

    /// The key `kid` from its sealed scalar; `None` when it does not open under `seal`.
    pub fn open(kid: &str, sealed: &str, seal: &SealKey) -> Option<Self> {
        let bytes = seal.open(sealed, &context(kid))?;
        let secret = p256::ecdsa::SigningKey::from_slice(&bytes).ok()?;
        Some(SigningKey::of(kid.to_string(), secret))
    }

    fn of(kid: String, secret: p256::ecdsa::SigningKey) -> Self {
        use p256::pkcs8::EncodePrivateKey;
        // Encoding a valid P-256 key into a buffer cannot fail.
        let pkcs8 = secret
            .to_pkcs8_der()
            .map(|der| der.as_bytes().to_vec())
            .unwrap_or_default();
        SigningKey { kid, secret, pkcs8 }
    }

    /// The public half, as a JSON Web Key with this key's id.
    pub fn public(&self) -> CoreJsonWebKey {
        let (x, y) = self.public_point();
        CoreJsonWebKey::new_ec(
            x,
            y,
            CoreJsonCurveType::P256,
            Some(JsonWebKeyId::new(self.kid.clone())),
        )
    }

    /// The public point's coordinates, base64url, as a JWK's `x` and `y`.
    pub fn public_coordinates(&self) -> (String, String) {
        use base64::Engine;
        let (x, y) = self.public_point();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        (b64.encode(x), b64.encode(y))
    }

    fn public_point(&self) -> (Vec<u8>, Vec<u8>) {
        let point = self.secret.verifying_key().to_sec1_point(false);
        let coordinate = |c: Option<&[u8]>| c.map(<[u8]>::to_vec).unwrap_or_default();
        (
            coordinate(point.x().map(|x| x.as_slice())),
            coordinate(point.y().map(|y| y.as_slice())),
        )
    }

    /// The private key in PKCS #8 (DER), as `jsonwebtoken` takes it.
    pub(crate) fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The raw ES256 signature (r ‖ s) of `message`, as JWS wants it.
    pub fn sign_es256(&self, message: &[u8]) -> Vec<u8> {
        let signature: p256::ecdsa::Signature = self.secret.sign(message);
        signature.to_bytes().to_vec()
    }
}

/// What a sealed key is bound to: it opens as no other key and as no other kind of secret.
fn context(kid: &str) -> String {
    format!("oidc-signing-key:{kid}")
}

impl PrivateSigningKey for SigningKey {
    type VerificationKey = CoreJsonWebKey;

    fn sign(&self, alg: &CoreJwsSigningAlgorithm, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        match alg {
            CoreJwsSigningAlgorithm::EcdsaP256Sha256 => Ok(self.sign_es256(message)),
            other => Err(SigningError::UnsupportedAlg(
                serde_plain_name(other).unwrap_or_default(),
            )),
        }
    }

    fn as_verification_key(&self) -> CoreJsonWebKey {
        self.public()
    }
}

fn serde_plain_name(alg: &CoreJwsSigningAlgorithm) -> Option<String> {
    serde_json::to_value(alg)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

/// A key as the store keeps it, with when it began signing and when a newer one took over.
#[derive(Clone, Debug)]
pub struct StoredKey {
    pub key: SigningKey,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// Where a key stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyState {
    /// It signs what the provider issues now.
    Signing,
    /// Retired, still in the JWKS until this moment.
    Published { until: OffsetDateTime },
    /// Retired long enough that no token it signed is still valid: out of the JWKS.
    Withdrawn,
}

impl StoredKey {
    pub fn state(&self, now: OffsetDateTime) -> KeyState {
        match self.retired_at {
            None => KeyState::Signing,
            Some(retired) if now < retired + PUBLISHED_AFTER_RETIREMENT => KeyState::Published {
                until: retired + PUBLISHED_AFTER_RETIREMENT,
            },
            Some(_) => KeyState::Withdrawn,
        }
    }
}

/// The keys the provider holds at a moment: the one that signs, and those still published.
#[derive(Clone, Debug)]
pub struct KeyRing {
    signing: SigningKey,
    published: Vec<SigningKey>,
}

impl KeyRing {
    /// The ring of `keys` at `now`: the newest unretired key signs; `None` when there is none.
    pub fn at(keys: &[StoredKey], now: OffsetDateTime) -> Option<Self> {
        let signing = keys
            .iter()
            .filter(|k| k.state(now) == KeyState::Signing)
            .max_by_key(|k| k.created_at)?
            .key
            .clone();
        let published = keys
            .iter()
            .filter(|k| k.state(now) != KeyState::Withdrawn)
            .map(|k| k.key.clone())
            .collect();
        Some(KeyRing { signing, published })
    }

    pub fn signing(&self) -> &SigningKey {
        &self.signing
    }

    /// The published key `kid`, to check what it signed.
    pub fn published(&self, kid: &str) -> Option<&SigningKey> {
        self.published.iter().find(|k| k.kid == kid)
    }

    /// The JWKS: every key whose tokens may still be presented.
    pub fn jwks(&self) -> CoreJsonWebKeySet {
        CoreJsonWebKeySet::new(self.published.iter().map(SigningKey::public).collect())
    }
}

#[cfg(test)]
mod tests {
    use openidconnect::JsonWebKey;

    use super::*;

    fn stored(created: i64, retired: Option<i64>) -> StoredKey {
        let at = |s| OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        StoredKey {
            key: SigningKey::generate(),
            created_at: at(created),
            retired_at: retired.map(at),
        }
    }

    #[test]
    fn a_sealed_key_opens_as_itself_only() {
        let seal = SealKey::generate();
        let key = SigningKey::generate();
        let sealed = key.seal(&seal);
        let opened = SigningKey::open(key.kid(), &sealed, &seal).map(|k| k.public());
        assert_eq!(opened, Some(key.public()));
        assert!(SigningKey::open("another", &sealed, &seal).is_none());
        assert!(SigningKey::open(key.kid(), &sealed, &SealKey::generate()).is_none());
    }

    #[test]
    fn a_signature_verifies_with_the_published_key_and_no_other() {
        let key = SigningKey::generate();
        let signature = key.sign_es256(b"payload");
        let alg = CoreJwsSigningAlgorithm::EcdsaP256Sha256;
        assert!(
            key.public()
                .verify_signature(&alg, b"payload", &signature)
                .is_ok()
        );
        assert!(
            key.public()
                .verify_signature(&alg, b"altered", &signature)
                .is_err()
        );
        let other = SigningKey::generate().public();
        assert!(
            other
                .verify_signature(&alg, b"payload", &signature)
                .is_err()
        );
    }

    #[test]
    fn a_retired_key_is_published_for_an_hour_then_withdrawn() {
        let old = stored(0, Some(1000));
        let new = stored(1000, None);
        let keys = [old.clone(), new.clone()];
        let at = |s| OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let ring = KeyRing::at(&keys, at(1000 + 3599)).map(|r| r.jwks().keys().len());
        assert_eq!(ring, Some(2));
        let ring = KeyRing::at(&keys, at(1000 + 3600)).map(|r| r.jwks().keys().len());
        assert_eq!(ring, Some(1));
        let signer = KeyRing::at(&keys, at(2000)).map(|r| r.signing().kid().to_string());
        assert_eq!(signer.as_deref(), Some(new.key.kid()));
        assert!(KeyRing::at(&[old], at(1)).is_none());
    }
}
