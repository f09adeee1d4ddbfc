//! A person's own account: signing in with the password and the second factor, and signing
//! out (E2, M11, M12); the authenticator app and the recovery codes (E2); registration with
//! a code (M8); changing the password (M10) and deactivating one's own code (M13–M15). What
//! a door checks of the person who asks (signed in, the confirmation step) stays at the
//! door; the change and its rules are here.

mod deactivation;
mod password;
mod registration;
mod second_factor;
mod sign_in;

use mandat_core::audit::{AuditAction, Detail};
use mandat_core::credentials::{Password, PasswordHash};
use mandat_core::ids::AccountId;
use mandat_store::{Account, AuditEntry, SessionStage, Tx};

pub use password::PasswordChange;
pub use registration::{Choice, Registering};
pub use second_factor::{CODE_LIFETIME, Proof};
pub use sign_in::replace_session;

use crate::Error;
use crate::hashing::hashing;

/// After a change of the account's credentials (ASVS 3.3.3): every session of the account
/// ends, on every device, and the one in use goes on under a new id, which is returned for
/// the browser's cookie.
pub(crate) async fn renew_sessions(tx: &mut Tx, account: AccountId) -> Result<String, Error> {
    tx.end_sessions_of(account).await?;
    replace_session(tx, None, SessionStage::SignedIn(account)).await
}

/// Whether `password` is the one `hash` was made from, checked on a hashing thread.
pub async fn verify(hash: PasswordHash, password: Password) -> bool {
    hashing(move || hash.matches(&password))
        .await
        .unwrap_or(false)
}

/// The audit entry of what `account` did to itself.
pub fn own_entry(
    account: &Account,
    action: AuditAction,
    detail: Detail,
    client: Option<String>,
) -> AuditEntry {
    AuditEntry {
        actor: Some(account.id),
        org: account.kind.org(),
        person: account.kind.person(),
        action,
        detail,
        client_address: client,
        agency: account.kind.agency(),
    }
}
