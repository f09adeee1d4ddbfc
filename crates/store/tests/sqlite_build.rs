//! The SQLite Mandat is built with (`.cargo/config.toml`): without STAT4, so that a
//! statement prepared once is not compiled again each time its bound values change, once
//! `Store::optimize` has analyzed the tables (issue 21: that recompiling was most of what an
//! authorization question cost when nothing was kept).

use sqlx::{Connection, Row, SqliteConnection};

#[tokio::test]
async fn sqlite_is_built_without_stat4() {
    let mut conn = SqliteConnection::connect("sqlite::memory:")
        .await
        .expect("connect");
    let options: Vec<String> = sqlx::query("PRAGMA compile_options")
        .fetch_all(&mut conn)
        .await
        .expect("compile options")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        options.iter().any(|o| o.starts_with("THREADSAFE")),
        "the options are read: {options:?}"
    );
    assert!(
        !options.iter().any(|o| o.contains("STAT4")),
        "SQLite built with STAT4: {options:?}"
    );

    sqlx::raw_sql("CREATE TABLE t (a INTEGER, b TEXT); CREATE INDEX t_b ON t (b); INSERT INTO t VALUES (1, 'x'), (2, 'y'); ANALYZE")
        .execute(&mut conn)
        .await
        .expect("analyze");
    let stat4: i64 = sqlx::query("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'")
        .fetch_one(&mut conn)
        .await
        .expect("schema")
        .get(0);
    assert_eq!(stat4, 0, "ANALYZE keeps samples only with STAT4");
}
