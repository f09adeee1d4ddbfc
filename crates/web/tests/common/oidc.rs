//! What the OpenID Connect tests share (issue 20), whichever client drives them: a world
//! where a person may act for an organization in a service with a registered client, and
//! the person's part at a browser.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::decision::Access;
use mandat_core::ids::{AgencyId, OrgId, ProcurationId};
use mandat_core::procuration::{AgencyAccess, Procuration};
use mandat_oidc::ClientForm;
use mandat_testing::{self as support, enrolled};
use serde_json::Value;
use sha2::Digest;
use time::macros::date;

use super::{App, Visitor, email_of};

pub const REDIRECT: &str = "http://127.0.0.1:9/rappel";
pub const AFTER_LOGOUT: &str = "http://127.0.0.1:9/au-revoir";

/// What the agency's client needs, and what the test changes underneath.
pub struct World {
    pub saaq: AgencyId,
    pub centre: OrgId,
    pub procuration: ProcurationId,
    pub client_id: String,
    pub secret: String,
    pub mandat: mandat_app::App,
}

/// The SAAQ offers « Permis » (CONSULTER, TRANSMETTRE); the training centre is enrolled
/// « Actif » and its procuration « Permis » (the SAAQ without restriction, until June 30,
/// 2027) is assigned to Marc Côté (`membre01`); the SAAQ registered a client of « Permis ».
pub async fn world(app: &App) -> World {
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();
    let centre = app.store.organizations().await.expect("orgs")[0].clone();
    let officer = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read");
    let by = officer.expect("the officer").id;
    let mut tx = app.store.begin().await.expect("begin");
    enrolled::service(&mut tx, &saaq, &["CONSULTER", "TRANSMETTRE"]).await;
    enrolled::enroll(&mut tx, &centre, &saaq, by).await;
    let procuration = Procuration {
        id: ProcurationId::new(),
        org: centre.id,
        name: "Permis".into(),
        starts_on: None,
        ends_on: date!(2027 - 06 - 30),
        agencies: vec![AgencyAccess {
            agency: saaq.id,
            access: Access::Unrestricted,
        }],
    };
    tx.insert_procuration(&procuration, by)
        .await
        .expect("procuration");
    tx.assign(procuration.id, app.member, by)
        .await
        .expect("assigned");
    tx.commit().await.expect("commit");
    let mandat = mandat_app::App::new(
        app.store.clone(),
        app.issuer.clone(),
        (support::key(), app.seal.clone()),
        BusinessCalendar::default(),
    );
    let form = ClientForm {
        name: "Permis en ligne",
        redirect_uris: REDIRECT,
        logout_uris: AFTER_LOGOUT,
        method: "client_secret_basic",
        ..Default::default()
    };
    let owner = mandat_app::oidc::ClientOwner::Operator(saaq.id);
    let added = mandat
        .add_client(owner, "PERMIS", &form)
        .await
        .expect("client");
    World {
        saaq: saaq.id,
        centre: centre.id,
        procuration: procuration.id,
        client_id: added.client.id.to_string(),
        secret: added.secret.expect("a secret"),
        mandat,
    }
}

/// The query of the address Mandat sends the browser back to.
pub fn query(url: &str) -> Vec<(String, String)> {
    let url = url::Url::parse(url).expect("an address");
    assert!(url.as_str().starts_with(REDIRECT), "{url}");
    url.query_pairs().into_owned().collect()
}

pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The address of the page that sends the browser back to the service.
pub fn back_link(page: &str) -> String {
    let marker = r#"id="back-to-service" href=""#;
    let at = page.find(marker).expect("the way back") + marker.len();
    let end = page[at..].find('"').expect("its end") + at;
    page[at..end].replace("&#38;", "&")
}

/// A person at a browser goes from the service's link to Mandat, signs in as `code` with
/// the second factor, and comes back: the page that sends them back.
pub async fn sign_in_through(
    app: &App,
    v: &mut Visitor,
    url: &str,
    code: &str,
) -> (String, String) {
    let path = &url[app.url.len()..];
    let (status, to) = v.status(false, path).await;
    assert_eq!(
        (status, to.as_deref()),
        (303, Some("/oidc/authorize/continue"))
    );
    let (at, _) = v.get("/oidc/authorize/continue").await;
    assert_eq!(at, "/connexion", "not signed in yet");
    v.sign_in(app, code, &email_of(code)).await
}

const VERIFIER: &str = "un-verificateur-pkce-assez-long-pour-la-rfc-7636-de-43-caracteres";

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The token endpoint's answer to `form`, as the world's client.
pub async fn token(app: &App, w: &World, form: &[(&str, &str)]) -> (u16, Value) {
    let res = http()
        .post(format!("{}/oidc/token", app.url))
        .basic_auth(&w.client_id, Some(&w.secret))
        .form(form)
        .send()
        .await
        .expect("token endpoint");
    (res.status().as_u16(), json_of(res).await)
}

pub async fn json_of(res: reqwest::Response) -> Value {
    serde_json::from_slice(&res.bytes().await.expect("a body")).expect("JSON")
}

/// Marc Côté signs in to the world's service through the authorization code flow: the pairwise `sub` the agency received, and
/// the access token for userinfo.
pub async fn signed_in_to_service(app: &App, w: &World) -> (String, String) {
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER));
    let url = format!(
        "{}/oidc/authorize?response_type=code&client_id={}&scope=openid&state=s&nonce=n\
         &redirect_uri={}&code_challenge={challenge}&code_challenge_method=S256",
        app.url,
        w.client_id,
        url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>(),
    );
    let mut browser = Visitor::new(app);
    let (_, page) = sign_in_through(app, &mut browser, &url, "membre01").await;
    let back = query(&back_link(&page));
    let code = param(&back, "code").expect("a code").to_string();
    let grant = [
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    let (status, tokens) = token(app, w, &grant).await;
    assert_eq!(status, 200, "{tokens}");
    let id_token = tokens["id_token"].as_str().expect("an ID token");
    let payload = id_token.split('.').nth(1).expect("a payload");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("JSON");
    let sub = claims["sub"].as_str().expect("sub").to_string();
    (sub, tokens["access_token"].as_str().expect("token").into())
}
