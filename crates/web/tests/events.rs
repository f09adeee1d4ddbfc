//! Revocation events (issue 21), as an agency's software receives them: a receiver the test
//! runs on loopback, registered in the agency's back-office, gets each change that concerns
//! the agency once, as a Security Event Token it verifies against Mandat's published keys
//! with an independent JOSE library; a failed push is tried again; a client polls and
//! acknowledges its events (RFC 8936).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::oidc::{World, http, json_of, signed_in_to_service, token, world};
use common::{App, Visitor, app, signed_in};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use mandat_app::agency::Staff;
use mandat_app::events::PUSH_ATTEMPTS;
use mandat_core::account::InactiveCause;
use mandat_core::contract::{Contract, ContractKind};
use mandat_core::ids::ContractId;
use mandat_jobs::{Backoff, Worker};
use mandat_store::{EVENT_PUSH_JOB, MAIL_JOB};
use serde_json::{Value, json};
use time::macros::{date, datetime};

const SESSION_REVOKED: &str = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
const VERIFICATION: &str = "https://schemas.openid.net/secevent/ssf/event-type/verification";

/// What the test's receiver got, and how many requests it still fails.
#[derive(Clone, Default)]
struct Inbox {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    failing: Arc<AtomicUsize>,
}

impl Inbox {
    fn received(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().expect("inbox").clone()
    }
}

async fn receive(State(inbox): State<Inbox>, headers: HeaderMap, body: String) -> StatusCode {
    inbox.got.lock().expect("inbox").push((headers, body));
    let failed = inbox
        .failing
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    if failed.is_ok() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::ACCEPTED
    }
}

/// A receiver on loopback: its address and what it gets.
async fn receiver() -> (String, Inbox) {
    let inbox = Inbox::default();
    let router = axum::Router::new()
        .route("/evenements", axum::routing::post(receive))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/evenements", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, inbox)
}

/// The id of the first receiver the back-office page lists, from its test button.
fn first_receiver(page: &str) -> String {
    page.split("/ministere/evenements/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the receiver's test button")
        .to_string()
}

/// Runs every due job as `mandat serve`'s worker would, retrying at once.
async fn run_jobs(app: &App, w: &World) {
    let mandat = w.mandat.clone();
    let worker = Worker::new(app.store.clone())
        .with_backoff(Backoff {
            base: time::Duration::ZERO,
            cap: time::Duration::ZERO,
            max_attempts: PUSH_ATTEMPTS,
        })
        .handle(MAIL_JOB, |_| async { Ok(()) })
        .handle(EVENT_PUSH_JOB, move |job| {
            let mandat = mandat.clone();
            async move { mandat.push_event(&job.payload, job.attempts).await }
        });
    while worker.run_once().await.expect("the queue") {}
}

/// The SET's claims, once its signature is checked against the JWKS Mandat publishes, as a
/// receiver would: ES256, `typ` secevent+jwt, Mandat as issuer, the client as audience.
async fn verified(app: &App, w: &World, set: &str) -> Value {
    let res = http()
        .get(format!("{}/oidc/jwks", app.url))
        .send()
        .await
        .expect("jwks");
    let jwks: JwkSet = serde_json::from_value(json_of(res).await).expect("a JWKS");
    let header = jsonwebtoken::decode_header(set).expect("a JWS header");
    assert_eq!(header.typ.as_deref(), Some("secevent+jwt"));
    let kid = header.kid.expect("a kid");
    let jwk = jwks.find(&kid).expect("the signing key is published");
    let key = DecodingKey::from_jwk(jwk).expect("a key");
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_issuer(&[&app.issuer]);
    validation.set_audience(&[&w.client_id]);
    // A SET has no expiry (RFC 8417 §2.2).
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(set, &key, &validation)
        .expect("a SET signed by Mandat for the client")
        .claims
}

#[tokio::test]
async fn a_pushed_receiver_gets_each_change_once_signed_and_again_after_a_failure() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let (endpoint, inbox) = receiver().await;

    // The SAAQ's administrator registers the receiver in the back-office.
    let mut admin = signed_in(&app, "ministere01").await;
    let (_, page) = admin.get("/ministere/evenements").await;
    assert!(page.contains("Aucun récepteur"), "{page}");
    let form = [
        ("receiver-client", w.client_id.as_str()),
        ("receiver-method", "push"),
        ("receiver-endpoint", "http://recepteur.example/evenements"),
        ("receiver-authorization", "Bearer secret-du-recepteur"),
    ];
    let (_, page) = admin.post("/ministere/evenements", &form).await;
    assert!(
        page.contains("Adresse du récepteur"),
        "plain http off loopback: {page}"
    );
    let mut form = form;
    form[2].1 = &endpoint;
    let (_, page) = admin.post("/ministere/evenements", &form).await;
    assert!(page.contains("Le récepteur est inscrit"), "{page}");

    // The centre withdraws Marc Côté from its procuration; the receiver fails once.
    inbox.failing.store(1, Ordering::SeqCst);
    let mut tx = app.store.begin().await.expect("begin");
    assert!(
        tx.withdraw_assignment(w.procuration, app.member)
            .await
            .expect("withdrawn")
    );
    tx.commit().await.expect("commit");
    run_jobs(&app, &w).await;
    let got = inbox.received();
    assert_eq!(got.len(), 2, "a failure, then the same event again");
    assert_eq!(got[0].1, got[1].1, "the same SET");
    let (headers, set) = &got[1];
    assert_eq!(headers["content-type"], "application/secevent+jwt");
    assert_eq!(headers["authorization"], "Bearer secret-du-recepteur");
    let claims = verified(&app, &w, set).await;
    let event = &claims["events"][format!("{}/secevent/right-withdrawn", app.issuer)];
    assert_eq!(event["reason"], "holder_withdrawn", "{claims}");
    assert_eq!(event["procuration"], w.procuration.to_string());
    assert_eq!(claims["sub_id"]["user"]["sub"], sub.as_str());
    assert_eq!(claims["sub_id"]["tenant"]["id"], w.centre.to_string());

    // Marc's code is deactivated: his sessions are revoked, in CAEP's words.
    let account = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read");
    let mut tx = app.store.begin().await.expect("begin");
    tx.deactivate_account(account.expect("Marc").id, InactiveCause::Officer, None)
        .await
        .expect("deactivated");
    tx.commit().await.expect("commit");
    run_jobs(&app, &w).await;
    run_jobs(&app, &w).await;
    let got = inbox.received();
    assert_eq!(
        got.len(),
        3,
        "each event once, however often the worker runs"
    );
    let claims = verified(&app, &w, &got[2].1).await;
    let event = &claims["events"][SESSION_REVOKED];
    assert_eq!(event["initiating_entity"], "admin", "{claims}");
    assert_eq!(
        claims["sub_id"],
        json!({"format": "iss_sub", "iss": app.issuer, "sub": sub})
    );

    // The back-office shows both delivered, and the failure on the way; the journal says who
    // registered the receiver.
    let (_, page) = admin.get("/ministere/evenements").await;
    assert_eq!(page.matches("<td>Livré</td>").count(), 2, "{page}");
    assert!(page.contains("503 Service Unavailable"), "{page}");
    let (_, journal) = admin.get("/ministere/journal").await;
    assert!(journal.contains("Inscription d'un récepteur d'événements de révocation"));

    // A receiver that keeps failing: the attempts run out and the failure shows.
    inbox.failing.store(usize::MAX, Ordering::SeqCst);
    let receiver = first_receiver(&page);
    admin
        .post(&format!("/ministere/evenements/{receiver}/essai"), &[])
        .await;
    run_jobs(&app, &w).await;
    let attempts = usize::try_from(PUSH_ATTEMPTS).expect("a count");
    assert_eq!(inbox.received().len(), 3 + attempts);
    let (_, page) = admin.get("/ministere/evenements").await;
    assert!(page.contains("<td>Échoué</td>"), "{page}");
}

/// The events pending for the client whose `bearer` token polls, as RFC 8936 answers.
async fn poll(app: &App, bearer: &str, body: Value) -> (u16, Value) {
    let request = http()
        .post(format!("{}/events/v1/poll", app.url))
        .bearer_auth(bearer)
        .header("content-type", "application/json");
    let res = request.body(body.to_string()).send().await.expect("poll");
    (res.status().as_u16(), json_of(res).await)
}

/// The SAAQ's administrator registers a poll receiver for the world's client, which gets a
/// token for the `events` scope: the administrator at the back-office, and the token.
async fn polling(app: &App, w: &World) -> (Visitor, String) {
    let mut admin = signed_in(app, "ministere01").await;
    admin.get("/ministere/evenements").await;
    let form = [
        ("receiver-client", w.client_id.as_str()),
        ("receiver-method", "poll"),
    ];
    let (_, page) = admin.post("/ministere/evenements", &form).await;
    assert!(page.contains("Le récepteur est inscrit"), "{page}");
    let form = [("grant_type", "client_credentials"), ("scope", "events")];
    let (_, events) = token(app, w, &form).await;
    assert_eq!(events["scope"], "events");
    (
        admin,
        events["access_token"].as_str().expect("token").into(),
    )
}

#[tokio::test]
async fn a_client_polls_its_events_until_it_acknowledges_them() {
    let app = app().await;
    let w = world(&app).await;
    let (mut admin, bearer) = polling(&app, &w).await;

    // A token for the authorization API alone does not poll.
    let (_, authzen) = token(&app, &w, &[("grant_type", "client_credentials")]).await;
    let authzen = authzen["access_token"].as_str().expect("token");
    assert_eq!(poll(&app, authzen, json!({})).await.0, 401);

    // The centre's enrollment with the SAAQ leaves « Actif »: the SAAQ is told, about the
    // organization as a whole.
    let enrollment = app.store.enrollments_of_org(w.centre).await.expect("read")[0].id;
    let officer = app
        .store
        .account_by_user_code("ministere01")
        .await
        .expect("read");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_enrollment_state(w.saaq, enrollment, "REFUSE", "", officer.expect("admin").id)
        .await
        .expect("refused");
    tx.commit().await.expect("commit");

    let ask = json!({"returnImmediately": true});
    let (status, answer) = poll(&app, &bearer, ask.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let sets = answer["sets"].as_object().expect("sets");
    assert_eq!(sets.len(), 1, "{answer}");
    assert_eq!(answer["moreAvailable"], false);
    let (jti, set) = sets.iter().next().expect("one");
    let claims = verified(&app, &w, set.as_str().expect("a SET")).await;
    assert_eq!(&claims["jti"], jti);
    let event = &claims["events"][format!("{}/secevent/right-withdrawn", app.issuer)];
    assert_eq!(event["reason"], "enrollment_not_active", "{claims}");
    assert_eq!(claims["sub_id"]["tenant"]["id"], w.centre.to_string());
    assert!(claims["sub_id"].get("user").is_none());

    // Not acknowledged, it comes again; acknowledged, it is delivered and gone.
    let (_, again) = poll(&app, &bearer, ask.clone()).await;
    assert_eq!(again["sets"].as_object().map(|s| s.len()), Some(1));
    let ack = json!({"returnImmediately": true, "ack": [jti]});
    let (_, after) = poll(&app, &bearer, ack).await;
    assert_eq!(after["sets"], json!({}), "{after}");
    let (_, page) = admin.get("/ministere/evenements").await;
    assert!(page.contains("<td>Livré</td>"), "{page}");

    // The administrator's test reaches the poll as a verification about the stream.
    let receiver = first_receiver(&page);
    let (_, page) = admin
        .post(&format!("/ministere/evenements/{receiver}/essai"), &[])
        .await;
    assert!(page.contains("Un événement d'essai"), "{page}");
    let (_, answer) = poll(&app, &bearer, ask.clone()).await;
    let set = answer["sets"]
        .as_object()
        .expect("sets")
        .values()
        .next()
        .cloned();
    let claims = verified(&app, &w, set.expect("the test").as_str().expect("SET")).await;
    assert!(claims["events"][VERIFICATION].is_object(), "{claims}");
    assert_eq!(
        claims["sub_id"],
        json!({"format": "opaque", "id": receiver})
    );

    // Disabled, the receiver gets nothing more and the client polls nothing.
    admin
        .post(&format!("/ministere/evenements/{receiver}/desactiver"), &[])
        .await;
    let (status, answer) = poll(&app, &bearer, ask).await;
    assert_eq!(
        (status, &answer["err"]),
        (404, &json!("not_found")),
        "{answer}"
    );
}

#[tokio::test]
async fn the_transmitter_says_how_it_delivers() {
    let app = app().await;
    let res = http()
        .get(format!("{}/.well-known/ssf-configuration", app.url))
        .send()
        .await
        .expect("metadata");
    let metadata = json_of(res).await;
    assert_eq!(metadata["issuer"], app.issuer.as_str());
    assert_eq!(metadata["jwks_uri"], format!("{}/oidc/jwks", app.issuer));
    assert_eq!(
        metadata["delivery_methods_supported"],
        json!(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"])
    );
    assert_eq!(
        metadata["poll_endpoint"],
        format!("{}/events/v1/poll", app.issuer)
    );
}

#[tokio::test]
async fn a_procuration_past_its_last_day_and_a_contract_ended_are_told_once() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let (_, bearer) = polling(&app, &w).await;
    let ask = json!({"returnImmediately": true});
    let told = |answer: &Value| -> Vec<(String, String)> {
        let sets = answer["sets"].as_object().expect("sets").values();
        sets.map(|set| {
            let payload = set
                .as_str()
                .and_then(|s| s.split('.').nth(1))
                .expect("a JWS");
            let bytes =
                base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload);
            let claims: Value = serde_json::from_slice(&bytes.expect("base64")).expect("JSON");
            let event = claims["events"]
                .as_object()
                .expect("events")
                .values()
                .next();
            let reason = event.and_then(|e| e["reason"].as_str()).unwrap_or_default();
            let who = claims["sub_id"]["user"]["sub"].as_str().unwrap_or_default();
            (reason.to_string(), who.to_string())
        })
        .collect()
    };

    // The agency moves a contract's end into the past: told at once, about the centre.
    let contract = Contract {
        id: ContractId::new(),
        agency_id: w.saaq,
        org_id: w.centre,
        kind: ContractKind::Training,
        starts_on: date!(2026 - 01 - 01),
        ends_on: date!(2027 - 12 - 31),
    };
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_contract(&contract).await.expect("contract");
    tx.commit().await.expect("commit");
    let admin = app
        .store
        .account_by_user_code("ministere01")
        .await
        .expect("read");
    let staff = Staff {
        account: admin.expect("the administrator").id,
        agency: w.saaq,
        client: None,
    };
    w.mandat
        .change_contract_end(&staff, contract.id, "2026-11-20")
        .await
        .expect("ended");
    let (_, answer) = poll(&app, &bearer, ask.clone()).await;
    assert_eq!(
        told(&answer),
        [("contract_ended".to_string(), String::new())]
    );
    let jtis: Vec<&String> = answer["sets"].as_object().expect("sets").keys().collect();
    poll(
        &app,
        &bearer,
        json!({"returnImmediately": true, "ack": jtis}),
    )
    .await;

    // The day after the procuration's last day, the daily job tells it once.
    app.clock.set(datetime!(2027-07-01 12:00 UTC));
    w.mandat.run_daily().await.expect("a run");
    w.mandat.run_daily().await.expect("a second run");
    let form = [("grant_type", "client_credentials"), ("scope", "events")];
    let (_, fresh) = token(&app, &w, &form).await;
    let bearer = fresh["access_token"].as_str().expect("a new token");
    let (_, answer) = poll(&app, bearer, ask).await;
    let ended: Vec<_> = told(&answer)
        .into_iter()
        .filter(|(reason, _)| reason == "procuration_ended")
        .collect();
    assert_eq!(ended, [("procuration_ended".to_string(), sub)]);
}
