//! The client credentials grant (RFC 6749 §4.4, issue 21): an agency's client gets its own
//! token for the authorization API, and for nothing else; each is in its agency's journal.

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::ClientId;
use mandat_oidc::api_token::{API_SCOPE, api_token, verify_api_token};
use mandat_oidc::tokens::TOKEN_LIFETIME;
use mandat_store::ClientRecord;

use super::authorize::oidc_entry;
use super::token::{Failure, TokenError, TokenParams, Tokens};
use crate::{App, Error};

impl App {
    /// The client an API token was issued to, if a published key signed it and it has not
    /// expired (whether the client is still enabled is the caller's next question).
    pub async fn api_token_client(&self, token: &str) -> Result<Option<ClientId>, Error> {
        let ring = self.key_ring().await?;
        let claims = verify_api_token(&ring, self.issuer(), token, self.store.now());
        Ok(claims.and_then(|c| c.client_id.parse().ok()))
    }

    pub(super) async fn api_token(
        &self,
        p: &TokenParams,
        client: &ClientRecord,
    ) -> Result<Tokens, Failure> {
        let asked = p.scope.as_deref().unwrap_or(API_SCOPE);
        if asked.split(' ').any(|scope| scope != API_SCOPE) {
            return Err(Failure::Said(TokenError::new(
                "invalid_scope",
                "the client credentials grant gives the authorization API's scope only: authzen",
            )));
        }
        let ring = self.key_ring().await?;
        let (id, now) = (client.id.to_string(), self.store.now());
        let token = api_token(ring.signing(), self.issuer(), &id, now).map_err(Error::Internal)?;
        let detail = Note::OidcTokens
            .with("client", &client.spec.name)
            .with("client_id", client.id)
            .with("grant", "client_credentials");
        let mut tx = self.store.begin().await?;
        tx.audit(&oidc_entry(client, None, AuditAction::OidcTokens, detail))
            .await?;
        tx.commit().await?;
        Ok(Tokens {
            access_token: token,
            id_token: None,
            refresh_token: None,
            expires_in: TOKEN_LIFETIME.whole_seconds(),
            scope: API_SCOPE.to_string(),
        })
    }
}
