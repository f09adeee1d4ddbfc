//! Mandat's revocation events (issue 21), as an agency's software receives them: pushed
//! (RFC 8935) to `/evenements` with the `Authorization` header the agency registered, each a
//! Security Event Token checked against the keys Mandat publishes (RFC 8417, as
//! docs/EVENTS.md describes them). A revoked session ends here too; what was received shows
//! on the person's page (`inbox`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use crate::inbox::Received;
use crate::pages::Shared;
use crate::provider::Mandat;

const SESSION_REVOKED: &str = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

/// `POST /evenements`: 202 for a SET Mandat signed for this client; else RFC 8935's error.
pub async fn receive(State(s): Shared, headers: HeaderMap, body: String) -> Response {
    let expected = format!("Bearer {}", s.mandat.settings().events_token);
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given != Some(expected.as_str()) {
        return refused(StatusCode::UNAUTHORIZED, "authentication_failed", "");
    }
    let claims = match verified(&s.mandat, &body).await {
        Ok(claims) => claims,
        Err(why) => return refused(StatusCode::BAD_REQUEST, "invalid_key", &why),
    };
    let Some(event) = read(&claims) else {
        return refused(StatusCode::BAD_REQUEST, "invalid_request", "no event");
    };
    if let (true, Some(subject)) = (event.session_revoked, &event.subject) {
        s.sessions.close_subject(subject);
    }
    tracing::info!(
        ?event,
        "the demonstration service received an event from Mandat"
    );
    s.inbox.keep(event);
    StatusCode::ACCEPTED.into_response()
}

fn refused(status: StatusCode, err: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"err": err, "description": description})),
    )
        .into_response()
}

/// The SET's claims, once signed by a key Mandat publishes, for this client, as a SET.
async fn verified(mandat: &Mandat, set: &str) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(set).map_err(|e| e.to_string())?;
    if header.typ.as_deref() != Some("secevent+jwt") {
        return Err("not a security event token".into());
    }
    let kid = header.kid.ok_or("no key id")?;
    let mut key = signing_key(mandat, &kid).await?;
    if key.is_none() {
        // Mandat may have rotated its keys since the service discovered them.
        mandat.forget();
        key = signing_key(mandat, &kid).await?;
    }
    let key = key.ok_or("signed by a key Mandat does not publish")?;
    let settings = mandat.settings();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_issuer(&[&settings.issuer]);
    validation.set_audience(&[&settings.client_id]);
    // A SET does not expire (RFC 8417 §2.2).
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(set, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| e.to_string())
}

async fn signing_key(mandat: &Mandat, kid: &str) -> Result<Option<DecodingKey>, String> {
    let provider = mandat.provider().await?;
    let jwks: JwkSet = serde_json::from_value(provider.jwks.clone()).map_err(|e| e.to_string())?;
    jwks.find(kid)
        .map(|jwk| DecodingKey::from_jwk(jwk).map_err(|e| e.to_string()))
        .transpose()
}

/// What the event says, as docs/EVENTS.md describes it.
fn read(claims: &Value) -> Option<Received> {
    let (kind, event) = claims["events"].as_object()?.iter().next()?;
    let sub_id = &claims["sub_id"];
    let subject = match sub_id["format"].as_str() {
        Some("iss_sub") => sub_id["sub"].as_str(),
        _ => sub_id["user"]["sub"].as_str(),
    };
    let text = |lang: &str| {
        event["reason_admin"][lang]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    Some(Received {
        session_revoked: kind == SESSION_REVOKED,
        reason: (text("fr"), text("en")),
        subject: subject.map(str::to_string),
        organization: sub_id["tenant"]["id"].as_str().map(str::to_string),
    })
}
