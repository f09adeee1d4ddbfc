//! The officers' API (issue 21), as an organization's script would use it: an officer makes
//! tokens at « Jetons d'API », then plain JSON over HTTP reads the people and the journal and
//! makes, assigns and withdraws procurations, with the pages' rules and RFC 9457 problems in
//! the caller's language; tokens are scoped, expire, are revoked, and each use is journaled.

mod common;

use common::api::{call, token};
use common::{App, app, signed_in};
use mandat_core::account::InactiveCause;
use mandat_testing::enrolled;
use serde_json::{Value, json};

/// The training centre enrolled « Actif » with the SAAQ, whose « Permis » has two tasks.
async fn enrolled_with_the_saaq(app: &App) {
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();
    let centre = app.store.organizations().await.expect("orgs")[0].clone();
    let officer = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read");
    let mut tx = app.store.begin().await.expect("begin");
    enrolled::service(&mut tx, &saaq, &["CONSULTER", "TRANSMETTRE"]).await;
    enrolled::enroll(&mut tx, &centre, &saaq, officer.expect("officer").id).await;
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn a_read_token_reads_and_a_write_token_changes_as_the_pages_would() {
    let app = app().await;
    enrolled_with_the_saaq(&app).await;
    let mut officer = signed_in(&app, "officier01").await;
    let reader = token(&mut officer, "Tableau de bord", "read").await;
    let writer = token(&mut officer, "Synchronisation RH", "write").await;
    assert!(reader.starts_with("mandat_") && reader != writer);
    let (_, page) = officer.get("/administration/jetons").await;
    assert!(page.contains("Tableau de bord") && page.contains("Lecture et écriture"));
    assert!(!page.contains(&reader), "shown once only");

    // Reading: the people, with their codes' states.
    let (status, _, people) = call(&app, "GET", "/api/v1/people", &reader, None).await;
    assert_eq!(status, 200, "{people}");
    let marc = people["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["user_code"] == "membre01")
        .expect("Marc Côté")
        .clone();
    assert_eq!(
        (&marc["last_name"], &marc["state"]),
        (&json!("Côté"), &json!("active"))
    );
    let marc_id = marc["id"].as_str().expect("an id");

    // A read token does not write; a write token makes a procuration by the pages' rules.
    let new = json!({
        "name": "Permis, consultation",
        "ends_on": "2027-03-31",
        "agencies": [{"agency": "SAAQ", "tasks": [{"service": "PERMIS", "task": "CONSULTER"}]}],
    });
    let (status, kind, problem) = call(
        &app,
        "POST",
        "/api/v1/procurations",
        &reader,
        Some(new.clone()),
    )
    .await;
    assert_eq!((status, kind.as_str()), (403, "application/problem+json"));
    assert_eq!(problem["title"], "Jeton en lecture seulement");
    let mut wrong = new.clone();
    wrong["agencies"][0]["agency"] = json!("INCONNU");
    wrong["ends_on"] = json!("2020-01-01");
    let (status, _, problem) =
        call(&app, "POST", "/api/v1/procurations", &writer, Some(wrong)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "agencies", "{problem}");
    let (status, _, made) = call(&app, "POST", "/api/v1/procurations", &writer, Some(new)).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["agencies"][0]["tasks"][0]["task"], "CONSULTER");
    let id = made["id"].as_str().expect("an id").to_string();

    // Marc holds it; taken away, he holds it no more, and twice is a conflict.
    let holders = format!("/api/v1/procurations/{id}/holders");
    let (status, _, _) = call(
        &app,
        "POST",
        &holders,
        &writer,
        Some(json!({"person": marc_id})),
    )
    .await;
    assert_eq!(status, 204);
    let (_, _, listed) = call(&app, "GET", "/api/v1/procurations", &reader, None).await;
    assert_eq!(listed[0]["holders"], json!([marc_id]), "{listed}");
    let (_, _, detail) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{marc_id}"),
        &reader,
        None,
    )
    .await;
    assert_eq!(detail["procurations"], json!([id]));
    let away = format!("/api/v1/procurations/{id}/holders/{marc_id}/withdraw");
    assert_eq!(call(&app, "POST", &away, &writer, None).await.0, 204);
    assert_eq!(call(&app, "POST", &away, &writer, None).await.0, 409);
    let withdraw = format!("/api/v1/procurations/{id}/withdraw");
    assert_eq!(call(&app, "POST", &withdraw, &writer, None).await.0, 204);
    let (_, _, listed) = call(&app, "GET", "/api/v1/procurations", &reader, None).await;
    assert_eq!(listed[0]["state"], "withdrawn");

    // Each use is in the journal, as the officer who made the token; so are the changes.
    let (_, _, journal) = call(&app, "GET", "/api/v1/journal", &reader, None).await;
    let entries = journal["entries"].as_array().expect("entries");
    let used: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "api-used")
        .collect();
    assert!(used.len() >= 10, "{journal}");
    assert_eq!(used[0]["by"], "Chantal Gagné");
    assert!(entries.iter().any(|e| e["action"] == "procuration-created"));
    assert!(
        used.iter().any(|e| e["detail"]
            .as_str()
            .is_some_and(|d| d.contains("POST /api/v1/procurations (403)"))),
        "{journal}"
    );
}

#[tokio::test]
async fn a_token_stops_when_revoked_expired_or_its_officer_is_one_no_more() {
    let app = app().await;
    let mut officer = signed_in(&app, "officier01").await;
    let kept = token(&mut officer, "Un an", "read").await;
    let revoked = token(&mut officer, "À révoquer", "read").await;

    // No token, or a made-up one: 401, in the caller's language.
    let (status, kind, problem) = call(&app, "GET", "/api/v1/people", "mandat_inventé", None).await;
    assert_eq!((status, kind.as_str()), (401, "application/problem+json"));
    assert_eq!(problem["title"], "Jeton absent ou invalide");
    let english = reqwest::Client::new()
        .get(format!("{}/api/v1/people", app.url))
        .header("accept-language", "en-CA,en;q=0.9")
        .send()
        .await
        .expect("the API");
    assert_eq!(english.headers()["content-language"], "en");
    let problem: Value =
        serde_json::from_slice(&english.bytes().await.expect("body")).expect("JSON");
    assert_eq!(problem["title"], "Missing or invalid token");

    // Revoked at the page: refused at once.
    let (_, page) = officer.get("/administration/jetons").await;
    let form_of = page.split("« À révoquer »").next().expect("its row");
    let action = form_of.rsplit("action=\"").next().expect("its form");
    let path = action.split('"').next().expect("its address").to_string();
    officer.post(&path, &[]).await;
    assert_eq!(
        call(&app, "GET", "/api/v1/people", &revoked, None).await.0,
        401
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/people", &kept, None).await.0,
        200
    );

    // Its officer deactivated: the token opens nothing.
    let account = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read");
    let mut tx = app.store.begin().await.expect("begin");
    tx.deactivate_account(account.expect("officer").id, InactiveCause::Central, None)
        .await
        .expect("deactivated");
    tx.commit().await.expect("commit");
    let (status, _, problem) = call(&app, "GET", "/api/v1/people", &kept, None).await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["title"], "Responsable de la sécurité requis");

    // Past its last day, 401 too (the clock moved a day after June 30, 2027).
    app.clock.set(time::macros::datetime!(2027-07-01 12:00 UTC));
    assert_eq!(
        call(&app, "GET", "/api/v1/people", &kept, None).await.0,
        401
    );
}

#[tokio::test]
async fn a_token_lives_a_year_at_most_and_is_kept_as_its_digest() {
    let app = app().await;
    let mut officer = signed_in(&app, "officier01").await;
    officer.get("/administration/jetons").await;
    let form = [
        ("token-name", "Trop long"),
        ("token-scope", "read"),
        ("token-expires-on", "2027-11-24"),
    ];
    let (_, page) = officer.post("/administration/jetons", &form).await;
    assert!(page.contains("d'au plus un an"), "{page}");
    let made = token(&mut officer, "Gardé", "read").await;
    let org = app.store.organizations().await.expect("orgs")[0].id;
    let kept = app.store.api_tokens_of(org).await.expect("tokens");
    assert_eq!(kept.len(), 1);
    let by_digest = app
        .store
        .api_token_by_digest(&mandat_core::secret::digest(&made))
        .await
        .expect("read");
    assert_eq!(by_digest.map(|t| t.name), Some("Gardé".to_string()));
}
