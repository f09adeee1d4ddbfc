//! The discovery document (OpenID Connect Discovery 1.0 §3), built with `openidconnect`'s
//! provider metadata, plus what that type leaves to extensions: PKCE's methods (RFC 8414),
//! RP-initiated logout's endpoint, and the `iss` of authorization responses (RFC 9207).

use openidconnect::core::{
    CoreClaimName, CoreClientAuthMethod, CoreGrantType, CoreJwsSigningAlgorithm, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthUrl, IssuerUrl, JsonWebKeySetUrl, LanguageTag,
    ProviderMetadata, ResponseTypes, Scope, TokenUrl, UserInfoUrl,
};
use serde::{Deserialize, Serialize};

/// The provider's paths, below the issuer.
pub const AUTHORIZE: &str = "/oidc/authorize";
pub const TOKEN: &str = "/oidc/token";
pub const USERINFO: &str = "/oidc/userinfo";
pub const JWKS: &str = "/oidc/jwks";
pub const LOGOUT: &str = "/oidc/logout";

/// The scopes a client may ask: `openid` always, and the person's name and email.
pub const SCOPES: [&str; 3] = ["openid", "profile", "email"];

/// The claim that says whom the person acts for, and what they may do (docs/OIDC.md).
pub const MANDAT_CLAIM: &str = "mandat";

/// The claims the provider's tokens and userinfo may carry.
const CLAIMS: [&str; 11] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "name",
    "email",
    "email_verified",
    MANDAT_CLAIM,
];

/// What the standard metadata type does not name.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Extensions {
    pub end_session_endpoint: String,
    pub code_challenge_methods_supported: Vec<String>,
    pub authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for Extensions {}

pub type Metadata = ProviderMetadata<
    Extensions,
    openidconnect::core::CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    openidconnect::core::CoreClaimType,
    CoreGrantType,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJweKeyManagementAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The discovery document of the provider at `issuer` (Mandat's public address).
pub fn discovery(issuer: &str) -> Result<Metadata, url::ParseError> {
    let at = |path: &str| format!("{issuer}{path}");
    let extensions = Extensions {
        end_session_endpoint: at(LOGOUT),
        code_challenge_methods_supported: vec!["S256".into()],
        authorization_response_iss_parameter_supported: true,
    };
    let metadata = Metadata::new(
        IssuerUrl::new(issuer.to_string())?,
        AuthUrl::new(at(AUTHORIZE))?,
        JsonWebKeySetUrl::new(at(JWKS))?,
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Pairwise],
        vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256],
        extensions,
    );
    Ok(metadata
        .set_token_endpoint(Some(TokenUrl::new(at(TOKEN))?))
        .set_userinfo_endpoint(Some(UserInfoUrl::new(at(USERINFO))?))
        .set_scopes_supported(Some(
            SCOPES
                .iter()
                .chain(&crate::api_token::API_SCOPES)
                .map(|s| Scope::new(s.to_string()))
                .collect(),
        ))
        .set_grant_types_supported(Some(vec![
            CoreGrantType::AuthorizationCode,
            CoreGrantType::RefreshToken,
            // A client's own token for the authorization API (issue 21).
            CoreGrantType::ClientCredentials,
        ]))
        .set_token_endpoint_auth_methods_supported(Some(vec![
            CoreClientAuthMethod::ClientSecretBasic,
            CoreClientAuthMethod::PrivateKeyJwt,
        ]))
        .set_token_endpoint_auth_signing_alg_values_supported(Some(vec![
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            CoreJwsSigningAlgorithm::EdDsa,
        ]))
        .set_claims_supported(Some(
            CLAIMS
                .iter()
                .map(|c| CoreClaimName::new(c.to_string()))
                .collect(),
        ))
        .set_ui_locales_supported(Some(vec![
            LanguageTag::new("fr-CA".into()),
            LanguageTag::new("en-CA".into()),
        ]))
        .set_claims_parameter_supported(Some(false))
        .set_request_parameter_supported(Some(false))
        .set_request_uri_parameter_supported(Some(false)))
}
