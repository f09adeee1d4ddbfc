//! Delivers the outbox's emails, through SMTP or as `.eml` files in a directory (the default,
//! so that a person trying Mandat can read the codes that sign-in sends).

pub mod contracts_end;
pub mod enrollment;
pub mod external;
pub mod messages;
pub mod procurations;
pub mod procurations_end;
pub mod reactivation;
pub mod requests;
pub mod security;

use std::path::PathBuf;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mandat_core::mail::OutgoingMail;
use mandat_store::{Delivery, DeliveryOutcome, Store};

/// Where emails go.
#[derive(Clone, Debug)]
pub enum MailConfig {
    /// An SMTP server, as a URL: `smtps://user:password@host:465` (TLS),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtp://localhost:2525`.
    Smtp { url: String, from: String },
    /// One `.eml` file per message in this directory.
    Directory { path: PathBuf, from: String },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid sender address {0:?}: {1}")]
    From(String, String),
    #[error("invalid SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("cannot create the mail directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
}

/// Why one message was not delivered.
#[derive(Debug, PartialEq, Eq)]
pub enum SendError {
    /// It may go through later: a connection refused, a server busy (4xx).
    Transient(String),
    /// It never will: the address or the message is refused (5xx).
    Permanent(String),
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Directory(AsyncFileTransport<Tokio1Executor>),
}

/// Sends emails through the configured backend.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    /// Checks the sender address and the SMTP URL, without connecting or creating anything.
    pub fn check(config: &MailConfig) -> Result<(), MailError> {
        let (from, url) = match config {
            MailConfig::Smtp { url, from } => (from, Some(url)),
            MailConfig::Directory { from, .. } => (from, None),
        };
        mailbox(from)?;
        if let Some(url) = url {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| MailError::SmtpUrl(e.to_string()))?;
        }
        Ok(())
    }

    /// The mailer; a directory backend creates its directory.
    pub fn new(config: &MailConfig) -> Result<Self, MailError> {
        Self::check(config)?;
        let (from, transport) = match config {
            MailConfig::Smtp { url, from } => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::SmtpUrl(e.to_string()))?
                    .build();
                (from, Transport::Smtp(transport))
            }
            MailConfig::Directory { path, from } => {
                std::fs::create_dir_all(path).map_err(|e| MailError::Directory(path.clone(), e))?;
                (from, Transport::Directory(AsyncFileTransport::new(path)))
            }
        };
        Ok(Mailer {
            from: mailbox(from)?,
            transport,
        })
    }

    /// Sends one message.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let to: Mailbox =
            mail.to
                .as_str()
                .parse()
                .map_err(|e: lettre::address::AddressError| {
                    SendError::Permanent(format!("recipient: {e}"))
                })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| SendError::Permanent(format!("building the message: {e}")))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(classify),
            Transport::Directory(files) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(format!("writing the message: {e}"))),
        }
    }
}

fn mailbox(from: &str) -> Result<Mailbox, MailError> {
    from.parse().map_err(|e: lettre::address::AddressError| {
        MailError::From(from.to_string(), e.to_string())
    })
}

fn classify(e: SmtpError) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

/// The handler of the outbox's jobs: sends the row `payload` names, at most once.
pub async fn deliver(store: &Store, mailer: &Mailer, payload: &str) -> Result<(), String> {
    let id: uuid::Uuid = payload
        .parse()
        .map_err(|_| format!("not an outbox id: {payload:?}"))?;
    let mail = match store.start_delivery(id).await.map_err(|e| e.to_string())? {
        Delivery::Send(mail) => mail,
        Delivery::Settled => return Ok(()),
        Delivery::Interrupted => {
            tracing::error!(outbox = %id, "an earlier delivery attempt was interrupted; not re-sent, marked uncertain");
            return Ok(());
        }
    };
    let sent = mailer.send(&mail).await;
    let outcome = match &sent {
        Ok(()) => DeliveryOutcome::Sent,
        Err(SendError::Transient(e)) => DeliveryOutcome::Retry(e),
        Err(SendError::Permanent(e)) => {
            tracing::warn!(outbox = %id, template = mail.template, error = e, "email refused for good");
            DeliveryOutcome::Failed(e)
        }
    };
    store
        .end_delivery(id, outcome)
        .await
        .map_err(|e| e.to_string())?;
    match sent {
        // A transient failure goes back to the job queue, which retries with backoff.
        Err(SendError::Transient(e)) => Err(e),
        Ok(()) | Err(SendError::Permanent(_)) => Ok(()),
    }
}
