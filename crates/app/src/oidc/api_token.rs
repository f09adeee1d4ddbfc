//! The client credentials grant (RFC 6749 §4.4, issue 21): an agency's client gets its own
//! token for the agencies' APIs (the authorization API, the poll of revocation events), and
//! for nothing else; each is in its agency's journal.

use std::sync::Arc;

use mandat_core::audit::{AuditAction, Note};
use mandat_core::ids::ClientId;
use mandat_oidc::api_token::{API_SCOPE, API_SCOPES, api_token, verify_api_token};
use mandat_oidc::tokens::TOKEN_LIFETIME;
use mandat_store::ClientRecord;

use super::authorize::oidc_entry;
use super::token::{Failure, TokenError, TokenParams, Tokens};
use crate::authzen::token_key;
use crate::{App, Error};

impl App {
    /// The enabled client an API token was issued to, if a published key signed it for
    /// `scope` and it has not expired. A valid token's client is kept until the token expires
    /// or anything changes (`authzen::kept`), so the signature is checked once per token,
    /// not at each question; an invalid token is checked each time, and never kept.
    pub async fn api_token_client(
        &self,
        token: &str,
        scope: &str,
    ) -> Result<Option<Arc<ClientRecord>>, Error> {
        let (epoch, now) = (self.store.changes().epoch(), self.store.now());
        let key = token_key(token, scope);
        if let Some(client) = self.kept.token(&key, epoch, now) {
            return Ok(client);
        }
        let ring = self.key_ring().await?;
        let Some(claims) = verify_api_token(&ring, self.issuer(), (token, scope), now) else {
            return Ok(None);
        };
        let client = match claims.client_id.parse::<ClientId>() {
            // Enabled: a disabled client's tokens open nothing.
            Ok(id) => self
                .store
                .client(id)
                .await?
                .filter(ClientRecord::enabled)
                .map(Arc::new),
            Err(_) => None,
        };
        self.kept
            .keep_token(key, epoch, (client.clone(), claims.exp));
        Ok(client)
    }

    pub(super) async fn api_token(
        &self,
        p: &TokenParams,
        client: &ClientRecord,
    ) -> Result<Tokens, Failure> {
        let asked = p.scope.as_deref().unwrap_or(API_SCOPE);
        let mut scopes: Vec<&str> = asked.split(' ').filter(|s| !s.is_empty()).collect();
        scopes.dedup();
        if scopes.is_empty() || scopes.iter().any(|s| !API_SCOPES.contains(s)) {
            return Err(Failure::Said(TokenError::new(
                "invalid_scope",
                "the client credentials grant gives the agencies' APIs' scopes only: \
                 authzen, events",
            )));
        }
        let scope = scopes.join(" ");
        let ring = self.key_ring().await?;
        let (id, now) = (client.id.to_string(), self.store.now());
        let token = api_token(ring.signing(), self.issuer(), (&id, &scope), now)
            .map_err(Error::Internal)?;
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
            scope,
        })
    }
}
