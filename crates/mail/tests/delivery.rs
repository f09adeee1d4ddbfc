//! Delivering the outbox, on SQLite and on PostgreSQL.

use mandat_core::Field;
use mandat_core::contact::Email;
use mandat_core::mail::OutgoingMail;
use mandat_jobs::Worker;
use mandat_mail::messages::{Message, SignInCodeMail};
use mandat_mail::{MailConfig, Mailer, deliver};
use mandat_store::{Delivery, Store};
use mandat_testing::{Db, conformance};

conformance!(
    a_queued_email_is_delivered_once_as_a_file,
    an_email_queued_in_a_rolled_back_change_is_never_sent,
    an_interrupted_delivery_is_not_sent_again,
    an_unreachable_smtp_server_leaves_the_email_to_retry,
    once_delivered_or_left_uncertain_an_email_keeps_no_secret_in_the_outbox,
);

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: Email::parse(Field::Email, to).expect("email"),
        subject: "Votre code d'enregistrement / Your registration code".into(),
        body: "Voici votre code d'enregistrement; vous avez la responsabilité d'en maintenir la confidentialité.\n\nHere is your registration code.".into(),
        kept: "Voici votre code d'enregistrement […]".into(),
        template: "test".into(),
    }
}

fn worker(store: &Store, mailer: &Mailer) -> Worker {
    let (store_, mailer) = (store.clone(), mailer.clone());
    Worker::new(store.clone()).handle("mail", move |job| {
        let (store, mailer) = (store_.clone(), mailer.clone());
        async move { deliver(&store, &mailer, &job.payload).await }
    })
}

fn directory_mailer(dir: &std::path::Path) -> Mailer {
    Mailer::new(&MailConfig::Directory {
        path: dir.to_path_buf(),
        from: "Mandat <ne-pas-repondre@mandat.exemple.qc.ca>".into(),
    })
    .expect("mailer")
}

fn messages(dir: &std::path::Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("eml");
        let m = mail_parser::MessageParser::default()
            .parse(&bytes)
            .expect("parse");
        let to = m
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string();
        out.push((
            to,
            m.subject().unwrap_or_default().to_string(),
            m.body_text(0).unwrap_or_default().to_string(),
        ));
    }
    out
}

async fn a_queued_email_is_delivered_once_as_a_file(db: Db) {
    let store = db.store().await;
    let dir = tempfile::tempdir().expect("dir");
    let mailer = directory_mailer(dir.path());
    let mut tx = store.begin().await.expect("begin");
    tx.queue_mail(&mail("chantal.gagne@exemple.qc.ca"))
        .await
        .expect("queue");
    tx.commit().await.expect("commit");

    let worker = worker(&store, &mailer);
    assert!(worker.run_once().await.expect("run"));
    assert!(!worker.run_once().await.expect("run"), "one job only");
    let sent = messages(dir.path());
    assert_eq!(sent.len(), 1);
    let (to, subject, body) = &sent[0];
    assert_eq!(to, "chantal.gagne@exemple.qc.ca");
    assert_eq!(
        subject,
        "Votre code d'enregistrement / Your registration code"
    );
    assert!(
        body.contains("la responsabilité d'en maintenir la confidentialité"),
        "{body}"
    );
    let record = store
        .outbox_for(&mail("chantal.gagne@exemple.qc.ca").to)
        .await
        .expect("outbox");
    assert_eq!((record[0].state.as_str(), record[0].attempts), ("sent", 1));
}

async fn an_email_queued_in_a_rolled_back_change_is_never_sent(db: Db) {
    let store = db.store().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut tx = store.begin().await.expect("begin");
    tx.queue_mail(&mail("personne@exemple.qc.ca"))
        .await
        .expect("queue");
    drop(tx);
    assert!(
        !worker(&store, &directory_mailer(dir.path()))
            .run_once()
            .await
            .expect("run")
    );
    assert!(messages(dir.path()).is_empty());
    assert!(
        store
            .outbox_for(&mail("personne@exemple.qc.ca").to)
            .await
            .expect("outbox")
            .is_empty()
    );
}

async fn an_interrupted_delivery_is_not_sent_again(db: Db) {
    let store = db.store().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .queue_mail(&mail("martin.lavoie@exemple.qc.ca"))
        .await
        .expect("queue");
    tx.commit().await.expect("commit");
    // A worker marks the row and dies before it sends or records anything.
    assert!(matches!(
        store.start_delivery(id).await.expect("start"),
        Delivery::Send(_)
    ));

    deliver(&store, &directory_mailer(dir.path()), &id.to_string())
        .await
        .expect("handled");
    assert!(messages(dir.path()).is_empty(), "not sent a second time");
    let record = store
        .outbox_for(&mail("martin.lavoie@exemple.qc.ca").to)
        .await
        .expect("outbox");
    assert_eq!(record[0].state, "uncertain");
}

async fn an_unreachable_smtp_server_leaves_the_email_to_retry(db: Db) {
    let store = db.store().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let mailer = Mailer::new(&MailConfig::Smtp {
        url: format!("smtp://127.0.0.1:{port}"),
        from: "mandat@exemple.qc.ca".into(),
    })
    .expect("mailer");
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .queue_mail(&mail("sophie.roy@exemple.qc.ca"))
        .await
        .expect("queue");
    tx.commit().await.expect("commit");

    let error = deliver(&store, &mailer, &id.to_string())
        .await
        .expect_err("transient failure");
    assert!(!error.is_empty());
    let record = store
        .outbox_for(&mail("sophie.roy@exemple.qc.ca").to)
        .await
        .expect("outbox");
    assert_eq!(
        (record[0].state.as_str(), record[0].attempts),
        ("pending", 1),
        "ready for the next attempt"
    );
    assert!(record[0].last_error.is_some());
    assert_eq!(
        record[0].mail,
        mail("sophie.roy@exemple.qc.ca"),
        "all of it, to send"
    );
}

/// Issue 19 item 5 (ASVS 4.0 8.3.4): the code reaches its reader, and the outbox keeps the
/// message without it, whether it was sent or its attempt was interrupted.
async fn once_delivered_or_left_uncertain_an_email_keeps_no_secret_in_the_outbox(db: Db) {
    let store = db.store().await;
    let dir = tempfile::tempdir().expect("dir");
    let mailer = directory_mailer(dir.path());
    let code = SignInCodeMail {
        code: "482913".into(),
        minutes: 10,
    };
    let (sent, interrupted) = (
        to("chantal.gagne@exemple.qc.ca"),
        to("marc.cote@exemple.qc.ca"),
    );
    let mut tx = store.begin().await.expect("begin");
    tx.queue_mail(&code.to(&sent).expect("mail"))
        .await
        .expect("queue");
    let second = code.to(&interrupted).expect("mail");
    let second = tx.queue_mail(&second).await.expect("queue");
    tx.commit().await.expect("commit");
    let queued = store.outbox_for(&sent).await.expect("outbox");
    assert!(queued[0].mail.body.contains("482913"), "what will be sent");

    store.start_delivery(second).await.expect("start");
    let worker = worker(&store, &mailer);
    while worker.run_once().await.expect("run") {}
    let delivered = messages(dir.path());
    assert_eq!(delivered.len(), 1, "the interrupted one is not sent again");
    assert!(delivered[0].2.contains("482913"), "{}", delivered[0].2);
    for (address, state) in [(&sent, "sent"), (&interrupted, "uncertain")] {
        let record = store.outbox_for(address).await.expect("outbox");
        let body = &record[0].mail.body;
        assert_eq!(record[0].state, state);
        assert!(!body.contains("482913"), "{body}");
        assert!(
            body.contains("Votre code de validation multifacteur est : […]"),
            "{body}"
        );
    }
}

fn to(address: &str) -> Email {
    Email::parse(Field::Email, address).expect("email")
}
