//! The organization's security file (M22): its authorized persons, one row each, filtered,
//! sorted and paged in the database so that an organization of 20,000 people reads fast.

use mandat_core::ids::{OrgId, PersonId};
use mandat_core::profile::{Profile, ProfileSet};
use sqlx::Row;
use time::Date;

use crate::catalog::parsed;
use crate::{Backend, Store, StoreError, date_from_text, date_to_text};

/// A row's state (M22): a user code is active or inactive; a registration code, while no
/// user code exists, is active, suspended (five wrong NAS partiels) or expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    Active,
    Inactive,
    Suspended,
    Expired,
}

impl FileState {
    pub const ALL: [FileState; 4] = [
        FileState::Active,
        FileState::Inactive,
        FileState::Suspended,
        FileState::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FileState::Active => "active",
            FileState::Inactive => "inactive",
            FileState::Suspended => "suspended",
            FileState::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The columns the file sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    UserCode,
    #[default]
    LastName,
    FirstName,
    State,
    Profile,
    ExpiresOn,
}

impl SortBy {
    pub const ALL: [SortBy; 6] = [
        SortBy::UserCode,
        SortBy::LastName,
        SortBy::FirstName,
        SortBy::State,
        SortBy::Profile,
        SortBy::ExpiresOn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortBy::UserCode => "code",
            SortBy::LastName => "nom",
            SortBy::FirstName => "prenom",
            SortBy::State => "etat",
            SortBy::Profile => "profil",
            SortBy::ExpiresOn => "expiration",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The SQL it orders by: fixed text, never what the reader sent.
    fn expression(self) -> &'static str {
        match self {
            SortBy::UserCode => "lower(user_code)",
            SortBy::LastName => "lower(last_name)",
            SortBy::FirstName => "lower(first_name)",
            SortBy::State => {
                "CASE state WHEN 'active' THEN 1 WHEN 'inactive' THEN 2 WHEN 'suspended' THEN 3 ELSE 4 END"
            }
            SortBy::Profile => PROFILE_RANK,
            SortBy::ExpiresOn => "expires_on",
        }
    }
}

/// What the reader asked to see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileQuery {
    pub state: Option<FileState>,
    pub profile: Option<Profile>,
    /// Expiring on or after, on or before these dates.
    pub expires_from: Option<Date>,
    pub expires_to: Option<Date>,
    /// Part of a name or of a user code, in any case.
    pub search: String,
    pub sort: SortBy,
    pub descending: bool,
}

/// One authorized person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRow {
    pub person: PersonId,
    /// Blank while only a registration code exists.
    pub user_code: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub state: FileState,
    pub profiles: ProfileSet,
    pub expires_on: Option<Date>,
}

/// The rows of one organization, with their state as of `$2`, narrowed by `$3`…`$8`.
/// Only that organization's rows are read (codes carry it); the search (`$7` on the folded
/// names, `$8` on user codes) comes first, as it narrows most, then the profile.
const FILTERED: &str = "WITH latest AS ( \
       SELECT person_id, state, valid_through, access_expires_on, \
              ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY issued_at DESC, id DESC) AS n \
       FROM registration_codes rc \
       WHERE rc.org_id = $1 AND rc.state IN ('active', 'suspended')), \
     file AS ( \
       SELECT p.id AS person_id, p.last_name, p.first_name, COALESCE(a.user_code, '') AS user_code, \
         CASE WHEN a.id IS NOT NULL THEN (CASE WHEN a.active THEN 'active' ELSE 'inactive' END) \
              WHEN r.state = 'suspended' THEN 'suspended' \
              WHEN r.valid_through < $2 THEN 'expired' \
              ELSE 'active' END AS state, \
         COALESCE(a.expires_on, r.access_expires_on, '') AS expires_on \
       FROM people p \
       LEFT JOIN accounts a ON a.person_id = p.id \
       LEFT JOIN latest r ON r.person_id = p.id AND r.n = 1 \
       WHERE p.org_id = $1 AND (a.id IS NOT NULL OR r.person_id IS NOT NULL) \
         AND ($7 = '' OR p.search_key LIKE $7 ESCAPE '\\' \
              OR p.id IN (SELECT c.person_id FROM accounts c \
                          WHERE c.org_id = $1 AND c.user_code_key LIKE $8 ESCAPE '\\')) \
         AND ($4 = '' OR p.id IN (SELECT pp.person_id FROM person_profiles pp \
                                  WHERE pp.org_id = $1 AND pp.profile = $4))) \
     SELECT * FROM file \
     WHERE ($3 = '' OR state = $3) \
       AND ($5 = '' OR expires_on >= $5) \
       AND ($6 = '' OR expires_on <= $6)";

/// How many rows the unfiltered file has, without reading them: the organization's user
/// codes, and its people who have only an open registration code.
const COUNT_ALL: &str = "SELECT (SELECT COUNT(*) FROM accounts WHERE org_id = $1) \
     + (SELECT COUNT(DISTINCT rc.person_id) FROM registration_codes rc \
        WHERE rc.org_id = $1 AND rc.state IN ('active', 'suspended') \
          AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = rc.person_id)) AS n";

/// A person's highest profile, for sorting by profile.
const PROFILE_RANK: &str = "(SELECT COALESCE(min(CASE pp.profile WHEN 'principal-officer' THEN 1 \
     WHEN 'auxiliary-officer' THEN 2 WHEN 'enterprise-files' THEN 3 ELSE 4 END), 5) \
     FROM person_profiles pp WHERE pp.person_id = matching.person_id)";

/// `%text%` for LIKE, with the wildcards of the text itself escaped.
pub(crate) fn containing(text: &str) -> String {
    let escaped: String = text
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    if escaped.is_empty() {
        escaped
    } else {
        format!("%{escaped}%")
    }
}

impl Store {
    /// One page of the file (`per_page` rows from `page × per_page`) and how many rows match.
    pub async fn security_file(
        &self,
        org: OrgId,
        today: Date,
        query: &FileQuery,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<FileRow>, i64), StoreError> {
        let unfiltered = FileQuery {
            sort: query.sort,
            descending: query.descending,
            ..FileQuery::default()
        };
        let count = if *query == unfiltered {
            sqlx::query(COUNT_ALL).bind(org.to_string())
        } else {
            let sql = format!("SELECT COUNT(*) AS n FROM ({FILTERED}) AS matching");
            bind(sqlx::query(sqlx::AssertSqlSafe(sql)), org, today, query)
        };
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        let rows = self
            .file_rows(
                org,
                today,
                query,
                i64::from(per_page),
                i64::from(page) * i64::from(per_page),
            )
            .await?;
        Ok((rows, total))
    }

    /// Every matching row, in order: what the CSV export writes.
    pub async fn security_file_all(
        &self,
        org: OrgId,
        today: Date,
        query: &FileQuery,
    ) -> Result<Vec<FileRow>, StoreError> {
        self.file_rows(org, today, query, i64::MAX, 0).await
    }

    async fn file_rows(
        &self,
        org: OrgId,
        today: Date,
        query: &FileQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<FileRow>, StoreError> {
        let direction = if query.descending { "DESC" } else { "ASC" };
        let aggregate = match self.backend() {
            Backend::Sqlite => "group_concat(pp.profile, ',')",
            Backend::Postgres => "string_agg(pp.profile, ',')",
        };
        let sql = format!(
            "SELECT page.*, COALESCE((SELECT {aggregate} FROM person_profiles pp \
               WHERE pp.person_id = page.person_id), '') AS profiles \
             FROM (SELECT * FROM ({FILTERED}) AS matching \
               ORDER BY {} {direction}, lower(last_name), lower(first_name), person_id \
               LIMIT $9 OFFSET $10) AS page",
            query.sort.expression(),
        );
        bind(sqlx::query(sqlx::AssertSqlSafe(sql)), org, today, query)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(file_row)
            .collect()
    }
}

fn bind<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    org: OrgId,
    today: Date,
    query: &FileQuery,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let date = |d: Option<Date>| d.map(date_to_text).unwrap_or_default();
    q.bind(org.to_string())
        .bind(date_to_text(today))
        .bind(query.state.map(|s| s.code()).unwrap_or_default())
        .bind(
            query
                .profile
                .map(|p| p.code().to_string())
                .unwrap_or_default(),
        )
        .bind(date(query.expires_from))
        .bind(date(query.expires_to))
        .bind(containing(&mandat_core::search_key(&query.search)))
        .bind(containing(&query.search))
}

fn file_row(r: &sqlx::any::AnyRow) -> Result<FileRow, StoreError> {
    let person = parsed(r, "person_id", str::parse)?;
    let profiles: String = r.try_get("profiles")?;
    let held = profiles
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| Profile::from_code(p).ok_or_else(|| StoreError::Corrupt(format!("profile {p:?}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let user_code: String = r.try_get("user_code")?;
    let expires_on: String = r.try_get("expires_on")?;
    Ok(FileRow {
        person,
        user_code: Some(user_code).filter(|c| !c.is_empty()),
        last_name: r.try_get("last_name")?,
        first_name: r.try_get("first_name")?,
        state: parsed(r, "state", |s| FileState::from_code(s).ok_or(()))?,
        profiles: ProfileSet::from_profiles(held)
            .ok_or_else(|| StoreError::Corrupt(format!("profiles of {person} break M1")))?,
        expires_on: (!expires_on.is_empty())
            .then(|| date_from_text(&expires_on))
            .transpose()?,
    })
}
