//! The store's conformance suite: every test here runs on SQLite and on PostgreSQL.

use mandat_core::Field;
use mandat_core::agency::{Code, Localized, OnlineService, Task};
use mandat_core::ids::{ServiceId, TaskId};
use mandat_core::person::{NasPartial, OrgRole};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_store::{Member, SchemaStatus, StoreError};
use mandat_testing::{self as support, conformance};
use support::Db;

conformance!(
    a_new_database_migrates_to_current,
    migrating_twice_changes_nothing,
    accounts_sessions_and_codes_survive_the_rebuild_of_accounts,
    a_newer_schema_is_refused_before_any_change,
    a_failed_migration_leaves_nothing_behind,
    agencies_services_and_tasks_read_back,
    a_duplicate_agency_code_is_a_conflict,
    organizations_read_back_by_neq,
    members_read_back_with_profiles_and_roles,
    a_nas_partial_is_unique_within_an_organization_only,
    the_nas_partial_is_stored_only_as_its_digest,
    a_transaction_dropped_without_commit_leaves_nothing,
);

async fn a_new_database_migrates_to_current(db: Db) {
    let store = db.connect().await;
    assert!(
        matches!(store.schema_status().await, Ok(SchemaStatus::Behind { pending }) if pending >= 1)
    );
    store.migrate().await.expect("migrate");
    assert_eq!(
        store.schema_status().await.ok(),
        Some(SchemaStatus::Current)
    );
}

async fn migrating_twice_changes_nothing(db: Db) {
    let store = db.store().await;
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&support::agency("MESS"))
        .await
        .expect("insert");
    tx.commit().await.expect("commit");
    store.migrate().await.expect("second migration is a no-op");
    assert_eq!(store.agencies().await.expect("agencies").len(), 1);
}

async fn a_newer_schema_is_refused_before_any_change(db: Db) {
    let store = db.store().await;
    raw(&db, "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
              VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, TRUE, X'00', 0)",
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
              VALUES (99990101000000, 'from the future', TRUE, '\\x00', 0)").await;
    let store = {
        store.close().await;
        db.connect().await
    };
    assert!(matches!(
        store.schema_status().await,
        Ok(SchemaStatus::Ahead {
            applied: 99990101000000,
            ..
        })
    ));
    let err = store.migrate().await.expect_err("refused");
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                applied: 99990101000000,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer than this binary"), "{err}");
}

async fn a_failed_migration_leaves_nothing_behind(db: Db) {
    // A table of the same name as one the first migration creates makes it fail midway.
    raw(
        &db,
        "CREATE TABLE organizations (id TEXT)",
        "CREATE TABLE organizations (id TEXT)",
    )
    .await;
    let store = db.connect().await;
    let err = store.migrate().await.expect_err("the migration fails");
    assert!(matches!(err, StoreError::Migrate(_)), "{err}");
    // The tables created before the failure were rolled back with it.
    assert!(
        store.agencies().await.is_err(),
        "agencies table must not exist"
    );
    assert!(matches!(
        store.schema_status().await,
        Ok(SchemaStatus::Behind { .. })
    ));
}

async fn agencies_services_and_tasks_read_back(db: Db) {
    let store = db.store().await;
    let mess = support::agency("MESS");
    let ramq = support::agency("RAMQ");
    let service = OnlineService {
        id: ServiceId::new(),
        agency_id: mess.id,
        code: Code::parse(Field::ServiceCode, "SEL-IE").expect("code"),
        name: Localized {
            fr: "Services en ligne des intervenants externes".into(),
            en: "External partners' online services".into(),
        },
        description: Localized {
            fr: "Mesures et facturation".into(),
            en: "Measures and billing".into(),
        },
        contract: None,
    };
    let tasks: Vec<Task> = ["FACTURER", "CONSULTER"]
        .iter()
        .map(|code| Task {
            id: TaskId::new(),
            service_id: service.id,
            code: Code::parse(Field::TaskCode, code).expect("code"),
            name: Localized {
                fr: format!("Tâche {code}"),
                en: format!("Task {code}"),
            },
        })
        .collect();
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&ramq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    tx.insert_service(&service).await.expect("service");
    for t in &tasks {
        tx.insert_task(t).await.expect("task");
    }
    tx.commit().await.expect("commit");

    assert_eq!(
        store.agencies().await.expect("agencies"),
        vec![mess.clone(), ramq]
    );
    assert_eq!(
        store.agency_by_code(&mess.code).await.expect("by code"),
        Some(mess.clone())
    );
    assert_eq!(
        store.services_of(mess.id).await.expect("services"),
        vec![service.clone()]
    );
    // Tasks come back ordered by code: CONSULTER before FACTURER.
    let read = store.tasks_of(service.id).await.expect("tasks");
    assert_eq!(read, vec![tasks[1].clone(), tasks[0].clone()]);
}

async fn a_duplicate_agency_code_is_a_conflict(db: Db) {
    let store = db.store().await;
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&support::agency("SAAQ"))
        .await
        .expect("first");
    let err = tx
        .insert_agency(&support::agency("saaq"))
        .await
        .expect_err("second");
    assert!(matches!(err, StoreError::Conflict("agency code")), "{err}");
}

async fn organizations_read_back_by_neq(db: Db) {
    let store = db.store().await;
    let org = support::organization("1145678901", "Centre de formation Laurentides");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("insert");
    let err = tx
        .insert_organization(&support::organization("1145678901", "Autre"))
        .await
        .expect_err("same NEQ");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    drop(tx);

    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("insert");
    tx.commit().await.expect("commit");
    assert_eq!(
        store.organization_by_neq(&org.neq).await.expect("read"),
        Some(org.clone())
    );
    assert_eq!(store.organizations().await.expect("all"), vec![org]);
}

async fn members_read_back_with_profiles_and_roles(db: Db) {
    let store = db.store().await;
    let org = support::organization("2245678901", "Municipalité de Saint-Exemple");
    let officer = Member {
        person: support::person(org.id, "Gagné", "Chantal", "123456"),
        profiles: ProfileSet::from_choices(ProfileChoices {
            principal_officer: true,
            individual_files: true,
            enterprise_files: true,
            ..Default::default()
        })
        .expect("profiles"),
        roles: vec![],
    };
    let manager = Member {
        person: support::person(org.id, "Bouchard", "Louis", "234567"),
        profiles: ProfileSet::default(),
        roles: vec![OrgRole::Manager, OrgRole::Representative],
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    tx.insert_member(&officer).await.expect("officer");
    tx.insert_member(&manager).await.expect("manager");
    tx.commit().await.expect("commit");

    assert_eq!(
        store.members_of(org.id).await.expect("members"),
        vec![manager, officer]
    );
}

async fn a_nas_partial_is_unique_within_an_organization_only(db: Db) {
    let store = db.store().await;
    let a = support::organization("3345678901", "A");
    let b = support::organization("8845678901", "B");
    let member = |org, last| Member {
        person: support::person(org, last, "X", "555555"),
        profiles: ProfileSet::default(),
        roles: vec![],
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&a).await.expect("a");
    tx.insert_organization(&b).await.expect("b");
    tx.insert_member(&member(a.id, "Un")).await.expect("in a");
    tx.insert_member(&member(b.id, "Deux"))
        .await
        .expect("same NAS in b");
    let err = tx
        .insert_member(&member(a.id, "Trois"))
        .await
        .expect_err("same NAS in a");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    drop(tx);
}

async fn the_nas_partial_is_stored_only_as_its_digest(db: Db) {
    let store = db.store().await;
    let org = support::organization("1199999999", "Org");
    let person = support::person(org.id, "Lavoie", "Martin", "987654");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    tx.insert_member(&Member {
        person: person.clone(),
        profiles: ProfileSet::default(),
        roles: vec![],
    })
    .await
    .expect("member");
    tx.commit().await.expect("commit");

    let digest = support::key().digest(&NasPartial::parse("987654").expect("nas"));
    assert_eq!(
        store.person_by_nas(org.id, &digest).await.expect("lookup"),
        Some(person)
    );
    let other = support::key().digest(&NasPartial::parse("987655").expect("nas"));
    assert_eq!(
        store.person_by_nas(org.id, &other).await.expect("lookup"),
        None
    );
    // No column of any row holds the digits.
    let dump = raw_text(
        &db,
        "SELECT id || org_id || last_name || nas_digest || email || phone FROM people",
    )
    .await;
    assert!(!dump.contains("987654"), "{dump}");
}

async fn a_transaction_dropped_without_commit_leaves_nothing(db: Db) {
    let store = db.store().await;
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&support::agency("MESS"))
        .await
        .expect("insert");
    drop(tx);
    assert_eq!(store.agencies().await.expect("agencies"), vec![]);
}

/// Runs one statement straight on the database, bypassing the store: `sqlite` or `postgres`
/// text according to the backend.
async fn raw(db: &Db, sqlite: &str, postgres: &str) {
    db.raw(sqlite, postgres).await.expect("raw statement");
}

async fn raw_text(db: &Db, sql: &str) -> String {
    let mut conn = db.raw_connection().await;
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_all(&mut conn)
        .await
        .expect("raw query");
    rows.iter()
        .map(|r| sqlx::Row::try_get::<String, _>(r, 0).expect("text"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Migration 0014 rebuilds the accounts table on SQLite: the rows that name accounts
/// (sessions, registration codes) must hold across it, and foreign keys be on after it.
async fn accounts_sessions_and_codes_survive_the_rebuild_of_accounts(db: Db) {
    use mandat_core::ids::{AccountId, RegistrationCodeId};
    use mandat_store::{AccountKind, NewRegistrationCode, SessionStage};

    let store = db.connect().await;
    store
        .migrate_until(13)
        .await
        .expect("the schema before agencies");
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let person = support::person(org.id, "Côté", "Marc", "100005");
    let (member, central) = (AccountId::new(), AccountId::new());
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    tx.insert_member(&Member {
        person: person.clone(),
        profiles: ProfileSet::default(),
        roles: vec![],
    })
    .await
    .expect("person");
    tx.commit().await.expect("commit");
    for (id, kind, code) in [
        (
            member,
            AccountKind::Member {
                person: person.id,
                org: org.id,
            },
            "mem500",
        ),
        (central, AccountKind::Central, "gcs001"),
    ] {
        let identity = (kind == AccountKind::Central).then(|| {
            (
                "Agent".to_string(),
                mandat_core::contact::Email::parse(Field::Email, "c@exemple.qc.ca").expect("email"),
            )
        });
        // The columns of migration 0013's accounts, as that binary wrote them.
        let (kind_code, person_id, org_id) = match kind {
            AccountKind::Member { person, org } => {
                ("member", Some(person.to_string()), Some(org.to_string()))
            }
            _ => ("central", None, None),
        };
        let sql = "INSERT INTO accounts (id, kind, person_id, name, email, user_code, user_code_key, \
             password_hash, password_temporary, password_changed_at, active, created_at, org_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, '$argon2id$x', FALSE, 0, TRUE, 0, $7)";
        let mut conn = db.raw_connection().await;
        sqlx::query(sql)
            .bind(id.to_string())
            .bind(kind_code)
            .bind(person_id)
            .bind(identity.as_ref().map(|i| i.0.clone()))
            .bind(identity.as_ref().map(|i| i.1.to_string()))
            .bind(code)
            .bind(org_id)
            .execute(&mut conn)
            .await
            .expect("account");
    }
    let mut tx = store.begin().await.expect("begin");
    tx.create_session("digest", SessionStage::SignedIn(member))
        .await
        .expect("session");
    tx.insert_registration_code(&NewRegistrationCode {
        id: RegistrationCodeId::new(),
        person: person.id,
        digest: "d".repeat(64),
        issued_by: central,
        valid_through: time::macros::date!(2026 - 12 - 01),
        access_expires_on: time::macros::date!(2027 - 06 - 01),
    })
    .await
    .expect("code");
    tx.commit().await.expect("commit");

    store.migrate().await.expect("across the rebuild");
    let read = store
        .account(member)
        .await
        .expect("read")
        .expect("the member");
    assert_eq!(read.user_code.as_str(), "mem500");
    assert!(store.session("digest").await.expect("read").is_some());
    let mut tx = store.begin().await.expect("begin");
    let refused = tx
        .create_session("orphan", SessionStage::SignedIn(AccountId::new()))
        .await;
    assert!(refused.is_err(), "foreign keys are on again");
}
