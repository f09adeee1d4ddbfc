//! Mandat as the service sees it: its discovery document, read once (and again when a token
//! is signed by a key it did not know), and the client built from it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    ClientId, ClientSecret, EmptyExtraTokenFields, EndSessionUrl, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, HttpRequest, HttpResponse, IdTokenFields, IssuerUrl, ProviderMetadataWithLogout,
    RedirectUrl, StandardErrorResponse, StandardTokenResponse,
};

use crate::claims::MandatClaim;
use crate::settings::Settings;

pub type IdToken = openidconnect::IdToken<
    MandatClaim,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        MandatClaim,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// `openidconnect`'s client, reading the `mandat` claim in ID tokens.
pub type Client = openidconnect::Client<
    MandatClaim,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Mandat's endpoints and keys, as discovered.
pub struct Provider {
    pub client: Client,
    pub end_session: Option<EndSessionUrl>,
    /// Mandat's signing keys as published (a JWKS), for its Security Event Tokens.
    pub jwks: serde_json::Value,
}

/// Mandat, discovered on first use: the service may start before Mandat answers.
pub struct Mandat {
    settings: Settings,
    http: reqwest::Client,
    discovered: RwLock<Option<Arc<Provider>>>,
    /// The service's own token for the authorization API (`asking`).
    pub(crate) api: crate::kept::Asking,
}

impl Mandat {
    pub fn new(settings: Settings) -> Self {
        let http = reqwest::Client::builder()
            // OAuth 2.0 Security BCP: the token endpoint's answers are never followed.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Mandat {
            settings,
            http,
            discovered: RwLock::new(None),
            api: Default::default(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The HTTP client, for the requests `openidconnect` does not make.
    pub fn client(&self) -> &reqwest::Client {
        &self.http
    }

    /// The provider, discovered now if it was not yet.
    pub async fn provider(&self) -> Result<Arc<Provider>, String> {
        if let Some(p) = self.discovered.read().map_err(|e| e.to_string())?.clone() {
            return Ok(p);
        }
        let s = &self.settings;
        let issuer = IssuerUrl::new(s.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http())
            .await
            .map_err(|e| format!("discovery: {e}"))?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let jwks = serde_json::to_value(metadata.jwks()).map_err(|e| e.to_string())?;
        let redirect = RedirectUrl::new(s.redirect_uri()).map_err(|e| e.to_string())?;
        let client = Client::from_provider_metadata(
            metadata,
            ClientId::new(s.client_id.clone()),
            Some(ClientSecret::new(s.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        let provider = Arc::new(Provider {
            client,
            end_session,
            jwks,
        });
        *self.discovered.write().map_err(|e| e.to_string())? = Some(provider.clone());
        Ok(provider)
    }

    /// Reads the discovery document (and so the JWKS) again at next use: after Mandat's
    /// keys were rotated, a token may be signed by a key the service has not seen.
    pub fn forget(&self) {
        if let Ok(mut d) = self.discovered.write() {
            *d = None;
        }
        self.api.forget();
    }

    /// The HTTP client `openidconnect` sends its requests through: reqwest.
    pub fn http(
        &self,
    ) -> impl Fn(HttpRequest) -> Pin<Box<dyn Future<Output = Result<HttpResponse, reqwest::Error>> + Send>>
    {
        let client = self.http.clone();
        move |request: HttpRequest| {
            let client = client.clone();
            Box::pin(async move {
                let (parts, body) = request.into_parts();
                let response = client
                    .request(parts.method, parts.uri.to_string())
                    .headers(parts.headers)
                    .body(body)
                    .send()
                    .await?;
                let mut built = http::Response::builder().status(response.status());
                for (name, value) in response.headers() {
                    built = built.header(name, value);
                }
                let body = response.bytes().await?.to_vec();
                // A status and headers just read from a response always build one.
                Ok(built.body(body).unwrap_or_default())
            })
        }
    }
}
