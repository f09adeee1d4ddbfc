//! `mandat serve` and `mandat worker`: long-running processes that stop cleanly on SIGTERM
//! or Ctrl-C, finishing the requests and the job at hand.

use std::sync::Arc;

use anyhow::Context;
use mandat_app::App;
use mandat_app::daily;
use mandat_app::events::PUSH_ATTEMPTS;
use mandat_core::Clock;
use mandat_core::calendar::BusinessCalendar;
use mandat_jobs::Worker;
use mandat_mail::{MailConfig, Mailer};
use mandat_store::{EVENT_PUSH_JOB, MAIL_JOB, Store};
use mandat_web::AppState;
use tokio::sync::watch;

use crate::config::Config;
use crate::{demo, open, open_with, print_line, secrets};

/// With `--demo`: where the demonstration's agency service listens, if not beside Mandat.
pub struct Demo {
    pub service_listen: Option<std::net::SocketAddr>,
}

pub async fn serve(
    config: Config,
    demo: Option<Demo>,
    with_worker: bool,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<()> {
    let key = secrets::nas_key(&config.nas_key_file)?;
    let seal_key = secrets::seal_key(&config.seal_key_file)?;
    let store = open_with(&config, clock.clone()).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    let (stop, stopped) = watch::channel(false);
    let mut state = AppState::new(
        store.clone(),
        config.secure_cookies(),
        (key.clone(), seal_key),
        calendar(&config),
        public_url(&config, address),
    )
    .behind(config.proxies());
    state.app = state.app.with_evaluation_sample(config.evaluation_sample);
    // The authorization API's evaluations, journaled and counted off the requests' path.
    let flusher = tokio::spawn(state.app.clone().keep_flushing(stopped.clone()));
    // Other servers' changes, heard so that what this one keeps is never older (PostgreSQL).
    let hearing = store.clone();
    tokio::spawn(async move { hearing.listen_for_changes().await });
    if state.app.ensure_signing_key().await? {
        tracing::info!("generated the OpenID Connect provider's first signing key");
    }
    if let Some(demo) = demo {
        crate::seed_demo(&state.app, &key).await?;
        let listen = demo
            .service_listen
            .unwrap_or(demo::service::beside(config.listen));
        let dir = &config.data_dir;
        let started = demo::service::start(&state.app, listen, dir, clock, stopped.clone());
        if let Some(url) = started.await? {
            print_line(&format!(
                "Service en ligne de démonstration / Demonstration online service: {url}"
            ));
        }
    }
    let worker = if with_worker {
        schedule_expiry(&store).await?;
        Some(tokio::spawn(
            jobs(state.app.clone(), &config)?.run(stopped.clone()),
        ))
    } else {
        None
    };
    let app = mandat_web::router(state);

    tracing::info!(%address, "serving");
    print_line(&format!("Mandat listening on http://{address}"));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving HTTP")?;

    tracing::info!("requests finished; stopping");
    let _ = stop.send(true);
    if let Some(worker) = worker {
        let _ = worker.await;
    }
    let _ = flusher.await;
    store.close().await;
    Ok(())
}

/// The application layer on the configured database, with the installation's keys.
pub async fn app(config: &Config) -> anyhow::Result<App> {
    let key = secrets::nas_key(&config.nas_key_file)?;
    let seal_key = secrets::seal_key(&config.seal_key_file)?;
    let store = open(config).await?;
    let keys = (key, seal_key);
    Ok(App::new(
        store,
        config.public_url.clone(),
        keys,
        calendar(config),
    ))
}

pub async fn worker(config: Config) -> anyhow::Result<()> {
    let app = app(&config).await?;
    let store = app.store().clone();
    let (stop, stopped) = watch::channel(false);
    schedule_expiry(&store).await?;
    let running = tokio::spawn(jobs(app, &config)?.run(stopped));
    shutdown_signal().await;
    let _ = stop.send(true);
    let _ = running.await;
    store.close().await;
    Ok(())
}

/// Mandat's address: the configured one, or, when it was drawn from `listen` and that asked
/// for a free port (`:0`), the address actually bound: the OpenID Connect issuer and every
/// link in an email must name a port that answers.
fn public_url(config: &Config, bound: std::net::SocketAddr) -> String {
    if config.public_url == format!("http://{}", config.listen) {
        format!("http://{bound}")
    } else {
        config.public_url.clone()
    }
}

/// The business days of the installation: the statutory ones, less its closures.
fn calendar(config: &Config) -> BusinessCalendar {
    BusinessCalendar::with_closures(config.closures.iter().copied())
}

/// The worker with the handler of every kind of job Mandat enqueues.
fn jobs(app: App, config: &Config) -> anyhow::Result<Worker> {
    let store = app.store().clone();
    let mail = config.mail();
    match &mail {
        MailConfig::Directory { path, .. } => {
            tracing::info!(directory = %path.display(), "outgoing mail is written as .eml files")
        }
        MailConfig::Smtp { url, .. } => {
            tracing::info!(server = %mandat_store::redact(url), "outgoing mail goes to SMTP")
        }
    }
    let mailer = Mailer::new(&mail)?;
    let mail_store = store.clone();
    let events = app.clone();
    let worker = Worker::new(store);
    // A push's last attempt records its failure for the agency to see (issue 21).
    debug_assert_eq!(worker.backoff().max_attempts, PUSH_ATTEMPTS);
    Ok(worker
        .handle(MAIL_JOB, move |job| {
            let (store, mailer) = (mail_store.clone(), mailer.clone());
            async move { mandat_mail::deliver(&store, &mailer, &job.payload).await }
        })
        .handle(EVENT_PUSH_JOB, move |job| {
            let app = events.clone();
            async move { app.push_event(&job.payload, job.attempts).await }
        })
        .handle(daily::EXPIRY_JOB, move |_| {
            let app = app.clone();
            async move {
                let report = app.run_daily().await.map_err(|e| e.to_string())?;
                tracing::info!(
                    notices = report.notices,
                    expired = report.expired,
                    contracts_warned = report.contracts.warned,
                    contracts_deactivated = report.contracts.deactivated,
                    procurations_noticed = report.procurations,
                    endings_told = report.endings,
                    "expiry job done"
                );
                Ok(())
            }
        }))
}

/// Puts today's expiry run in the queue, unless it is there or done (M18).
async fn schedule_expiry(store: &Store) -> anyhow::Result<()> {
    let today = mandat_core::quebec_time::date_at(store.now());
    daily::schedule(store, today).await?;
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested");
}
