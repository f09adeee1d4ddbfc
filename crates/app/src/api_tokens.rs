//! The officers' API tokens (issue 21): an officer makes and revokes them from the security
//! pages, each change audited. A request bearing one acts as the officer who made it, while
//! the token is in force and they are still an active officer of the organization, with the
//! same rules and the same changes as their pages; each use is in the journal.

use mandat_core::api_token::{ApiScope, TokenForm, TokenSpec};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::secret;
use mandat_oidc::client::new_secret;
use mandat_store::{ApiTokenRecord, AuditEntry};

use crate::acting::Officer;
use crate::{App, Error};

/// What every token begins with, so that one found in a log or a repository is recognized.
pub const TOKEN_PREFIX: &str = "mandat_";

/// A token just made: its record, and the token itself, shown this once.
#[derive(Clone, Debug)]
pub struct NewToken {
    pub record: ApiTokenRecord,
    pub token: String,
}

/// Why a bearer token opens nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    /// No such token, or one revoked or past its last day: 401.
    NotInForce,
    /// The officer who made it no longer is one: 403.
    NotAnOfficer,
}

/// Who an API request acts as.
#[derive(Clone, Debug)]
pub struct ApiCaller {
    pub officer: Officer,
    pub token: ApiTokenRecord,
}

impl ApiCaller {
    /// Whether the token's scope allows what `needed` allows.
    pub fn may(&self, needed: ApiScope) -> bool {
        self.token.scope.allows(needed)
    }
}

impl App {
    /// A new token of the officer's organization, acting as them.
    pub async fn create_api_token(
        &self,
        officer: &Officer,
        form: &TokenForm<'_>,
    ) -> Result<NewToken, Error> {
        let spec = TokenSpec::parse(form, self.today()).map_err(Error::fields)?;
        let token = format!("{TOKEN_PREFIX}{}", new_secret());
        let id = uuid::Uuid::now_v7();
        let mut tx = self.store.begin().await?;
        tx.insert_api_token(
            id,
            (officer.org, officer.account),
            &spec,
            &secret::digest(&token),
        )
        .await?;
        let detail = token_detail(&spec.name, spec.scope, spec.expires_on);
        tx.audit(&entry(officer, AuditAction::ApiTokenCreated, detail))
            .await?;
        tx.commit().await?;
        let record = self.store.api_token(officer.org, id).await?;
        let record = record.ok_or(Error::NotFound)?;
        Ok(NewToken { record, token })
    }

    /// Revokes one of the organization's tokens at once; `false` if it was already.
    pub async fn revoke_api_token(&self, officer: &Officer, id: uuid::Uuid) -> Result<bool, Error> {
        let token = self.store.api_token(officer.org, id).await?;
        let token = token.ok_or(Error::NotFound)?;
        let mut tx = self.store.begin().await?;
        if !tx
            .revoke_api_token(officer.org, id, officer.account)
            .await?
        {
            return Ok(false);
        }
        let detail = token_detail(&token.name, token.scope, token.expires_on);
        tx.audit(&entry(officer, AuditAction::ApiTokenRevoked, detail))
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The caller a bearer `token` acts as, from `client`; whether its scope allows what the
    /// request asks is the door's to tell ([`ApiCaller::may`]), and to journal when not.
    pub async fn api_caller(
        &self,
        token: &str,
        client: Option<String>,
    ) -> Result<Result<ApiCaller, TokenRefusal>, Error> {
        let record = match token.starts_with(TOKEN_PREFIX) {
            true => {
                self.store
                    .api_token_by_digest(&secret::digest(token))
                    .await?
            }
            false => None,
        };
        let Some(record) =
            record.filter(|t| t.revoked_at.is_none() && t.expires_on >= self.today())
        else {
            return Ok(Err(TokenRefusal::NotInForce));
        };
        let account = self.store.account(record.created_by).await?;
        let officer = match account {
            Some(account) => self.officer(&account, client).await?,
            None => None,
        };
        let Some(officer) = officer.filter(|o| o.org == record.org) else {
            return Ok(Err(TokenRefusal::NotAnOfficer));
        };
        Ok(Ok(ApiCaller {
            officer,
            token: record,
        }))
    }

    /// Records a request the caller made, as the officer, with how it was answered.
    pub async fn record_api_use(
        &self,
        caller: &ApiCaller,
        (method, path): (&str, &str),
        status: u16,
    ) -> Result<(), Error> {
        let detail = Note::ApiCall
            .with("method", method)
            .with("path", path)
            .with("status", status)
            .with("name", &caller.token.name);
        let mut tx = self.store.begin().await?;
        tx.touch_api_token(caller.token.id).await?;
        tx.audit(&entry(&caller.officer, AuditAction::ApiUsed, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A token as the journal names it.
fn token_detail(name: &str, scope: ApiScope, until: time::Date) -> Detail {
    Note::ApiToken
        .with("name", name)
        .with("scope", scope.code())
        .with("until", until)
}

fn entry(officer: &Officer, action: AuditAction, detail: Detail) -> AuditEntry {
    AuditEntry {
        actor: Some(officer.account),
        org: Some(officer.org),
        person: None,
        action,
        detail,
        client_address: officer.client.clone(),
        agency: None,
    }
}
