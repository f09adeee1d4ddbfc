//! The procurations issue's population (issue 8: 1,000,000 organizations, 3,000,000 people,
//! 10,000,000 grants) written straight into Mandat's own schema, on SQLite or PostgreSQL, by
//! SQL that generates the rows in the database (a recursive series on SQLite,
//! `generate_series` on PostgreSQL): nothing crosses the connection but the statements.
//!
//! Every row is a function of its number, written twice: in SQL here, and in Rust
//! ([`Grant`]) for the questions, which must name what the database holds.
//! - Twelve agencies, each with one online service (`SERVICE00`…) of twelve tasks
//!   (`T00`…), none needing a contract. Every organization is enrolled with the first agency
//!   (« Actif »), whose services the benchmark's client asks about.
//! - Person `p` belongs to organization `p % orgs`, with a member account whose code is
//!   active unless `p % 50 == 0`, and the pairwise subject `sub-{p}` at the first agency.
//! - Grant `g` is held by person [`Grant::holder`] (spread as if drawn at random: a person
//!   holds none, one or several grants, in any agencies), for agency `g % 12`; by its number
//!   among its agency's, `n = g / 12`: nine in ten are procurations of the holder's
//!   organization; one in ten (`n % 10 == 9`) is made within an accepted external
//!   procuration of another organization (P6, two layers); three in ten (`n % 10 < 3`) are
//!   restricted to three tasks. Each ends on a day over three years from
//!   2026-01-01 (so about a third have ended), and one in seven starting late in the range
//!   starts in 2027.
//!
//! Loading drops the big tables' secondary indexes, fills the tables with foreign keys
//! unchecked (the rows are consistent by construction), then builds the indexes again and
//! refreshes the planner's statistics.

use mandat_store::Backend;
use sqlx::{AnyConnection, Connection};

use super::Error;

pub const AGENCIES: i64 = 12;
pub const TASKS: i64 = 12;
/// The tables whose secondary indexes are dropped during the load.
const BIG: [&str; 9] = [
    "organizations",
    "people",
    "accounts",
    "oidc_subjects",
    "enrollments",
    "procurations",
    "procuration_tasks",
    "assignments",
    "external_procurations",
];

/// How many of each.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub orgs: i64,
    pub people: i64,
    pub grants: i64,
}

impl Scale {
    /// The population, or a fraction of it (`MANDAT_BENCH_SCALE`, 0.01 say, to try
    /// the benchmark quickly).
    pub fn from_env() -> Scale {
        let fraction: f64 = std::env::var("MANDAT_BENCH_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        let of = |n: f64| ((n * fraction) as i64).max(100);
        Scale {
            orgs: of(1_000_000.0),
            people: of(3_000_000.0),
            grants: of(10_000_000.0),
        }
    }
}

/// Grant `g`, as the SQL below writes it.
pub struct Grant(pub i64);

impl Grant {
    pub fn holder(&self, s: Scale) -> i64 {
        ((self.0 * 2_654_435_761) >> 7) % s.people
    }
    pub fn external(&self) -> bool {
        (self.0 / AGENCIES) % 10 == 9
    }
    /// The organization the grant lets its holder act for.
    pub fn organization(&self, s: Scale) -> i64 {
        let own = self.holder(s) % s.orgs;
        if self.external() {
            (own + 1 + self.0 % 997) % s.orgs
        } else {
            own
        }
    }
}

/// The id of row `n` of kind `tag`, as SQL writes it: a UUID whose first group is the tag.
pub fn id(tag: u32, n: i64) -> String {
    format!("{tag:08x}-0000-7000-8000-{n:012x}")
}

pub const ORG: u32 = 1;
pub const PERSON: u32 = 2;
const ACCOUNT: u32 = 3;
const PROCURATION: u32 = 4;
const MANDATE: u32 = 5;
const ASSIGNMENT: u32 = 6;
const ENROLLMENT: u32 = 7;
pub const AGENCY: u32 = 8;
const SERVICE: u32 = 9;
const TASK: u32 = 10;

/// The SQL dialect of one backend.
struct Sql(Backend);

impl Sql {
    /// `INSERT INTO {into} SELECT {select} FROM` the numbers `i` from 0 to `n - 1`
    /// `[WHERE {filter}]`.
    fn insert(&self, into: &str, select: &str, n: i64, filter: &str) -> String {
        let filter = if filter.is_empty() {
            String::new()
        } else {
            format!(" WHERE {filter}")
        };
        match self.0 {
            Backend::Sqlite => format!(
                "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) \
                 INSERT INTO {into} SELECT {select} FROM s{filter}",
                n - 1
            ),
            Backend::Postgres => format!(
                "INSERT INTO {into} SELECT {select} \
                 FROM generate_series(0::bigint, {}) AS s(i){filter}",
                n - 1
            ),
        }
    }

    /// The id of kind `tag` of the number `n` (an SQL expression), as [`id`] writes it.
    fn id(&self, tag: u32, n: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("printf('{tag:08x}-0000-7000-8000-%012x', {n})"),
            Backend::Postgres => {
                format!("'{tag:08x}-0000-7000-8000-' || lpad(to_hex({n}), 12, '0')")
            }
        }
    }

    /// The day `days` (an SQL expression) after 2026-01-01, as the store writes dates.
    fn day(&self, days: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("date('2026-01-01', '+' || ({days}) || ' days')"),
            Backend::Postgres => {
                format!("to_char(DATE '2026-01-01' + CAST({days} AS INTEGER), 'YYYY-MM-DD')")
            }
        }
    }

    /// `n` in two digits.
    fn two(&self, n: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("printf('%02d', {n})"),
            Backend::Postgres => format!("lpad(CAST({n} AS TEXT), 2, '0')"),
        }
    }

    /// 64 hexadecimal digits of `n`.
    fn digest(&self, n: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("printf('%064x', {n})"),
            Backend::Postgres => format!("lpad(to_hex({n}), 64, '0')"),
        }
    }
}

/// Every statement of the load, in order, with what it makes.
fn statements(b: Backend, s: Scale) -> Vec<(&'static str, String)> {
    let q = Sql(b);
    let holder = format!("(((i * 2654435761) >> 7) % {})", s.people);
    let holder_org = format!("({holder} % {})", s.orgs);
    let agency = format!("(i % {AGENCIES})");
    let mandant = format!("(({holder_org} + 1 + i % 997) % {})", s.orgs);
    let ends = "((i * 7) % 1095)";
    // The grant's number among its agency's: what makes it external or restricted.
    let external = format!("(i / {AGENCIES}) % 10 = 9");
    let restricted = format!("(i / {AGENCIES}) % 10 < 3");
    let task_of = |n: &str| q.id(TASK, n);
    vec![
        ("agencies", q.insert(
            "agencies (id, code, name_fr, name_en, contact_name, contact_phone, contact_email, \
             contact_hours_fr, contact_hours_en, created_at)",
            &format!(
                "{}, 'AG' || {}, 'Organisme ' || CAST(i AS TEXT), \
                 'Agency ' || CAST(i AS TEXT), 'Centre de services', '418 528-2627', \
                 'aide@exemple.gouv.qc.ca', '8 h 30 à 16 h 30', '8:30 a.m. to 4:30 p.m.', 0",
                q.id(AGENCY, "i"),
                q.two("i")
            ),
            AGENCIES,
            "",
        )),
        ("online services", q.insert(
            "online_services (id, agency_id, code, name_fr, name_en, description_fr, \
             description_en, created_at)",
            &format!(
                "{}, {}, 'SERVICE' || {}, 'Service', 'Service', \
                 'Un service en ligne', 'An online service', 0",
                q.id(SERVICE, "i"),
                q.id(AGENCY, "i"),
                q.two("i")
            ),
            AGENCIES,
            "",
        )),
        ("tasks", q.insert(
            "service_tasks (id, service_id, code, name_fr, name_en, created_at)",
            &format!(
                "{}, {}, 'T' || {}, 'Tâche', 'Task', 0",
                task_of("i"),
                q.id(SERVICE, &format!("(i / {TASKS})")),
                q.two(&format!("(i % {TASKS})"))
            ),
            AGENCIES * TASKS,
            "",
        )),
        ("organizations", q.insert(
            "organizations (id, neq, name, address, city, postal_code, phone, phone_extension, \
             education_number, created_at)",
            &format!(
                "{}, CAST(1100000000 + i AS TEXT), 'Organisme ' || CAST(i AS TEXT), \
                 '1, rue Principale', 'Québec', 'G1R 4Z1', '418 555-0100', NULL, NULL, 0",
                q.id(ORG, "i")
            ),
            s.orgs,
            "",
        )),
        ("people", q.insert(
            "people (id, org_id, title, last_name, first_name, nas_digest, email, phone, \
             phone_extension, fax, created_at, search_key)",
            &format!(
                "{}, {}, NULL, 'Nom' || CAST(i AS TEXT), 'Prénom', {}, \
                 'p' || CAST(i AS TEXT) || '@exemple.qc.ca', '418 555-0100', NULL, NULL, 0, \
                 'prenom nom' || CAST(i AS TEXT)",
                q.id(PERSON, "i"),
                q.id(ORG, &format!("(i % {})", s.orgs)),
                q.digest("i")
            ),
            s.people,
            "",
        )),
        ("accounts", q.insert(
            "accounts (id, kind, person_id, user_code, user_code_key, password_hash, \
             password_temporary, password_changed_at, active, inactive_cause, inactive_since, \
             expires_on, created_at, org_id)",
            &format!(
                "{}, 'member', {}, 'U' || CAST(i AS TEXT), 'u' || CAST(i AS TEXT), 'x', \
                 (i < 0), 0, (i % 50 <> 0), CASE WHEN i % 50 = 0 THEN 'officer' END, \
                 CASE WHEN i % 50 = 0 THEN 0 END, '2099-12-31', 0, {}",
                q.id(ACCOUNT, "i"),
                q.id(PERSON, "i"),
                q.id(ORG, &format!("(i % {})", s.orgs))
            ),
            s.people,
            "",
        )),
        ("pairwise subjects", q.insert(
            "oidc_subjects (agency_id, subject, account_id)",
            &format!(
                "{}, 'sub-' || CAST(i AS TEXT), {}",
                q.id(AGENCY, "0"),
                q.id(ACCOUNT, "i")
            ),
            s.people,
            "",
        )),
        ("enrollments", q.insert(
            "enrollments (id, org_id, agency_id, submitted_by, submitted_at, content, state_code, \
             state_at)",
            &format!(
                "{}, {}, {}, {}, 0, '{{}}', 'ACTIF', 0",
                q.id(ENROLLMENT, "i"),
                q.id(ORG, "i"),
                q.id(AGENCY, "0"),
                q.id(ACCOUNT, "i")
            ),
            s.orgs,
            "",
        )),
        ("procurations (grants)", q.insert(
            "procurations (id, org_id, name, starts_on, ends_on, created_by, created_at, \
             withdrawn_at, parent_id)",
            &format!(
                "{}, {}, 'Procuration ' || CAST(i AS TEXT), \
                 CASE WHEN i % 7 = 0 AND {ends} >= 600 THEN {} END, {}, {}, 0, NULL, \
                 CASE WHEN {external} THEN {} END",
                q.id(PROCURATION, "i"),
                q.id(ORG, &holder_org),
                q.day("500"),
                q.day(ends),
                q.id(ACCOUNT, &holder),
                q.id(MANDATE, "i")
            ),
            s.grants,
            "",
        )),
        ("procurations (mandates, P6)", q.insert(
            "procurations (id, org_id, name, starts_on, ends_on, created_by, created_at, \
             withdrawn_at, parent_id)",
            &format!(
                "{}, {}, 'Mandat ' || CAST(i AS TEXT), NULL, '2029-12-31', {}, 0, NULL, NULL",
                q.id(MANDATE, "i"),
                q.id(ORG, &mandant),
                q.id(ACCOUNT, &mandant)
            ),
            s.grants,
            &external,
        )),
        ("external procurations", q.insert(
            "external_procurations (procuration_id, mandataire_id, answer, answered_by, \
             answered_at)",
            &format!(
                "{}, {}, 'accepted', NULL, NULL",
                q.id(MANDATE, "i"),
                q.id(ORG, &holder_org)
            ),
            s.grants,
            &external,
        )),
        ("procurations' agencies", q.insert(
            "procuration_agencies (procuration_id, agency_id, unrestricted)",
            &format!("{}, {}, NOT ({restricted})", q.id(PROCURATION, "i"), q.id(AGENCY, &agency)),
            s.grants,
            "",
        )),
        ("mandates' agencies", q.insert(
            "procuration_agencies (procuration_id, agency_id, unrestricted)",
            &format!("{}, {}, (i >= 0)", q.id(MANDATE, "i"), q.id(AGENCY, &agency)),
            s.grants,
            &external,
        )),
        ("procurations' tasks", q.insert(
            "procuration_tasks (procuration_id, agency_id, task_id)",
            &format!(
                "{}, {}, {}",
                q.id(PROCURATION, "(i / 3)"),
                q.id(AGENCY, &format!("((i / 3) % {AGENCIES})")),
                task_of(&format!(
                    "(((i / 3) % {AGENCIES}) * {TASKS} + ((i / 3) / {AGENCIES} + \
                     CASE i % 3 WHEN 0 THEN 0 WHEN 1 THEN 5 ELSE 7 END) % {TASKS})"
                ))
            ),
            s.grants * 3,
            &format!("((i / 3) / {AGENCIES}) % 10 < 3"),
        )),
        ("assignments", q.insert(
            "assignments (id, procuration_id, person_id, assigned_by, assigned_at, withdrawn_at)",
            &format!(
                "{}, {}, {}, {}, 0, NULL",
                q.id(ASSIGNMENT, "i"),
                q.id(PROCURATION, "i"),
                q.id(PERSON, &holder),
                q.id(ACCOUNT, &holder)
            ),
            s.grants,
            "",
        )),
    ]
}

/// Fills the migrated, empty database at `url` with the population of `scale`.
pub async fn load(url: &str, backend: Backend, scale: Scale) -> Result<(), Error> {
    let mut conn = AnyConnection::connect(url).await?;
    let setup = match backend {
        Backend::Sqlite => {
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; \
             PRAGMA cache_size = -1000000"
        }
        Backend::Postgres => {
            "SET session_replication_role = replica; SET maintenance_work_mem = '1GB'"
        }
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(setup))
        .execute(&mut conn)
        .await?;
    let indexes = secondary_indexes(&mut conn, backend).await?;
    for (name, _) in &indexes {
        let drop = format!("DROP INDEX {name}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
            .execute(&mut conn)
            .await?;
    }
    for (what, sql) in statements(backend, scale) {
        let started = std::time::Instant::now();
        let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await?;
        eprintln!(
            "  {what}: {} rows in {:.1?}",
            done.rows_affected(),
            started.elapsed()
        );
    }
    let started = std::time::Instant::now();
    for (_, create) in &indexes {
        sqlx::raw_sql(sqlx::AssertSqlSafe(create.clone()))
            .execute(&mut conn)
            .await?;
    }
    let analyze = match backend {
        Backend::Sqlite => "ANALYZE; PRAGMA journal_mode = WAL",
        Backend::Postgres => "ANALYZE",
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(analyze))
        .execute(&mut conn)
        .await?;
    eprintln!("  indexes and statistics: {:.1?}", started.elapsed());
    conn.close().await?;
    Ok(())
}

/// The big tables' indexes other than their primary keys and unique constraints: each
/// one's name and the statement that makes it.
async fn secondary_indexes(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<Vec<(String, String)>, Error> {
    let tables = BIG.map(|t| format!("'{t}'")).join(", ");
    let sql = match backend {
        Backend::Sqlite => format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
             AND tbl_name IN ({tables})"
        ),
        Backend::Postgres => format!(
            "SELECT CAST(i.indexname AS TEXT), i.indexdef FROM pg_indexes i \
             WHERE i.schemaname = 'public' AND i.tablename IN ({tables}) \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ),
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}
