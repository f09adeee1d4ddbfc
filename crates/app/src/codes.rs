//! Central's registration codes (M6, M7): a code issued to a person of an organization who
//! has no account yet, and an expired or suspended one extended after the person's NAS
//! partiel is checked. Form 2490's approved requests are issued through here too.

use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::ids::{PersonId, RegistrationCodeId};
use mandat_core::organization::Organization;
use mandat_core::person::{NasPartial, Person};
use mandat_core::request::access_expiry;
use mandat_core::secret::RegistrationCode;
use mandat_mail::messages::{CodeIssuedToOfficersMail, Message, RegistrationCodeMail};
use mandat_store::{AuditEntry, CodeState, NewRegistrationCode, Tx};
use time::Date;

use crate::{App, Central, Error, Reason};

/// Business days to use a new code (M7), and the extension central grants (M7).
pub const CODE_DAYS: u32 = 4;
pub const EXTENSION_DAYS: u32 = 2;

impl App {
    /// The person and the last day of the registration code last sent to them, as a page
    /// says it once sent or extended; `None` for no such person or code.
    pub async fn code_sent(&self, person: PersonId) -> Result<Option<(Person, Date)>, Error> {
        let found = self.store.person(person).await?;
        let code = self.store.latest_registration_code(person).await?;
        Ok(found.zip(code).map(|((p, _), c)| (p, c.valid_through)))
    }

    /// M6: a registration code for `person`, who has no account yet, giving access until
    /// the date typed. Returns the last day the code may be used (M7).
    pub async fn issue_code(
        &self,
        central: &Central,
        person: PersonId,
        access_expires_on: &str,
    ) -> Result<Date, Error> {
        let (person, org) = self.store.person(person).await?.ok_or(Error::NotFound)?;
        let expiry =
            access_expiry(access_expires_on, self.today()).map_err(|e| Error::fields(vec![e]))?;
        if self.store.account_of_person(person.id).await?.is_some() {
            return Err(Error::reason(Reason::HasAccount));
        }
        let mut tx = self.store.begin().await?;
        let valid_through = self
            .send_code(&mut tx, central, (&person, &org), expiry)
            .await?;
        tx.commit().await?;
        Ok(valid_through)
    }

    /// Issues a registration code to `person` in the caller's transaction (M6): the person is
    /// emailed the code, every active officer of the organization is told, and it is audited.
    /// Returns the last day the code may be used (M7).
    pub(crate) async fn send_code(
        &self,
        tx: &mut Tx,
        central: &Central,
        (person, org): (&Person, &Organization),
        access_expires_on: Date,
    ) -> Result<Date, Error> {
        let code = RegistrationCode::generate();
        let valid_through = self.calendar.add_business_days(self.today(), CODE_DAYS);
        let officers = self.store.active_officer_emails(org.id).await?;
        tx.insert_registration_code(&NewRegistrationCode {
            id: RegistrationCodeId::new(),
            person: person.id,
            digest: code.digest(),
            issued_by: central.account,
            valid_through,
            access_expires_on,
        })
        .await?;
        let register = self.url("/inscription");
        let mail = RegistrationCodeMail::new(&code.display(), valid_through, &register);
        tx.queue_mail(&mail.to(&person.email)?).await?;
        let notice = CodeIssuedToOfficersMail {
            organization: org.name.clone(),
        };
        for officer in officers.iter().filter(|e| **e != person.email) {
            tx.queue_mail(&notice.to(officer)?).await?;
        }
        tx.audit(&AuditEntry {
            actor: Some(central.account),
            org: Some(org.id),
            person: Some(person.id),
            action: AuditAction::RegistrationCodeIssued,
            detail: Note::CodeIssued
                .with("usable", valid_through)
                .with("access", access_expires_on),
            client_address: central.client.clone(),
            agency: None,
        })
        .await?;
        Ok(valid_through)
    }

    /// M7: an expired or suspended code gets two more business days once the person's NAS
    /// partiel is checked. Every check is recorded, the refused ones too: that record is
    /// the one thing a refusal writes. Returns the code's new last day.
    pub async fn extend_code(
        &self,
        central: &Central,
        code: RegistrationCodeId,
        nas: &str,
    ) -> Result<Date, Error> {
        let code = self.store.registration_code(code).await?;
        let code = code.ok_or(Error::NotFound)?;
        let (person, org) = self
            .store
            .person(code.person)
            .await?
            .ok_or(Error::NotFound)?;
        let nas = NasPartial::parse(nas).map_err(|e| Error::fields(vec![e]))?;
        let matches = self.nas_key.matches(&nas, &person.nas_digest);
        let today = self.today();
        let extendable = code.state == CodeState::Suspended || code.is_expired(today);
        let valid_through = self.calendar.add_business_days(today, EXTENSION_DAYS);
        let entry = |action, detail: Detail| AuditEntry {
            actor: Some(central.account),
            org: Some(org.id),
            person: Some(person.id),
            action,
            detail,
            client_address: central.client.clone(),
            agency: None,
        };
        let checked = match matches {
            true => Note::NasMatches,
            false => Note::NasMismatch,
        };
        let mut tx = self.store.begin().await?;
        tx.audit(&entry(AuditAction::IdentityChecked, checked.into()))
            .await?;
        if matches && extendable {
            tx.extend_registration_code(code.id, valid_through).await?;
            let detail = Note::CodeExtended.with("usable", valid_through);
            tx.audit(&entry(AuditAction::RegistrationCodeExtended, detail))
                .await?;
        }
        tx.commit().await?;
        match (matches, extendable) {
            (false, _) => Err(Error::reason(Reason::NasMismatch)),
            (true, false) => Err(Error::reason(Reason::NotExtendable)),
            (true, true) => Ok(valid_through),
        }
    }
}
