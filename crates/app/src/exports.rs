//! Reading in bulk is recorded (M12, M23): an export of the journal or of an organization's
//! security file writes one audit entry, with how much was read and by which filters, before
//! the file leaves.

use mandat_core::audit::{AuditAction, Detail};
use mandat_core::ids::{AccountId, AgencyId, OrgId};
use mandat_store::AuditEntry;

use crate::{App, Error};

/// What was exported, and by whom.
pub struct Export {
    pub actor: AccountId,
    /// `AuditExported` or `SecurityFileExported`.
    pub action: AuditAction,
    /// The organization or agency whose records were read; neither for central's whole journal.
    pub org: Option<OrgId>,
    pub agency: Option<AgencyId>,
    /// How much was read, and by which filters.
    pub detail: Detail,
    pub client: Option<String>,
}

impl App {
    /// Records the export.
    pub async fn record_export(&self, export: Export) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        tx.audit(&AuditEntry {
            actor: Some(export.actor),
            org: export.org,
            person: None,
            action: export.action,
            detail: export.detail,
            client_address: export.client,
            agency: export.agency,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
