//! Start-up and the command line: configuration, migrations, refusals, demonstration data
//! (issue 3, parts 1, 3, 5, 6 and "Bad input").

mod support;

use support::{TestApp, database, run, stderr};

#[test]
fn help_lists_every_subcommand_with_a_description() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for command in [
        "serve",
        "worker",
        "migrate",
        "demo",
        "admin",
        "check-config",
    ] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{command} ")))
            .unwrap_or_default();
        assert!(
            line.split_whitespace().count() > 2,
            "{command} has a description: {help}"
        );
    }
}

#[test]
fn flags_override_the_environment_which_overrides_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("mandat.toml"), "listen = \"127.0.0.1:1111\"\nlog = \"debug\"\npublic_url = \"https://mandat.exemple.qc.ca/\"\n").expect("write");
    let out = support::mandat(dir.path())
        .env("MANDAT_LISTEN", "127.0.0.1:2222")
        .args(["--log", "warn", "check-config"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("listen = \"127.0.0.1:2222\""),
        "env over file: {printed}"
    );
    assert!(
        printed.contains("log = \"warn\""),
        "flag over file: {printed}"
    );
    assert!(
        printed.contains("public_url = \"https://mandat.exemple.qc.ca\""),
        "file over default: {printed}"
    );
}

/// What `check-config` says as it fails, with the variable `var` set to `value`.
fn refused_with(dir: &std::path::Path, var: &str, value: &str) -> String {
    let out = support::mandat(dir)
        .env(var, value)
        .arg("check-config")
        .output()
        .expect("run");
    assert!(!out.status.success());
    stderr(&out).trim().to_string()
}

#[test]
fn check_config_masks_secrets_and_names_invalid_values() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(
        dir.path(),
        &[
            "--database-url",
            "postgres://mandat:tres-secret@db.exemple/mandat",
            "check-config",
        ],
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        printed.contains("postgres://mandat:***@db.exemple/mandat")
            && !printed.contains("tres-secret"),
        "{printed}"
    );

    assert_eq!(
        refused_with(dir.path(), "MANDAT_LISTEN", "partout"),
        "mandat: invalid listen (from MANDAT_LISTEN): \"partout\" is not HOST:PORT, for example 127.0.0.1:8080"
    );

    std::fs::write(
        dir.path().join("bad.toml"),
        "data_dir = \"x\"\nlisen = \"127.0.0.1:1\"\n",
    )
    .expect("write");
    let out = run(dir.path(), &["--config", "bad.toml", "check-config"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.toml, line 2") && err.contains("lisen"),
        "{err}"
    );
}

#[test]
fn trusted_proxies_are_read_from_the_file_or_a_variable_and_a_wrong_one_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("proxy.toml"),
        "trusted_proxies = [\"10.0.0.5\", \"10.1.0.0/16\"]\nproxy_header = \"forwarded\"\n",
    )
    .expect("write");
    let out = run(dir.path(), &["--config", "proxy.toml", "check-config"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        printed.contains("trusted_proxies = [\"10.0.0.5\", \"10.1.0.0/16\"]")
            && printed.contains("proxy_header = \"forwarded\""),
        "{printed}"
    );

    assert_eq!(
        refused_with(dir.path(), "MANDAT_TRUSTED_PROXIES", "10.0.0.5,proxy.local"),
        "mandat: invalid trusted_proxies (from MANDAT_TRUSTED_PROXIES): \"proxy.local\" is not an IP address or network, such as 10.0.0.5 or 10.0.0.0/24"
    );

    let out = run(dir.path(), &["--proxy-header", "x-real-ip", "check-config"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("x-forwarded-for or forwarded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mail_goes_to_files_by_default_and_to_smtp_when_configured() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["check-config"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("mail_dir = ") && printed.contains("/data/mail\""),
        "{printed}"
    );
    assert!(!printed.contains("smtp_url"), "{printed}");

    let out = run(
        dir.path(),
        &[
            "--smtp-url",
            "smtps://mandat:motdepasse@smtp.exemple.qc.ca:465",
            "check-config",
        ],
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        printed.contains("smtp_url = \"smtps://mandat:***@smtp.exemple.qc.ca:465\""),
        "{printed}"
    );
    assert!(!printed.contains("motdepasse"), "{printed}");

    let out = run(
        dir.path(),
        &["--mail-from", "pas une adresse", "check-config"],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("invalid mail configuration (from --mail-from)"),
        "{}",
        stderr(&out)
    );
    let out = run(
        dir.path(),
        &["--smtp-url", "http://smtp.exemple.qc.ca", "check-config"],
    );
    assert!(
        stderr(&out).contains("invalid smtp_url (from --smtp-url)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn only_a_demonstration_may_run_ahead_of_the_clock() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["serve", "--demo-days-ahead", "30"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("--demo"), "{err}");
}

#[test]
fn an_unreadable_config_stops_start_up_in_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["--config", "absent.toml", "serve"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot read the configuration file absent.toml"),
        "{err}"
    );
}

#[test]
fn an_unreachable_database_stops_start_up_in_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    // Nothing listens on that port any more.
    let url = format!("postgres://mandat:secret@127.0.0.1:{port}/mandat");
    let out = run(dir.path(), &["--database-url", &url, "serve"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot reach the database") && err.contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    assert!(
        !err.contains("secret"),
        "the password is not printed: {err}"
    );
}

#[test]
fn a_database_newer_than_the_binary_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let db = database(dir.path());
    sqlite_exec(
        &db,
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (99990101000000, 'future', CURRENT_TIMESTAMP, 1, X'00', 0)",
    );
    let contents = || {
        sqlite_value(
            &db,
            "SELECT (SELECT group_concat(name, ',') FROM sqlite_master) || '|' || (SELECT group_concat(version, ',') FROM _sqlx_migrations) || '|' || (SELECT count(*) FROM people)",
        )
    };
    let before = contents();
    for command in ["serve", "migrate", "demo"] {
        let out = run(dir.path(), &[command]);
        assert!(!out.status.success(), "{command}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{command}: {err}");
        assert!(
            err.contains("schema version 99990101000000, newer than this binary"),
            "{command}: {err}"
        );
    }
    assert_eq!(contents(), before, "nothing written");
}

#[test]
fn migrate_then_serve_is_ready_and_demo_is_idempotent() {
    let dir = tempfile::tempdir().expect("dir");
    let first = run(dir.path(), &["demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let printed = String::from_utf8_lossy(&first.stdout);
    for who in [
        "Gestionnaire",
        "Util. doss. indiv., entr. et resp. sécurité",
        "Responsable sécurité",
        "Représentant désigné",
        "SAAQ   administrateur / administrator Isabelle Morin (code saaq100",
    ] {
        assert!(printed.contains(who), "{who} in {printed}");
    }
    let count = || {
        sqlite_value(
            &database(dir.path()),
            "SELECT (SELECT count(*) FROM agencies) || '/' || (SELECT count(*) FROM online_services) || '/' || (SELECT count(*) FROM organizations) || '/' || (SELECT count(*) FROM people) || '/' || (SELECT count(*) FROM procurations)",
        )
    };
    let after_first = count();
    // The demonstration service's procurations: Geneviève Caron's, the firm's own, the
    // centre's entrusted to the firm, and the firm's within it.
    assert_eq!(after_first, "3/4/3/13/4");
    assert!(run(dir.path(), &["demo"]).status.success());
    assert_eq!(count(), after_first, "a second run adds nothing");
}

#[test]
fn the_keys_are_owner_only_and_no_nas_is_stored_in_clear() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let key = dir.path().join("data/secrets/nas.key");
    let mode = std::fs::metadata(&key).expect("key").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let files: Vec<Vec<u8>> = ["mandat.db", "mandat.db-wal"]
        .iter()
        .map(|f| std::fs::read(dir.path().join("data").join(f)).unwrap_or_default())
        .collect();
    for nas in ["100001", "100002", "300003"] {
        let found = files
            .iter()
            .any(|bytes| bytes.windows(6).any(|w| w == nas.as_bytes()));
        assert!(!found, "NAS partiel {nas} stored in clear");
    }
    // A key others can read is refused.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = run(dir.path(), &["serve"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("readable by others"),
        "{}",
        stderr(&out)
    );
    // So is a sealing key (for the authenticator apps' keys) that others can read.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let seal = dir.path().join("data/secrets/seal.key");
    std::fs::write(&seal, "00".repeat(32)).expect("write");
    std::fs::set_permissions(&seal, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = run(dir.path(), &["serve"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("seal.key is readable by others"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn admin_backup_copies_the_embedded_database() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let copy = dir.path().join("copie.db");
    let out = run(
        dir.path(),
        &["admin", "backup", "--to", copy.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sqlite_value(&copy, "SELECT count(*) FROM organizations"),
        "3"
    );
}

#[test]
fn admin_audit_verify_names_the_first_tampered_entry() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let args = [
        "admin",
        "create-central-agent",
        "--name",
        "Agent Vérif",
        "--email",
        "verif@mandat.localhost",
        "--user-code",
        "gcs7731",
    ];
    assert!(run(dir.path(), &args).status.success());
    let out = run(dir.path(), &["admin", "audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("audit log intact: "));

    let db = database(dir.path());
    let last = sqlite_value(&db, "SELECT max(seq) FROM audit_log");
    sqlite_exec(&db, "DROP TRIGGER audit_log_no_update");
    sqlite_exec(
        &db,
        &format!("UPDATE audit_log SET detail = 'rien' WHERE seq = {last}"),
    );
    let out = run(dir.path(), &["admin", "audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("audit log broken at entry number {last} (id "))
            && stderr(&out).contains("its content or its hash was changed"),
        "{}",
        stderr(&out)
    );
}

/// Issue 19 item 7: someone who can write the database but not read `data/secrets` unkeys
/// the chain to re-link it by SHA-256 alone; `verify` says so, and Mandat refuses to start on
/// it rather than key it again from its head.
#[test]
fn an_audit_chain_unkeyed_by_hand_is_named_and_stops_the_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let key = dir.path().join("data/secrets/audit.key");
    let mode = std::fs::metadata(&key)
        .expect("the key")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let db = database(dir.path());
    sqlite_exec(
        &db,
        "UPDATE audit_head SET keyed_from = NULL, keyed_mark = NULL",
    );
    let out = run(dir.path(), &["admin", "audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the audit log is not keyed though its key existed before"),
        "{}",
        stderr(&out)
    );
}

/// Runs one statement on a SQLite file, straight, as an operator would.
fn sqlite_exec(db: &std::path::Path, sql: &str) {
    block_on(async {
        let mut conn = sqlite(db).await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .expect("statement");
    })
}

fn sqlite_value(db: &std::path::Path, sql: &str) -> String {
    block_on(async {
        let mut conn = sqlite(db).await;
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&mut conn)
            .await
            .expect("query");
        sqlx::Row::try_get::<String, _>(&row, 0)
            .or_else(|_| sqlx::Row::try_get::<i64, _>(&row, 0).map(|n| n.to_string()))
            .expect("value")
    })
}

async fn sqlite(db: &std::path::Path) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("open")
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// Issue 19 item 5 (ASVS 4.0 7.1.1): a request's tracking key or a single-use link's token
/// in a path is not written to the log, which would let whoever reads it follow the link.
#[tokio::test]
async fn the_request_log_masks_the_keys_of_links() {
    let app = TestApp::start(&["--log", "info"]);
    let key = "5e1f".repeat(16);
    for path in [
        format!("/demande/suivi/{key}"),
        format!("/demande/approbation/{key}"),
    ] {
        // No such request, or a link used or gone: either way, the path was logged.
        assert!(app.get(&path).await.status().is_client_error());
    }
    let log = app.stop_and_read_log();
    assert!(log.contains("path=/demande/suivi/…"), "{log}");
    assert!(log.contains("path=/demande/approbation/…"), "{log}");
    assert!(!log.contains(&key), "{log}");
}

/// The request log is plain text when written to a file or a pipe (no terminal colour codes),
/// and one JSON object a line with `--log-format json`, for log collectors.
#[tokio::test]
async fn the_request_log_is_plain_in_a_file_and_json_on_request() {
    let app = TestApp::start(&["--log", "info"]);
    assert_eq!(app.get("/healthz").await.status(), 200);
    let log = app.stop_and_read_log();
    assert!(log.contains("path=/healthz"), "{log}");
    assert!(!log.contains('\u{1b}'), "no colour codes: {log:?}");

    let app = TestApp::start(&["--log", "info", "--log-format", "json"]);
    assert_eq!(app.get("/healthz").await.status(), 200);
    let log = app.stop_and_read_log();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["span"]["path"] == "/healthz" && l["level"] == "INFO"),
        "{log}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["check-config", "--log-format", "xml"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--log-format"), "{}", stderr(&out));
}

/// Issue 19, item 6: the data directory, the database and a backup are their owner's alone,
/// and a database that others may read is refused at start, as the keys are.
#[test]
fn the_data_directory_is_owner_only_and_a_readable_database_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    assert!(run(dir.path(), &["demo"]).status.success());
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    let data = dir.path().join("data");
    assert_eq!(mode(&data), 0o700, "data/");
    assert_eq!(mode(&database(dir.path())), 0o600, "the database");
    let copy = dir.path().join("copie.db");
    let out = run(
        dir.path(),
        &["admin", "backup", "--to", copy.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&copy), 0o600, "a backup");
    std::fs::set_permissions(database(dir.path()), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    let out = run(dir.path(), &["migrate"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("mandat.db is readable by others (mode 644); run: chmod 600"),
        "{}",
        stderr(&out)
    );
}
