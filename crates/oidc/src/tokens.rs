//! What the provider signs: the ID token (OpenID Connect Core §2), through `openidconnect`,
//! and the access token in the JWT profile (RFC 9068), through `jsonwebtoken`; and the
//! check of an access token presented back to Mandat (userinfo).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use openidconnect::core::CoreJwsSigningAlgorithm;
use openidconnect::core::{CoreGenderClaim, CoreJweContentEncryptionAlgorithm};
use openidconnect::{
    AccessToken, AdditionalClaims, Audience, AuthorizationCode, EndUserEmail, EndUserName,
    IssuerUrl, LocalizedClaim, Nonce, StandardClaims, SubjectIdentifier,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::keys::{KeyRing, SigningKey};

/// How long an ID token and an access token are valid: short, since a refresh token gives
/// new ones after the rights are weighed again.
pub const TOKEN_LIFETIME: Duration = Duration::minutes(10);

/// The JOSE type of an access token in the JWT profile (RFC 9068 §2.1).
const ACCESS_TOKEN_TYPE: &str = "at+jwt";

/// The organization a person acts for, as the `mandat` claim names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationClaim {
    pub id: String,
    /// The Quebec enterprise number.
    pub neq: String,
    pub name: String,
}

/// A task the person may do in the client's service, on which procuration, until which day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskClaim {
    pub code: String,
    pub procuration: String,
    /// The last day included, `YYYY-MM-DD`.
    pub until: String,
}

/// The `mandat` claim: whom the person acts for in the client's service, and what they may
/// do there, from the decision (P1–P6) at the time of issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActingFor {
    pub organization: OrganizationClaim,
    /// The code of the agency's online service the client serves.
    pub service: String,
    /// The procuration the first task rests on (usually the only one).
    pub procuration: String,
    /// The last day on which every task listed is still granted.
    pub until: String,
    pub tasks: Vec<TaskClaim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandatClaims {
    pub mandat: ActingFor,
}

impl AdditionalClaims for MandatClaims {}

pub type IdToken = openidconnect::IdToken<
    MandatClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// Who is signed in and for what, the same in every token of one issue.
#[derive(Clone, Debug)]
pub struct Grant<'a> {
    /// The authorization the tokens are issued under (`sid` in the access token).
    pub sid: &'a str,
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The pairwise subject of the client's agency.
    pub subject: &'a str,
    pub auth_time: OffsetDateTime,
    pub nonce: Option<&'a str>,
    pub scope: &'a str,
    /// The person's name and email, each given only if its scope was granted.
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub acting_for: &'a ActingFor,
}

impl Grant<'_> {
    fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|s| s == scope)
    }

    /// The standard claims the scopes allow: the name with `profile`, the email with `email`.
    fn standard_claims(&self) -> StandardClaims<CoreGenderClaim> {
        let mut claims = StandardClaims::new(SubjectIdentifier::new(self.subject.to_string()));
        if let Some(name) = self.name.filter(|_| self.has_scope("profile")) {
            let name: LocalizedClaim<EndUserName> = [(None, EndUserName::new(name.to_string()))]
                .into_iter()
                .collect();
            claims = claims.set_name(Some(name));
        }
        if let Some(email) = self.email.filter(|_| self.has_scope("email")) {
            claims = claims
                .set_email(Some(EndUserEmail::new(email.to_string())))
                .set_email_verified(Some(true));
        }
        claims
    }

    /// What userinfo answers: the standard claims and the `mandat` claim.
    pub fn userinfo(&self) -> serde_json::Value {
        let mut claims = serde_json::to_value(self.standard_claims()).unwrap_or_default();
        if let Some(map) = claims.as_object_mut() {
            map.insert(
                "mandat".into(),
                serde_json::to_value(self.acting_for).unwrap_or_default(),
            );
        }
        claims
    }
}

/// The ID token for `grant`, signed now by `key`, with the hashes of the access token and
/// (at the code's exchange) of the code.
pub fn id_token(
    key: &SigningKey,
    grant: &Grant<'_>,
    now: OffsetDateTime,
    access_token: &str,
    code: Option<&str>,
) -> Result<String, String> {
    let issuer = IssuerUrl::new(grant.issuer.to_string()).map_err(|e| e.to_string())?;
    let claims = openidconnect::IdTokenClaims::new(
        issuer,
        vec![Audience::new(grant.client_id.to_string())],
        chrono_at(now + TOKEN_LIFETIME),
        chrono_at(now),
        grant.standard_claims(),
        MandatClaims {
            mandat: grant.acting_for.clone(),
        },
    )
    .set_auth_time(Some(chrono_at(grant.auth_time)))
    .set_nonce(grant.nonce.map(|n| Nonce::new(n.to_string())));
    let token = IdToken::new(
        claims,
        key,
        CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        Some(&AccessToken::new(access_token.to_string())),
        code.map(|c| AuthorizationCode::new(c.to_string())).as_ref(),
    )
    .map_err(|e| e.to_string())?;
    Ok(token.to_string())
}

/// The claims of an access token (RFC 9068 §2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// Mandat's own API (userinfo) is the audience.
    pub aud: String,
    pub sub: String,
    pub client_id: String,
    pub scope: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    pub jti: String,
    /// The authorization it was issued under, which ends it when it ends.
    pub sid: String,
}

/// A new access token for `grant`, signed now by `key`.
pub fn access_token(
    key: &SigningKey,
    grant: &Grant<'_>,
    now: OffsetDateTime,
) -> Result<String, String> {
    let claims = AccessClaims {
        iss: grant.issuer.to_string(),
        aud: grant.issuer.to_string(),
        sub: grant.subject.to_string(),
        client_id: grant.client_id.to_string(),
        scope: grant.scope.to_string(),
        exp: (now + TOKEN_LIFETIME).unix_timestamp(),
        iat: now.unix_timestamp(),
        auth_time: grant.auth_time.unix_timestamp(),
        jti: new_jti(),
        sid: grant.sid.to_string(),
    };
    sign_access(key, &claims)
}

/// A new token's unique id.
pub(crate) fn new_jti() -> String {
    URL_SAFE_NO_PAD.encode(mandat_core::secret::random::<16>())
}

/// `claims` as an access token in the JWT profile (RFC 9068 §2.1), signed by `key`.
pub(crate) fn sign_access<T: Serialize>(key: &SigningKey, claims: &T) -> Result<String, String> {
    sign_typed(key, ACCESS_TOKEN_TYPE, claims)
}

/// `claims` as a JWT of JOSE type `typ`, signed by `key` (ES256, its `kid` named).
pub(crate) fn sign_typed<T: Serialize>(
    key: &SigningKey,
    typ: &str,
    claims: &T,
) -> Result<String, String> {
    let mut header = Header::new(Algorithm::ES256);
    header.typ = Some(typ.into());
    header.kid = Some(key.kid().to_string());
    let encoding = EncodingKey::from_ec_der(key.pkcs8_der());
    jsonwebtoken::encode(&header, claims, &encoding).map_err(|e| e.to_string())
}

/// The claims of an access token a published key of `ring` signed, by `issuer` for
/// `audience`; whether it has expired is the caller's to tell, by Mandat's clock.
pub(crate) fn verified_access<T: DeserializeOwned>(
    ring: &KeyRing,
    issuer: &str,
    audience: &str,
    token: &str,
) -> Option<T> {
    let decoding = signer(ring, token, Some(ACCESS_TOKEN_TYPE))?;
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.leeway = 0;
    validation.validate_exp = false;
    jsonwebtoken::decode::<T>(token, &decoding, &validation)
        .ok()
        .map(|data| data.claims)
}

/// The claims of `token` when one of `ring`'s published keys signed it as an access token of
/// `issuer` that has not expired at `now` (Mandat's clock, which tests move).
pub fn verify_access_token(
    ring: &KeyRing,
    issuer: &str,
    token: &str,
    now: OffsetDateTime,
) -> Option<AccessClaims> {
    verified_access::<AccessClaims>(ring, issuer, issuer, token)
        .filter(|claims| now.unix_timestamp() < claims.exp)
}

/// The client an ID token Mandat signed was issued to, however old: what RP-initiated logout
/// reads from `id_token_hint` (OpenID Connect RP-Initiated Logout §2), with any published key.
pub fn hinted_client(ring: &KeyRing, issuer: &str, id_token: &str) -> Option<String> {
    let decoding = signer(ring, id_token, None)?;
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_issuer(&[issuer]);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["iss", "aud"]);
    let claims =
        jsonwebtoken::decode::<serde_json::Value>(id_token, &decoding, &validation).ok()?;
    match &claims.claims["aud"] {
        serde_json::Value::String(aud) => Some(aud.clone()),
        serde_json::Value::Array(auds) => auds.first()?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The published key `token` names as its ES256 signer (and, when given, whose JOSE `typ`
/// it carries), to check its signature with.
fn signer(ring: &KeyRing, token: &str, typ: Option<&str>) -> Option<DecodingKey> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    if header.alg != Algorithm::ES256 || (typ.is_some() && header.typ.as_deref() != typ) {
        return None;
    }
    let key = ring.published(header.kid.as_deref()?)?;
    let (x, y) = key.public_coordinates();
    DecodingKey::from_ec_components(&x, &y).ok()
}

fn chrono_at(t: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use openidconnect::{ClientId, IdTokenVerifier};

    use super::*;
    use crate::keys::StoredKey;

    fn acting_for() -> ActingFor {
        ActingFor {
            organization: OrganizationClaim {
                id: "org".into(),
                neq: "1234567890".into(),
                name: "Boulangerie".into(),
            },
            service: "SEL-IE".into(),
            procuration: "p".into(),
            until: "2027-03-31".into(),
            tasks: vec![TaskClaim {
                code: "CONSULTER".into(),
                procuration: "p".into(),
                until: "2027-03-31".into(),
            }],
        }
    }

    fn grant(acting: &ActingFor) -> Grant<'_> {
        Grant {
            sid: "a1",
            issuer: "https://mandat.example",
            client_id: "client-1",
            subject: "sub-1",
            auth_time: OffsetDateTime::now_utc(),
            nonce: Some("n-0S6"),
            scope: "openid email",
            name: Some("Émilie Tremblay"),
            email: Some("emilie@example.com"),
            acting_for: acting,
        }
    }

    fn ring(key: &SigningKey) -> KeyRing {
        let stored = StoredKey {
            key: key.clone(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            retired_at: None,
        };
        KeyRing::at(&[stored], OffsetDateTime::now_utc()).expect("a signing key")
    }

    #[test]
    fn an_id_token_verifies_against_the_jwks_with_its_claims() {
        let key = SigningKey::generate();
        let acting = acting_for();
        let grant = grant(&acting);
        let now = OffsetDateTime::now_utc();
        let token = id_token(&key, &grant, now, "at", Some("code")).expect("signed");
        let token: IdToken = token.parse().expect("a JWT");
        let verifier: IdTokenVerifier<'_, openidconnect::core::CoreJsonWebKey> =
            IdTokenVerifier::new_public_client(
                ClientId::new("client-1".into()),
                IssuerUrl::new("https://mandat.example".into()).expect("url"),
                ring(&key).jwks(),
            )
            .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
        let claims = token
            .claims(&verifier, &Nonce::new("n-0S6".into()))
            .expect("verified");
        assert_eq!(claims.subject().as_str(), "sub-1");
        assert_eq!(claims.additional_claims().mandat, acting);
        assert_eq!(
            claims.email().map(|e| e.as_str()),
            Some("emilie@example.com")
        );
        assert!(claims.name().is_none(), "no profile scope, no name");
        let other = IdTokenVerifier::new_public_client(
            ClientId::new("client-2".into()),
            IssuerUrl::new("https://mandat.example".into()).expect("url"),
            ring(&key).jwks(),
        )
        .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
        assert!(token.claims(&other, &Nonce::new("n-0S6".into())).is_err());
    }

    #[test]
    fn an_expired_id_token_still_names_its_client_for_logout() {
        let key = SigningKey::generate();
        let acting = acting_for();
        let old = OffsetDateTime::now_utc() - Duration::days(1);
        let token = id_token(&key, &grant(&acting), old, "at", None).expect("signed");
        let hinted = hinted_client(&ring(&key), "https://mandat.example", &token);
        assert_eq!(hinted.as_deref(), Some("client-1"));
        assert!(hinted_client(&ring(&key), "https://other.example", &token).is_none());
        let stranger = ring(&SigningKey::generate());
        assert!(hinted_client(&stranger, "https://mandat.example", &token).is_none());
    }

    #[test]
    fn an_access_token_verifies_only_with_its_issuer_and_a_published_key() {
        let key = SigningKey::generate();
        let acting = acting_for();
        let grant = grant(&acting);
        let token = access_token(&key, &grant, OffsetDateTime::now_utc()).expect("signed");
        let now = OffsetDateTime::now_utc();
        let verify =
            |ring: &KeyRing, issuer, token: &str| verify_access_token(ring, issuer, token, now);
        let claims = verify(&ring(&key), "https://mandat.example", &token);
        assert_eq!(claims.map(|c| c.client_id).as_deref(), Some("client-1"));
        assert!(verify(&ring(&key), "https://other.example", &token).is_none());
        let stranger = SigningKey::generate();
        assert!(verify(&ring(&stranger), "https://mandat.example", &token).is_none());
        let expired = access_token(&key, &grant, now - Duration::hours(1)).expect("signed");
        assert!(verify(&ring(&key), "https://mandat.example", &expired).is_none());
    }
}
