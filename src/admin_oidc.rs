//! `mandat admin keys` and `mandat admin clients`: the OpenID Connect provider's signing keys
//! and agencies' clients, for operators and automation (issue 20). Each change is audited as
//! the operator's, in the agency's journal for a client.

use anyhow::Context;
use clap::Subcommand;
use mandat_app::oidc::{ClientOwner, NewClient};
use mandat_app::{App, Error, Refusal};
use mandat_core::Field;
use mandat_core::agency::Code;
use mandat_core::ids::ClientId;
use mandat_oidc::{ClientForm, KeyState};
use mandat_store::ClientRecord;
use serde_json::json;

use crate::print_line;

#[derive(Subcommand, Debug)]
pub enum KeysTask {
    /// Add a signing key, which signs from now on; the one before stays in the JWKS until
    /// every token it signed has expired
    Rotate,
    /// Show each signing key and where it stands
    List,
}

#[derive(Subcommand, Debug)]
pub enum ClientsTask {
    /// Register a client of an agency's online service; prints its id and, for
    /// client_secret_basic, its secret, this once
    Add {
        /// The agency's code
        #[arg(long)]
        agency: String,
        /// The code of the agency's online service the client signs people in to
        #[arg(long)]
        service: String,
        /// The client's name, as the agency's staff read it
        #[arg(long)]
        name: String,
        /// An address to send people back to after sign-in, matched exactly (repeat for more)
        #[arg(long = "redirect-uri", value_name = "URI", required = true)]
        redirect_uris: Vec<String>,
        /// An address to send people to after they sign out (repeat for more)
        #[arg(long = "logout-uri", value_name = "URI")]
        logout_uris: Vec<String>,
        /// How the client authenticates at the token endpoint
        #[arg(long, default_value = "client_secret_basic",
              value_parser = ["client_secret_basic", "private_key_jwt"])]
        method: String,
        /// For private_key_jwt: a file holding the client's public keys (a JWKS)
        #[arg(long, value_name = "FILE")]
        jwks: Option<std::path::PathBuf>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the clients, of one agency or of all
    List {
        /// Only this agency's clients
        #[arg(long)]
        agency: Option<String>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Disable a client at once: it can start no sign-in and redeem nothing
    Disable {
        /// The client's id
        client_id: String,
    },
}

pub async fn keys(app: &App, task: KeysTask) -> anyhow::Result<()> {
    match task {
        KeysTask::Rotate => {
            let key = app.rotate_signing_key().await?;
            print_line(&format!(
                "Signing key {} added; it signs from now on. The one before stays published \
                 until the tokens it signed have expired.",
                key.kid()
            ));
        }
        KeysTask::List => {
            let now = app.store().now();
            for key in app.signing_keys().await? {
                let state = match key.state(now) {
                    KeyState::Signing => "signing".to_string(),
                    KeyState::Published { until } => format!("published until {until}"),
                    KeyState::Withdrawn => "withdrawn".to_string(),
                };
                let kid = key.key.kid();
                print_line(&format!("{kid}  created {}  {state}", key.created_at));
            }
        }
    }
    Ok(())
}

pub async fn clients(app: &App, task: ClientsTask) -> anyhow::Result<()> {
    match task {
        ClientsTask::Add {
            agency,
            service,
            name,
            redirect_uris,
            logout_uris,
            method,
            jwks,
            json,
        } => {
            let keys = match jwks {
                Some(path) => std::fs::read_to_string(&path)
                    .with_context(|| format!("--jwks: cannot read {}", path.display()))?,
                None => String::new(),
            };
            let form = ClientForm {
                name: &name,
                redirect_uris: &redirect_uris.join("\n"),
                logout_uris: &logout_uris.join("\n"),
                method: &method,
                keys: &keys,
            };
            let owner = ClientOwner::Operator(agency_id(app, &agency).await?);
            let added = app.add_client(owner, &service, &form).await;
            let added = added.map_err(|e| {
                refused(e, &format!("--service: {agency} has no service {service}"))
            })?;
            print_line(&describe_new(&added, &agency, &service, json));
        }
        ClientsTask::List { agency, json } => {
            let agency = match agency {
                Some(code) => Some(agency_id(app, &code).await?),
                None => None,
            };
            let mut listed = Vec::new();
            for client in app.store().clients(agency).await? {
                let codes = codes_of(app, &client).await?;
                listed.push((client, codes));
            }
            print_line(&describe_list(&listed, json));
        }
        ClientsTask::Disable { client_id } => {
            let id: ClientId = client_id.parse().ok().context("no client has this id")?;
            let client = app
                .store()
                .client(id)
                .await?
                .context("no client has this id")?;
            let owner = ClientOwner::Operator(client.agency_id);
            match app.disable_client(owner, id).await? {
                true => print_line(&format!("Client {id} disabled.")),
                false => print_line(&format!("Client {id} was already disabled.")),
            }
        }
    }
    Ok(())
}

async fn agency_id(app: &App, code: &str) -> anyhow::Result<mandat_core::ids::AgencyId> {
    let parsed = Code::parse(Field::AgencyCode, code).ok();
    let agency = match parsed {
        Some(code) => app.store().agency_by_code(&code).await?,
        None => None,
    };
    Ok(agency
        .with_context(|| format!("--agency: no agency has the code {code}"))?
        .id)
}

/// A refusal as the command line says it: each field by its flag.
fn refused(error: Error, not_found: &str) -> anyhow::Error {
    match error {
        Error::NotFound => anyhow::anyhow!("{not_found}"),
        Error::Refused(Refusal::Fields(errors)) => {
            let said: Vec<String> = errors
                .iter()
                .map(|e| {
                    let flag = match e.field {
                        Field::ClientName => "--name",
                        Field::RedirectUris => "--redirect-uri",
                        Field::LogoutUris => "--logout-uri",
                        Field::ClientMethod => "--method",
                        Field::ClientKeys => "--jwks",
                        _ => e.field.id(),
                    };
                    format!("{flag}: {e}")
                })
                .collect();
            anyhow::anyhow!(said.join("; "))
        }
        other => other.into(),
    }
}

fn describe_new(added: &NewClient, agency: &str, service: &str, json: bool) -> String {
    let client = &added.client;
    if json {
        return json!({
            "client_id": client.id.to_string(),
            "client_secret": added.secret,
            "agency": agency,
            "service": service,
            "name": client.spec.name,
            "redirect_uris": client.spec.redirect_uris,
            "post_logout_redirect_uris": client.spec.logout_uris,
            "token_endpoint_auth_method": client.spec.method.id(),
        })
        .to_string();
    }
    let mut text = format!(
        "Client {} registered for the service {service} of {agency}.\nclient_id: {}",
        client.spec.name, client.id
    );
    if let Some(secret) = &added.secret {
        text.push_str(&format!(
            "\nclient_secret: {secret}\nThe secret is shown this once; Mandat keeps only its digest."
        ));
    }
    text
}

/// The codes of the client's agency and service, as operators name them.
async fn codes_of(app: &App, client: &ClientRecord) -> anyhow::Result<(String, String)> {
    let agency = app.store().agency(client.agency_id).await?;
    let service = app.store().service_by_id(client.service_id).await?;
    Ok((
        agency
            .map(|a| a.code.as_str().to_string())
            .unwrap_or_default(),
        service
            .map(|s| s.code.as_str().to_string())
            .unwrap_or_default(),
    ))
}

fn describe_list(clients: &[(ClientRecord, (String, String))], json: bool) -> String {
    if json {
        let list: Vec<_> = clients
            .iter()
            .map(|(c, (agency, service))| {
                json!({
                    "client_id": c.id.to_string(),
                    "agency": agency,
                    "service": service,
                    "name": c.spec.name,
                    "redirect_uris": c.spec.redirect_uris,
                    "post_logout_redirect_uris": c.spec.logout_uris,
                    "token_endpoint_auth_method": c.spec.method.id(),
                    "enabled": c.enabled(),
                })
            })
            .collect();
        return serde_json::Value::from(list).to_string();
    }
    if clients.is_empty() {
        return "No client.".into();
    }
    let lines: Vec<String> = clients
        .iter()
        .map(|(c, (agency, service))| {
            let state = if c.enabled() { "enabled" } else { "disabled" };
            let method = c.spec.method.id();
            format!(
                "{}  {agency}/{service}  {state}  {method}  {}",
                c.id, c.spec.name
            )
        })
        .collect();
    lines.join("\n")
}
