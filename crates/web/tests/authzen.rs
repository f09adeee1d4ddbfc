//! The authorization API (issue 21, OpenID AuthZEN Authorization API 1.0), driven as an
//! agency's software would over HTTP with plain JSON: the client's own token by the client
//! credentials grant, then questions about a person it knows by the pairwise `sub` of its
//! sign-in, answered by the decision with its reasons.

mod common;

use common::oidc::{World, http, json_of, signed_in_to_service, token, world};
use common::{App, app, app_at};
use mandat_core::Field;
use mandat_core::account::InactiveCause;
use mandat_core::agency::{Code, Localized, Task};
use mandat_core::contract::ContractKind;
use mandat_core::decision::Access;
use mandat_core::ids::{AgencyId, ProcurationId, TaskId};
use mandat_core::procuration::{AgencyAccess, Procuration};
use mandat_core::profile::ProfileSet;
use mandat_testing::{self as support, enrolled};
use openidauthzen::http::{HttpClient, HttpResponse, Method};
use openidauthzen::{Action, AuthZenClient, EvaluationRequest, Resource, Subject};
use serde_json::{Value, json};
use time::macros::date;

/// The client's own token for the API.
async fn api_token(app: &App, w: &World) -> String {
    let form = [("grant_type", "client_credentials"), ("scope", "authzen")];
    let (status, answer) = token(app, w, &form).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["scope"], "authzen");
    assert!(answer.get("refresh_token").is_none() && answer.get("id_token").is_none());
    answer["access_token"].as_str().expect("token").into()
}

/// The PDP metadata Mandat publishes.
async fn metadata(app: &App) -> Value {
    let res = http()
        .get(format!("{}/.well-known/authzen-configuration", app.url))
        .send()
        .await
        .expect("metadata");
    json_of(res).await
}

async fn evaluate(app: &App, bearer: &str, body: &Value) -> (u16, Value) {
    post(app, "/access/v1/evaluation", bearer, body).await
}

async fn post(app: &App, path: &str, bearer: &str, body: &Value) -> (u16, Value) {
    let res = http()
        .post(format!("{}{path}", app.url))
        .bearer_auth(bearer)
        .header("x-request-id", "demande-42")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("evaluation endpoint");
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("x-request-id"), Some("demande-42"));
    // The machine API's own layers: no sniffing, and no cache keeps an answer.
    assert_eq!(header("x-content-type-options"), Some("nosniff"));
    assert_eq!(header("cache-control"), Some("no-store"));
    (res.status().as_u16(), json_of(res).await)
}

fn ask(sub: &str, organization: &str, task: &str) -> Value {
    json!({
        "subject": {"type": "user", "id": sub},
        "resource": {"type": "service", "id": "PERMIS", "properties": {"organization": organization}},
        "action": {"name": task},
    })
}

fn codes(answer: &Value) -> Vec<&str> {
    answer["context"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect()
}

#[tokio::test]
async fn an_agency_asks_whether_a_person_may_do_a_task_for_an_organization() {
    let app = app().await;
    let w = world(&app).await;
    let metadata = metadata(&app).await;
    assert_eq!(metadata["policy_decision_point"], app.url.as_str());
    let endpoint = format!("{}/access/v1/evaluation", app.url);
    assert_eq!(metadata["access_evaluation_endpoint"], endpoint.as_str());

    let (sub, userinfo_token) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let (status, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["decision"], true, "{answer}");
    let reason = &answer["context"]["reasons"][0];
    assert_eq!(reason["code"], "allowed");
    assert_eq!(reason["procuration"], w.procuration.to_string());
    assert_eq!(reason["day"], "2027-06-30");
    assert!(
        reason["message"]["fr"]
            .as_str()
            .expect("fr")
            .contains("2027-06-30")
    );
    assert!(
        reason["message"]["en"]
            .as_str()
            .expect("en")
            .starts_with("Allowed")
    );

    // By the organization's id too; then each thing that is not so, with its reason.
    let by_id = ask(&sub, &w.centre.to_string(), "CONSULTER");
    assert_eq!(evaluate(&app, &bearer, &by_id).await.1["decision"], true);
    let cases = [
        (ask(&sub, "1160000001", "PAYER"), "unknown_task"),
        (ask(&sub, "1199999999", "CONSULTER"), "unknown_organization"),
        (
            ask("someone-else", "1160000001", "CONSULTER"),
            "unknown_subject",
        ),
    ];
    for (body, code) in cases {
        let (status, answer) = evaluate(&app, &bearer, &body).await;
        assert_eq!(
            (status, &answer["decision"]),
            (200, &json!(false)),
            "{answer}"
        );
        assert_eq!(codes(&answer), [code], "{answer}");
    }
    // A task the agency adds to « Permis » is known at the next question: what is kept of
    // its catalog is stale after any change, and the procuration grants every task.
    let code = Code::parse(Field::ServiceCode, "PERMIS").expect("code");
    let permis = app.store.service(w.saaq, &code).await.expect("read");
    let mut tx = app.store.begin().await.expect("begin");
    let payer = Task {
        id: TaskId::new(),
        service_id: permis.expect("Permis").id,
        code: Code::parse(Field::TaskCode, "PAYER").expect("code"),
        name: Localized {
            fr: "Payer".into(),
            en: "Pay".into(),
        },
    };
    tx.insert_task(&payer).await.expect("task");
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "PAYER")).await;
    assert_eq!(answer["decision"], true, "{answer}");

    let mut later = ask(&sub, "1160000001", "CONSULTER");
    later["context"] = json!({"time": "2027-07-01T12:00:00-04:00"});
    let (_, answer) = evaluate(&app, &bearer, &later).await;
    assert_eq!(codes(&answer), ["ended"], "{answer}");
    assert_eq!(answer["context"]["reasons"][0]["day"], "2027-06-30");

    // A person's token does not open the API, nor the API's token userinfo.
    let (status, _) = evaluate(&app, &userinfo_token, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(status, 401);
    let userinfo = http()
        .get(format!("{}/oidc/userinfo", app.url))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("userinfo");
    assert_eq!(userinfo.status().as_u16(), 401);
}

#[tokio::test]
async fn between_two_procurations_each_says_why_not() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    // A second procuration for the same service, from August to December 2027.
    let officer = app.store.account_by_user_code("officier01").await;
    let by = officer.expect("read").expect("the officer").id;
    let later = Procuration {
        id: ProcurationId::new(),
        org: w.centre,
        name: "Permis, l'automne".into(),
        starts_on: Some(date!(2027 - 08 - 01)),
        ends_on: date!(2027 - 12 - 31),
        agencies: vec![AgencyAccess {
            agency: w.saaq,
            access: Access::Unrestricted,
        }],
    };
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_procuration(&later, by)
        .await
        .expect("procuration");
    tx.assign(later.id, app.member, by).await.expect("assigned");
    tx.commit().await.expect("commit");

    let mut july = ask(&sub, "1160000001", "CONSULTER");
    july["context"] = json!({"time": "2027-07-15T12:00:00-04:00"});
    let (_, answer) = evaluate(&app, &bearer, &july).await;
    assert_eq!(answer["decision"], false, "{answer}");
    let mut found: Vec<(&str, &str)> = answer["context"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap_or(""),
                r["day"].as_str().unwrap_or(""),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [("ended", "2027-06-30"), ("not_yet_started", "2027-08-01")]
    );
    let mut august = july.clone();
    august["context"] = json!({"time": "2027-08-02T12:00:00-04:00"});
    let (_, answer) = evaluate(&app, &bearer, &august).await;
    assert_eq!(
        answer["context"]["reasons"][0]["procuration"],
        later.id.to_string()
    );
}

#[tokio::test]
async fn searches_find_what_the_decision_allows_among_what_the_agency_knows() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let metadata = metadata(&app).await;
    for kind in ["resource", "action", "subject"] {
        let endpoint = format!("{}/access/v1/search/{kind}", app.url);
        assert_eq!(
            metadata[format!("search_{kind}_endpoint")],
            endpoint.as_str()
        );
    }
    let service = json!({"type": "service", "id": "PERMIS"});
    let for_centre = json!({"type": "service", "id": "PERMIS",
        "properties": {"organization": "1160000001"}});

    let organizations = json!({"subject": {"type": "user", "id": sub},
        "action": {"name": "CONSULTER"}, "resource": service});
    let (status, found) = post(&app, "/access/v1/search/resource", &bearer, &organizations).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        found["results"].as_array().map(Vec::len),
        Some(1),
        "{found}"
    );
    assert_eq!(found["results"][0]["properties"]["neq"], "1160000001");
    assert_eq!(
        found["results"][0]["properties"]["organization"],
        w.centre.to_string()
    );
    assert_eq!(found["page"]["next_token"], "");

    let tasks = json!({"subject": {"type": "user", "id": sub}, "resource": for_centre});
    let (_, found) = post(&app, "/access/v1/search/action", &bearer, &tasks).await;
    let mut names: Vec<&str> = found["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["CONSULTER", "TRANSMETTRE"], "{found}");

    let people = json!({"subject": {"type": "user"}, "action": {"name": "TRANSMETTRE"},
        "resource": for_centre});
    let (_, found) = post(&app, "/access/v1/search/subject", &bearer, &people).await;
    assert_eq!(
        found["results"],
        json!([{"type": "user", "id": sub}]),
        "{found}"
    );

    // Once the procuration is withdrawn, nobody.
    let mut tx = app.store.begin().await.expect("begin");
    tx.withdraw_procuration(w.centre, w.procuration)
        .await
        .expect("withdrawn");
    tx.commit().await.expect("commit");
    let (_, found) = post(&app, "/access/v1/search/subject", &bearer, &people).await;
    assert_eq!(found["results"], json!([]), "{found}");

    let mut elsewhere = people.clone();
    elsewhere["resource"]["id"] = json!("INEXISTANT");
    assert_eq!(
        post(&app, "/access/v1/search/subject", &bearer, &elsewhere)
            .await
            .0,
        404
    );
    let mut bad = people.clone();
    bad["page"] = json!({"next_token": "abc"});
    let (status, answer) = post(&app, "/access/v1/search/subject", &bearer, &bad).await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error_description"],
        "page.next_token: not a token Mandat gave"
    );
}

#[tokio::test]
async fn a_deactivated_person_is_refused_at_the_next_question() {
    let app = app().await;
    refused_once_deactivated_by(&app, &app.store, InactiveCause::Officer).await;
}

/// The server keeps its answers (`authzen::kept`) until anything changes, including in
/// another process: the worker's, or `mandat admin`'s, on the same SQLite file.
#[tokio::test]
async fn a_change_another_process_writes_is_answered_at_the_next_question() {
    let app = app().await;
    let other = app.another_process().await;
    refused_once_deactivated_by(&app, &other, InactiveCause::Expired).await;
}

/// The member allowed, asked twice (the second answer kept); their code deactivated
/// through `store` for `cause`; then refused at the next question.
async fn refused_once_deactivated_by(app: &App, store: &mandat_store::Store, cause: InactiveCause) {
    let w = world(app).await;
    let (sub, _) = signed_in_to_service(app, &w).await;
    let bearer = api_token(app, &w).await;
    let body = ask(&sub, "1160000001", "TRANSMETTRE");
    for _ in 0..2 {
        assert_eq!(evaluate(app, &bearer, &body).await.1["decision"], true);
    }
    let member = store.account_by_user_code("membre01").await;
    let member = member.expect("read").expect("member");
    let mut tx = store.begin().await.expect("begin");
    tx.deactivate_account(member.id, cause, Some("départ"))
        .await
        .expect("deactivated");
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(app, &bearer, &body).await;
    assert_eq!(answer["decision"], false);
    assert_eq!(codes(&answer), ["no_active_code"], "{answer}");
}

#[tokio::test]
async fn another_agency_s_service_is_not_found_and_bad_input_names_its_field() {
    let app = app().await;
    let w = world(&app).await;
    let ramq = support::agency("RAMQ");
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_agency(&ramq).await.expect("agency");
    let (mut service, _) = enrolled::service(&mut tx, &ramq, &[]).await;
    service.id = mandat_core::ids::ServiceId::new();
    service.code = Code::parse(Field::ServiceCode, "FACTURATION").expect("code");
    tx.insert_service(&service).await.expect("service");
    tx.commit().await.expect("commit");
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;

    // The RAMQ's service, and one that exists nowhere, answer the same: not found.
    let mut answers = Vec::new();
    for code in ["FACTURATION", "INEXISTANT"] {
        let mut other = ask(&sub, "1160000001", "CONSULTER");
        other["resource"]["id"] = json!(code);
        answers.push(evaluate(&app, &bearer, &other).await);
    }
    assert_eq!(answers[0].0, 404, "{}", answers[0].1);
    assert_eq!(
        answers[0], answers[1],
        "nothing said of another agency's service"
    );

    let mut missing = ask(&sub, "1160000001", "CONSULTER");
    missing["resource"]["properties"] = json!({});
    let (status, answer) = evaluate(&app, &bearer, &missing).await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error_description"],
        "resource.properties.organization: required"
    );
    let (status, _) = evaluate(&app, "not-a-token", &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(status, 401);

    let (status, answer) = token(
        &app,
        &w,
        &[("grant_type", "client_credentials"), ("scope", "openid")],
    )
    .await;
    assert_eq!((status, &answer["error"]), (400, &json!("invalid_scope")));

    // A token answered for is kept (`authzen::kept`), until it expires.
    let question = ask(&sub, "1160000001", "CONSULTER");
    assert_eq!(evaluate(&app, &bearer, &question).await.0, 200);
    app.clock.advance(time::Duration::minutes(10));
    assert_eq!(evaluate(&app, &bearer, &question).await.0, 401, "expired");
    app.clock.advance(-time::Duration::minutes(10));

    // A disabled client's token stops at once.
    let owner = mandat_app::oidc::ClientOwner::Operator(w.saaq);
    let id = w.client_id.parse().expect("a client id");
    w.mandat.disable_client(owner, id).await.expect("disabled");
    let (status, _) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn several_questions_in_one_request_follow_their_semantic() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let elsewhere = json!({"type": "service", "id": "INEXISTANT",
        "properties": {"organization": "1160000001"}});
    let batch = |semantic: Option<&str>| {
        let mut batch = ask(&sub, "1160000001", "CONSULTER");
        batch["evaluations"] = json!([
            {},
            {"action": {"name": "PAYER"}},
            {"action": {"name": "TRANSMETTRE"}},
            {"resource": elsewhere},
        ]);
        if let Some(semantic) = semantic {
            batch["options"] = json!({"evaluations_semantic": semantic});
        }
        batch
    };
    let decisions = |answer: &Value| -> Vec<bool> {
        let list = answer["evaluations"].as_array().expect("evaluations");
        list.iter().map(|e| e["decision"] == json!(true)).collect()
    };
    let path = "/access/v1/evaluations";
    let (status, all) = post(&app, path, &bearer, &batch(None)).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(decisions(&all), [true, false, true, false], "{all}");
    assert_eq!(
        all["evaluations"][1]["context"]["reasons"][0]["code"],
        "unknown_task"
    );
    assert_eq!(all["evaluations"][3]["context"]["error"]["status"], 404);
    let (_, deny) = post(&app, path, &bearer, &batch(Some("deny_on_first_deny"))).await;
    assert_eq!(decisions(&deny), [true, false], "{deny}");
    let (_, permit) = post(&app, path, &bearer, &batch(Some("permit_on_first_permit"))).await;
    assert_eq!(decisions(&permit), [true], "{permit}");

    let (status, answer) = post(&app, path, &bearer, &batch(Some("au_hasard"))).await;
    assert_eq!(status, 400);
    assert!(
        answer["error_description"]
            .as_str()
            .expect("why")
            .starts_with("options.evaluations_semantic")
    );
    let mut without_action = batch(None);
    without_action
        .as_object_mut()
        .expect("an object")
        .remove("action");
    let (status, answer) = post(&app, path, &bearer, &without_action).await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error_description"],
        "evaluations[0].action: required"
    );
    // Without `evaluations`, the single evaluation's answer.
    let (_, single) = post(&app, path, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(single["decision"], true, "{single}");
}

/// Mandat's public address in the test of the independent client: an https one, as the
/// client requires, which the test's TLS terminator forwards to the app.
const PUBLIC: &str = "https://mandat.test";

/// The TLS terminator in front of Mandat, as `openidauthzen`'s transport: what is sent to
/// `PUBLIC` reaches the app.
struct Terminator {
    reach: String,
}

#[async_trait::async_trait]
impl HttpClient for Terminator {
    async fn request(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<HttpResponse, openidauthzen::Error> {
        let url = url.replacen(PUBLIC, &self.reach, 1);
        let mut request = match method {
            Method::Post => http().post(url),
            _ => http().get(url),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let res = request.send().await.expect("Mandat answers");
        let status = res.status().as_u16();
        let body = res.bytes().await.expect("a body").to_vec();
        Ok(HttpResponse {
            status,
            headers: Vec::new(),
            body,
        })
    }
}

#[tokio::test]
async fn an_independent_client_discovers_mandat_and_asks_it() {
    let app = app_at(PUBLIC).await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let reach = app.url.clone();
    let pep = AuthZenClient::new(Terminator { reach }, std::time::Duration::from_secs(60));
    let config = pep.discover(PUBLIC).await.expect("discovered");
    let endpoint = format!("{PUBLIC}/access/v1/evaluation");
    assert_eq!(config.access_evaluation_endpoint, endpoint);
    let request = |task: &str| EvaluationRequest {
        subject: Subject {
            subject_type: "user".into(),
            id: Some(sub.clone()),
            properties: None,
        },
        action: Action {
            name: task.into(),
            properties: None,
        },
        resource: Resource {
            resource_type: "service".into(),
            id: Some("PERMIS".into()),
            properties: Some(json!({"organization": "1160000001"})),
        },
        context: None,
    };
    let allowed = pep.evaluate(PUBLIC, &bearer, &request("CONSULTER")).await;
    assert!(allowed.expect("evaluated").decision);
    let refused = pep.evaluate(PUBLIC, &bearer, &request("PAYER")).await;
    let refused = refused.expect("evaluated");
    assert!(!refused.decision);
    let context = refused.context.expect("its reasons");
    assert_eq!(context["reasons"][0]["code"], "unknown_task");
}

#[tokio::test]
async fn evaluations_reach_the_journal_and_the_counts_in_batches_not_at_each_request() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let mut admin = common::signed_in(&app, "ministere01").await;
    let journaled = |page: &str| {
        (
            page.matches("<td>Évaluation d'accès : refusé</td>").count(),
            page.matches("<td>Évaluation d'accès : autorisé (échantillon)</td>")
                .count(),
        )
    };

    // Allowed, then refused twice: answered, and nothing written yet.
    for (subject, task) in [
        (sub.as_str(), "CONSULTER"),
        (sub.as_str(), "PAYER"),
        ("quelqu-un", "CONSULTER"),
    ] {
        evaluate(&app, &bearer, &ask(subject, "1160000001", task)).await;
    }
    let (_, journal) = admin.get("/ministere/journal").await;
    assert_eq!(journaled(&journal), (0, 0), "an evaluation writes nothing");

    // The server's task writes them: each denial, and the first allowed one of the sample.
    assert_eq!(app.layer.flush_evaluations().await.expect("flushed"), 3);
    let (_, journal) = admin.get("/ministere/journal").await;
    assert_eq!(journaled(&journal), (2, 1), "{journal}");
    assert!(
        journal.contains("tâche PAYER de PERMIS ; unknown_task"),
        "{journal}"
    );
    let (_, clients) = admin.get("/ministere/services/PERMIS/clients").await;
    assert!(clients.contains("1 autorisée, 2 refusées"), "{clients}");

    // One allowed in a hundred: the next one is counted, not journaled.
    evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(app.layer.flush_evaluations().await.expect("flushed"), 1);
    assert_eq!(app.layer.flush_evaluations().await.expect("nothing"), 0);
    let (_, journal) = admin.get("/ministere/journal").await;
    assert_eq!(journaled(&journal), (2, 1));
    let mut central = common::signed_in(&app, "central01").await;
    let (_, clients) = central.get("/central/clients").await;
    assert!(clients.contains("2 autorisées, 2 refusées"), "{clients}");

    // The same denial asked again before the flush is one entry that says how many times.
    for _ in 0..3 {
        evaluate(&app, &bearer, &ask("quelqu-un", "1160000001", "CONSULTER")).await;
    }
    assert_eq!(app.layer.flush_evaluations().await.expect("flushed"), 3);
    let (_, journal) = admin.get("/ministere/journal").await;
    assert_eq!(journaled(&journal), (3, 1), "{journal}");
    assert!(journal.contains("unknown_subject ; 3 fois"), "{journal}");
}

/// A procuration of the centre for `agency`, restricted to `tasks` (all when empty), held by
/// Marc Côté from now.
async fn held(app: &App, w: &World, agency: AgencyId, tasks: &[TaskId]) -> ProcurationId {
    let access = match tasks {
        [] => Access::Unrestricted,
        some => Access::Tasks(some.iter().copied().collect()),
    };
    let p = Procuration {
        id: ProcurationId::new(),
        org: w.centre,
        name: "Autre".into(),
        starts_on: None,
        ends_on: date!(2027 - 06 - 30),
        agencies: vec![AgencyAccess { agency, access }],
    };
    let officer = app.store.account_by_user_code("officier01").await;
    let by = officer.expect("read").expect("officer").id;
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_procuration(&p, by).await.expect("procuration");
    tx.assign(p.id, app.member, by).await.expect("assigned");
    tx.commit().await.expect("commit");
    p.id
}

#[tokio::test]
async fn each_reason_of_a_refusal_has_its_stable_code() {
    let app = app().await;
    let w = world(&app).await;
    let (sub, _) = signed_in_to_service(&app, &w).await;
    let bearer = api_token(&app, &w).await;
    let refused = |answer: &Value| {
        let mut found: Vec<String> = codes(answer).into_iter().map(str::to_string).collect();
        found.sort();
        found
    };
    let officer = app.store.account_by_user_code("officier01").await;
    let by = officer.expect("read").expect("officer").id;
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();

    // Another organization, enrolled too: Marc's procuration is the centre's, and only the
    // procurations for the organization asked about are read (`other_organization` is
    // reserved).
    let firm = support::organization("1170000002", "Bélanger Comptables associés inc.");
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_organization(&firm).await.expect("org");
    enrolled::enroll(&mut tx, &firm, &saaq, by).await;
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1170000002", "CONSULTER")).await;
    assert_eq!(refused(&answer), ["no_grant"], "{answer}");

    // The service needs a training contract, which the centre has not (M9).
    let mut permis = app.store.services_of(saaq.id).await.expect("services")[0].clone();
    permis.contract = Some(ContractKind::Training);
    let mut tx = app.store.begin().await.expect("begin");
    tx.update_service(&permis).await.expect("contract needed");
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(refused(&answer), ["no_contract"], "{answer}");
    permis.contract = None;
    let mut tx = app.store.begin().await.expect("begin");
    tx.update_service(&permis)
        .await
        .expect("no contract needed");

    // Only CONSULTER granted for the SAAQ, and the RAMQ's whole catalog: TRANSMETTRE is
    // not, and the RAMQ's procuration is not read for the SAAQ (`other_agency` is reserved).
    tx.withdraw_procuration(w.centre, w.procuration)
        .await
        .expect("withdrawn");
    let ramq = support::agency("RAMQ");
    tx.insert_agency(&ramq).await.expect("agency");
    let centre = app
        .store
        .organization(w.centre)
        .await
        .expect("read")
        .expect("centre");
    enrolled::enroll(&mut tx, &centre, &ramq, by).await;
    tx.commit().await.expect("commit");
    let tasks = app.store.tasks_of(permis.id).await.expect("tasks");
    let consulter = tasks
        .iter()
        .find(|t| t.code.as_str() == "CONSULTER")
        .expect("task");
    let restricted = held(&app, &w, saaq.id, &[consulter.id]).await;
    let other = held(&app, &w, ramq.id, &[]).await;
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "TRANSMETTRE")).await;
    assert_eq!(refused(&answer), ["task_not_granted"], "{answer}");
    assert_eq!(
        evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER"))
            .await
            .1["decision"],
        true
    );

    // No procuration at all; then the enrollment no longer « Actif » too (E5): a refusal
    // says every reason.
    let mut tx = app.store.begin().await.expect("begin");
    for p in [restricted, other] {
        tx.withdraw_procuration(w.centre, p)
            .await
            .expect("withdrawn");
    }
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(refused(&answer), ["no_grant"], "{answer}");
    let enrollment = app.store.enrollments_of_org(w.centre).await.expect("read");
    let saaq_enrollment = enrollment
        .iter()
        .find(|e| e.agency_id == saaq.id)
        .expect("enrolled");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_enrollment_state(saaq.id, saaq_enrollment.id, "REFUSE", "", by)
        .await
        .expect("refused");
    tx.commit().await.expect("commit");
    let (_, answer) = evaluate(&app, &bearer, &ask(&sub, "1160000001", "CONSULTER")).await;
    assert_eq!(refused(&answer), ["no_grant", "not_enrolled"], "{answer}");
}

#[tokio::test]
async fn a_search_of_many_people_comes_in_pages_the_agency_follows() {
    let app = app().await;
    let w = world(&app).await;
    let bearer = api_token(&app, &w).await;
    let officer = app.store.account_by_user_code("officier01").await;
    let by = officer.expect("read").expect("officer").id;
    // 59 more people of the centre hold the procuration, each known to the SAAQ.
    let mut tx = app.store.begin().await.expect("begin");
    for i in 0..59 {
        let person = support::person(w.centre, "Tremblay", &format!("P{i}"), &format!("2{i:05}"));
        let code = format!("pers{i:04}");
        let account =
            enrolled::with_code(&mut tx, &person, ProfileSet::default(), &code, None).await;
        tx.assign(w.procuration, person.id, by)
            .await
            .expect("assigned");
        tx.remember_subject(w.saaq, &format!("sub-{i:03}"), account)
            .await
            .expect("known");
    }
    tx.commit().await.expect("commit");
    let mut body = json!({
        "subject": {"type": "user"},
        "resource": {"type": "service", "id": "PERMIS", "properties": {"organization": "1160000001"}},
        "action": {"name": "CONSULTER"},
    });
    let (status, first) = post(&app, "/access/v1/search/subject", &bearer, &body).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["results"].as_array().map(Vec::len), Some(50));
    let next = first["page"]["next_token"]
        .as_str()
        .expect("a next page")
        .to_string();
    assert!(!next.is_empty());
    body["page"] = json!({"next_token": next});
    let (_, second) = post(&app, "/access/v1/search/subject", &bearer, &body).await;
    assert_eq!(
        second["results"].as_array().map(Vec::len),
        Some(9),
        "{second}"
    );
    assert_eq!(second["page"]["next_token"], "");
    let mut all: Vec<&str> = [&first, &second]
        .iter()
        .flat_map(|page| page["results"].as_array().into_iter().flatten())
        .filter_map(|r| r["id"].as_str())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 59, "each once, none of another agency");
}
