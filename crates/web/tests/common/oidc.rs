//! What the OpenID Connect tests share (issue 20), whichever client drives them: a world
//! where a person may act for an organization in a service with a registered client, and
//! the person's part at a browser.

use mandat_core::calendar::BusinessCalendar;
use mandat_core::decision::Access;
use mandat_core::ids::{AgencyId, OrgId, ProcurationId};
use mandat_core::procuration::{AgencyAccess, Procuration};
use mandat_oidc::ClientForm;
use mandat_testing::{self as support, enrolled};
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
