//! `mandat`: the one binary. See `mandat --help`.

mod admin;
mod admin_oidc;
mod config;
mod demo;
mod secrets;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use mandat_core::{AheadClock, Clock, SystemClock};
use mandat_store::{Backend, Store};

use config::{Config, Overrides};

/// Mandat: who may act for an organization in government online services, for which
/// tasks, until when.
#[derive(Parser, Debug)]
#[command(name = "mandat", version)]
struct Cli {
    #[command(flatten)]
    overrides: Overrides,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web application, with the job worker in the same process
    Serve {
        /// Add the demonstration data first (idempotent)
        #[arg(long)]
        demo: bool,
        /// Do not run the job worker in this process (run `mandat worker` elsewhere)
        #[arg(long)]
        no_worker: bool,
        /// With --demo only: run as if DAYS days had passed, to show what happens after a date
        /// (rights that end, codes that expire) on the same data
        #[arg(long, requires = "demo", value_name = "DAYS")]
        demo_days_ahead: Option<u16>,
        /// With --demo only: where the demonstration's agency service listens, HOST:PORT (a
        /// loopback address) [default: Mandat's host, the next port]
        #[arg(long, requires = "demo", value_name = "HOST:PORT")]
        demo_service_listen: Option<std::net::SocketAddr>,
    },
    /// Run the job worker alone, for example on another host sharing a PostgreSQL database
    Worker,
    /// Apply the database migrations and exit
    Migrate,
    /// Add the demonstration data (agencies, organizations, people) and exit
    Demo,
    /// Administration tasks: backups and, as they arrive, accounts and keys
    Admin {
        #[command(subcommand)]
        task: AdminTask,
    },
    /// Print the effective configuration, secrets masked; exit non-zero if it is invalid
    CheckConfig,
}

#[derive(Subcommand, Debug)]
enum AdminTask {
    /// Create an agent of the central security group; prints a one-time temporary password
    CreateCentralAgent {
        /// The agent's name, as shown in the application
        #[arg(long)]
        name: String,
        /// The agent's email, where second-factor codes go
        #[arg(long)]
        email: String,
        /// The user code the agent signs in with (at least 6 letters or digits)
        #[arg(long)]
        user_code: String,
    },
    /// The audit log: `verify` checks its whole hash chain
    Audit {
        #[command(subcommand)]
        task: AuditTask,
    },
    /// The OpenID Connect provider's signing keys: `rotate`, `list`
    Keys {
        #[command(subcommand)]
        task: admin_oidc::KeysTask,
    },
    /// Agencies' OpenID Connect clients: `add`, `list`, `disable`
    Clients {
        #[command(subcommand)]
        task: admin_oidc::ClientsTask,
    },
    /// Copy the embedded database to a file, consistently, while Mandat runs (SQLite only)
    Backup {
        /// The file to create; it must not exist
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum AuditTask {
    /// Check every entry's link to the one before it; exit non-zero naming the first broken one
    Verify,
}

fn main() -> ExitCode {
    secrets::owner_only_from_now_on();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let outcome = Config::resolve(&cli.overrides, &matches).and_then(|config| {
        init_logging(&config.log, config.log_format);
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(run(cli.command, config))
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, saying what and where.
            eprintln!("mandat: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr: plain lines (coloured only on a terminal, never in a file), or one
/// JSON object a line for log collectors.
fn init_logging(filter: &str, format: config::LogFormat) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        config::LogFormat::Json => logs.json().init(),
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::CheckConfig => check_config(&config),
        Command::Migrate => {
            let store = open(&config).await?;
            store.close().await;
            Ok(())
        }
        Command::Demo => {
            let app = serve::app(&config).await?;
            let key = secrets::nas_key(&config.nas_key_file)?;
            seed_demo(&app, &key).await?;
            app.store().close().await;
            Ok(())
        }
        Command::Serve {
            demo,
            no_worker,
            demo_days_ahead,
            demo_service_listen,
        } => {
            let clock: Arc<dyn Clock> = match demo_days_ahead {
                Some(days) => Arc::new(AheadClock(time::Duration::days(days.into()))),
                None => Arc::new(SystemClock),
            };
            let demo = demo.then_some(serve::Demo {
                service_listen: demo_service_listen,
            });
            serve::serve(config, demo, !no_worker, clock).await
        }
        Command::Worker => serve::worker(config).await,
        Command::Admin {
            task:
                AdminTask::CreateCentralAgent {
                    name,
                    email,
                    user_code,
                },
        } => {
            let store = open(&config).await?;
            let password = admin::create_central_agent(&store, &name, &email, &user_code).await?;
            store.close().await;
            print_line(&format!(
                "Central agent {name} created.\nUser code: {user_code}\nTemporary password: {password}\n\
                 It is shown this once and must be changed at the first sign-in."
            ));
            Ok(())
        }
        Command::Admin {
            task: AdminTask::Audit {
                task: AuditTask::Verify,
            },
        } => {
            let store = open(&config).await?;
            let verdict = store.verify_audit().await;
            store.close().await;
            print_line(&admin::describe_audit(verdict?)?);
            Ok(())
        }
        Command::Admin {
            task: AdminTask::Keys { task },
        } => {
            let app = serve::app(&config).await?;
            let done = admin_oidc::keys(&app, task).await;
            app.store().close().await;
            done
        }
        Command::Admin {
            task: AdminTask::Clients { task },
        } => {
            let app = serve::app(&config).await?;
            let done = admin_oidc::clients(&app, task).await;
            app.store().close().await;
            done
        }
        Command::Admin {
            task: AdminTask::Backup { to },
        } => {
            let store = open(&config).await?;
            if store.backend() != Backend::Sqlite {
                anyhow::bail!(
                    "admin backup copies the embedded SQLite database; for PostgreSQL use pg_dump"
                );
            }
            store.backup_to(&to).await?;
            store.close().await;
            print_line(&format!("backup written to {}", to.display()));
            Ok(())
        }
    }
}

/// Connects to the database and brings its schema up to date. Refuses, before writing
/// anything, a database newer than this binary.
pub async fn open(config: &Config) -> anyhow::Result<Store> {
    open_with(config, Arc::new(SystemClock)).await
}

/// The store on `clock`: the machine's, or a demonstration's run ahead.
pub async fn open_with(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Store> {
    if Backend::from_url(&config.database_url)? == Backend::Sqlite {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data directory {}: {e}",
                config.data_dir.display()
            )
        })?;
        secrets::refuse_if_others_read(&config.database_url)?;
    }
    let where_ = mandat_store::redact(&config.database_url);
    let (chain_key, new_key) = secrets::audit_key(&config.audit_key_file)?;
    let store = Store::connect(&config.database_url, clock, chain_key)
        .await
        .map_err(|e| anyhow::anyhow!("database {where_}: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| anyhow::anyhow!("database {where_}: {e}"))?;
    store
        .key_audit_chain(new_key)
        .await
        .map_err(|e| anyhow::anyhow!("database {where_}: {e}"))?;
    store
        .optimize()
        .await
        .map_err(|e| anyhow::anyhow!("database {where_}: {e}"))?;
    Ok(store)
}

/// The demonstration's data, then its procurations, made through the application layer.
pub async fn seed_demo(
    app: &mandat_app::App,
    key: &mandat_core::person::NasKey,
) -> anyhow::Result<()> {
    let added = demo::seed(app.store(), key).await?;
    // A demonstration played with (an officer's code deactivated, say) still starts.
    if let Err(e) = demo::rights::seed(app).await {
        tracing::warn!(error = %e, "the demonstration's procurations could not all be made");
    }
    tracing::info!(
        agencies = added.agencies,
        organizations = added.organizations,
        "demonstration data in place"
    );
    print_line(&demo::describe());
    Ok(())
}

fn check_config(config: &Config) -> anyhow::Result<()> {
    let mut text = config.to_masked_toml()?;
    for (what, path) in [
        ("NAS hashing key", &config.nas_key_file),
        ("sealing key", &config.seal_key_file),
        ("audit chain key", &config.audit_key_file),
    ] {
        let state = if path.exists() {
            "present"
        } else {
            "absent, generated on first start"
        };
        text.push_str(&format!("# {what}: {state}\n"));
    }
    print_line(&text);
    Ok(())
}

/// What a command prints for the person who ran it (logs go to stderr).
#[allow(clippy::print_stdout)]
pub fn print_line(text: &str) {
    println!("{}", text.trim_end());
}
