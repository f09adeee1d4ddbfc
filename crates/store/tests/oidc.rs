//! The OpenID Connect provider's records (issue 20), on SQLite and on PostgreSQL: signing
//! keys rotate; clients are listed by agency and disabled once; an authorization is granted
//! once, its code redeemed once, its refresh tokens rotated once, and a client assertion's
//! `jti` accepted once.

use mandat_core::ids::{AuthorizationId, ClientId};
use mandat_oidc::{ClientForm, ClientSpec};
use mandat_store::{AccountKind, AuthorizationRequest, CodeValidity, Granted};
use mandat_testing::{self as support, Db, conformance, enrolled};
use time::Duration;

conformance!(
    keys_rotate_and_clients_are_kept_by_agency,
    an_authorization_is_granted_redeemed_and_refreshed_once_each,
    a_subject_names_its_account_to_its_agency_alone
);

/// Issue 21: the authorization API finds a person by the pairwise `sub` an agency received,
/// and another agency finds no one by it; a member is found with their organization, in one
/// read with their code's state, and an account that is no member's is no member.
async fn a_subject_names_its_account_to_its_agency_alone(db: Db) {
    let store = db.store().await;
    let (saaq, ramq) = (support::agency("SAAQ"), support::agency("RAMQ"));
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&ramq).await.expect("agency");
    let account = support::account(AccountKind::Central, "central01");
    tx.insert_account(&account).await.expect("account");
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    tx.insert_organization(&org).await.expect("org");
    let person = support::person(org.id, "Côté", "Marc", "100005");
    let until = Some(time::macros::date!(2027 - 12 - 31));
    let member = enrolled::with_code(&mut tx, &person, Default::default(), "usr100", until).await;
    tx.remember_subject(saaq.id, "sub-2", member)
        .await
        .expect("remembered");
    tx.remember_subject(saaq.id, "sub-1", account.id)
        .await
        .expect("remembered");
    tx.remember_subject(saaq.id, "sub-1", account.id)
        .await
        .expect("twice is once");
    tx.commit().await.expect("commit");
    let known = store.subjects_of(saaq.id).await.expect("read");
    let expected = vec![
        ("sub-1".to_string(), account.id),
        ("sub-2".to_string(), member),
    ];
    assert_eq!(known, expected, "each subject once, by subject");
    assert_eq!(
        store.subjects_of(ramq.id).await.expect("read"),
        [],
        "another agency's clients never received them"
    );
    let found = store.member_of_subject(saaq.id, "sub-2").await;
    let code = CodeValidity {
        active: true,
        expires_on: until,
    };
    assert_eq!(found.expect("read"), Some((person.id, org.id, code)));
    let central = store.member_of_subject(saaq.id, "sub-1").await;
    assert_eq!(
        central.expect("read"),
        None,
        "central's account is no member"
    );
    let other = store.member_of_subject(ramq.id, "sub-2").await;
    assert_eq!(other.expect("read"), None, "not RAMQ's subject");
}

async fn keys_rotate_and_clients_are_kept_by_agency(db: Db) {
    let store = db.store().await;
    let (saaq, ramq) = (support::agency("SAAQ"), support::agency("RAMQ"));
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&ramq).await.expect("agency");
    let (service, _) = enrolled::service(&mut tx, &saaq, &["CONSULTER"]).await;
    tx.rotate_signing_key("k1", "sealed-1")
        .await
        .expect("first key");
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    tx.rotate_signing_key("k2", "sealed-2")
        .await
        .expect("second key");
    let spec = ClientSpec::parse(&ClientForm {
        name: "Permis en ligne",
        redirect_uris: "https://permis.example/rappel\nhttp://localhost:8080/cb",
        method: "client_secret_basic",
        ..Default::default()
    })
    .expect("a client");
    let id = ClientId::new();
    tx.insert_client(id, (saaq.id, service.id), &spec, Some("digest"))
        .await
        .expect("client");
    tx.commit().await.expect("commit");

    let keys = store.signing_keys().await.expect("keys");
    let kids: Vec<_> = keys
        .iter()
        .map(|k| (k.kid.as_str(), k.retired_at.is_some()))
        .collect();
    assert_eq!(kids, [("k1", true), ("k2", false)]);
    let client = store.client(id).await.expect("read").expect("found");
    assert_eq!(client.spec, spec);
    assert_eq!(client.secret_digest.as_deref(), Some("digest"));
    assert!(client.enabled());
    assert_eq!(store.clients(Some(saaq.id)).await.expect("list").len(), 1);
    assert!(store.clients(Some(ramq.id)).await.expect("list").is_empty());
    assert_eq!(store.clients(None).await.expect("list").len(), 1);
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.disable_client(id).await.expect("disable"));
    assert!(!tx.disable_client(id).await.expect("again"), "once");
    tx.commit().await.expect("commit");
    assert!(
        !store
            .client(id)
            .await
            .expect("read")
            .expect("found")
            .enabled()
    );
}

async fn an_authorization_is_granted_redeemed_and_refreshed_once_each(db: Db) {
    let store = db.store().await;
    let saaq = support::agency("SAAQ");
    let org = support::organization("1160000001", "Centre");
    let person = support::person(org.id, "Côté", "Marc", "100005");
    let account = support::account(
        AccountKind::Member {
            person: person.id,
            org: org.id,
        },
        "membre01",
    );
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_organization(&org).await.expect("org");
    enrolled::member(&mut tx, &person).await;
    tx.insert_account(&account).await.expect("account");
    let (service, _) = enrolled::service(&mut tx, &saaq, &["CONSULTER"]).await;
    let spec = ClientSpec::parse(&ClientForm {
        name: "Permis",
        redirect_uris: "https://permis.example/rappel",
        method: "client_secret_basic",
        ..Default::default()
    })
    .expect("a client");
    let client = ClientId::new();
    tx.insert_client(client, (saaq.id, service.id), &spec, None)
        .await
        .expect("client");
    let request = AuthorizationRequest {
        client_id: client,
        redirect_uri: "https://permis.example/rappel".into(),
        scope: "openid email".into(),
        state: Some("s".into()),
        nonce: None,
        code_challenge: "challenge".into(),
        max_age: Some(300),
        login_after: Some(store.now()),
        interactive: false,
        lang: "en".into(),
    };
    let id = AuthorizationId::new();
    tx.insert_authorization(id, "browser", &request)
        .await
        .expect("kept");
    tx.commit().await.expect("commit");

    let kept = store
        .authorization_of_browser("browser")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        kept.request.login_after.map(|t| t.unix_timestamp()),
        request.login_after.map(|t| t.unix_timestamp())
    );
    assert_eq!(
        AuthorizationRequest {
            login_after: None,
            ..kept.request
        },
        AuthorizationRequest {
            login_after: None,
            ..request
        }
    );
    assert!(kept.granted.is_none());
    let granted = Granted {
        account: account.id,
        session_digest: "session".into(),
        auth_time: store.now(),
        org: org.id,
        claims: "{}".into(),
    };
    let mut tx = store.begin().await.expect("begin");
    assert!(
        tx.grant_authorization(id, &granted, "code")
            .await
            .expect("granted")
    );
    assert!(
        !tx.grant_authorization(id, &granted, "code-2")
            .await
            .expect("again"),
        "once"
    );
    assert!(tx.redeem_code(id).await.expect("redeemed"));
    assert!(
        !tx.redeem_code(id).await.expect("again"),
        "a code is redeemed once"
    );
    tx.insert_refresh_token("r1", id).await.expect("refresh");
    assert!(tx.rotate_refresh_token("r1").await.expect("rotated"));
    assert!(
        !tx.rotate_refresh_token("r1").await.expect("again"),
        "rotated once"
    );
    let later = store.now() + Duration::minutes(5);
    assert!(tx.use_assertion(client, "j1", later).await.expect("used"));
    assert!(
        !tx.use_assertion(client, "j1", later).await.expect("again"),
        "a jti once"
    );
    tx.commit().await.expect("commit");

    let by_code = store
        .authorization_of_code("code")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(by_code.granted.as_ref().map(|g| g.org), Some(org.id));
    assert!(by_code.code_used_at.is_some());
    let (by_refresh, rotated) = store
        .authorization_of_refresh_token("r1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!((by_refresh.id, rotated), (id, true));
    let mut tx = store.begin().await.expect("begin");
    tx.end_authorization(id).await.expect("ended");
    tx.commit().await.expect("commit");
    let ended = store.authorization(id).await.expect("read").expect("found");
    assert!(ended.ended_at.is_some());
}
