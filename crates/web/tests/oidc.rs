//! The OpenID Connect provider (issue 20), driven by an independent client: the
//! `openidconnect` crate, as an agency's Rust software would use it, over HTTP. The person's
//! part (sign-in with the second factor, the choice of an organization) is a browser's.

mod common;

use common::oidc::{
    AFTER_LOGOUT, REDIRECT, World, back_link, param, query, sign_in_through, world,
};
use common::{App, PASSWORD, Visitor, app, email_of};
use mandat_core::ids::ClientId as MandatClientId;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, HttpRequest, HttpResponse, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, Scope, TokenResponse,
    UserInfoClaims,
};

/// The `mandat` claim, as an agency's software reads it.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
struct MandatClaim {
    mandat: serde_json::Value,
}

impl openidconnect::AdditionalClaims for MandatClaim {}

/// The agency's HTTP client, for `openidconnect`: reqwest, never following redirects.
fn http()
-> impl Fn(HttpRequest) -> std::pin::Pin<Box<dyn Future<Output = Result<HttpResponse, reqwest::Error>>>>
{
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    move |request: HttpRequest| {
        let client = client.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = client
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await?;
            let mut built = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                built = built.header(name, value);
            }
            let body = response.bytes().await?.to_vec();
            Ok(built.body(body).expect("a response"))
        })
    }
}

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The agency's client, from Mandat's discovery document.
async fn client(app: &App, w: &World, secret: &str) -> Client {
    let issuer = IssuerUrl::new(app.url.clone()).expect("issuer");
    let metadata = CoreProviderMetadata::discover_async(issuer, &http())
        .await
        .expect("discovery");
    CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(w.client_id.clone()),
        Some(ClientSecret::new(secret.into())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).expect("redirect"))
}

/// The client's ID token verifier, at the test app's moment (its clock is fixed).
fn id_verifier<'a>(client: &'a Client, app: &App) -> openidconnect::core::CoreIdTokenVerifier<'a> {
    use mandat_core::Clock;
    let now = app.clock.now().unix_timestamp();
    let at = chrono::DateTime::from_timestamp(now, 0).expect("a moment");
    client.id_token_verifier().set_time_fn(move || at)
}

#[tokio::test]
async fn an_agency_service_signs_a_person_in_and_learns_whom_they_act_for() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();

    let mut browser = Visitor::new(&app);
    let (at, page) = sign_in_through(&app, &mut browser, url.as_str(), "membre01").await;
    assert_eq!(at, "/oidc/authorize/continue", "{page}");
    let back = query(&back_link(&page));
    assert_eq!(param(&back, "state"), Some(csrf.secret().as_str()));
    assert_eq!(param(&back, "iss"), Some(app.url.as_str()), "RFC 9207");
    let code = param(&back, "code").expect("a code").to_string();

    let tokens = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .expect("a token endpoint")
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .expect("tokens");
    let id_token = tokens.id_token().expect("an ID token");
    let claims = id_token
        .claims(&id_verifier(&client, &app), &nonce)
        .expect("signed by a key of the JWKS, for this client, with the nonce");
    assert_eq!(
        claims.email().map(|e| e.as_str()),
        Some(email_of("membre01").as_str())
    );
    assert!(claims.name().is_some(), "profile asked");
    let subject = claims.subject().as_str().to_string();
    assert_eq!(subject.len(), 64, "a pairwise digest, not Mandat's id");
    assert!(!subject.contains(&app.member.to_string()));

    // The Mandat claim, read as the agency's software would: raw JSON of the ID token.
    let payload = id_token.to_string();
    let payload = payload.split('.').nth(1).expect("a payload");
    use base64::Engine;
    let json: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("base64url"),
    )
    .expect("JSON");
    let mandat = &json["mandat"];
    assert_eq!(mandat["organization"]["neq"], "1160000001");
    assert_eq!(
        mandat["organization"]["name"],
        "Centre de formation des Laurentides"
    );
    assert_eq!(mandat["service"], "PERMIS");
    assert_eq!(mandat["procuration"], w.procuration.to_string());
    assert_eq!(mandat["until"], "2027-06-30");
    let tasks: Vec<&str> = mandat["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["code"].as_str())
        .collect();
    assert_eq!(tasks, ["CONSULTER", "TRANSMETTRE"]);

    // Userinfo answers the same person and claim to the access token.
    let info: UserInfoClaims<MandatClaim, CoreGenderClaim> = client
        .user_info(tokens.access_token().clone(), None)
        .expect("a userinfo endpoint")
        .request_async(&http())
        .await
        .expect("userinfo");
    assert_eq!(info.subject().as_str(), subject);
    assert_eq!(info.additional_claims().mandat, *mandat);

    // The code works once; presented again, it also revokes what it gave.
    let again = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("a token endpoint")
        .set_pkce_verifier(PkceCodeVerifier::new("x".repeat(43)))
        .request_async(&http())
        .await;
    assert!(format!("{again:?}").contains("invalid_grant"), "{again:?}");
    let refreshed = client
        .exchange_refresh_token(tokens.refresh_token().expect("a refresh token"))
        .expect("a token endpoint")
        .request_async(&http())
        .await;
    assert!(
        format!("{refreshed:?}").contains("invalid_grant"),
        "revoked: {refreshed:?}"
    );
    let info = client
        .user_info(tokens.access_token().clone(), None)
        .expect("a userinfo endpoint")
        .request_async(&http())
        .await;
    let info: Result<UserInfoClaims<MandatClaim, CoreGenderClaim>, _> = info;
    assert!(info.is_err(), "the access token of a revoked sign-in");
}

/// Signs `membre01` in for the world's client; the tokens.
/// The client's authorization request (code flow, PKCE S256): its address, the verifier and
/// the nonce.
fn authorization(client: &Client) -> (String, PkceCodeVerifier, Nonce) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, _, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    (url.to_string(), verifier, nonce)
}

/// `membre01` signs in for the client at a new browser: the code, its verifier, the nonce.
async fn code_for(app: &App, client: &Client) -> (String, PkceCodeVerifier, Nonce) {
    code_in(app, client, &mut Visitor::new(app)).await
}

/// `membre01` signs in for the client at `browser`: the code, its verifier, the nonce.
async fn code_in(
    app: &App,
    client: &Client,
    browser: &mut Visitor,
) -> (String, PkceCodeVerifier, Nonce) {
    let (url, verifier, nonce) = authorization(client);
    let (_, page) = sign_in_through(app, browser, &url, "membre01").await;
    let back = query(&back_link(&page));
    let code = param(&back, "code").expect("a code").to_string();
    (code, verifier, nonce)
}

/// `membre01` signs in for the client; the tokens, and the nonce the ID token carries.
async fn signed_in_tokens(
    app: &App,
    client: &Client,
) -> (openidconnect::core::CoreTokenResponse, Nonce) {
    tokens_in(app, client, &mut Visitor::new(app)).await
}

/// `membre01` signs in for the client at `browser`; the tokens and the nonce.
async fn tokens_in(
    app: &App,
    client: &Client,
    browser: &mut Visitor,
) -> (openidconnect::core::CoreTokenResponse, Nonce) {
    let (code, verifier, nonce) = code_in(app, client, browser).await;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("a token endpoint")
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .expect("tokens");
    (tokens, nonce)
}

async fn tokens_for(app: &App, client: &Client) -> openidconnect::core::CoreTokenResponse {
    signed_in_tokens(app, client).await.0
}

/// Whether `answer` is the error `error`.
fn says<T>(answer: Result<T, String>, error: &str) -> bool {
    matches!(answer, Err(e) if e.contains(error))
}

async fn refresh(
    client: &Client,
    token: &RefreshToken,
) -> Result<openidconnect::core::CoreTokenResponse, String> {
    client
        .exchange_refresh_token(token)
        .expect("a token endpoint")
        .request_async(&http())
        .await
        .map_err(|e| format!("{e:?}"))
}

#[tokio::test]
async fn refresh_tokens_rotate_and_stop_when_the_right_or_the_code_ends() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;

    // Each use gives a new one; the old one, presented again, ends the sign-in.
    let first = tokens_for(&app, &client).await;
    let old = first.refresh_token().expect("refresh").clone();
    let second = refresh(&client, &old).await.expect("rotated");
    let new = second.refresh_token().expect("refresh").clone();
    assert_ne!(new.secret(), old.secret());
    assert!(says(refresh(&client, &old).await, "invalid_grant"));
    assert!(
        says(refresh(&client, &new).await, "invalid_grant"),
        "a replayed token revokes its whole sign-in"
    );

    // The right withdrawn: the next refresh is refused.
    let tokens = tokens_for(&app, &client).await;
    let token = tokens.refresh_token().expect("refresh").clone();
    let mut tx = app.store.begin().await.expect("begin");
    tx.withdraw_procuration(w.centre, w.procuration)
        .await
        .expect("withdrawn");
    tx.commit().await.expect("commit");
    assert!(says(refresh(&client, &token).await, "invalid_grant"));
}

#[tokio::test]
async fn a_refresh_after_the_code_is_deactivated_or_the_session_ended_is_refused() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;
    let tokens = tokens_for(&app, &client).await;
    let token = tokens.refresh_token().expect("refresh").clone();
    assert!(refresh(&client, &token).await.is_ok());

    let tokens = tokens_for(&app, &client).await;
    let token = tokens.refresh_token().expect("refresh").clone();
    let member = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read")
        .expect("member");
    let mut tx = app.store.begin().await.expect("begin");
    tx.end_sessions_of(member.id).await.expect("ended");
    tx.commit().await.expect("commit");
    assert!(says(refresh(&client, &token).await, "invalid_grant"));
}

#[tokio::test]
async fn each_error_answers_in_the_protocol_s_words() {
    let app = app().await;
    let w = world(&app).await;
    let mut v = Visitor::new(&app);
    let challenge = "CsRNY5CKtHaStGyXfq3E2zKv9nJ66eWVLAklTZngYvo";
    let ask = |redirect: &str, extra: &str| {
        format!(
            "/oidc/authorize?response_type=code&client_id={}&scope=openid&state=s1\
             &redirect_uri={}{extra}",
            w.client_id,
            url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>(),
        )
    };
    let pkce = format!("&code_challenge={challenge}&code_challenge_method=S256");

    // A redirect URI not registered, even a near miss, is never redirected to.
    for near in [
        "http://127.0.0.1:9/rappel/",
        "http://127.0.0.1:9/rappel?x=1",
        "http://127.0.0.1:9/Rappel",
        "https://evil.example/rappel",
    ] {
        let (status, to) = v.status(false, &ask(near, &pkce)).await;
        assert_eq!((status, to), (400, None), "{near}");
    }
    let unknown = format!(
        "/oidc/authorize?response_type=code&client_id={}&redirect_uri={REDIRECT}",
        MandatClientId::new()
    );
    assert_eq!(v.status(false, &unknown).await, (400, None));

    // Known client and address: the error goes back there, with the state.
    for (extra, error) in [
        (String::new(), "invalid_request"),
        (
            "&code_challenge=abc&code_challenge_method=plain".to_string(),
            "invalid_request",
        ),
        (format!("{pkce}&max_age=soon"), "invalid_request"),
    ] {
        let (status, to) = v.status(false, &ask(REDIRECT, &extra)).await;
        assert_eq!(status, 303);
        let back = query(&to.expect("redirected"));
        assert_eq!(param(&back, "error"), Some(error), "{extra}");
        assert_eq!(param(&back, "state"), Some("s1"));
    }
    let scopeless = ask(REDIRECT, &pkce).replace("scope=openid", "scope=email");
    let back = query(&v.status(false, &scopeless).await.1.expect("redirected"));
    assert_eq!(param(&back, "error"), Some("invalid_scope"));
    let implicit = ask(REDIRECT, &pkce).replace("response_type=code", "response_type=token");
    let back = query(&v.status(false, &implicit).await.1.expect("redirected"));
    assert_eq!(param(&back, "error"), Some("unsupported_response_type"));
    let silent = format!("{}&prompt=none", ask(REDIRECT, &pkce));
    let (status, to) = v.status(false, &silent).await;
    assert_eq!(
        (status, to.as_deref()),
        (303, Some("/oidc/authorize/continue"))
    );
    let (_, page) = v.get("/oidc/authorize/continue").await;
    let back = query(&back_link(&page));
    assert_eq!(
        param(&back, "error"),
        Some("login_required"),
        "prompt=none, no session"
    );

    // A wrong verifier, a wrong secret, a disabled client.
    let client = client(&app, &w, &w.secret).await;
    let (code, _, _) = code_for(&app, &client).await;
    let wrong = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .expect("endpoint")
        .set_pkce_verifier(PkceCodeVerifier::new("y".repeat(43)))
        .request_async(&http())
        .await;
    assert!(format!("{wrong:?}").contains("invalid_grant"), "{wrong:?}");
    let impostor = client_with_secret(&app, &w, "not-the-secret").await;
    let refused = impostor
        .exchange_code(AuthorizationCode::new(code))
        .expect("endpoint")
        .set_pkce_verifier(PkceCodeVerifier::new("y".repeat(43)))
        .request_async(&http())
        .await;
    assert!(
        format!("{refused:?}").contains("invalid_client"),
        "{refused:?}"
    );

    let tokens = tokens_for(&app, &client).await;
    let id: MandatClientId = w.client_id.parse().expect("id");
    let owner = mandat_app::oidc::ClientOwner::Operator(w.saaq);
    assert!(w.mandat.disable_client(owner, id).await.expect("disabled"));
    let refused = refresh(&client, tokens.refresh_token().expect("refresh")).await;
    assert!(says(refused, "invalid_client"));
    let (status, to) = v.status(false, &ask(REDIRECT, &pkce)).await;
    assert_eq!(
        (status, to),
        (400, None),
        "a disabled client starts no sign-in"
    );
}

async fn client_with_secret(app: &App, w: &World, secret: &str) -> Client {
    client(app, w, secret).await
}

#[tokio::test]
async fn a_token_signed_before_a_key_rotation_still_verifies() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;
    let (tokens, nonce) = signed_in_tokens(&app, &client).await;
    let old_kid = tokens.id_token().expect("id token").to_string();

    w.mandat.rotate_signing_key().await.expect("rotated");
    // A relying party that fetches the JWKS anew after the rotation.
    let rediscovered = client_with_secret(&app, &w, &w.secret).await;
    let id_token = tokens.id_token().expect("id token");
    assert!(
        id_token
            .claims(&id_verifier(&rediscovered, &app), &nonce)
            .is_ok()
    );
    let fresh = refresh(&rediscovered, tokens.refresh_token().expect("refresh"))
        .await
        .expect("refreshed");
    let new_kid = fresh.id_token().expect("id token").to_string();
    let kid = |jwt: &str| jsonwebtoken::decode_header(jwt).expect("header").kid;
    assert_ne!(
        kid(&old_kid),
        kid(&new_kid),
        "the new key signs from now on"
    );
    let _ = PASSWORD;
}

#[tokio::test]
async fn a_service_signs_the_person_out_of_mandat_once_they_confirm() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;
    let mut browser = Visitor::new(&app);
    let (tokens, _) = tokens_in(&app, &client, &mut browser).await;
    let hint = tokens.id_token().expect("id token").to_string();
    let ask = |uri: &str| {
        let encode =
            |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
        format!(
            "/oidc/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=bye",
            encode(uri)
        )
    };

    // Not confirmed: still signed in. An address the client did not register is not offered.
    let (_, page) = browser.get(&ask("https://evil.example/")).await;
    assert!(page.contains("Vous déconnecter de Mandat ?") && page.contains("Permis en ligne"));
    let (_, page) = browser
        .post(
            "/oidc/logout",
            &[
                ("client_id", &w.client_id),
                ("post_logout_redirect_uri", "https://evil.example/"),
                ("state", "bye"),
            ],
        )
        .await;
    assert!(!page.contains("evil.example"), "{page}");
    assert!(says(
        refresh(&client, tokens.refresh_token().expect("refresh")).await,
        "invalid_grant"
    ));

    // Signed in again, the registered address is where the person goes, with the state.
    let (tokens, _) = signed_in_tokens(&app, &client).await;
    let mut browser = Visitor::new(&app);
    browser
        .sign_in(&app, "membre01", &email_of("membre01"))
        .await;
    let (_, page) = browser.get(&ask(AFTER_LOGOUT)).await;
    assert!(page.contains("Me déconnecter"), "{page}");
    let (_, page) = browser
        .post(
            "/oidc/logout",
            &[
                ("client_id", &w.client_id),
                ("post_logout_redirect_uri", AFTER_LOGOUT),
                ("state", "bye"),
            ],
        )
        .await;
    assert_eq!(back_link(&page), format!("{AFTER_LOGOUT}?state=bye"));
    let (at, _) = browser.get("/menu").await;
    assert_eq!(at, "/connexion", "the Mandat session ended");
    // Another browser's sign-in stands: only this session's sign-ins end.
    assert!(
        refresh(&client, tokens.refresh_token().expect("refresh"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_agency_registers_and_disables_its_clients_in_its_back_office() {
    let app = app().await;
    let w = world(&app).await;
    let page_path = "/ministere/services/PERMIS/clients";
    let mut admin = common::signed_in(&app, "ministere01").await;
    let (_, page) = admin.get(page_path).await;
    assert!(
        page.contains("Permis en ligne") && page.contains(&w.client_id),
        "{page}"
    );

    // Refused as typed, with each field's problem; nothing registered.
    let (_, page) = admin
        .post(
            page_path,
            &[
                ("client-name", ""),
                ("redirect-uris", "http://evil.example/cb"),
                ("client-method", "client_secret_basic"),
            ],
        )
        .await;
    assert!(page.contains("n'est pas en https"), "{page}");
    assert!(page.contains(r#"id="client-name-error""#));
    assert_eq!(
        app.store.clients(Some(w.saaq)).await.expect("list").len(),
        1
    );

    // Registered: the secret is shown once, and only its digest kept.
    let (_, page) = admin
        .post(
            page_path,
            &[
                ("client-name", "Permis mobile"),
                ("redirect-uris", "https://mobile.example/rappel"),
                ("client-method", "client_secret_basic"),
            ],
        )
        .await;
    let marker = r#"id="new-client-secret">"#;
    let secret_at = page.find(marker).expect("the secret, once") + marker.len();
    let secret = &page[secret_at..secret_at + page[secret_at..].find('<').expect("end")];
    let clients = app.store.clients(Some(w.saaq)).await.expect("list");
    let new = clients
        .iter()
        .find(|c| c.spec.name == "Permis mobile")
        .expect("registered");
    assert_eq!(
        new.secret_digest.as_deref(),
        Some(mandat_core::secret::digest(secret).as_str())
    );
    let (_, page) = admin.get(page_path).await;
    assert!(!page.contains(secret), "never shown again");

    // A person of the agency's staff sees the clients, and may not register or disable one.
    let mut staff = common::signed_in(&app, "personnel01").await;
    let (_, page) = staff.get(page_path).await;
    assert!(page.contains("Permis mobile") && !page.contains("Inscrire le client"));
    let disable = format!("/ministere/clients/{}/desactiver", new.id);
    staff.get(page_path).await;
    assert_eq!(staff.status(true, &disable).await.0, 403);

    let (_, page) = admin.post(&disable, &[]).await;
    assert!(page.contains("Le client est désactivé"), "{page}");
    assert!(
        !app.store
            .client(new.id)
            .await
            .expect("read")
            .expect("found")
            .enabled()
    );
    let (_, journal) = admin.get("/ministere/journal").await;
    assert!(journal.contains("Inscription d'un client OpenID Connect"));
    assert!(journal.contains("Désactivation d'un client OpenID Connect"));

    // Central sees every agency's clients.
    let mut central = common::signed_in(&app, "central01").await;
    let (_, page) = central.get("/central/clients").await;
    assert!(
        page.contains("Permis mobile") && page.contains("Permis en ligne"),
        "{page}"
    );
}

#[tokio::test]
async fn a_temporary_password_is_changed_before_the_service_gets_its_code() {
    let app = app().await;
    let w = world(&app).await;
    let member = app
        .store
        .account_by_user_code("membre01")
        .await
        .expect("read")
        .expect("member");
    let mut tx = app.store.begin().await.expect("begin");
    tx.set_password(member.id, &member.password_hash, true)
        .await
        .expect("temporary");
    tx.commit().await.expect("commit");
    let client = client(&app, &w, &w.secret).await;
    let (url, _, _) = authorization(&client);
    let mut browser = Visitor::new(&app);
    let (at, _) = sign_in_through(&app, &mut browser, &url, "membre01").await;
    assert_eq!(at, "/mot-de-passe", "the temporary password first");
    let new = "Printemps2027y!";
    let fields = [
        ("current-password", PASSWORD),
        ("password", new),
        ("password-confirmation", new),
    ];
    let (at, page) = browser.post("/mot-de-passe", &fields).await;
    assert_eq!(at, "/oidc/authorize/continue", "{page}");
    assert!(param(&query(&back_link(&page)), "code").is_some());
}

#[tokio::test]
async fn a_person_who_may_act_for_two_organizations_chooses_one_and_one_for_none_is_told() {
    use mandat_core::decision::Access;
    use mandat_core::external::Answer;
    use mandat_core::ids::ProcurationId;
    use mandat_core::procuration::{AgencyAccess, Procuration};
    let app = app().await;
    let w = world(&app).await;
    // A garage entrusts the SAAQ to the centre (P6), which gives it to Marc Côté within.
    let saaq = app.store.agencies().await.expect("agencies")[0].clone();
    let garage = mandat_testing::organization("1170000003", "Garage Tremblay");
    let officer = app
        .store
        .account_by_user_code("officier01")
        .await
        .expect("read")
        .expect("officer");
    let grant = |org, name: &str| Procuration {
        id: ProcurationId::new(),
        org,
        name: name.into(),
        starts_on: None,
        ends_on: time::macros::date!(2027 - 03 - 31),
        agencies: vec![AgencyAccess {
            agency: saaq.id,
            access: Access::Unrestricted,
        }],
    };
    let (mandate, within) = (
        grant(garage.id, "Garage"),
        grant(w.centre, "Pour le garage"),
    );
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_organization(&garage).await.expect("garage");
    mandat_testing::enrolled::enroll(&mut tx, &garage, &saaq, officer.id).await;
    tx.insert_external(&mandate, w.centre, officer.id)
        .await
        .expect("entrusted");
    tx.answer_external(w.centre, mandate.id, Answer::Accepted, officer.id)
        .await
        .expect("accepted");
    tx.insert_within(&within, mandate.id, officer.id)
        .await
        .expect("within");
    tx.assign(within.id, app.member, officer.id)
        .await
        .expect("assigned");
    tx.commit().await.expect("commit");

    let client = client(&app, &w, &w.secret).await;
    let start = |client: &Client| {
        let (url, verifier, _) = authorization(client);
        (url, verifier)
    };
    let (url, verifier) = start(&client);
    let mut browser = Visitor::new(&app);
    let (_, page) = sign_in_through(&app, &mut browser, &url, "membre01").await;
    assert!(
        page.contains("Pour quel organisme agissez-vous ?"),
        "{page}"
    );
    assert!(page.contains("Centre de formation des Laurentides (NEQ 1160000001)"));
    assert!(page.contains("Garage Tremblay (NEQ 1170000003)"));
    let (_, page) = browser
        .post(
            "/oidc/authorize/continue",
            &[("org", &garage.id.to_string())],
        )
        .await;
    let code = param(&query(&back_link(&page)), "code")
        .expect("a code")
        .to_string();
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("endpoint")
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .expect("tokens");
    let info: UserInfoClaims<MandatClaim, CoreGenderClaim> = client
        .user_info(tokens.access_token().clone(), None)
        .expect("endpoint")
        .request_async(&http())
        .await
        .expect("userinfo");
    let mandat = &info.additional_claims().mandat;
    assert_eq!(mandat["organization"]["name"], "Garage Tremblay");
    assert_eq!(mandat["procuration"], within.id.to_string());
    assert_eq!(mandat["until"], "2027-03-31", "the mandate's end");

    // Declined: the service hears access_denied.
    let (url, _) = start(&client);
    browser.status(false, &url[app.url.len()..]).await;
    let (_, page) = browser.get("/oidc/authorize/continue").await;
    let (_, page2) = browser.post("/oidc/authorize/continue", &[]).await;
    assert!(page.contains("Ne pas me connecter"));
    assert_eq!(
        param(&query(&back_link(&page2)), "error"),
        Some("access_denied")
    );

    // The centre's officer holds no procuration: told so, and the service hears it too.
    let (url, _) = start(&client);
    let mut officer = Visitor::new(&app);
    let (_, page) = sign_in_through(&app, &mut officer, &url, "officier01").await;
    assert!(page.contains("Aucun accès à ce service en ligne"), "{page}");
    assert_eq!(
        param(&query(&back_link_of_message(&page)), "error"),
        Some("access_denied")
    );
}

/// The way back of a message page (a plain link, not the page that goes on by itself).
fn back_link_of_message(page: &str) -> String {
    let marker = format!(r#"href="{REDIRECT}"#);
    let at = page.find(&marker).expect("the way back") + r#"href=""#.len();
    let end = page[at..].find('"').expect("its end") + at;
    page[at..end].replace("&#38;", "&")
}

#[tokio::test]
async fn prompt_login_and_max_age_ask_a_signed_in_person_to_sign_in_again() {
    let app = app().await;
    let w = world(&app).await;
    let client = client(&app, &w, &w.secret).await;
    let mut browser = Visitor::new(&app);
    code_in(&app, &client, &mut browser).await;
    // The browser's note of a request lasts as long as the request waits.
    let res = browser
        .download(&authorization(&client).0[app.url.len()..])
        .await;
    let _ = res;
    let (url, _, _) = authorization(&client);
    let res = browser.unfollowed.get(&url).send().await.expect("request");
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok());
    assert!(
        set.into_iter()
            .any(|c| c.starts_with("oidc_pending=") && c.contains("Max-Age=900"))
    );
    let ask = |extra: &str| {
        let (url, _, _) = authorization(&client);
        format!("{}{extra}", &url[app.url.len()..])
    };

    // Signed in a moment ago: no sign-in asked.
    browser.status(false, &ask("")).await;
    let (at, page) = browser.get("/oidc/authorize/continue").await;
    assert_eq!(at, "/oidc/authorize/continue");
    assert!(param(&query(&back_link(&page)), "code").is_some());

    // prompt=login: a sign-in after the request, whatever the session.
    browser.status(false, &ask("&prompt=login")).await;
    let (at, _) = browser.get("/oidc/authorize/continue").await;
    assert_eq!(at, "/connexion");
    app.clock.advance(time::Duration::seconds(1));
    let (at, page) = browser
        .sign_in(&app, "membre01", &email_of("membre01"))
        .await;
    assert_eq!(at, "/oidc/authorize/continue");
    assert!(param(&query(&back_link(&page)), "code").is_some());

    // max_age: a sign-in no older than asked.
    app.clock.advance(time::Duration::minutes(2));
    browser.status(false, &ask("&max_age=60")).await;
    let (at, _) = browser.get("/oidc/authorize/continue").await;
    assert_eq!(at, "/connexion", "signed in two minutes ago");
    browser.status(false, &ask("&max_age=600")).await;
    let (at, _) = browser.get("/oidc/authorize/continue").await;
    assert_eq!(at, "/oidc/authorize/continue");
}
