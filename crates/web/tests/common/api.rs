//! What the tests of the officers' API share (issue 21): a token made at the page, and a
//! request with its status, content type and JSON.

use serde_json::Value;

use super::{App, Visitor};

/// An officer's new token of `scope`, made at the page, as the page shows it once.
pub async fn token(officer: &mut Visitor, name: &str, scope: &str) -> String {
    officer.get("/administration/jetons").await;
    let form = [
        ("token-name", name),
        ("token-scope", scope),
        ("token-expires-on", "2027-06-30"),
    ];
    let (_, page) = officer.post("/administration/jetons", &form).await;
    assert!(page.contains("Copiez-le maintenant"), "{page}");
    let opening = "<code id=\"new-token\">";
    let start = page.find(opening).expect("the token, once") + opening.len();
    page[start..]
        .split('<')
        .next()
        .expect("the token")
        .to_string()
}

/// A request to the API: its status, its content type and its JSON.
pub async fn call(
    app: &App,
    method: &str,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> (u16, String, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", app.url);
    let mut request = match method {
        "GET" => client.get(url),
        _ => client.post(url),
    }
    .bearer_auth(bearer)
    .header("accept-language", "fr-CA,fr;q=0.9,en;q=0.5");
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let res = request.send().await.expect("the API");
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res.bytes().await.expect("a body");
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, kind, json)
}
