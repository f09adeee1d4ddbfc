//! The one description of Mandat's APIs (issue 21): every route of the officers' API, the
//! authorization API and the poll of revocation events is in `/api/openapi.json` (OpenAPI
//! 3.1), and real answers to real requests validate against it, checked by an independent
//! JSON Schema validator (`jsonschema`, draft 2020-12, which OpenAPI 3.1 schemas are).

mod common;

use common::api::{call, token};
use common::oidc::{http, json_of, signed_in_to_service, token as client_token, world};
use common::{App, app, signed_in};
use serde_json::{Value, json};

/// The prefixes of the routes the description covers.
const DESCRIBED: [&str; 3] = ["/api/v1/", "/access/v1/", "/events/v1/"];

async fn description(app: &App) -> Value {
    let res = http()
        .get(format!("{}/api/openapi.json", app.url))
        .send()
        .await
        .expect("the description");
    assert_eq!(res.status().as_u16(), 200);
    json_of(res).await
}

/// What is wrong with `body`, answered `status` to `method` `template`, by the description.
fn problems(
    doc: &Value,
    (method, template): (&str, &str),
    status: u16,
    body: &Value,
) -> Vec<String> {
    let op = &doc["paths"][template][method.to_lowercase()];
    let response = &op["responses"][status.to_string()];
    if !response.is_object() {
        return vec![format!(
            "{method} {template} answered {status}, which is not described"
        )];
    }
    let Some(media) = response["content"]
        .as_object()
        .and_then(|c| c.values().next())
    else {
        return match body.is_null() {
            true => Vec::new(),
            false => vec![format!(
                "{method} {template} {status}: a body not described"
            )],
        };
    };
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [media["schema"]],
    });
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    validator.iter_errors(body).map(|e| e.to_string()).collect()
}

fn validates(doc: &Value, operation: (&str, &str), status: u16, body: &Value) {
    let problems = problems(doc, operation, status, body);
    assert!(
        problems.is_empty(),
        "{operation:?} {status}: {problems:?}\n{body}"
    );
}

#[tokio::test]
async fn every_api_route_is_described_and_the_page_lists_them() {
    let app = app().await;
    let doc = description(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], app.issuer.as_str());
    let mut described = 0;
    for (method, path) in mandat_web::route_table() {
        if DESCRIBED.iter().any(|p| path.starts_with(p)) {
            let op = &doc["paths"][path][method.to_lowercase()];
            assert!(op.is_object(), "{method} {path} is not in the description");
            described += 1;
        }
    }
    let operations: usize = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, |ops| ops.len()))
        .sum();
    assert_eq!(described, operations, "an operation described for no route");
    let mut ids: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().into_iter().flatten())
        .filter_map(|(_, op)| op["operationId"].as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        operations,
        "each operation has its own operationId"
    );
    let page = http()
        .get(format!("{}/api", app.url))
        .send()
        .await
        .expect("the page")
        .text()
        .await
        .expect("HTML");
    assert!(page.contains("<code>GET /api/v1/people</code>"), "{page}");
    assert!(page.contains("<code>POST /access/v1/evaluation</code>"));
    assert!(
        page.contains("API des responsables de la sécurité"),
        "in French"
    );
    assert!(page.contains("Les tâches que la personne peut faire dans le service"));
}

#[tokio::test]
async fn real_answers_validate_against_the_description() {
    let app = app().await;
    let w = world(&app).await;
    let doc = description(&app).await;
    // The check itself finds an answer that is not as described.
    let people = ("GET", "/api/v1/people");
    assert!(!problems(&doc, people, 200, &json!({"people": "nobody"})).is_empty());
    assert!(!problems(&doc, people, 418, &json!({})).is_empty());
    let mut officer = signed_in(&app, "officier01").await;
    let reader = token(&mut officer, "Lecture", "read").await;
    let writer = token(&mut officer, "Écriture", "write").await;

    // The officers' API, answering and refusing.
    let check = |method: &'static str, template: &'static str| (method, template);
    let mut seen = Vec::new();
    for (method, template, path, bearer, body) in [
        (
            "GET",
            "/api/v1/people",
            "/api/v1/people".to_string(),
            &reader,
            None,
        ),
        (
            "GET",
            "/api/v1/people",
            "/api/v1/people".to_string(),
            &"mandat_non".to_string(),
            None,
        ),
        (
            "GET",
            "/api/v1/journal",
            "/api/v1/journal".to_string(),
            &reader,
            None,
        ),
        (
            "GET",
            "/api/v1/people/{id}",
            "/api/v1/people/inconnu".to_string(),
            &reader,
            None,
        ),
        (
            "GET",
            "/api/v1/procurations",
            "/api/v1/procurations".to_string(),
            &reader,
            None,
        ),
        (
            "POST",
            "/api/v1/procurations",
            "/api/v1/procurations".to_string(),
            &writer,
            Some(json!({"name": "", "ends_on": "hier", "agencies": []})),
        ),
        (
            "POST",
            "/api/v1/procurations",
            "/api/v1/procurations".to_string(),
            &reader,
            Some(json!({"name": "x", "ends_on": "2027-01-01", "agencies": []})),
        ),
    ] {
        let (status, _, answer) = call(&app, method, &path, bearer, body).await;
        validates(&doc, check(method, template), status, &answer);
        seen.push(status);
    }
    assert_eq!(seen, [200, 401, 200, 404, 200, 422, 403]);
    let new = json!({
        "name": "Permis, transmission",
        "ends_on": "2027-03-31",
        "agencies": [{"agency": "SAAQ"}],
    });
    let (status, _, made) = call(&app, "POST", "/api/v1/procurations", &writer, Some(new)).await;
    validates(&doc, ("POST", "/api/v1/procurations"), status, &made);
    let id = made["id"].as_str().expect("an id");
    let (_, _, people) = call(&app, "GET", "/api/v1/people", &reader, None).await;
    let person = people["people"][0]["id"].as_str().expect("a person");
    let (status, _, detail) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{person}"),
        &reader,
        None,
    )
    .await;
    validates(&doc, ("GET", "/api/v1/people/{id}"), status, &detail);
    for (template, path, body) in [
        (
            "/api/v1/procurations/{id}/holders",
            format!("/api/v1/procurations/{id}/holders"),
            Some(json!({"person": "x"})),
        ),
        (
            "/api/v1/procurations/{id}/holders/{person}/withdraw",
            format!("/api/v1/procurations/{id}/holders/{person}/withdraw"),
            None,
        ),
        (
            "/api/v1/procurations/{id}/withdraw",
            format!("/api/v1/procurations/{id}/withdraw"),
            None,
        ),
        (
            "/api/v1/procurations/{id}/withdraw",
            format!("/api/v1/procurations/{id}/withdraw"),
            None,
        ),
    ] {
        let (status, _, answer) = call(&app, "POST", &path, &writer, body).await;
        validates(&doc, ("POST", template), status, &answer);
    }

    // The authorization API and the poll, as an agency's client.
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", "authzen events"),
    ];
    let (_, tokens) = client_token(&app, &w, &form).await;
    let bearer = tokens["access_token"].as_str().expect("a token");
    let ask = json!({
        "subject": {"type": "user", "id": sub},
        "resource": {"type": "service", "id": "PERMIS", "properties": {"organization": "1160000001"}},
        "action": {"name": "CONSULTER"},
    });
    let mut batch = ask.clone();
    batch["evaluations"] = json!([{}, {"resource": {"type": "service", "id": "AUTRE"}}]);
    let mut search = ask.clone();
    search["resource"]["properties"] = json!({});
    for (path, body) in [
        ("/access/v1/evaluation", ask.clone()),
        ("/access/v1/evaluation", json!({"subject": {}})),
        ("/access/v1/evaluations", batch),
        ("/access/v1/search/resource", search),
        ("/access/v1/search/action", ask.clone()),
        ("/access/v1/search/subject", ask),
        ("/events/v1/poll", json!({"returnImmediately": true})),
    ] {
        let res = http()
            .post(format!("{}{path}", app.url))
            .bearer_auth(bearer)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("the API");
        let status = res.status().as_u16();
        validates(&doc, ("POST", path), status, &json_of(res).await);
    }
}
