//! `mandat admin`: tasks for the people who run Mandat.

use anyhow::{Context, bail};
use mandat_core::contact::Email;
use mandat_core::credentials::{Password, UserCode};
use mandat_core::ids::AccountId;
use mandat_core::{Field, secret};
use mandat_store::{AccountKind, AuditEntry, NewAccount, Store, StoreError};

/// Creates a central agent with a temporary password, which it returns to be shown once.
pub async fn create_central_agent(
    store: &Store,
    name: &str,
    email: &str,
    user_code: &str,
) -> anyhow::Result<String> {
    let name = name.trim();
    if name.is_empty() {
        bail!("--name: the agent's name is required");
    }
    let email = Email::parse(Field::Email, email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let names: Vec<&str> = name.split_whitespace().collect();
    let user_code =
        UserCode::parse(user_code, &names).map_err(|e| anyhow::anyhow!("--user-code: {e}"))?;
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
        central_identity: Some((name.to_string(), email)),
        user_code: user_code.clone(),
        password_hash: hash,
        password_temporary: true,
        expires_on: None,
    };
    match tx.insert_account(&account).await {
        Err(StoreError::Conflict(_)) => bail!("--user-code: {user_code} is already taken"),
        other => other?,
    }
    tx.audit(&AuditEntry {
        person: None,
        actor: None,
        org: None,
        action: "central-agent-created",
        detail: format!("{name} ({user_code}), from the command line"),
        client_address: None,
    })
    .await?;
    tx.commit().await?;
    Ok(password)
}
