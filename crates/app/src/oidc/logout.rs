//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): a client sends the person to
//! Mandat to sign out; Mandat asks them to confirm (no site can sign a person out behind their
//! back), ends their session and every sign-in it gave, and sends them back only to an
//! address the client registered for that purpose.

use mandat_core::audit::{AuditAction, Note};
use mandat_oidc::tokens;
use mandat_store::{Account, AuditEntry, ClientRecord};
use url::Url;

use crate::{App, Error};

/// The logout request's parameters, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct LogoutParams {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

impl App {
    /// The client the request comes from (by the ID token it hints, else its `client_id`),
    /// and, when it names one of that client's registered post-logout addresses, that address
    /// with `state`.
    pub async fn logout_request(
        &self,
        p: &LogoutParams,
    ) -> Result<(Option<ClientRecord>, Option<String>), Error> {
        let hinted = match p.id_token_hint.as_deref() {
            Some(token) => {
                let ring = self.key_ring().await?;
                tokens::hinted_client(&ring, self.issuer(), token)
            }
            None => None,
        };
        let id = hinted.or_else(|| p.client_id.clone());
        let client = match id.and_then(|id| id.parse().ok()) {
            Some(id) => self.store.client(id).await?,
            None => None,
        };
        let Some(client) = client else {
            return Ok((None, None));
        };
        let asked = p.post_logout_redirect_uri.as_deref().unwrap_or_default();
        let registered = client.spec.logout_uris.iter().any(|u| u == asked);
        let back = match (registered, Url::parse(asked)) {
            (true, Ok(mut url)) => {
                if let Some(state) = &p.state {
                    url.query_pairs_mut().append_pair("state", state);
                }
                Some(url.into())
            }
            _ => None,
        };
        Ok((Some(client), back))
    }

    /// Ends the person's Mandat session at `client`'s request, and every sign-in it gave to
    /// any client; audited in the client's agency's journal and the person's history.
    pub async fn sign_out_for_client(
        &self,
        account: &Account,
        session: &str,
        address: Option<String>,
        client: Option<&ClientRecord>,
    ) -> Result<(), Error> {
        let detail = match client {
            Some(c) => Note::OidcSignedOut
                .with("client", &c.spec.name)
                .with("client_id", c.id),
            None => Note::OidcSignedOut
                .with("client", "-")
                .with("client_id", "-"),
        };
        let mut tx = self.store.begin().await?;
        tx.end_authorizations_of_session(session).await?;
        tx.end_session(session).await?;
        tx.audit(&AuditEntry {
            person: account.kind.person(),
            actor: Some(account.id),
            org: account.kind.org(),
            action: AuditAction::OidcSignedOut,
            detail,
            client_address: address,
            agency: client.map(|c| c.agency_id),
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
