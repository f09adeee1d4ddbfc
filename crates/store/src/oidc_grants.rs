//! The OpenID Connect provider's authorizations and refresh tokens (issue 20): what a client
//! asked, who signed in for it and for which organization, its code, and its tokens.

use mandat_core::ids::{AccountId, AuthorizationId, ClientId, OrgId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// What a client asked for, as the authorization endpoint checked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationRequest {
    pub client_id: ClientId,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: String,
    /// `max_age`, in seconds.
    pub max_age: Option<i64>,
    /// `prompt=login`: a sign-in after this instant.
    pub login_after: Option<OffsetDateTime>,
    /// `false` for `prompt=none`: no page may be shown, the answer is at once.
    pub interactive: bool,
    /// The page language, from `ui_locales`: `fr` or `en`.
    pub lang: String,
}

/// Who signed in for an authorization, and for which organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Granted {
    pub account: AccountId,
    pub session_digest: String,
    pub auth_time: OffsetDateTime,
    pub org: OrgId,
    /// The `mandat` claim, as JSON.
    pub claims: String,
}

/// An authorization as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationRecord {
    pub id: AuthorizationId,
    pub request: AuthorizationRequest,
    pub created_at: OffsetDateTime,
    pub granted: Option<Granted>,
    pub code_issued_at: Option<OffsetDateTime>,
    pub code_used_at: Option<OffsetDateTime>,
    pub ended_at: Option<OffsetDateTime>,
}

impl Tx {
    /// Keeps a checked request, for the browser whose cookie has `browser_digest`.
    pub async fn insert_authorization(
        &mut self,
        id: AuthorizationId,
        browser_digest: &str,
        r: &AuthorizationRequest,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oidc_authorizations (id, browser_digest, client_id, redirect_uri, \
             scope, state, nonce, code_challenge, max_age, login_after, lang, created_at, \
             interactive) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(id.to_string())
        .bind(browser_digest)
        .bind(r.client_id.to_string())
        .bind(&r.redirect_uri)
        .bind(&r.scope)
        .bind(r.state.as_deref())
        .bind(r.nonce.as_deref())
        .bind(&r.code_challenge)
        .bind(r.max_age)
        .bind(r.login_after.map(to_micros))
        .bind(&r.lang)
        .bind(to_micros(self.now))
        .bind(r.interactive)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Issues the code (as its digest) of an authorization not yet granted nor ended;
    /// `false` if it was already.
    pub async fn grant_authorization(
        &mut self,
        id: AuthorizationId,
        granted: &Granted,
        code_digest: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE oidc_authorizations SET account_id = $1, session_digest = $2, \
             auth_time = $3, org_id = $4, claims = $5, code_digest = $6, code_issued_at = $7 \
             WHERE id = $8 AND code_digest IS NULL AND ended_at IS NULL",
        )
        .bind(granted.account.to_string())
        .bind(&granted.session_digest)
        .bind(to_micros(granted.auth_time))
        .bind(granted.org.to_string())
        .bind(&granted.claims)
        .bind(code_digest)
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks the code of `id` redeemed; `false` if it was already.
    pub async fn redeem_code(&mut self, id: AuthorizationId) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE oidc_authorizations SET code_used_at = $1 \
             WHERE id = $2 AND code_used_at IS NULL AND ended_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends authorization `id` and with it every token it issued.
    pub async fn end_authorization(&mut self, id: AuthorizationId) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE oidc_authorizations SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Ends every authorization granted within the Mandat session `session_digest`.
    pub async fn end_authorizations_of_session(
        &mut self,
        session_digest: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE oidc_authorizations SET ended_at = $1 \
             WHERE session_digest = $2 AND ended_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(session_digest)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The `mandat` claim of authorization `id` as weighed again at a refresh.
    pub async fn update_claims(
        &mut self,
        id: AuthorizationId,
        claims: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE oidc_authorizations SET claims = $1 WHERE id = $2")
            .bind(claims)
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub async fn insert_refresh_token(
        &mut self,
        digest: &str,
        authorization: AuthorizationId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oidc_refresh_tokens (digest, authorization_id, issued_at) \
             VALUES ($1, $2, $3)",
        )
        .bind(digest)
        .bind(authorization.to_string())
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Records client assertion `jti` as used until `expires_at`; `false` if it was already.
    /// Those expired are forgotten on the way.
    pub async fn use_assertion(
        &mut self,
        client: ClientId,
        jti: &str,
        expires_at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM oidc_assertions WHERE expires_at < $1")
            .bind(to_micros(self.now))
            .execute(&mut *self.tx)
            .await?;
        let done = sqlx::query(
            "INSERT INTO oidc_assertions (client_id, jti, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (client_id, jti) DO NOTHING",
        )
        .bind(client.to_string())
        .bind(jti)
        .bind(to_micros(expires_at))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Rotates the refresh token of `digest` out; `false` if it was already.
    pub async fn rotate_refresh_token(&mut self, digest: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE oidc_refresh_tokens SET rotated_at = $1 WHERE digest = $2 AND rotated_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(digest)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

/// The columns [`authorization`] reads, for each query to `concat!`.
macro_rules! select_authorizations {
    () => {
        "SELECT id, client_id, redirect_uri, scope, state, nonce, code_challenge, max_age, \
         login_after, CAST(CASE WHEN interactive THEN 1 ELSE 0 END AS BIGINT) AS interactive, \
         lang, created_at, account_id, session_digest, auth_time, org_id, claims, \
         code_issued_at, code_used_at, ended_at FROM oidc_authorizations"
    };
}

impl Store {
    /// The authorization the browser's cookie (by its digest) started.
    pub async fn authorization_of_browser(
        &self,
        digest: &str,
    ) -> Result<Option<AuthorizationRecord>, StoreError> {
        let row = sqlx::query(concat!(
            select_authorizations!(),
            " WHERE browser_digest = $1"
        ))
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(authorization).transpose()
    }

    /// The authorization whose code has `digest`.
    pub async fn authorization_of_code(
        &self,
        digest: &str,
    ) -> Result<Option<AuthorizationRecord>, StoreError> {
        let row = sqlx::query(concat!(select_authorizations!(), " WHERE code_digest = $1"))
            .bind(digest)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(authorization).transpose()
    }

    /// The authorization of the refresh token of `digest`, and whether it was rotated out.
    pub async fn authorization_of_refresh_token(
        &self,
        digest: &str,
    ) -> Result<Option<(AuthorizationRecord, bool)>, StoreError> {
        let row = sqlx::query(
            "SELECT authorization_id, rotated_at FROM oidc_refresh_tokens WHERE digest = $1",
        )
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let rotated: Option<i64> = row.try_get("rotated_at")?;
        let id = AuthorizationId(uuid(&row, "authorization_id")?);
        let record = self.authorization(id).await?;
        Ok(record.map(|record| (record, rotated.is_some())))
    }

    pub async fn authorization(
        &self,
        id: AuthorizationId,
    ) -> Result<Option<AuthorizationRecord>, StoreError> {
        let row = sqlx::query(concat!(select_authorizations!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(authorization).transpose()
    }
}

fn authorization(r: &AnyRow) -> Result<AuthorizationRecord, StoreError> {
    let instant = |column: &str| -> Result<Option<OffsetDateTime>, StoreError> {
        r.try_get::<Option<i64>, _>(column)?
            .map(from_micros)
            .transpose()
    };
    let account: Option<String> = r.try_get("account_id")?;
    let granted = match account {
        None => None,
        Some(_) => Some(Granted {
            account: AccountId(uuid(r, "account_id")?),
            session_digest: r.try_get("session_digest")?,
            auth_time: from_micros(r.try_get("auth_time")?)?,
            org: OrgId(uuid(r, "org_id")?),
            claims: r.try_get("claims")?,
        }),
    };
    Ok(AuthorizationRecord {
        id: AuthorizationId(uuid(r, "id")?),
        request: AuthorizationRequest {
            client_id: ClientId(uuid(r, "client_id")?),
            redirect_uri: r.try_get("redirect_uri")?,
            scope: r.try_get("scope")?,
            state: r.try_get("state")?,
            nonce: r.try_get("nonce")?,
            code_challenge: r.try_get("code_challenge")?,
            max_age: r.try_get("max_age")?,
            login_after: instant("login_after")?,
            interactive: r.try_get::<i64, _>("interactive")? != 0,
            lang: r.try_get("lang")?,
        },
        created_at: from_micros(r.try_get("created_at")?)?,
        granted,
        code_issued_at: instant("code_issued_at")?,
        code_used_at: instant("code_used_at")?,
        ended_at: instant("ended_at")?,
    })
}
