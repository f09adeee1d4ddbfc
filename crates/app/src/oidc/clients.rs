//! The clients an agency registers for its online services (issue 20), by its staff in the
//! back-office or by an operator on the command line; each change audited in its journal.

use mandat_core::agency::OnlineService;
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::{AgencyId, ClientId};
use mandat_core::secret;
use mandat_oidc::client::new_secret;
use mandat_oidc::{AuthMethod, ClientForm, ClientSpec};
use mandat_store::{AuditEntry, ClientRecord};

use crate::agency::Staff;
use crate::{App, Error};

/// Who registers or disables a client (or a receiver of the agency's revocation events): a
/// person of the agency's staff, or an operator on the command line acting for the agency
/// named there.
#[derive(Clone, Copy, Debug)]
pub enum ClientOwner<'a> {
    Staff(&'a Staff),
    Operator(AgencyId),
}

impl ClientOwner<'_> {
    pub(crate) fn agency(&self) -> AgencyId {
        match self {
            ClientOwner::Staff(staff) => staff.agency,
            ClientOwner::Operator(agency) => *agency,
        }
    }

    fn note(&self) -> Note {
        match self {
            ClientOwner::Staff(_) => Note::ClientOf,
            ClientOwner::Operator(_) => Note::ClientFromCommandLine,
        }
    }

    pub(crate) fn entry(&self, action: AuditAction, detail: Detail) -> AuditEntry {
        let (actor, client_address) = match self {
            ClientOwner::Staff(staff) => (Some(staff.account), staff.client.clone()),
            ClientOwner::Operator(_) => (None, None),
        };
        AuditEntry {
            person: None,
            actor,
            org: None,
            action,
            detail,
            client_address,
            agency: Some(self.agency()),
        }
    }
}

/// A client just registered, with its secret to show once (`client_secret_basic`).
#[derive(Clone, Debug)]
pub struct NewClient {
    pub client: ClientRecord,
    pub secret: Option<String>,
}

impl App {
    /// Registers a client of the owner's service of code `service`.
    pub async fn add_client(
        &self,
        owner: ClientOwner<'_>,
        service: &str,
        form: &ClientForm<'_>,
    ) -> Result<NewClient, Error> {
        let service = self.service_of(owner.agency(), service).await?;
        let spec = ClientSpec::parse(form).map_err(Error::fields)?;
        let secret = (spec.method == AuthMethod::ClientSecretBasic).then(new_secret);
        let digest = secret.as_deref().map(secret::digest);
        let id = ClientId::new();
        let mut tx = self.store.begin().await?;
        tx.insert_client(id, (owner.agency(), service.id), &spec, digest.as_deref())
            .await?;
        let detail = describe(owner.note(), &spec.name, id, &service);
        tx.audit(&owner.entry(AuditAction::ClientAdded, detail))
            .await?;
        tx.commit().await?;
        let client = self.store.client(id).await?.ok_or(Error::NotFound)?;
        Ok(NewClient { client, secret })
    }

    /// Disables the owner's client `id` at once: it can start no sign-in and redeem nothing.
    /// `false` when it was disabled already.
    pub async fn disable_client(
        &self,
        owner: ClientOwner<'_>,
        id: ClientId,
    ) -> Result<bool, Error> {
        let client = self.own_client(owner, id).await?;
        let service = self.store.service_by_id(client.service_id).await?;
        let service = service.ok_or(Error::NotFound)?;
        let mut tx = self.store.begin().await?;
        if !tx.disable_client(id).await? {
            return Ok(false);
        }
        let detail = describe(owner.note(), &client.spec.name, id, &service);
        tx.audit(&owner.entry(AuditAction::ClientDisabled, detail))
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The owner's client `id`; another agency's is not found.
    pub async fn own_client(
        &self,
        owner: ClientOwner<'_>,
        id: ClientId,
    ) -> Result<ClientRecord, Error> {
        match self.store.client(id).await? {
            Some(client) if client.agency_id == owner.agency() => Ok(client),
            _ => Err(Error::NotFound),
        }
    }
}

fn describe(note: Note, name: &str, id: ClientId, service: &OnlineService) -> Detail {
    note.with("name", name).with("client_id", id).both(
        "service",
        &service.name.fr,
        &service.name.en,
    )
}
