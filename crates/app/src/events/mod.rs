//! Revocation events (issue 21): the receivers an agency registers, tests and disables in its
//! back-office (each change in its journal), the push of each event to each receiver
//! (`push`), and the poll of a client's events (`poll`). The events themselves are raised by
//! the store's changes, in their transactions.

mod poll;
mod push;

pub use poll::{PollAsk, Polled};
pub use push::PUSH_ATTEMPTS;

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::ClientId;
use mandat_oidc::events::{SetFacts, sign_set};
use mandat_oidc::receiver::{ReceiverForm, ReceiverSpec};
use mandat_store::{EventRecord, Receiver, ReceiverMethod};

use crate::agency::Staff;
use crate::oidc::ClientOwner;
use crate::{App, Error};

/// What the seal of a receiver's `Authorization` header is bound to.
fn header_context(receiver: uuid::Uuid) -> String {
    format!("event-receiver:{receiver}")
}

impl App {
    /// Registers a receiver of the owner's agency, for one of its enabled clients.
    pub async fn add_receiver(
        &self,
        owner: ClientOwner<'_>,
        form: &ReceiverForm<'_>,
    ) -> Result<uuid::Uuid, Error> {
        let agency = owner.agency();
        let clients = self.store.clients(Some(agency)).await?;
        let enabled: Vec<ClientId> = clients
            .iter()
            .filter(|c| c.enabled())
            .map(|c| c.id)
            .collect();
        let spec = ReceiverSpec::parse(form, &enabled).map_err(Error::fields)?;
        let id = uuid::Uuid::now_v7();
        let method = match &spec.push {
            Some(push) => ReceiverMethod::Push {
                endpoint: push.endpoint.clone(),
                auth_header: push
                    .authorization
                    .as_ref()
                    .map(|header| self.seal_key.seal(header.as_bytes(), &header_context(id))),
            },
            None => ReceiverMethod::Poll,
        };
        let mut tx = self.store.begin().await?;
        let by = match owner {
            ClientOwner::Staff(staff) => Some(staff.account),
            ClientOwner::Operator(_) => None,
        };
        tx.insert_receiver(id, agency, spec.client, &method, by)
            .await?;
        let detail = self.describe(&method, spec.client).await?;
        tx.audit(&owner.entry(AuditAction::ReceiverAdded, detail))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sends the receiver a verification event (SSF), as any other: its delivery shows.
    pub async fn test_receiver(&self, staff: &Staff, id: uuid::Uuid) -> Result<(), Error> {
        let receiver = self.own_receiver(staff, id).await?;
        if receiver.disabled_at.is_some() {
            return Err(Error::NotFound);
        }
        let mut tx = self.store.begin().await?;
        tx.raise_verification(staff.agency, id).await?;
        let detail = self.describe(&receiver.method, receiver.client).await?;
        tx.audit(&staff.entry(None, AuditAction::ReceiverTested, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables the receiver at once; what it had pending fails. `false` if it was already.
    pub async fn disable_receiver(&self, staff: &Staff, id: uuid::Uuid) -> Result<bool, Error> {
        let receiver = self.own_receiver(staff, id).await?;
        let mut tx = self.store.begin().await?;
        if !tx.disable_receiver(staff.agency, id).await? {
            return Ok(false);
        }
        let detail = self.describe(&receiver.method, receiver.client).await?;
        tx.audit(&staff.entry(None, AuditAction::ReceiverDisabled, detail))
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The staff's agency's receiver `id`; another agency's is not found.
    async fn own_receiver(&self, staff: &Staff, id: uuid::Uuid) -> Result<Receiver, Error> {
        match self.store.receiver(id).await? {
            Some(r) if r.agency == staff.agency => Ok(r),
            _ => Err(Error::NotFound),
        }
    }

    async fn describe(&self, method: &ReceiverMethod, client: ClientId) -> Result<Detail, Error> {
        let name = self
            .store
            .client(client)
            .await?
            .map(|c| c.spec.name)
            .unwrap_or_default();
        let (note, endpoint) = match method {
            ReceiverMethod::Push { endpoint, .. } => (Note::ReceiverPush, endpoint.as_str()),
            ReceiverMethod::Poll => (Note::ReceiverPoll, ""),
        };
        let detail = note.with("client", &name).with("client_id", client);
        Ok(if endpoint.is_empty() {
            detail
        } else {
            detail.with("endpoint", endpoint)
        })
    }

    /// The event as a SET addressed to the receiver's client, signed now.
    pub(crate) async fn signed_event(
        &self,
        event: &EventRecord,
        receiver: &Receiver,
    ) -> Result<String, Error> {
        let ring = self.key_ring().await?;
        let (jti, audience, stream) = (
            event.id.to_string(),
            receiver.client.to_string(),
            receiver.id.to_string(),
        );
        let facts = SetFacts {
            jti: &jti,
            issuer: self.issuer(),
            audience: &audience,
            stream: &stream,
            raised_at: event.created_at,
            signal: event.signal,
            subject: event.subject.as_deref(),
            org: event.org.as_deref(),
            procuration: event.procuration.as_deref(),
        };
        sign_set(ring.signing(), &facts).map_err(Error::Internal)
    }

    /// The `Authorization` header to push with, unsealed.
    pub(crate) fn auth_header(&self, receiver: &Receiver) -> Option<String> {
        let ReceiverMethod::Push {
            auth_header: Some(sealed),
            ..
        } = &receiver.method
        else {
            return None;
        };
        let bytes = self.seal_key.open(sealed, &header_context(receiver.id))?;
        String::from_utf8(bytes).ok()
    }
}
