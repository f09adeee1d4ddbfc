//! The demonstration's agency online service beside Mandat (issue 20): the MESS's « Services
//! en ligne des intervenants externes », registered as a client of that service and started
//! on its own address. It talks to Mandat over HTTP like any agency's software; this module
//! only gives it its configuration (addresses, credentials, the service's names), as an
//! agency's operator would, and registers it as the receiver of the MESS's revocation events.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use mandat_app::App;
use mandat_app::oidc::ClientOwner;
use mandat_core::Clock;
use mandat_core::agency::Code;
use mandat_core::ids::{AgencyId, ClientId};
use mandat_demo_service::{Settings, TaskName};
use mandat_oidc::ClientForm;
use mandat_oidc::receiver::ReceiverForm;
use mandat_store::ReceiverMethod;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::rights::AGENCY;

/// The service of the MESS the demonstration's client serves.
const SERVICE: &str = "SEL-IE";
const CLIENT_NAME: &str = "Service en ligne de démonstration";

/// The client's credentials, kept where the service's operator would keep them: in a file of
/// the data directory (the process's files are its owner's alone).
#[derive(Serialize, Deserialize)]
struct Credentials {
    client_id: String,
    secret: String,
    base: String,
    /// The token Mandat sends with the MESS's revocation events (issue 21), which the
    /// service checks; empty until its receiver is registered.
    #[serde(default)]
    events_token: String,
}

/// The address the demonstration service listens on beside Mandat's: the next port, or a
/// free one when Mandat's was.
pub fn beside(mandat: SocketAddr) -> SocketAddr {
    let port = match mandat.port() {
        0 => 0,
        p => p.wrapping_add(1),
    };
    SocketAddr::new(mandat.ip(), port)
}

/// Starts the service on `listen` until `stopped`; its address. Its redirect addresses are
/// plain HTTP, which Mandat accepts only on the loopback interface: elsewhere it is not
/// started (`None`), and the log says why.
pub async fn start(
    app: &App,
    listen: SocketAddr,
    data_dir: &Path,
    clock: Arc<dyn Clock>,
    mut stopped: watch::Receiver<bool>,
) -> anyhow::Result<Option<String>> {
    if !listen.ip().is_loopback() {
        tracing::warn!(%listen, "the demonstration service needs a loopback address; not started");
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| {
            format!(
                "the demonstration service cannot listen on {listen} (choose another address \
                 with --demo-service-listen)"
            )
        })?;
    let base = format!("http://{}", listener.local_addr()?);
    let settings = settings(app, &base, data_dir, clock).await?;
    let router = mandat_demo_service::router(settings);
    tokio::spawn(async move {
        let stop = async move {
            let _ = stopped.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(error = %e, "the demonstration service stopped");
        }
    });
    Ok(Some(base))
}

async fn settings(
    app: &App,
    base: &str,
    data_dir: &Path,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Settings> {
    let store = app.store();
    let agency = store
        .agency_by_code(&Code::parse(mandat_core::Field::AgencyCode, AGENCY)?)
        .await?
        .context("the demonstration's MESS")?;
    let services = store.services_of(agency.id).await?;
    let service = services
        .iter()
        .find(|s| s.code.as_str() == SERVICE)
        .context("the MESS's SEL-IE")?;
    let tasks = store.tasks_of(service.id).await?;
    let path = data_dir.join("demo-service.json");
    let mut credentials = credentials(app, agency.id, base, &path).await?;
    if !receiving(app, agency.id, base, &credentials).await? {
        credentials.events_token = receiver(app, agency.id, base, &credentials).await?;
        std::fs::write(&path, serde_json::to_vec_pretty(&credentials)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(Settings {
        issuer: app.issuer().to_string(),
        base: base.to_string(),
        client_id: credentials.client_id,
        client_secret: credentials.secret,
        events_token: credentials.events_token,
        agency: (agency.name.fr.clone(), agency.name.en.clone()),
        name: (service.name.fr.clone(), service.name.en.clone()),
        service: SERVICE.to_string(),
        tasks: tasks
            .into_iter()
            .map(|t| TaskName {
                code: t.code.as_str().to_string(),
                fr: t.name.fr,
                en: t.name.en,
            })
            .collect(),
        now: Arc::new(move || {
            chrono::DateTime::from_timestamp(clock.now().unix_timestamp(), 0).unwrap_or_default()
        }),
    })
}

/// The client registered for the service at `base`: the one kept in `path` while it is
/// enabled and registered for that address; else a new one, the one kept before disabled,
/// each change audited as an operator's (as `mandat admin clients` would).
async fn credentials(
    app: &App,
    agency: AgencyId,
    base: &str,
    path: &Path,
) -> anyhow::Result<Credentials> {
    let owner = ClientOwner::Operator(agency);
    let kept = std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Credentials>(&bytes).ok());
    if let Some(kept) = kept
        && let Ok(id) = kept.client_id.parse::<ClientId>()
    {
        let client = app.store().client(id).await?;
        match client {
            Some(c) if c.enabled() && kept.base == base => return Ok(kept),
            Some(c) if c.enabled() => {
                app.disable_client(owner, id).await?;
            }
            _ => {}
        }
    }
    let form = ClientForm {
        name: CLIENT_NAME,
        redirect_uris: &mandat_demo_service::redirect_uri(base),
        logout_uris: &mandat_demo_service::after_logout_uri(base),
        method: "client_secret_basic",
        keys: "",
    };
    let added = app.add_client(owner, SERVICE, &form).await?;
    let credentials = Credentials {
        client_id: added.client.id.to_string(),
        secret: added
            .secret
            .context("a client_secret_basic client has a secret")?,
        base: base.to_string(),
        events_token: String::new(),
    };
    std::fs::write(path, serde_json::to_vec_pretty(&credentials)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(credentials)
}

/// Whether the MESS already pushes its events to the service at `base` for its client, with
/// the token kept.
async fn receiving(
    app: &App,
    agency: AgencyId,
    base: &str,
    credentials: &Credentials,
) -> anyhow::Result<bool> {
    let endpoint = mandat_demo_service::events_uri(base);
    let receivers = app.store().receivers_of(agency).await?;
    Ok(!credentials.events_token.is_empty()
        && receivers.iter().any(|r| {
            r.disabled_at.is_none()
                && r.client.to_string() == credentials.client_id
                && matches!(&r.method, ReceiverMethod::Push { endpoint: e, .. } if *e == endpoint)
        }))
}

/// Registers the service as a receiver of the MESS's revocation events, as an operator would
/// (audited in the MESS's journal); the token it is pushed with.
async fn receiver(
    app: &App,
    agency: AgencyId,
    base: &str,
    credentials: &Credentials,
) -> anyhow::Result<String> {
    let token = mandat_oidc::client::new_secret();
    let form = ReceiverForm {
        client: &credentials.client_id,
        method: "push",
        endpoint: &mandat_demo_service::events_uri(base),
        authorization: &format!("Bearer {token}"),
    };
    app.add_receiver(ClientOwner::Operator(agency), &form)
        .await?;
    Ok(token)
}
