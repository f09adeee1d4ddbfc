//! Behind a proxy, the client's address is the one the trusted proxy saw (issue 19, item 10;
//! ASVS 4.0 1.4.5 and 7.1.3: the audit and the throttles name the real client). Without the
//! setting, the header is whatever a client wrote and is never believed.

mod common;

use common::{Visitor, app, app_behind, signed_in};
use mandat_web::{Proxies, ProxyHeader, proxy_network};

/// The test's requests reach Mandat from 127.0.0.1: trusted here, as a proxy on the host.
fn local_proxy() -> Proxies {
    let network = proxy_network("127.0.0.1").expect("network");
    Proxies::new(vec![network], ProxyHeader::XForwardedFor)
}

/// `n` failed sign-ins of `user_code` from `visitor`; ten reach the per-address limit.
async fn failures(visitor: &mut Visitor, user_code: &str, n: usize) {
    visitor.get("/connexion").await;
    for n in 0..n {
        let typed = format!("Pas le bon {n}");
        visitor
            .post(
                "/connexion",
                &[("user-code", user_code), ("password", &typed)],
            )
            .await;
    }
}

async fn sign_in_status(visitor: &mut Visitor) -> u16 {
    visitor.get("/connexion").await;
    visitor.status(true, "/connexion").await.0
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_block_another() {
    let app = app_behind(local_proxy()).await;
    let mut attacker = Visitor::forwarded_for(&app, "203.0.113.7");
    failures(&mut attacker, "inconnu", 10).await;
    assert_eq!(sign_in_status(&mut attacker).await, 429);
    let mut colleague = Visitor::forwarded_for(&app, "198.51.100.4");
    assert_ne!(sign_in_status(&mut colleague).await, 429);

    // The lockout's record names the client, not the proxy (M11, item 13).
    let mut guesser = Visitor::forwarded_for(&app, "198.51.100.4");
    failures(&mut guesser, "membre01", 3).await;
    let mut chantal = signed_in(&app, "officier01").await;
    let (_, history) = chantal
        .get(&format!("/administration/securite/{}", app.member))
        .await;
    assert!(
        history.contains(
            "d'ouverture de session : le 23 novembre 2026 09:00, depuis l'adresse 198.51.100.4"
        ),
        "{history}"
    );
    assert!(!history.contains("127.0.0.1"), "{history}");
}

#[tokio::test]
async fn without_the_setting_a_forwarded_address_is_not_believed() {
    let app = app().await;
    let mut attacker = Visitor::forwarded_for(&app, "203.0.113.7");
    failures(&mut attacker, "inconnu", 10).await;
    // Another address in the header changes nothing: both came from the same peer.
    let mut disguised = Visitor::forwarded_for(&app, "198.51.100.4");
    assert_eq!(sign_in_status(&mut disguised).await, 429);
}
