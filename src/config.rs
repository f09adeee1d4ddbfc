//! Configuration: defaults, then a TOML file, then `MANDAT_*` environment variables, then
//! flags, each overriding the one before. `mandat check-config` prints the result.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::ArgMatches;
use clap::parser::ValueSource;
use mandat_web::ProxyHeader;
use serde::{Deserialize, Serialize};

/// The options every subcommand shares; each also reads its `MANDAT_*` variable.
#[derive(clap::Args, Debug, Default)]
pub struct Overrides {
    /// TOML configuration file [default: ./mandat.toml when it exists]
    #[arg(long, global = true, env = "MANDAT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory for the embedded database, secrets and outgoing mail [default: ./data]
    #[arg(long, global = true, env = "MANDAT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER:PASSWORD@HOST/DB [default: SQLite in the data directory]
    #[arg(long, global = true, env = "MANDAT_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Address to listen on, HOST:PORT (port 0 picks a free one) [default: 127.0.0.1:8080]
    #[arg(long, global = true, env = "MANDAT_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// The address people reach Mandat at; https:// makes cookies Secure [default: http://LISTEN]
    #[arg(long, global = true, env = "MANDAT_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// SMTP server for outgoing mail, e.g. smtps://user:password@host:465 [default: .eml files in DATA_DIR/mail]
    #[arg(long, global = true, env = "MANDAT_SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail [default: Mandat <ne-pas-repondre@mandat.localhost>]
    #[arg(long, global = true, env = "MANDAT_MAIL_FROM", value_name = "MAILBOX")]
    pub mail_from: Option<String>,
    /// Proxies whose X-Forwarded-For (or Forwarded) header is believed, comma-separated
    /// addresses or networks, e.g. 10.0.0.5,10.1.0.0/16 [default: none; the peer's address stands]
    #[arg(
        long,
        global = true,
        env = "MANDAT_TRUSTED_PROXIES",
        value_name = "NETWORKS",
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<String>>,
    /// The header the trusted proxies write: x-forwarded-for or forwarded (RFC 7239)
    /// [default: x-forwarded-for]
    #[arg(
        long,
        global = true,
        env = "MANDAT_PROXY_HEADER",
        value_name = "HEADER"
    )]
    pub proxy_header: Option<ProxyHeader>,
    /// One access evaluation allowed in N reaches the agency's journal (each denial does);
    /// 0 for none [default: 100]
    #[arg(
        long,
        global = true,
        env = "MANDAT_EVALUATION_SAMPLE",
        value_name = "N"
    )]
    pub evaluation_sample: Option<u32>,
    /// Log filter, as RUST_LOG [default: info]
    #[arg(long, global = true, env = "MANDAT_LOG", value_name = "FILTER")]
    pub log: Option<String>,
    /// Log lines as `text` (coloured only on a terminal) or `json`, one object a line, for
    /// log collectors [default: text]
    #[arg(long, global = true, env = "MANDAT_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
}

/// How log lines are written.
#[derive(clap::ValueEnum, Deserialize, Serialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Plain lines; coloured when written to a terminal.
    #[default]
    Text,
    /// One JSON object a line.
    Json,
}

/// The file's keys; any other key is an error.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<String>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    log: Option<String>,
    log_format: Option<LogFormat>,
    trusted_proxies: Option<Vec<String>>,
    proxy_header: Option<ProxyHeader>,
    evaluation_sample: Option<u32>,
    /// Days the offices are closed besides Quebec's statutory holidays: ["2026-12-28", …].
    #[serde(default)]
    closures: Vec<time::Date>,
}

/// The effective configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub listen: SocketAddr,
    pub public_url: String,
    /// Outgoing mail goes to this SMTP server, or else to `.eml` files in `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_dir: PathBuf,
    pub mail_from: String,
    pub log: String,
    pub log_format: LogFormat,
    /// The proxies whose word on the client's address is believed (issue 19, item 10).
    pub trusted_proxies: Vec<String>,
    pub proxy_header: ProxyHeader,
    /// One allowed access evaluation in this many is journaled; 0 for none (issue 21).
    pub evaluation_sample: u32,
    /// Extra closure days, which are not business days (M7).
    pub closures: Vec<time::Date>,
    /// Where the key that hashes NAS partiels lives (generated on first start).
    pub nas_key_file: PathBuf,
    /// The key that encrypts the authenticator apps' keys (E2).
    pub seal_key_file: PathBuf,
    /// The key that links the audit log's entries (issue 19, item 7).
    pub audit_key_file: PathBuf,
}

impl Config {
    /// Resolves the configuration. `matches` tells, for error messages, whether a value came
    /// from a flag or from the environment.
    pub fn resolve(o: &Overrides, matches: &ArgMatches) -> anyhow::Result<Self> {
        let (file, file_name) = read_file(o.config.as_deref())?;
        let in_file: Vec<&str> = [
            ("database_url", file.database_url.is_some()),
            ("listen", file.listen.is_some()),
            ("public_url", file.public_url.is_some()),
            ("log", file.log.is_some()),
            ("smtp_url", file.smtp_url.is_some()),
            ("mail_from", file.mail_from.is_some()),
            ("trusted_proxies", file.trusted_proxies.is_some()),
            ("proxy_header", file.proxy_header.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        // Where a value came from, for error messages: a flag, a variable, the file, the default.
        let from = |arg: &str, var: &str| -> String {
            let sub = matches.subcommand().map(|(_, m)| m);
            match sub
                .and_then(|m| m.value_source(arg))
                .or_else(|| matches.value_source(arg))
            {
                Some(ValueSource::CommandLine) => format!("--{}", arg.replace('_', "-")),
                Some(ValueSource::EnvVariable) => var.to_string(),
                _ if in_file.contains(&arg) => file_name.clone().unwrap_or_default(),
                _ => "the default".to_string(),
            }
        };
        let data_dir = o
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let data_dir = absolute(&data_dir)?;
        let database_url = o
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("mandat.db").display()));
        mandat_store::Backend::from_url(&database_url).map_err(|e| {
            anyhow::anyhow!(
                "invalid database_url (from {}): {e}",
                from("database_url", "MANDAT_DATABASE_URL")
            )
        })?;
        let listen_text = o
            .listen
            .clone()
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen: SocketAddr = listen_text.parse().map_err(|_| {
            anyhow::anyhow!(
                "invalid listen (from {}): {listen_text:?} is not HOST:PORT, for example 127.0.0.1:8080",
                from("listen", "MANDAT_LISTEN")
            )
        })?;
        let public_url = o
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!(
                "invalid public_url (from {}): {public_url:?} must start with http:// or https://",
                from("public_url", "MANDAT_PUBLIC_URL")
            );
        }
        let log = o.log.clone().or(file.log).unwrap_or_else(|| "info".into());
        if tracing_subscriber::EnvFilter::try_new(&log).is_err() {
            bail!(
                "invalid log (from {}): {log:?} is not a log filter such as \"info\" or \"mandat=debug\"",
                from("log", "MANDAT_LOG")
            );
        }
        let log_format = o.log_format.or(file.log_format).unwrap_or_default();
        let smtp_url = o.smtp_url.clone().or(file.smtp_url);
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            bail!(
                "invalid smtp_url (from {}): {:?} must start with smtp:// or smtps://",
                from("smtp_url", "MANDAT_SMTP_URL"),
                mandat_store::redact(url)
            );
        }
        let mail_from = o
            .mail_from
            .clone()
            .or(file.mail_from)
            .unwrap_or_else(|| "Mandat <ne-pas-repondre@mandat.localhost>".into());
        let mail_dir = data_dir.join("mail");
        let mail = mail_config(&smtp_url, &mail_dir, &mail_from);
        mandat_mail::Mailer::check(&mail).map_err(|e| {
            anyhow::anyhow!(
                "invalid mail configuration (from {}): {e}",
                from("mail_from", "MANDAT_MAIL_FROM")
            )
        })?;
        let trusted_proxies = o
            .trusted_proxies
            .clone()
            .or(file.trusted_proxies)
            .unwrap_or_default();
        for proxy in &trusted_proxies {
            mandat_web::proxy_network(proxy).map_err(|e| {
                anyhow::anyhow!(
                    "invalid trusted_proxies (from {}): {e}",
                    from("trusted_proxies", "MANDAT_TRUSTED_PROXIES")
                )
            })?;
        }
        let proxy_header = o.proxy_header.or(file.proxy_header).unwrap_or_default();
        let evaluation_sample = o
            .evaluation_sample
            .or(file.evaluation_sample)
            .unwrap_or(mandat_app::authzen::DEFAULT_SAMPLE);
        let nas_key_file = data_dir.join("secrets").join("nas.key");
        let seal_key_file = data_dir.join("secrets").join("seal.key");
        let audit_key_file = data_dir.join("secrets").join("audit.key");
        Ok(Config {
            data_dir,
            database_url,
            listen,
            public_url: public_url.trim_end_matches('/').to_string(),
            mail_dir,
            smtp_url,
            mail_from,
            log,
            log_format,
            trusted_proxies,
            proxy_header,
            evaluation_sample,
            closures: file.closures,
            nas_key_file,
            seal_key_file,
            audit_key_file,
        })
    }

    /// Cookies are `Secure` unless Mandat is reached over plain HTTP.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The trusted proxies, checked when the configuration was resolved.
    pub fn proxies(&self) -> mandat_web::Proxies {
        let networks = self.trusted_proxies.iter();
        let networks = networks.filter_map(|p| mandat_web::proxy_network(p).ok());
        mandat_web::Proxies::new(networks.collect(), self.proxy_header)
    }

    /// Where outgoing mail goes.
    pub fn mail(&self) -> mandat_mail::MailConfig {
        mail_config(&self.smtp_url, &self.mail_dir, &self.mail_from)
    }

    /// The configuration as TOML, with secrets masked.
    pub fn to_masked_toml(&self) -> anyhow::Result<String> {
        let mut shown = self.clone();
        shown.database_url = mandat_store::redact(&self.database_url);
        shown.smtp_url = self.smtp_url.as_deref().map(mandat_store::redact);
        Ok(toml::to_string(&shown)?)
    }
}

fn mail_config(smtp_url: &Option<String>, mail_dir: &Path, from: &str) -> mandat_mail::MailConfig {
    match smtp_url {
        Some(url) => mandat_mail::MailConfig::Smtp {
            url: url.clone(),
            from: from.to_string(),
        },
        None => mandat_mail::MailConfig::Directory {
            path: mail_dir.to_path_buf(),
            from: from.to_string(),
        },
    }
}

/// Reads the explicit file, or `./mandat.toml` when it exists.
fn read_file(explicit: Option<&Path>) -> anyhow::Result<(FileConfig, Option<String>)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new("mandat.toml").exists() => PathBuf::from("mandat.toml"),
        None => return Ok((FileConfig::default(), None)),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let file: FileConfig = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        anyhow::anyhow!(
            "invalid configuration file {}, line {line}: {}",
            path.display(),
            e.message()
        )
    })?;
    Ok((file, Some(path.display().to_string())))
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}
