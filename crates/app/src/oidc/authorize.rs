//! The authorization endpoint's side (OpenID Connect Core §3.1.2): a client's request checked
//! and kept for the browser that brought it; then, once the person has signed in as Mandat's
//! own pages require, the organization they act for, and the code sent back to the client.
//! Errors go back to the client's redirect URI only once it is known to be registered.

use mandat_core::Lang;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::{AccountId, AuthorizationId, ClientId, OrgId};
use mandat_core::secret;
use mandat_oidc::metadata::SCOPES;
use mandat_oidc::pkce;
use mandat_store::{AuditEntry, AuthorizationRecord, AuthorizationRequest, ClientRecord, Granted};
use time::{Duration, OffsetDateTime};
use url::Url;

use super::acting::Choice;
use crate::{App, Error};

/// How long a person has to sign in and choose once a client sent them.
pub const PENDING_FOR: Duration = Duration::minutes(15);
/// How long a code may wait for its exchange (RFC 6749 §4.1.2 says ten minutes at most).
pub const CODE_LIFETIME: Duration = Duration::minutes(2);
const MAX_PARAMETER: usize = 500;

/// The request's parameters, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub ui_locales: Option<String>,
}

/// A request refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No such client, or disabled, or this redirect URI is not one of its own: said on
    /// Mandat's page, never sent anywhere (RFC 6749 §4.1.2.1).
    Here(ClientProblem),
    /// Sent back to the client: the address with `error`, its description, `state` and `iss`.
    Back(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientProblem {
    UnknownClient,
    DisabledClient,
    UnregisteredRedirect,
}

/// A request waiting for its browser's person, with the client that sent it.
pub type Pending = (AuthorizationRecord, ClientRecord);

/// Where the person goes next.
#[derive(Clone, Debug)]
pub enum Next {
    /// Sign in (again): no session, or one older than `prompt=login` or `max_age` allow.
    SignIn,
    /// Choose which organization to act for.
    Choose(Vec<Choice>),
    /// Told they may act for no organization in this service; the way back says so.
    NoOrganization { back: String },
    /// Back to the client, with the code or an error.
    Back(String),
}

/// The person signed in, as the door knows them.
#[derive(Clone, Debug)]
pub struct SignedInPerson {
    pub account: mandat_store::Account,
    pub session_digest: String,
    pub proven_at: OffsetDateTime,
}

impl App {
    /// Checks a client's request and keeps it for this browser; returns the browser's token
    /// (for its cookie) and the language `ui_locales` asked for, if Mandat speaks it.
    pub async fn begin_authorization(
        &self,
        params: &AuthorizeParams,
        lang: Lang,
    ) -> Result<(String, Option<Lang>), Refused> {
        let client = self.client_for(params).await?;
        let request = self.check_request(params, &client, lang).await?;
        let token = secret::token();
        let id = AuthorizationId::new();
        let kept = async {
            let mut tx = self.store.begin().await?;
            tx.insert_authorization(id, &secret::digest(&token), &request)
                .await?;
            tx.commit().await
        };
        match kept.await {
            Ok(()) => Ok((token, ui_lang(params.ui_locales.as_deref()))),
            Err(e) => {
                tracing::error!(error = %e, "keeping an authorization request");
                let error = ("server_error", "Mandat could not keep the request");
                let back = back_with(&request, self.issuer(), error);
                Err(Refused::Back(back))
            }
        }
    }

    /// The registered, enabled client of the request, with its redirect URI matched exactly.
    async fn client_for(&self, params: &AuthorizeParams) -> Result<ClientRecord, Refused> {
        let here = |p| Refused::Here(p);
        let id: Option<ClientId> = params.client_id.as_deref().and_then(|c| c.parse().ok());
        let client = match id {
            Some(id) => self.store.client(id).await.ok().flatten(),
            None => None,
        };
        let client = client.ok_or(here(ClientProblem::UnknownClient))?;
        let redirect = params.redirect_uri.as_deref().unwrap_or_default();
        if !client.spec.redirect_uris.iter().any(|r| r == redirect) {
            return Err(here(ClientProblem::UnregisteredRedirect));
        }
        if !client.enabled() {
            return Err(here(ClientProblem::DisabledClient));
        }
        Ok(client)
    }

    /// The request as kept, or the error to send back to the (registered) redirect URI.
    async fn check_request(
        &self,
        p: &AuthorizeParams,
        client: &ClientRecord,
        lang: Lang,
    ) -> Result<AuthorizationRequest, Refused> {
        let mut request = AuthorizationRequest {
            client_id: client.id,
            redirect_uri: p.redirect_uri.clone().unwrap_or_default(),
            scope: String::new(),
            state: p.state.clone(),
            nonce: p.nonce.clone(),
            code_challenge: p.code_challenge.clone().unwrap_or_default(),
            max_age: None,
            login_after: None,
            interactive: true,
            lang: ui_lang(p.ui_locales.as_deref())
                .unwrap_or(lang)
                .tag()
                .to_string(),
        };
        let problem = request_problem(p, &mut request, self.store.now());
        match problem {
            None => Ok(request),
            Some((error, description)) => {
                self.audit_refusal(client, error).await;
                Err(Refused::Back(back_with(
                    &request,
                    self.issuer(),
                    (error, description),
                )))
            }
        }
    }

    /// The pending request this browser's cookie names, if it is still waiting.
    pub async fn pending_authorization(
        &self,
        browser_token: &str,
    ) -> Result<Option<Pending>, Error> {
        let digest = secret::digest(browser_token);
        let Some(record) = self.store.authorization_of_browser(&digest).await? else {
            return Ok(None);
        };
        let waiting = record.granted.is_none()
            && record.ended_at.is_none()
            && self.store.now() - record.created_at <= PENDING_FOR;
        let client = self.store.client(record.request.client_id).await?;
        Ok(match client {
            Some(client) if waiting && client.enabled() => Some((record, client)),
            _ => None,
        })
    }

    /// Where the person goes next on the pending request, signed in or not.
    pub async fn authorization_step(
        &self,
        (record, client): &Pending,
        person: Option<&SignedInPerson>,
    ) -> Result<Next, Error> {
        let r = &record.request;
        let fresh = person.filter(|p| {
            r.login_after.is_none_or(|after| p.proven_at > after)
                && r.max_age
                    .is_none_or(|age| self.store.now() - p.proven_at <= Duration::seconds(age))
        });
        let Some(person) = fresh else {
            return Ok(match r.interactive {
                true => Next::SignIn,
                false => Next::Back(self.refuse(record, client, "login_required").await?),
            });
        };
        let choices = match (person.account.kind.person(), person.account.kind.org()) {
            (Some(id), Some(org)) => self.acting_choices(id, org, client).await?,
            _ => Vec::new(),
        };
        match (choices.len(), r.interactive) {
            (0, _) => {
                let back = self.refuse(record, client, "access_denied").await?;
                Ok(match r.interactive {
                    true => Next::NoOrganization { back },
                    false => Next::Back(back),
                })
            }
            (1, _) => {
                let back = self
                    .issue_authorization_code(record, client, person, &choices[0])
                    .await?;
                Ok(Next::Back(back))
            }
            (_, true) => Ok(Next::Choose(choices)),
            (_, false) => Ok(Next::Back(
                self.refuse(record, client, "interaction_required").await?,
            )),
        }
    }

    /// The person chose `org` among those they may act for: the code goes back to the client.
    pub async fn choose_organization(
        &self,
        pending: &Pending,
        person: &SignedInPerson,
        org: OrgId,
    ) -> Result<Next, Error> {
        let (record, client) = pending;
        let Some(id) = person.account.kind.person() else {
            return Err(Error::NotFound);
        };
        let choice = self.acting_for(id, org, client).await?;
        let own_or_mandant = person.account.kind.org() == Some(org)
            || self.store.mandants_of(id).await?.contains(&org);
        match choice {
            Some(choice) if own_or_mandant => Ok(Next::Back(
                self.issue_authorization_code(record, client, person, &choice)
                    .await?,
            )),
            _ => Err(Error::NotFound),
        }
    }

    /// The person declined, or may act for no organization: `access_denied` to the client.
    pub async fn decline_authorization(&self, (record, client): &Pending) -> Result<String, Error> {
        self.refuse(record, client, "access_denied").await
    }

    /// Ends the request with `error`, audited, and the address that tells the client.
    async fn refuse(
        &self,
        record: &AuthorizationRecord,
        client: &ClientRecord,
        error: &'static str,
    ) -> Result<String, Error> {
        let mut tx = self.store.begin().await?;
        tx.end_authorization(record.id).await?;
        tx.audit(&refusal(client, error)).await?;
        tx.commit().await?;
        Ok(back_with(
            &record.request,
            self.issuer(),
            (error, describe(error)),
        ))
    }

    async fn issue_authorization_code(
        &self,
        record: &AuthorizationRecord,
        client: &ClientRecord,
        person: &SignedInPerson,
        choice: &Choice,
    ) -> Result<String, Error> {
        let code = secret::token();
        let granted = Granted {
            account: person.account.id,
            session_digest: person.session_digest.clone(),
            auth_time: person.proven_at,
            org: choice.organization.id,
            claims: serde_json::to_string(&choice.acting_for)
                .map_err(|e| Error::Internal(e.to_string()))?,
        };
        let detail = Note::OidcAuthorized
            .with("client", &client.spec.name)
            .with("client_id", client.id)
            .with("org", &choice.organization.name);
        let mut tx = self.store.begin().await?;
        if !tx
            .grant_authorization(record.id, &granted, &secret::digest(&code))
            .await?
        {
            return Err(Error::NotFound);
        }
        let entry = oidc_entry(
            client,
            Some((person.account.id, choice.organization.id)),
            AuditAction::OidcAuthorized,
            detail,
        );
        tx.audit(&entry).await?;
        tx.commit().await?;
        let mut url =
            Url::parse(&record.request.redirect_uri).map_err(|e| Error::Internal(e.to_string()))?;
        url.query_pairs_mut().append_pair("code", &code);
        finish(&mut url, &record.request, self.issuer());
        Ok(url.into())
    }

    /// A refusal at the authorization or the token endpoint, in the agency's journal.
    pub(super) async fn audit_refusal(&self, client: &ClientRecord, error: &'static str) {
        let audited = async {
            let mut tx = self.store.begin().await?;
            tx.audit(&refusal(client, error)).await?;
            tx.commit().await
        };
        if let Err(e) = audited.await {
            tracing::error!(error = %e, "auditing a refused authorization request");
        }
    }
}

/// The first problem of the request, in the protocol's words, after filling `request`.
fn request_problem(
    p: &AuthorizeParams,
    request: &mut AuthorizationRequest,
    now: OffsetDateTime,
) -> Option<(&'static str, &'static str)> {
    let too_long = [&p.state, &p.nonce, &p.scope]
        .iter()
        .any(|v| v.as_ref().is_some_and(|v| v.len() > MAX_PARAMETER));
    if too_long {
        return Some((
            "invalid_request",
            "state, nonce and scope hold 500 characters at most",
        ));
    }
    if p.response_type.as_deref() != Some("code") {
        return Some((
            "unsupported_response_type",
            "only the authorization code flow (code)",
        ));
    }
    let asked: Vec<&str> = p.scope.as_deref().unwrap_or_default().split(' ').collect();
    if !asked.contains(&"openid") {
        return Some(("invalid_scope", "the scope must include openid"));
    }
    let known: Vec<&str> = SCOPES
        .iter()
        .copied()
        .filter(|s| asked.contains(s))
        .collect();
    request.scope = known.join(" ");
    let challenge = p.code_challenge.as_deref().unwrap_or_default();
    if p.code_challenge_method.as_deref() != Some("S256") || !pkce::valid_challenge(challenge) {
        return Some((
            "invalid_request",
            "PKCE is required: code_challenge with method S256",
        ));
    }
    let prompts: Vec<&str> = p.prompt.as_deref().unwrap_or_default().split(' ').collect();
    if prompts.contains(&"none") && prompts.len() > 1 {
        return Some(("invalid_request", "prompt=none goes with no other value"));
    }
    request.interactive = !prompts.contains(&"none");
    request.login_after = prompts.contains(&"login").then_some(now);
    match p.max_age.as_deref().map(str::parse::<u32>) {
        None => {}
        Some(Ok(age)) => request.max_age = Some(i64::from(age)),
        Some(Err(_)) => return Some(("invalid_request", "max_age is a number of seconds")),
    }
    None
}

/// The first language of `ui_locales` Mandat speaks, if any.
fn ui_lang(ui_locales: Option<&str>) -> Option<Lang> {
    ui_locales?.split(' ').find_map(|tag| {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Lang::from_tag(&primary.to_ascii_lowercase())
    })
}

/// The client's redirect URI with `error`, its description, `state` and `iss`.
fn back_with(
    request: &AuthorizationRequest,
    issuer: &str,
    (error, description): (&str, &str),
) -> String {
    let Ok(mut url) = Url::parse(&request.redirect_uri) else {
        return request.redirect_uri.clone();
    };
    url.query_pairs_mut()
        .append_pair("error", error)
        .append_pair("error_description", description);
    finish(&mut url, request, issuer);
    url.into()
}

/// Adds `state` and `iss` (RFC 9207) to the response.
fn finish(url: &mut Url, request: &AuthorizationRequest, issuer: &str) {
    let mut pairs = url.query_pairs_mut();
    if let Some(state) = &request.state {
        pairs.append_pair("state", state);
    }
    pairs.append_pair("iss", issuer);
}

fn describe(error: &str) -> &'static str {
    match error {
        "login_required" => "the person must sign in at Mandat",
        "interaction_required" => "the person must choose an organization at Mandat",
        _ => "the person may act for no organization in this service, or declined",
    }
}

/// The audit entry of a request refused with `error`.
fn refusal(client: &ClientRecord, error: &str) -> AuditEntry {
    let detail = Note::OidcRefused
        .with("client", &client.spec.name)
        .with("client_id", client.id)
        .with("error", error);
    oidc_entry(client, None, AuditAction::OidcRefused, detail)
}

/// An entry of the provider's, in the client's agency's journal.
pub(super) fn oidc_entry(
    client: &ClientRecord,
    person: Option<(AccountId, OrgId)>,
    action: AuditAction,
    detail: Detail,
) -> AuditEntry {
    AuditEntry {
        person: None,
        actor: person.map(|(account, _)| account),
        org: person.map(|(_, org)| org),
        action,
        detail,
        client_address: None,
        agency: Some(client.agency_id),
    }
}
