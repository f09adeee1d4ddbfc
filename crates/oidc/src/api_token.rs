//! The access token of the agencies' APIs (issue 21): a client's own, by the client
//! credentials grant (RFC 6749 §4.4), in the JWT profile (RFC 9068), for the APIs' audience
//! alone: it opens nothing else, and no token issued for a person opens them. Its scopes say
//! which: `authzen` the authorization API, `events` the poll of revocation events.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::keys::{KeyRing, SigningKey};
use crate::tokens::{TOKEN_LIFETIME, new_jti, sign_access, verified_access};

/// The scope a client asks for to use the authorization API.
pub const API_SCOPE: &str = "authzen";

/// The scope a client asks for to poll its agency's revocation events (RFC 8936).
pub const EVENTS_SCOPE: &str = "events";

/// Every scope of the agencies' APIs.
pub const API_SCOPES: [&str; 2] = [API_SCOPE, EVENTS_SCOPE];

/// The authorization API's base path, which is also its tokens' audience under the issuer.
pub const API_PATH: &str = "/access/v1";

/// The audience of the API's tokens.
pub fn audience(issuer: &str) -> String {
    format!("{issuer}{API_PATH}")
}

/// What an API token says: which client holds it, until when.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiClaims {
    pub iss: String,
    pub aud: String,
    /// The client itself (RFC 9068 §2.2: no person is involved).
    pub sub: String,
    pub client_id: String,
    pub scope: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
}

/// The API token of `client_id` for `scope` (space-separated), signed now by `key`.
pub fn api_token(
    key: &SigningKey,
    issuer: &str,
    (client_id, scope): (&str, &str),
    now: OffsetDateTime,
) -> Result<String, String> {
    let claims = ApiClaims {
        iss: issuer.to_string(),
        aud: audience(issuer),
        sub: client_id.to_string(),
        client_id: client_id.to_string(),
        scope: scope.to_string(),
        exp: (now + TOKEN_LIFETIME).unix_timestamp(),
        iat: now.unix_timestamp(),
        jti: new_jti(),
    };
    sign_access(key, &claims)
}

/// The claims of `token` when a published key of `ring` signed it as an API token of
/// `issuer`, with `scope` among its scopes, that has not expired at `now`.
pub fn verify_api_token(
    ring: &KeyRing,
    issuer: &str,
    (token, scope): (&str, &str),
    now: OffsetDateTime,
) -> Option<ApiClaims> {
    verified_access::<ApiClaims>(ring, issuer, &audience(issuer), token).filter(|claims| {
        now.unix_timestamp() < claims.exp && claims.scope.split(' ').any(|s| s == scope)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::StoredKey;
    use crate::tokens::verify_access_token;

    fn ring(key: &SigningKey, now: OffsetDateTime) -> KeyRing {
        let stored = StoredKey {
            key: key.clone(),
            created_at: now,
            retired_at: None,
        };
        KeyRing::at(&[stored], now).expect("a ring")
    }

    #[test]
    fn an_api_token_opens_the_api_only_until_it_expires() {
        let key = SigningKey::generate();
        let now = OffsetDateTime::now_utc();
        let ring = ring(&key, now);
        let issuer = "https://mandat.example";
        let token = api_token(&key, issuer, ("client-1", API_SCOPE), now).expect("signed");
        let claims = verify_api_token(&ring, issuer, (&token, API_SCOPE), now);
        assert_eq!(claims.map(|c| c.client_id).as_deref(), Some("client-1"));
        let later = now + TOKEN_LIFETIME;
        assert!(verify_api_token(&ring, issuer, (&token, API_SCOPE), later).is_none());
        assert!(
            verify_api_token(&ring, "https://other.example", (&token, API_SCOPE), now).is_none()
        );
        assert!(
            verify_api_token(&ring, issuer, (&token, EVENTS_SCOPE), now).is_none(),
            "a token opens only the APIs of its scopes"
        );
        assert!(
            verify_access_token(&ring, "https://mandat.example", &token, now).is_none(),
            "not a token for userinfo"
        );
    }
}
