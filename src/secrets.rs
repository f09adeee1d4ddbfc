//! Secrets kept in the data directory: generated on first start, readable by the owner only;
//! and the rest of the data directory kept from other local users as well.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, bail};
use mandat_core::audit::ChainKey;
use mandat_core::person::NasKey;
use mandat_core::sealed::SealKey;
use mandat_core::secret::random;

/// From now on, what this process creates (the data directory, the database and its journal,
/// the mail files, backups) is its owner's alone: no permission for the group or others.
pub fn owner_only_from_now_on() {
    use rustix::fs::Mode;
    rustix::process::umask(Mode::from_raw_mode(0o077));
}

/// Refuses an embedded database (`sqlite://PATH…`) that others may read, as the keys are:
/// it holds names, addresses and the audit log.
pub fn refuse_if_others_read(database_url: &str) -> anyhow::Result<()> {
    let path = database_url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default();
    match std::fs::metadata(path) {
        Ok(meta) => owner_only(Path::new(path), &meta, "database"),
        Err(_) => Ok(()),
    }
}

/// Refuses `what` at `path` (`meta`) when others than its owner may read it, with the fix.
fn owner_only(path: &Path, meta: &std::fs::Metadata, what: &str) -> anyhow::Result<()> {
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        let path = path.display();
        bail!("the {what} {path} is readable by others (mode {mode:o}); run: chmod 600 {path}");
    }
    Ok(())
}

/// Reads the key that hashes NAS partiels, creating it (mode 0600) when absent.
pub fn nas_key(path: &Path) -> anyhow::Result<NasKey> {
    key_file(path, "the NAS hashing key").map(|(key, _)| NasKey::from_bytes(key))
}

/// Reads the key that links the audit log's entries, creating it when absent; and whether
/// it was created now.
pub fn audit_key(path: &Path) -> anyhow::Result<(ChainKey, bool)> {
    key_file(path, "the audit chain's key").map(|(key, new)| (ChainKey::from_bytes(key), new))
}

/// Reads the key that seals the authenticator apps' keys, creating it when absent.
pub fn seal_key(path: &Path) -> anyhow::Result<SealKey> {
    key_file(path, "the sealing key").map(|(key, _)| SealKey::from_bytes(key))
}

/// 32 random bytes in hex in `path`, written once with mode 0600 in a 0700 directory, and
/// refused if others may read them; and whether they were written now.
fn key_file(path: &Path, what: &str) -> anyhow::Result<([u8; 32], bool)> {
    let new = !path.exists();
    if new {
        let dir = path.parent().context("the key file has no directory")?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot create the secret {}", path.display()))?;
        writeln!(file, "{}", hex::encode(random::<32>()))?;
        tracing::info!(path = %path.display(), "generated {what}");
    }
    owner_only(path, &std::fs::metadata(path)?, "secret")?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the secret {}", path.display()))?;
    let key = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .with_context(|| format!("the secret {} is not 32 bytes in hex", path.display()))?;
    Ok((key, new))
}
