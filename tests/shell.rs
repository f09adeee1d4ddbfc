//! The web shell over HTTP: languages, pages, headers, probes (issue 3, part 4).

mod support;

use support::TestApp;

#[tokio::test]
async fn the_home_page_is_in_french_by_default_with_its_landmarks() {
    let app = TestApp::start(&[]);
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    assert!(body.contains(r#"<html lang="fr">"#));
    assert!(body.contains("Gérer les accès de votre organisation aux services en ligne"));
    assert!(
        body.contains(r##"<a class="skip-link" href="#contenu">Passer au contenu principal</a>"##)
    );
    assert!(body.contains(r#"<main id="contenu""#));
    assert!(body.contains("<footer"));
    assert!(body.contains(r#"hreflang="en""#) && body.contains(">English</a>"));
}

#[tokio::test]
async fn the_language_switch_keeps_the_page_and_the_choice() {
    let app = TestApp::start(&[]);
    let client = app.client();
    let res = client
        .get(format!("{}/lang/en?next=%2Fnowhere%3Fa%3D1", app.url))
        .send()
        .await
        .expect("switch");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/nowhere?a=1");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(
        cookie.starts_with("lang=en")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age") && !cookie.contains("Expires"),
        "a session cookie only (M12): {cookie}"
    );

    let home = client
        .get(format!("{}/", app.url))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(home.contains(r#"<html lang="en">"#) && home.contains("Security officers"));
    assert!(home.contains(">Français</a>"));

    let res = client
        .get(format!("{}/lang/fr?next=//evil.example", app.url))
        .send()
        .await
        .expect("back");
    assert_eq!(
        res.headers()["location"],
        "/",
        "never redirects off the site"
    );
    let home = client
        .get(format!("{}/", app.url))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(home.contains(r#"<html lang="fr">"#));
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_in_the_readers_language() {
    let app = TestApp::start(&[]);
    let res = app.get("/pas-ici").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.expect("body").contains("Page introuvable"));
    let client = app.client();
    client
        .get(format!("{}/lang/en", app.url))
        .send()
        .await
        .expect("switch");
    let res = client
        .get(format!("{}/not-here", app.url))
        .send()
        .await
        .expect("404");
    assert_eq!(res.status(), 404);
    assert!(res.text().await.expect("body").contains("Page not found"));
    assert_eq!(
        app.get("/lang/de").await.status(),
        404,
        "only French and English"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_request_id() {
    let app = TestApp::start(&[]);
    for path in ["/", "/nowhere", "/healthz"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-request-id"].to_str().expect("id").len(), 36, "{path}");
    }
}

#[tokio::test]
async fn static_assets_are_cached_for_a_year_under_a_content_hash() {
    let app = TestApp::start(&[]);
    let home = app.get("/").await.text().await.expect("body");
    let start = home.find("/static/mandat.").expect("stylesheet link");
    let href = &home[start..start + home[start..].find('"').expect("end")];
    assert!(href.ends_with(".css"));
    let res = app.get(href).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/css")
    );
    assert_eq!(app.get("/static/mandat.0000.css").await.status(), 404);
    assert_eq!(
        app.get("/").await.headers()["cache-control"],
        "no-store",
        "pages are not cached"
    );
}

#[tokio::test]
async fn the_probes_answer() {
    let app = TestApp::start(&[]);
    let res = app.get("/healthz").await;
    assert_eq!(
        (res.status().as_u16(), res.text().await.expect("body")),
        (200, "ok\n".to_string())
    );
    let res = app.get("/readyz").await;
    assert_eq!(
        (res.status().as_u16(), res.text().await.expect("body")),
        (200, "ready\n".to_string())
    );
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let app = TestApp::start(&[]);
    assert_eq!(app.get("/healthz").await.status(), 200);
    let status = app.terminate();
    assert!(status.success(), "{status}");
}
