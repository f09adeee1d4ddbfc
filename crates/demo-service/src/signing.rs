//! The service's side of the authorization code flow (OpenID Connect Core §3.1, PKCE S256):
//! the request it sends the browser with, and the exchange of the code it gets back for
//! tokens, the ID token checked against Mandat's published keys.

use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{
    AuthorizationCode, CsrfToken, LanguageTag, Nonce, PkceCodeChallenge, PkceCodeVerifier, Scope,
    TokenResponse,
};

use crate::provider::{IdToken, Mandat, Provider};
use crate::sessions::{Pending, SignedIn};
use crate::text::Texts;

impl Mandat {
    /// Where to send the browser to sign in, and what must come back with it.
    pub async fn authorization(&self, t: &Texts) -> Result<(String, Pending), String> {
        let provider = self.provider().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = provider
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .add_ui_locale(LanguageTag::new(t.locale.into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        };
        Ok((url.to_string(), pending))
    }

    /// The code exchanged at the token endpoint (`client_secret_basic`), and the ID token
    /// checked: Mandat's signature, this client as audience, the nonce, its lifetime.
    pub async fn exchange(&self, code: String, pending: Pending) -> Result<SignedIn, String> {
        let provider = self.provider().await?;
        let tokens = provider
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| e.to_string())?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http())
            .await
            .map_err(|e| format!("token endpoint: {e}"))?;
        let id_token = tokens.id_token().ok_or("no ID token")?.clone();
        let nonce = Nonce::new(pending.nonce);
        match self.verified(&provider, &id_token, &nonce) {
            Ok(signed_in) => Ok(signed_in),
            Err(_) => {
                // Perhaps signed by a key added since discovery: read the JWKS again.
                self.forget();
                let provider = self.provider().await?;
                self.verified(&provider, &id_token, &nonce)
            }
        }
    }

    fn verified(
        &self,
        provider: &Provider,
        id_token: &IdToken,
        nonce: &Nonce,
    ) -> Result<SignedIn, String> {
        let now = self.settings().now.clone();
        let verifier = provider
            .client
            .id_token_verifier()
            .set_time_fn(move || now());
        let claims = id_token
            .claims(&verifier, nonce)
            .map_err(|e| format!("ID token: {e}"))?;
        let received = serde_json::to_string_pretty(claims).map_err(|e| e.to_string())?;
        Ok(SignedIn {
            id_token: id_token.clone(),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_string()),
            email: claims.email().map(|e| e.as_str().to_string()),
            subject: claims.subject().as_str().to_string(),
            claim: claims.additional_claims().clone(),
            received,
            form_token: CsrfToken::new_random().secret().clone(),
        })
    }
}
