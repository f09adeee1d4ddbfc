//! Secrets kept in the data directory: generated on first start, readable by the owner only.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, bail};
use mandat_core::person::NasKey;

/// Reads the key that hashes NAS partiels, creating it (mode 0600) when absent.
pub fn nas_key(path: &Path) -> anyhow::Result<NasKey> {
    if !path.exists() {
        let dir = path.parent().context("the key file has no directory")?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        let key = NasKey::generate()
            .map_err(|e| anyhow::anyhow!("no randomness from the system: {e}"))?
            .to_hex();
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot create the secret {}", path.display()))?;
        writeln!(file, "{key}")?;
        tracing::info!(path = %path.display(), "generated the NAS hashing key");
    }
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "the secret {} is readable by others (mode {mode:o}); run: chmod 600 {}",
            path.display(),
            path.display()
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the secret {}", path.display()))?;
    let bytes: [u8; NasKey::LEN] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .with_context(|| {
            format!(
                "the secret {} is not {} bytes in hex",
                path.display(),
                NasKey::LEN
            )
        })?;
    Ok(NasKey::from_bytes(bytes))
}
