//! `mandat admin`: tasks for the people who run Mandat.

use anyhow::{Context, bail};
use mandat_core::account::NewAgent;
use mandat_core::audit::{AuditAction, Note};
use mandat_core::credentials::Password;
use mandat_core::ids::AccountId;
use mandat_core::{Field, secret};
use mandat_store::{AccountKind, AuditEntry, AuditVerdict, NewAccount, Store, StoreError};

/// Creates a central agent with a temporary password, which it returns to be shown once.
pub async fn create_central_agent(
    store: &Store,
    name: &str,
    email: &str,
    user_code: &str,
) -> anyhow::Result<String> {
    let agent = NewAgent::parse(name, email, user_code).map_err(|errors| {
        let said: Vec<String> = errors
            .iter()
            .map(|e| {
                let flag = match e.field {
                    Field::AgentName => "--name",
                    Field::Email => "--email",
                    _ => "--user-code",
                };
                format!("{flag}: {e}")
            })
            .collect();
        anyhow::anyhow!(said.join("; "))
    })?;
    let password = secret::temporary_password();
    let hash = Password::candidate(&password)
        .context("a temporary password")?
        .hash()
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let id = AccountId::new();
    let mut tx = store.begin().await?;
    let account = NewAccount {
        id,
        kind: AccountKind::Central,
        identity: Some((agent.name.clone(), agent.email.clone())),
        user_code: agent.user_code.clone(),
        password_hash: hash,
        password_temporary: true,
        expires_on: None,
    };
    match tx.insert_account(&account).await {
        Err(StoreError::Conflict(_)) => bail!("--user-code: {} is already taken", agent.user_code),
        other => other?,
    }
    tx.audit(&AuditEntry {
        person: None,
        actor: None,
        org: None,
        action: AuditAction::CentralAgentCreated,
        detail: Note::StaffFromCommandLine
            .with("name", &agent.name)
            .with("user_code", &agent.user_code),
        client_address: None,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    Ok(password)
}

/// What `mandat admin audit verify` says: a line for an intact chain, an error naming the
/// first broken entry otherwise.
pub fn describe_audit(verdict: AuditVerdict) -> anyhow::Result<String> {
    match verdict {
        AuditVerdict::Intact { entries } => Ok(format!(
            "audit log intact: {entries} entries, each linked to the one before"
        )),
        AuditVerdict::Unkeyed => bail!(
            "audit log broken: the entry it is keyed from does not hold under this key \
             (data/secrets/audit.key); it was unkeyed by hand, or the key is another's"
        ),
        AuditVerdict::Broken { seq, id, why } => {
            let at = seq.map_or_else(|| "unnumbered".to_string(), |n| format!("number {n}"));
            bail!("audit log broken at entry {at} (id {id}): {why}")
        }
    }
}
