//! The userinfo endpoint's side (OpenID Connect Core §5.3): the claims of a valid access
//! token whose sign-in has not ended, as of its last issue.

use mandat_oidc::tokens::{self, Grant};

use crate::{App, Error};

impl App {
    /// The claims for `bearer`; `None` when it is no valid access token of a sign-in still
    /// standing (the door answers `invalid_token`).
    pub async fn userinfo(&self, bearer: &str) -> Result<Option<serde_json::Value>, Error> {
        let ring = self.key_ring().await?;
        let Some(claims) =
            tokens::verify_access_token(&ring, self.issuer(), bearer, self.store.now())
        else {
            return Ok(None);
        };
        let Ok(id) = claims.sid.parse() else {
            return Ok(None);
        };
        let record = self.store.authorization(id).await?;
        let Some(record) = record.filter(|r| r.ended_at.is_none()) else {
            return Ok(None);
        };
        let (Some(granted), Some(client)) = (
            record.granted.as_ref(),
            self.store.client(record.request.client_id).await?,
        ) else {
            return Ok(None);
        };
        let account = self.store.account(granted.account).await?;
        let Some(account) = account.filter(|a| a.inactive.is_none()) else {
            return Ok(None);
        };
        let acting = serde_json::from_str(&granted.claims)
            .map_err(|e| Error::Internal(format!("stored claims: {e}")))?;
        let subject = self.pairwise_subject(client.agency_id, account.id);
        let grant = Grant {
            sid: &claims.sid,
            issuer: self.issuer(),
            client_id: &claims.client_id,
            subject: &subject,
            auth_time: granted.auth_time,
            nonce: None,
            scope: &record.request.scope,
            name: Some(&account.name),
            email: Some(account.email.as_str()),
            acting_for: &acting,
        };
        Ok(Some(grant.userinfo()))
    }
}
