//! « Journal des transactions » over HTTP (M12, M23): officers read their organization's
//! entries, central reads all, each filtered and exported, every export recorded.

mod common;

use common::{Visitor, app};

#[tokio::test]
async fn officers_read_and_export_their_organizations_log_and_central_reads_all() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let file = format!("/administration/securite/{}", app.member);
    v.post(&format!("{file}/desactiver"), &[("reason", "dismissal")])
        .await;
    let mut c = Visitor::new(&app);
    c.sign_in(&app, "central01", "central@exemple.qc.ca").await;

    let (_, menu) = v.get("/menu").await;
    assert!(menu.contains(r#"<a href="/administration/journal">Journal des transactions</a>"#));
    let (_, log) = v.get("/administration/journal").await;
    assert!(
        log.contains(
            "<td>Chantal Gagné</td><td>Désactivation</td><td>Marc Côté</td><td>Congédiement</td>"
        ),
        "{log}"
    );
    assert!(
        !log.contains("Adresse IP"),
        "officers do not see where requests came from"
    );
    let (_, found) = v
        .get("/administration/journal?personne=marc&action=deactivated")
        .await;
    assert!(found.contains("1 transaction · page 1 de 1"), "{found}");
    let (_, none) = v.get("/administration/journal?du=2030-01-01").await;
    assert!(none.contains("Aucune transaction ne correspond à ces critères."));
    let (_, bad) = v.get("/administration/journal?du=2026-13-45").await;
    assert!(bad.contains(r#"id="period-from-error""#), "{bad}");
    assert!(bad.contains("Désactivation"), "a bad date filters nothing");

    let res = v
        .download("/administration/journal.csv?action=deactivated")
        .await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let text = res.text().await.expect("csv");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].contains(",Chantal Gagné,Désactivation,Marc Côté,"));
    let res = v.download("/administration/journal.jsonl").await;
    assert_eq!(
        res.headers()["content-type"],
        "application/jsonl; charset=utf-8"
    );
    let body = res.text().await.expect("jsonl");
    let entries: Vec<serde_json::Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let deactivation = entries
        .iter()
        .find(|e| e["action"] == "deactivated")
        .expect("the deactivation");
    assert_eq!(deactivation["about"], "Marc Côté");
    assert!(deactivation["client_address"].is_null());
    assert!(
        entries.iter().all(|e| e["by"] != "Agente Centrale"),
        "central is never named to officers (M23)"
    );
    let exports = app
        .store
        .audit_of_action("audit-exported")
        .await
        .expect("audit");
    assert_eq!(exports.len(), 2, "each export is recorded");

    let (_, all) = c.get("/central/journal?action=audit-exported").await;
    assert!(
        all.contains("2 transactions") && all.contains("Adresse IP"),
        "{all}"
    );
    let (_, by_neq) = c.get("/central/journal?neq=1160000001&personne=marc").await;
    assert!(by_neq.contains("<td>Centre de formation des Laurentides</td>"));
    let (_, elsewhere) = c.get("/central/journal?neq=9990000009").await;
    assert!(elsewhere.contains("Aucune transaction ne correspond à ces critères."));
    let (_, bad_neq) = c.get("/central/journal?neq=12").await;
    assert!(bad_neq.contains(r##"href="#neq""##), "{bad_neq}");
    let agent = c
        .download("/central/journal.jsonl?action=audit-exported")
        .await;
    let text = agent.text().await.expect("jsonl");
    assert_eq!(text.lines().count(), 2);
}

/// Every action and what it says reads as words in the reader's language, never as the code
/// the log stores nor as English on a French page: the sign-ins of the test's own visitors,
/// a wrong password and an officer's deactivation are in central's journal.
#[tokio::test]
async fn the_journal_names_each_action_and_its_detail_in_the_readers_language() {
    use mandat_core::audit::AuditAction;
    let app = app().await;
    let mut v = Visitor::new(&app);
    v.get("/connexion").await;
    let wrong = [("user-code", "officier01"), ("password", "pas le bon mot")];
    v.post("/connexion", &wrong).await;
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let file = format!("/administration/securite/{}", app.member);
    v.post(&format!("{file}/desactiver"), &[("reason", "dismissal")])
        .await;
    let mut c = Visitor::new(&app);
    c.sign_in(&app, "central01", "central@exemple.qc.ca").await;
    let (_, log) = c.get("/central/journal").await;
    assert!(
        log.contains("<td>Ouverture de session</td>")
            && log.contains("<td>Mot de passe vérifié</td>")
            && log.contains("<td>Mot de passe erroné ; échec 1 sur 3</td>")
            && log.contains("<td>Avec un code reçu par courriel</td>")
            && log.contains("<td>Congédiement</td>"),
        "{log}"
    );
    for english in ["wrong password", "second factor", "failure", "Dismissal"] {
        assert!(!log.contains(english), "« {english} » on a French page");
    }
    for action in AuditAction::ALL {
        assert!(
            !log.contains(&format!("<td>{}</td>", action.code())),
            "{} shown as its code",
            action.code()
        );
    }
    c.get("/lang/en?next=/central/journal").await;
    let (_, log) = c.get("/central/journal").await;
    assert!(
        log.contains("<td>Signed in</td>")
            && log.contains("<td>Password verified</td>")
            && log.contains("<td>Wrong password; failure 1 of 3</td>")
            && log.contains("<td>With a code received by email</td>")
            && log.contains("<td>Dismissal</td>"),
        "{log}"
    );
}
