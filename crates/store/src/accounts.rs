//! Accounts: who signs in, with what, and whether they still may.

use mandat_core::Field;
use mandat_core::account::InactiveCause;
use mandat_core::contact::Email;
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::ids::{AccountId, AgencyId, OrgId, PersonId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

pub use mandat_core::account::AccountKind;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, date_from_text, date_to_text, from_micros, to_micros};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub kind: AccountKind,
    /// « Prénom Nom ».
    pub name: String,
    pub email: Email,
    pub user_code: UserCode,
    pub password_hash: PasswordHash,
    pub password_temporary: bool,
    pub password_changed_at: OffsetDateTime,
    pub failed_sign_ins: i32,
    /// Why and since when the code is inactive; `None` while it is active.
    pub inactive: Option<(InactiveCause, OffsetDateTime)>,
    /// The code's validity (M17), for members.
    pub expires_on: Option<Date>,
}

/// A new account. `identity` is the name and email of a central agent or an agency's
/// person; a member's are their person's.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub id: AccountId,
    pub kind: AccountKind,
    pub identity: Option<(String, Email)>,
    pub user_code: UserCode,
    pub password_hash: PasswordHash,
    pub password_temporary: bool,
    pub expires_on: Option<Date>,
}

/// The columns [`account`] reads, from `accounts a LEFT JOIN people p`.
macro_rules! account_columns {
    () => {
        "a.id, a.kind, a.person_id, p.org_id, \
         COALESCE(a.name, p.first_name || ' ' || p.last_name) AS display_name, \
         COALESCE(a.email, p.email) AS contact_email, a.user_code, a.password_hash, \
         CAST(CASE WHEN a.password_temporary THEN 1 ELSE 0 END AS BIGINT) AS password_temporary, \
         a.password_changed_at, a.failed_sign_ins, a.inactive_cause, \
         a.inactive_since, a.expires_on, a.agency_id, \
         CAST(CASE WHEN a.agency_admin THEN 1 ELSE 0 END AS BIGINT) AS agency_admin"
    };
}
pub(crate) use account_columns;

macro_rules! select_accounts {
    () => {
        concat!(
            "SELECT ",
            $crate::accounts::account_columns!(),
            " FROM accounts a LEFT JOIN people p ON p.id = a.person_id"
        )
    };
}
pub(crate) use select_accounts;

const ACTIVE_OFFICER_EMAILS: &str = "SELECT DISTINCT p.email FROM person_profiles pp \
     JOIN people p ON p.id = pp.person_id \
     JOIN accounts a ON a.person_id = pp.person_id \
     WHERE pp.org_id = $1 AND a.active = TRUE \
     AND pp.profile IN ('principal-officer', 'auxiliary-officer') ORDER BY p.email";

impl Tx {
    pub async fn insert_account(&mut self, a: &NewAccount) -> Result<(), StoreError> {
        let (kind, person, agency, admin) = match a.kind {
            AccountKind::Member { person, .. } => ("member", Some(person.to_string()), None, false),
            AccountKind::Central => ("central", None, None, false),
            AccountKind::Agency { agency, admin } => {
                ("agency", None, Some(agency.to_string()), admin)
            }
        };
        let (name, email) = match &a.identity {
            Some((name, email)) => (Some(name.clone()), Some(email.as_str().to_string())),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO accounts (id, kind, person_id, name, email, user_code, user_code_key, \
             password_hash, password_temporary, password_changed_at, active, expires_on, created_at, \
             org_id, agency_id, agency_admin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, \
             $11, $10, (SELECT org_id FROM people WHERE id = $3), $12, $13)",
        )
        .bind(a.id.to_string())
        .bind(kind)
        .bind(person)
        .bind(name)
        .bind(email)
        .bind(a.user_code.as_str())
        .bind(a.user_code.key())
        .bind(a.password_hash.as_str())
        .bind(a.password_temporary)
        .bind(to_micros(self.now))
        .bind(a.expires_on.map(date_to_text))
        .bind(agency)
        .bind(admin)
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as("user code"))?;
        Ok(())
    }

    /// Counts one more failed sign-in; returns the count since the last password change.
    pub async fn record_failed_sign_in(&mut self, id: AccountId) -> Result<i32, StoreError> {
        let row = sqlx::query(
            "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1 RETURNING failed_sign_ins",
        )
        .bind(id.to_string())
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The account's last `n` failed sign-ins, newest first: when, and from which address, as
    /// the audit log recorded them (this transaction's own included).
    pub async fn recent_failures(
        &mut self,
        id: AccountId,
        n: i64,
    ) -> Result<Vec<(time::OffsetDateTime, Option<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, client_address FROM audit_log WHERE action = 'sign-in-failed' \
             AND actor_id = $1 ORDER BY at DESC, seq DESC LIMIT $2",
        )
        .bind(id.to_string())
        .bind(n)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    crate::from_micros(r.try_get("at")?)?,
                    r.try_get("client_address")?,
                ))
            })
            .collect()
    }

    /// Deactivates a code for `cause`, with the reason given (M13), if any.
    pub async fn deactivate_account(
        &mut self,
        id: AccountId,
        cause: InactiveCause,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE accounts SET active = FALSE, inactive_cause = $1, inactive_since = $2, \
             inactive_reason = $3 WHERE id = $4",
        )
        .bind(cause.code())
        .bind(to_micros(self.now))
        .bind(reason)
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        self.raise_deactivation(id, cause).await
    }

    /// Reactivates a code (M16): active again, its failed sign-ins forgotten. The caller sets
    /// a temporary password in the same transaction.
    pub async fn reactivate_account(&mut self, id: AccountId) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE accounts SET active = TRUE, inactive_cause = NULL, inactive_since = NULL, \
             inactive_reason = NULL, failed_sign_ins = 0 WHERE id = $1",
        )
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The emails of the organization's active officers as this transaction sees them: after
    /// a deactivation it makes, for M15.
    pub async fn active_officer_emails(&mut self, org: OrgId) -> Result<Vec<Email>, StoreError> {
        sqlx::query(ACTIVE_OFFICER_EMAILS)
            .bind(org.to_string())
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(|r| parsed(r, "email", |s| Email::parse(Field::Email, s)))
            .collect()
    }

    /// A new expiry date for a code (M17).
    pub async fn set_expiry(&mut self, id: AccountId, on: Date) -> Result<(), StoreError> {
        sqlx::query("UPDATE accounts SET expires_on = $1 WHERE id = $2")
            .bind(date_to_text(on))
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Sets a new password; failed sign-ins count again from zero (M11).
    pub async fn set_password(
        &mut self,
        id: AccountId,
        hash: &PasswordHash,
        temporary: bool,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_temporary = $2, password_changed_at = $3, \
             failed_sign_ins = 0 WHERE id = $4",
        )
        .bind(hash.as_str())
        .bind(temporary)
        .bind(to_micros(self.now))
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Reads an account inside this transaction, locking its row where the backend can, so
    /// that concurrent sign-ins count their failures one after the other.
    pub async fn account_for_update(
        &mut self,
        id: AccountId,
    ) -> Result<Option<Account>, StoreError> {
        let sql = format!(
            "{} WHERE a.id = $1{}",
            select_accounts!(),
            match self.backend {
                crate::Backend::Sqlite => "",
                crate::Backend::Postgres => " FOR UPDATE OF a",
            }
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(account)
            .transpose()
    }
}

impl Store {
    /// The account whose user code is `code`, in any case.
    pub async fn account_by_user_code(&self, code: &str) -> Result<Option<Account>, StoreError> {
        sqlx::query(concat!(select_accounts!(), " WHERE a.user_code_key = $1"))
            .bind(code.trim().to_ascii_lowercase())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(account)
            .transpose()
    }

    pub async fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        sqlx::query(concat!(select_accounts!(), " WHERE a.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(account)
            .transpose()
    }

    pub async fn account_of_person(&self, person: PersonId) -> Result<Option<Account>, StoreError> {
        sqlx::query(concat!(select_accounts!(), " WHERE a.person_id = $1"))
            .bind(person.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(account)
            .transpose()
    }

    /// The emails of the organization's officers (principal and auxiliary) whose user code is
    /// active: those whom M6, M11 and M13 notify.
    pub async fn active_officer_emails(&self, org: OrgId) -> Result<Vec<Email>, StoreError> {
        sqlx::query(ACTIVE_OFFICER_EMAILS)
            .bind(org.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| parsed(r, "email", |s| Email::parse(Field::Email, s)))
            .collect()
    }

    /// Every central agent's account, active or not, by name.
    pub async fn central_agents(&self) -> Result<Vec<Account>, StoreError> {
        sqlx::query(concat!(
            select_accounts!(),
            " WHERE a.kind = 'central' ORDER BY a.name, a.id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(account)
        .collect()
    }

    /// An agency's staff accounts, by name.
    pub async fn agency_staff(&self, agency: AgencyId) -> Result<Vec<Account>, StoreError> {
        sqlx::query(concat!(
            select_accounts!(),
            " WHERE a.kind = 'agency' AND a.agency_id = $1 ORDER BY a.name, a.id"
        ))
        .bind(agency.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(account)
        .collect()
    }

    /// The emails of the active central agents: those whom M15 alerts.
    pub async fn central_emails(&self) -> Result<Vec<Email>, StoreError> {
        sqlx::query(
            "SELECT email FROM accounts WHERE kind = 'central' AND active = TRUE ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| parsed(r, "email", |s| Email::parse(Field::Email, s)))
        .collect()
    }
}

pub(crate) fn account(r: &AnyRow) -> Result<Account, StoreError> {
    let kind: String = r.try_get("kind")?;
    let kind = match kind.as_str() {
        "member" => AccountKind::Member {
            person: PersonId(uuid(r, "person_id")?),
            org: OrgId(uuid(r, "org_id")?),
        },
        "agency" => AccountKind::Agency {
            agency: AgencyId(uuid(r, "agency_id")?),
            admin: r.try_get::<i64, _>("agency_admin")? != 0,
        },
        _ => AccountKind::Central,
    };
    let cause: Option<String> = r.try_get("inactive_cause")?;
    let inactive = match cause {
        Some(code) => {
            let cause = InactiveCause::from_code(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("inactive_cause {code:?}")))?;
            let since: Option<i64> = r.try_get("inactive_since")?;
            Some((cause, from_micros(since.unwrap_or_default())?))
        }
        None => None,
    };
    let expires_on: Option<String> = r.try_get("expires_on")?;
    Ok(Account {
        id: AccountId(uuid(r, "id")?),
        kind,
        name: r.try_get("display_name")?,
        email: parsed(r, "contact_email", |s| Email::parse(Field::Email, s))?,
        user_code: UserCode::from_stored(r.try_get("user_code")?),
        password_hash: PasswordHash::from_stored(r.try_get("password_hash")?),
        password_temporary: r.try_get::<i64, _>("password_temporary")? != 0,
        password_changed_at: from_micros(r.try_get("password_changed_at")?)?,
        failed_sign_ins: r.try_get("failed_sign_ins")?,
        inactive,
        expires_on: expires_on.as_deref().map(date_from_text).transpose()?,
    })
}
