//! The token endpoint's side (OpenID Connect Core §3.1.3, RFC 6749 §5–6): the client proves
//! itself, then redeems a code once (with its PKCE verifier) or a refresh token, which rotates
//! at each use. A code presented twice, or a refresh token presented after its rotation, ends
//! the authorization and every token of it. A refresh weighs again what the first issue
//! rested on: the person's code, their Mandat session (M12), and the right (P1–P6).

use mandat_core::account::session_alive;
use mandat_core::audit::{AuditAction, Note};
use mandat_core::secret;
use mandat_oidc::assertion::{self, ASSERTION_TYPE};
use mandat_oidc::metadata::TOKEN;
use mandat_oidc::tokens::{self, ActingFor, Grant, TOKEN_LIFETIME};
use mandat_oidc::{AuthMethod, pkce};
use mandat_store::{AuthorizationRecord, ClientRecord};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use super::authorize::{CODE_LIFETIME, oidc_entry};
use crate::{App, Error};

/// The token request's parameters, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct TokenParams {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
    /// What the client credentials grant asks for (the authorization API's scope).
    pub scope: Option<String>,
}

/// An error of the token endpoint (RFC 6749 §5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenError {
    pub error: &'static str,
    pub description: &'static str,
}

impl TokenError {
    pub(super) const fn new(error: &'static str, description: &'static str) -> Self {
        TokenError { error, description }
    }
}

const BAD_CLIENT: TokenError = TokenError::new("invalid_client", "client authentication failed");

/// What the endpoint answers.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access_token: String,
    /// None for the client's own token (client credentials): no person signed in.
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    pub scope: String,
}

impl App {
    /// Answers a token request; `basic` is the client's id and secret from HTTP Basic.
    pub async fn token(
        &self,
        params: &TokenParams,
        basic: Option<(String, String)>,
    ) -> Result<Tokens, TokenError> {
        let client = self.authenticate_client(params, basic).await?;
        let answered = match params.grant_type.as_deref() {
            Some("authorization_code") => self.redeem_code(params, &client).await,
            Some("refresh_token") => self.refresh(params, &client).await,
            Some("client_credentials") => self.api_token(params, &client).await,
            _ => Err(Failure::Said(TokenError::new(
                "unsupported_grant_type",
                "authorization_code, refresh_token or client_credentials",
            ))),
        };
        match answered {
            Ok(tokens) => Ok(tokens),
            Err(Failure::Said(error)) => {
                self.audit_refusal(&client, error.error).await;
                Err(error)
            }
            Err(Failure::Broke(e)) => {
                tracing::error!(error = %e, "answering a token request");
                Err(TokenError::new("server_error", "Mandat could not answer"))
            }
        }
    }

    /// The enabled client that proved itself by its registered method; a registered client
    /// that did not is refused in its agency's journal.
    async fn authenticate_client(
        &self,
        params: &TokenParams,
        basic: Option<(String, String)>,
    ) -> Result<ClientRecord, TokenError> {
        let assertion = params.client_assertion.as_deref();
        let (claimed, secret) = match (basic, assertion) {
            (Some((id, secret)), None) => (id, Some(secret)),
            (None, Some(jwt))
                if params.client_assertion_type.as_deref() == Some(ASSERTION_TYPE) =>
            {
                (assertion::claimed_client(jwt).ok_or(BAD_CLIENT)?, None)
            }
            _ => return Err(BAD_CLIENT),
        };
        let id = claimed.parse().map_err(|_| BAD_CLIENT)?;
        let client = self.store.client(id).await.ok().flatten();
        let client = client.ok_or(BAD_CLIENT)?;
        let proven = client.enabled()
            && match (client.spec.method, secret, assertion) {
                (AuthMethod::ClientSecretBasic, Some(secret), _) => {
                    let digest = client.secret_digest.as_deref().unwrap_or_default();
                    bool::from(secret::digest(&secret).as_bytes().ct_eq(digest.as_bytes()))
                }
                (AuthMethod::PrivateKeyJwt, None, Some(jwt)) => {
                    self.accept_assertion(&client, jwt).await
                }
                _ => false,
            };
        if !proven {
            self.audit_refusal(&client, BAD_CLIENT.error).await;
            return Err(BAD_CLIENT);
        }
        Ok(client)
    }

    /// Whether `jwt` is a valid assertion of `client` never presented before.
    async fn accept_assertion(&self, client: &ClientRecord, jwt: &str) -> bool {
        let keys = client.spec.keys.as_deref().unwrap_or_default();
        let token_url = format!("{}{TOKEN}", self.issuer());
        let audiences = [token_url.as_str(), self.issuer()];
        let id = client.id.to_string();
        let Some(verified) = assertion::verify(keys, jwt, &id, &audiences) else {
            return false;
        };
        let expires =
            OffsetDateTime::from_unix_timestamp(verified.exp).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let recorded = async {
            let mut tx = self.store.begin().await?;
            let fresh = tx.use_assertion(client.id, &verified.jti, expires).await?;
            tx.commit().await?;
            Ok::<bool, mandat_store::StoreError>(fresh)
        };
        recorded.await.unwrap_or(false)
    }

    /// The authorization code grant: once, by its client, with the right verifier.
    async fn redeem_code(&self, p: &TokenParams, client: &ClientRecord) -> Result<Tokens, Failure> {
        let bad = |d| Err(Failure::Said(TokenError::new("invalid_grant", d)));
        let digest = secret::digest(p.code.as_deref().unwrap_or_default());
        let record = self.store.authorization_of_code(&digest).await?;
        let Some(record) = record.filter(|r| r.request.client_id == client.id) else {
            return bad("unknown code");
        };
        if record.code_used_at.is_some() || record.ended_at.is_some() {
            self.end_grant(&record).await?;
            return bad("code already used: every token issued from it is revoked");
        }
        let issued = record.code_issued_at.unwrap_or(record.created_at);
        if self.store.now() - issued > CODE_LIFETIME {
            return bad("code expired");
        }
        if p.redirect_uri.as_deref() != Some(record.request.redirect_uri.as_str()) {
            return bad("redirect_uri differs from the authorization request's");
        }
        let verifier = p.code_verifier.as_deref().unwrap_or_default();
        if !pkce::verifies(verifier, &record.request.code_challenge) {
            return bad("code_verifier does not match the code_challenge");
        }
        let acting = acting_of(&record)?;
        self.issue_tokens(&record, client, &acting, p.code.as_deref(), None)
            .await
    }

    /// The refresh token grant: rotated at each use, and only while the person's code, their
    /// session and the right hold.
    async fn refresh(&self, p: &TokenParams, client: &ClientRecord) -> Result<Tokens, Failure> {
        let bad = |d| Err(Failure::Said(TokenError::new("invalid_grant", d)));
        let digest = secret::digest(p.refresh_token.as_deref().unwrap_or_default());
        let found = self.store.authorization_of_refresh_token(&digest).await?;
        let Some((record, rotated)) = found.filter(|(r, _)| r.request.client_id == client.id)
        else {
            return bad("unknown refresh token");
        };
        if rotated {
            self.end_grant(&record).await?;
            return bad("refresh token already used: every token of this sign-in is revoked");
        }
        if record.ended_at.is_some() {
            return bad("this sign-in has ended");
        }
        let Some(acting) = self.still_holds(&record, client).await? else {
            self.end_grant(&record).await?;
            return bad("the person's code, session or right no longer holds");
        };
        self.issue_tokens(&record, client, &acting, None, Some(&digest))
            .await
    }

    /// What the person may still do for the organization, if their code is active, their
    /// Mandat session alive, and the decision still allows a task of the service.
    async fn still_holds(
        &self,
        record: &AuthorizationRecord,
        client: &ClientRecord,
    ) -> Result<Option<ActingFor>, Error> {
        let Some(granted) = &record.granted else {
            return Ok(None);
        };
        let session = self
            .store
            .session_and_account(&granted.session_digest)
            .await?;
        let now = self.store.now();
        // The session's own account, when the session is alive and the code still active.
        let person = session
            .filter(|(s, _)| session_alive(s.created_at, s.last_seen_at, now))
            .and_then(|(_, account)| account)
            .filter(|a| a.id == granted.account && a.inactive.is_none())
            .and_then(|a| a.kind.person());
        match person {
            Some(person) => Ok(self
                .acting_for(person, granted.org, client)
                .await?
                .map(|c| c.acting_for)),
            _ => Ok(None),
        }
    }

    /// Redeems the code (`code`) or rotates the refresh token (`rotated`), and issues the
    /// tokens, in one transaction with its audit entry.
    async fn issue_tokens(
        &self,
        record: &AuthorizationRecord,
        client: &ClientRecord,
        acting: &ActingFor,
        code: Option<&str>,
        rotated: Option<&str>,
    ) -> Result<Tokens, Failure> {
        let granted = record.granted.as_ref().ok_or(Error::NotFound)?;
        let (access, id_token, subject) = self.signed(record, client, acting, code).await?;
        let refresh = secret::token();
        let mut tx = self.store.begin().await?;
        let fresh = match rotated {
            None => tx.redeem_code(record.id).await?,
            Some(digest) => tx.rotate_refresh_token(digest).await?,
        };
        if !fresh {
            drop(tx);
            self.end_grant(record).await?;
            return Err(Failure::Said(TokenError::new(
                "invalid_grant",
                "presented twice",
            )));
        }
        tx.insert_refresh_token(&secret::digest(&refresh), record.id)
            .await?;
        if rotated.is_some() {
            // Weighed again at a refresh; a code's are the ones kept at its issue.
            let claims =
                serde_json::to_string(acting).map_err(|e| Error::Internal(e.to_string()))?;
            tx.update_claims(record.id, &claims).await?;
        } else {
            // The authorization API names the person by this subject (issue 21); a refresh
            // names the same one.
            tx.remember_subject(client.agency_id, &subject, granted.account)
                .await?;
        }
        let how = if rotated.is_some() {
            "refresh_token"
        } else {
            "authorization_code"
        };
        let detail = Note::OidcTokens
            .with("client", &client.spec.name)
            .with("client_id", client.id)
            .with("grant", how);
        let entry = oidc_entry(
            client,
            Some((granted.account, granted.org)),
            AuditAction::OidcTokens,
            detail,
        );
        tx.audit(&entry).await?;
        tx.commit().await?;
        Ok(Tokens {
            access_token: access,
            id_token: Some(id_token),
            refresh_token: Some(refresh),
            expires_in: TOKEN_LIFETIME.whole_seconds(),
            scope: record.request.scope.clone(),
        })
    }

    /// The access token and the ID token of `record`'s sign-in, signed now by the key that
    /// signs, and the subject they name; the ID token carries the hash of the code at its
    /// exchange.
    async fn signed(
        &self,
        record: &AuthorizationRecord,
        client: &ClientRecord,
        acting: &ActingFor,
        code: Option<&str>,
    ) -> Result<(String, String, String), Error> {
        let granted = record.granted.as_ref().ok_or(Error::NotFound)?;
        let account = self.store.account(granted.account).await?;
        let account = account.ok_or(Error::NotFound)?;
        let ring = self.key_ring().await?;
        let subject = self.pairwise_subject(client.agency_id, account.id);
        let (client_id, sid) = (client.id.to_string(), record.id.to_string());
        let grant = Grant {
            sid: &sid,
            issuer: self.issuer(),
            client_id: &client_id,
            subject: &subject,
            auth_time: granted.auth_time,
            nonce: record.request.nonce.as_deref(),
            scope: &record.request.scope,
            name: Some(&account.name),
            email: Some(account.email.as_str()),
            acting_for: acting,
        };
        let now = self.store.now();
        let signing = ring.signing();
        let access = tokens::access_token(signing, &grant, now).map_err(Error::Internal)?;
        let id_token =
            tokens::id_token(signing, &grant, now, &access, code).map_err(Error::Internal)?;
        Ok((access, id_token, subject))
    }

    /// Ends the authorization and every token of it.
    async fn end_grant(&self, record: &AuthorizationRecord) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        tx.end_authorization(record.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The `mandat` claim kept at the code's issue.
fn acting_of(record: &AuthorizationRecord) -> Result<ActingFor, Error> {
    let claims = record
        .granted
        .as_ref()
        .map(|g| g.claims.as_str())
        .unwrap_or_default();
    serde_json::from_str(claims).map_err(|e| Error::Internal(format!("stored claims: {e}")))
}

/// Why a grant was not answered: an error the protocol names, or a failure of Mandat's.
pub(super) enum Failure {
    Said(TokenError),
    Broke(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Broke(e)
    }
}

impl From<mandat_store::StoreError> for Failure {
    fn from(e: mandat_store::StoreError) -> Self {
        Failure::Broke(Error::Store(e))
    }
}
