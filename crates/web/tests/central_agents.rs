//! Central's own accounts: created with the user code emailed and the temporary password
//! shown once, deactivated by another agent only, each action audited.

mod common;

use common::{Visitor, app};
use mandat_core::Field;
use mandat_core::contact::Email;

#[tokio::test]
async fn an_agent_creates_another_and_deactivates_them_but_not_themself() {
    let app = app().await;
    let mut central = Visitor::new(&app);
    central
        .sign_in(&app, "central01", "central@exemple.qc.ca")
        .await;
    central.get("/central/agents").await;
    let (_, page) = central
        .post(
            "/central/agents",
            &[
                ("agent-name", "Paul Girard"),
                ("email", "paul.girard@mandat.qc.ca"),
                ("user-code", "girard77"),
            ],
        )
        .await;
    assert!(
        page.contains(r#"id="user-code-error""#),
        "made of the name: {page}"
    );
    let (_, page) = central
        .post(
            "/central/agents",
            &[
                ("agent-name", "Paul Girard"),
                ("email", "paul.girard@mandat.qc.ca"),
                ("user-code", "central01"),
            ],
        )
        .await;
    assert!(
        page.contains("Ce code d'utilisateur est déjà pris."),
        "{page}"
    );
    let (_, page) = central
        .post(
            "/central/agents",
            &[
                ("agent-name", "Paul Girard"),
                ("email", "paul.girard@mandat.qc.ca"),
                ("user-code", "gcs2027"),
            ],
        )
        .await;
    assert!(
        page.contains("Le compte de Paul Girard est créé."),
        "{page}"
    );
    let at = page
        .find(r#"<code class="typed-key">"#)
        .expect("password shown")
        + 24;
    let password = &page[at..page[at..].find('<').expect("end") + at];
    assert!(password.len() >= 10);
    let mail = &app
        .store
        .outbox_for(&Email::parse(Field::Email, "paul.girard@mandat.qc.ca").expect("email"))
        .await
        .expect("outbox")[0]
        .mail
        .body;
    assert!(mail.contains("gcs2027"));
    assert!(!mail.contains(password), "the password is never emailed");
    let (_, page) = central.get("/central/agents").await;
    assert!(!page.contains(password), "shown once");

    let agents = app.store.central_agents().await.expect("agents");
    let me = agents
        .iter()
        .find(|a| a.user_code.as_str() == "central01")
        .expect("me");
    let paul = agents
        .iter()
        .find(|a| a.user_code.as_str() == "gcs2027")
        .expect("paul");
    assert!(paul.password_temporary);
    let (_, page) = central
        .post(&format!("/central/agents/{}/desactiver", me.id), &[])
        .await;
    assert!(page.contains("Vous ne pouvez pas désactiver votre propre compte"));
    let (_, page) = central
        .post(&format!("/central/agents/{}/desactiver", paul.id), &[])
        .await;
    assert!(page.contains("Le compte de Paul Girard est désactivé."));
    let paul = app
        .store
        .account(paul.id)
        .await
        .expect("read")
        .expect("paul");
    assert!(paul.inactive.is_some());
    for action in ["central-agent-created", "central-agent-deactivated"] {
        let entries = app.store.audit_of_action(action).await.expect("audit");
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(entries[0].actor, Some(me.id.to_string()));
    }
}
