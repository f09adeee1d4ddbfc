//! The OpenID Connect provider (issue 20) with a second independent client: Python's Authlib
//! (from PyPI, in the test virtual environment `scripts/test` makes), as an agency's Python
//! software would use it. This test plays the person's browser; `oidc_authlib.py` says what
//! the client checks.

mod common;

use std::process::Stdio;

use common::oidc::{AFTER_LOGOUT, REDIRECT, back_link, sign_in_through, world};
use common::{Visitor, app, email_of};
use mandat_core::Clock;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[tokio::test]
async fn authlib_signs_a_person_in_verifies_the_tokens_follows_a_rotation_and_signs_out() {
    let python = std::env::var("MANDAT_TEST_PYTHON").expect(
        "MANDAT_TEST_PYTHON is not set: run the tests with scripts/test, which installs \
         Authlib in a virtual environment",
    );
    let app = app().await;
    let w = world(&app).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc_authlib.py");
    let mut child = tokio::process::Command::new(python)
        .arg(script)
        .env("MANDAT_ISSUER", &app.url)
        .env("MANDAT_CLIENT_ID", &w.client_id)
        .env("MANDAT_CLIENT_SECRET", &w.secret)
        .env("MANDAT_REDIRECT_URI", REDIRECT)
        .env("MANDAT_LOGOUT_URI", AFTER_LOGOUT)
        .env("MANDAT_NOW", app.clock.now().unix_timestamp().to_string())
        // Mandat listens on plain HTTP on the loopback here.
        .env("AUTHLIB_INSECURE_TRANSPORT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python runs");
    let mut to_client = child.stdin.take().expect("stdin");
    let mut from_client = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut browser = Visitor::new(&app);
    let mut claims = None;
    while let Some(line) = from_client.next_line().await.expect("a line") {
        let answer = match line.split_once(' ').unwrap_or((line.as_str(), "")) {
            ("AUTHORIZE", url) => {
                let (_, page) = sign_in_through(&app, &mut browser, url, "membre01").await;
                back_link(&page)
            }
            ("ROTATE", _) => {
                w.mandat.rotate_signing_key().await.expect("rotated");
                "rotated".to_string()
            }
            ("LOGOUT", url) => {
                let (_, page) = browser.get(&url[app.url.len()..]).await;
                assert!(page.contains("Permis en ligne"), "{page}");
                let fields = [
                    ("client_id", w.client_id.as_str()),
                    ("post_logout_redirect_uri", AFTER_LOGOUT),
                    ("state", "au-revoir"),
                ];
                let (_, page) = browser.post("/oidc/logout", &fields).await;
                back_link(&page)
            }
            ("CLAIMS", json) => {
                claims = Some(serde_json::from_str::<serde_json::Value>(json).expect("JSON"));
                continue;
            }
            ("DONE", _) => break,
            (other, _) => panic!("the client said {other:?}"),
        };
        to_client
            .write_all(format!("{answer}\n").as_bytes())
            .await
            .expect("written");
    }
    let status = child.wait().await.expect("python ends");
    assert!(status.success(), "the Authlib client failed: {status}");
    let claims = claims.expect("the claims it learned");
    assert_eq!(claims["email"], email_of("membre01"));
    assert_eq!(claims["mandat"]["organization"]["neq"], "1160000001");
    assert_eq!(claims["mandat"]["procuration"], w.procuration.to_string());
}
