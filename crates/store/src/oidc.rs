//! The OpenID Connect provider's signing keys and its clients (issue 20).

use mandat_core::ids::{AgencyId, ClientId, ServiceId};
use mandat_oidc::{AuthMethod, ClientSpec};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::catalog::uuid;
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// A signing key as kept: its private scalar still sealed.
#[derive(Clone, Debug)]
pub struct SealedKey {
    pub kid: String,
    pub sealed: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// A registered client, with its agency and service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    pub id: ClientId,
    pub agency_id: AgencyId,
    pub service_id: ServiceId,
    pub spec: ClientSpec,
    /// The digest of its secret, for `client_secret_basic`.
    pub secret_digest: Option<String>,
    pub created_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
}

impl ClientRecord {
    pub fn enabled(&self) -> bool {
        self.disabled_at.is_none()
    }
}

impl Tx {
    /// Retires the key that signs now, if any, and adds `kid` (sealed), which signs from now.
    pub async fn rotate_signing_key(&mut self, kid: &str, sealed: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
            .bind(to_micros(self.now))
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("INSERT INTO signing_keys (kid, sealed, created_at) VALUES ($1, $2, $3)")
            .bind(kid)
            .bind(sealed)
            .bind(to_micros(self.now))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Registers client `id`, with the digest of its secret for `client_secret_basic`.
    pub async fn insert_client(
        &mut self,
        id: ClientId,
        (agency, service): (AgencyId, ServiceId),
        spec: &ClientSpec,
        secret_digest: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oidc_clients (id, agency_id, service_id, name, redirect_uris, \
             logout_uris, auth_method, secret_digest, jwks, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.to_string())
        .bind(agency.to_string())
        .bind(service.to_string())
        .bind(&spec.name)
        .bind(spec.redirect_uris.join("\n"))
        .bind(spec.logout_uris.join("\n"))
        .bind(spec.method.id())
        .bind(secret_digest)
        .bind(spec.keys.as_deref())
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Disables client `id` from now; `false` if it was disabled already.
    pub async fn disable_client(&mut self, id: ClientId) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE oidc_clients SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
        )
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        // Its receivers of revocation events go with it: events are addressed to it.
        self.disable_receivers_of(id).await?;
        Ok(true)
    }
}

/// The columns [`client`] reads, for each query to `concat!`.
macro_rules! select_clients {
    () => {
        "SELECT id, agency_id, service_id, name, redirect_uris, logout_uris, auth_method, \
         secret_digest, jwks, created_at, disabled_at FROM oidc_clients"
    };
}

impl Store {
    /// Every signing key, the oldest first.
    pub async fn signing_keys(&self) -> Result<Vec<SealedKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT kid, sealed, created_at, retired_at FROM signing_keys ORDER BY created_at, kid",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SealedKey {
                    kid: r.try_get("kid")?,
                    sealed: r.try_get("sealed")?,
                    created_at: from_micros(r.try_get("created_at")?)?,
                    retired_at: r
                        .try_get::<Option<i64>, _>("retired_at")?
                        .map(from_micros)
                        .transpose()?,
                })
            })
            .collect()
    }

    pub async fn client(&self, id: ClientId) -> Result<Option<ClientRecord>, StoreError> {
        let row = sqlx::query(concat!(select_clients!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(client).transpose()
    }

    /// The clients of `agency` (every agency's when `None`), by service then name.
    pub async fn clients(&self, agency: Option<AgencyId>) -> Result<Vec<ClientRecord>, StoreError> {
        let rows = sqlx::query(concat!(
            select_clients!(),
            " WHERE ($1 IS NULL OR agency_id = $1) ORDER BY service_id, name, id"
        ))
        .bind(agency.map(|a| a.to_string()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(client).collect()
    }
}

fn client(r: &AnyRow) -> Result<ClientRecord, StoreError> {
    let lines = |column: &str| -> Result<Vec<String>, StoreError> {
        let text: String = r.try_get(column)?;
        Ok(text.lines().map(str::to_string).collect())
    };
    let method: String = r.try_get("auth_method")?;
    let method = AuthMethod::parse(&method)
        .ok_or_else(|| StoreError::Corrupt(format!("auth_method: {method}")))?;
    let instant = |column: &str| -> Result<Option<OffsetDateTime>, StoreError> {
        r.try_get::<Option<i64>, _>(column)?
            .map(from_micros)
            .transpose()
    };
    Ok(ClientRecord {
        id: ClientId(uuid(r, "id")?),
        agency_id: AgencyId(uuid(r, "agency_id")?),
        service_id: ServiceId(uuid(r, "service_id")?),
        spec: ClientSpec {
            name: r.try_get("name")?,
            redirect_uris: lines("redirect_uris")?,
            logout_uris: lines("logout_uris")?,
            method,
            keys: r.try_get("jwks")?,
        },
        secret_digest: r.try_get("secret_digest")?,
        created_at: from_micros(r.try_get("created_at")?)?,
        disabled_at: instant("disabled_at")?,
    })
}
