//! Test support. Fresh stores for the conformance suites: every test runs once on SQLite and once on
//! PostgreSQL, each on a database of its own.

pub mod enrolled;

use std::sync::Arc;

use mandat_core::agency::{Agency, AgencyContact, Code, Localized};
use mandat_core::audit::ChainKey;
use mandat_core::contact::{Email, Phone};
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::ids::{AccountId, AgencyId, OrgId, PersonId};
use mandat_core::organization::{Organization, OrganizationForm};
use mandat_core::person::{NasKey, Person, PersonForm};
use mandat_core::{Clock, Field, SystemClock};
use mandat_store::{AccountKind, NewAccount, Store};

/// Generates `mod sqlite` and `mod postgres`, each with one `#[tokio::test]` per named test.
/// A test is an `async fn(Db)`.
#[macro_export]
macro_rules! conformance {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $test() { super::$test(mandat_testing::Db::sqlite().await).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $test() { super::$test(mandat_testing::Db::postgres().await).await })*
        }
    };
}

/// The tests' key for the audit chain, as `data/secrets/audit.key` is an installation's.
pub fn chain_key() -> ChainKey {
    ChainKey::from_bytes([7; 32])
}

/// An empty database and its URL; a SQLite one lives in a temporary directory, a PostgreSQL
/// one in the test cluster until the test ends (see [`Drop`] below).
pub struct Db {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// For a PostgreSQL database: the cluster's administrative URL and the database's name.
    cluster: Option<(String, String)>,
}

impl Db {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("mandat.db").display());
        Db {
            url,
            _dir: Some(dir),
            cluster: None,
        }
    }

    /// A new database in the cluster at `MANDAT_TEST_POSTGRES_URL` (started by `scripts/test`).
    pub async fn postgres() -> Self {
        let admin = std::env::var("MANDAT_TEST_POSTGRES_URL").expect(
            "MANDAT_TEST_POSTGRES_URL is not set: run the tests with scripts/test, \
             which starts a throw-away PostgreSQL cluster",
        );
        let name = format!("mandat_{}", uuid::Uuid::now_v7().simple());
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
            .await
            .expect("connect to the test cluster");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let base = admin.rsplit_once('/').expect("URL with a database").0;
        Db {
            url: format!("{base}/{name}"),
            _dir: None,
            cluster: Some((admin, name)),
        }
    }

    /// Connected, not migrated, its audit chain linked under [`chain_key`].
    pub async fn connect(&self) -> Store {
        self.connect_with(chain_key()).await
    }

    /// Connected, not migrated, its audit chain linked under `key`: someone else's key.
    pub async fn connect_with(&self, key: ChainKey) -> Store {
        Store::connect(&self.url, Arc::new(SystemClock), key)
            .await
            .expect("connect")
    }

    /// Connected and migrated, its audit chain keyed, with time from `clock`.
    pub async fn store_with_clock(&self, clock: Arc<dyn Clock>) -> Store {
        let store = Store::connect(&self.url, clock, chain_key())
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        store.key_audit_chain(true).await.expect("key the chain");
        store
    }

    /// Connected and migrated, its audit chain keyed.
    pub async fn store(&self) -> Store {
        let store = self.connect().await;
        store.migrate().await.expect("migrate");
        store.key_audit_chain(true).await.expect("key the chain");
        store
    }

    /// A connection of its own, beside the store, for what the store would never do.
    pub async fn raw_connection(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        let url = if self.url.starts_with("sqlite:") {
            format!("{}?mode=rwc", self.url)
        } else {
            self.url.clone()
        };
        <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .expect("connect")
    }

    /// Runs SQL straight on the database, the statement for its backend.
    pub async fn raw(&self, sqlite: &str, postgres: &str) -> Result<(), sqlx::Error> {
        let sql = if self.url.starts_with("sqlite:") {
            sqlite
        } else {
            postgres
        };
        let mut conn = self.raw_connection().await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .map(|_| ())
    }
}

/// A PostgreSQL database is dropped when its test ends, as a SQLite one's directory is
/// removed: a whole run creates hundreds, and kept they filled the disk of a CI machine
/// (the cluster stopped mid-run, every later test's connection reset). Best effort: a
/// database left behind costs only space, in a cluster thrown away after the run.
impl Drop for Db {
    fn drop(&mut self) {
        let Some((admin, name)) = self.cluster.take() else {
            return;
        };
        // Drop cannot await, and the test's runtime may be winding down: a thread of its own,
        // with a runtime of its own, joined so the space is free before the next test.
        let dropping = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                let Ok(mut conn) = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await
                else {
                    return;
                };
                // FORCE: the store's pool, or a job the test left running, may still hold a
                // connection.
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await;
            });
        });
        let _ = dropping.join();
    }
}

pub fn key() -> NasKey {
    NasKey::from_bytes([42; 32])
}

pub fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: Code::parse(Field::AgencyCode, code).expect("code"),
        name: Localized {
            fr: format!("Organisme {code}"),
            en: format!("Agency {code}"),
        },
        contact: AgencyContact {
            name: "Centre de services".into(),
            phone: Phone::parse(Field::Phone, "418 528-2627").expect("phone"),
            email: Email::parse(Field::Email, "aide@exemple.gouv.qc.ca").expect("email"),
            hours: Localized {
                fr: "8 h 30 à 16 h 30".into(),
                en: "8:30 a.m. to 4:30 p.m.".into(),
            },
        },
    }
}

pub fn organization(neq: &str, name: &str) -> Organization {
    Organization::parse(
        OrgId::new(),
        &OrganizationForm {
            name,
            address: "425, rue Saint-Amable",
            city: "Québec",
            postal_code: "G1R 4Z1",
            phone: "418 646-7081",
            phone_extension: "",
            neq,
            education_number: "",
        },
    )
    .expect("organization")
}

pub fn person(org: OrgId, last: &str, first: &str, nas: &str) -> Person {
    Person::parse(
        PersonId::new(),
        org,
        &PersonForm {
            title: "madame",
            last_name: last,
            first_name: first,
            nas_partial: nas,
            email: "personne@exemple.qc.ca",
            phone: "418 555-0100",
            phone_extension: "12",
            fax: "",
        },
        &key(),
    )
    .expect("person")
}

/// An account of `kind` with the user code `code`, to insert: central's and agencies' named
/// « Agent {code} » at `{code}@exemple.qc.ca` (a member's identity is their person's), with no
/// usable password and no expiry. Set the rest with `NewAccount { …, ..account(kind, code) }`.
pub fn account(kind: AccountKind, code: &str) -> NewAccount {
    let identity = match kind {
        AccountKind::Member { .. } => None,
        _ => Some((
            format!("Agent {code}"),
            Email::parse(Field::Email, &format!("{code}@exemple.qc.ca")).expect("email"),
        )),
    };
    NewAccount {
        id: AccountId::new(),
        kind,
        identity,
        user_code: UserCode::from_stored(code.into()),
        password_hash: PasswordHash::from_stored("$argon2id$x".into()),
        password_temporary: false,
        expires_on: None,
    }
}
