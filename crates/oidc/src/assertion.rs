//! A client's proof at the token endpoint by `private_key_jwt` (OpenID Connect Core §9, RFC
//! 7523): a JWT it signed with one of the public keys it registered, issued by itself about
//! itself, for Mandat, short-lived, and never presented twice.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// The `client_assertion_type` of a JWT assertion.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The algorithms a client may sign its assertion with.
const ALGORITHMS: [Algorithm; 3] = [Algorithm::ES256, Algorithm::RS256, Algorithm::EdDSA];

#[derive(Deserialize)]
struct Unverified {
    iss: Option<String>,
}

/// What a verified assertion carries for the replay check.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Assertion {
    pub jti: String,
    pub exp: i64,
}

/// The client an assertion says it comes from, read before any check, to find its keys.
pub fn claimed_client(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice::<Unverified>(&bytes).ok()?.iss
}

/// The assertion when one of `jwks` (the client's registered keys) signed it, with `iss` and
/// `sub` the client, an `aud` among `audiences`, not expired, and a `jti`.
pub fn verify(jwks: &str, token: &str, client_id: &str, audiences: &[&str]) -> Option<Assertion> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    if !ALGORITHMS.contains(&header.alg) {
        return None;
    }
    let keys: JwkSet = serde_json::from_str(jwks).ok()?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[client_id]);
    validation.set_audience(audiences);
    validation.sub = Some(client_id.to_string());
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    validation.leeway = 30;
    keys.keys
        .iter()
        .filter(|k| header.kid.is_none() || k.common.key_id == header.kid)
        .filter_map(|k| DecodingKey::from_jwk(k).ok())
        .find_map(|key| jsonwebtoken::decode::<Assertion>(token, &key, &validation).ok())
        .map(|data| data.claims)
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    use super::*;
    use crate::keys::SigningKey;

    fn jwks(key: &SigningKey) -> String {
        let (x, y) = key.public_coordinates();
        json!({"keys": [{"kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": key.kid()}]})
            .to_string()
    }

    fn assertion(key: &SigningKey, claims: serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(key.kid().to_string());
        let encoding = EncodingKey::from_ec_der(key.pkcs8_der());
        jsonwebtoken::encode(&header, &claims, &encoding).unwrap_or_default()
    }

    #[test]
    fn an_assertion_holds_only_signed_by_the_client_for_mandat() {
        let key = SigningKey::generate();
        let exp = time::OffsetDateTime::now_utc().unix_timestamp() + 60;
        let aud = ["https://mandat.example/oidc/token"];
        let good = json!({"iss": "c1", "sub": "c1", "aud": aud[0], "exp": exp, "jti": "j1"});
        let token = assertion(&key, good.clone());
        assert_eq!(claimed_client(&token).as_deref(), Some("c1"));
        let verified = verify(&jwks(&key), &token, "c1", &aud).map(|a| a.jti);
        assert_eq!(verified.as_deref(), Some("j1"));
        assert!(
            verify(&jwks(&key), &token, "c2", &aud).is_none(),
            "another client"
        );
        let stranger = SigningKey::generate();
        assert!(
            verify(&jwks(&stranger), &token, "c1", &aud).is_none(),
            "another key"
        );
        let elsewhere =
            json!({"iss": "c1", "sub": "c1", "aud": "https://x", "exp": exp, "jti": "j"});
        assert!(verify(&jwks(&key), &assertion(&key, elsewhere), "c1", &aud).is_none());
        let expired =
            json!({"iss": "c1", "sub": "c1", "aud": aud[0], "exp": exp - 600, "jti": "j"});
        assert!(verify(&jwks(&key), &assertion(&key, expired), "c1", &aud).is_none());
        let no_jti = json!({"iss": "c1", "sub": "c1", "aud": aud[0], "exp": exp});
        assert!(verify(&jwks(&key), &assertion(&key, no_jti), "c1", &aud).is_none());
    }
}
