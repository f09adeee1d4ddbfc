//! The agency's side of enrollment (E2–E5): a state set on a request, with a comment the
//! organization's officers are emailed; the agency's own states, the questions of its
//! request form, and the contact its refusals name.

use mandat_core::Field;
use mandat_core::agency::{AgencyContact, ContactForm};
use mandat_core::audit::{AuditAction, Detail, Note};
use mandat_core::enrollment::{BuiltInState, CustomState, StateForm, describe};
use mandat_core::enrollment_form::{FormField, FormFieldForm};
use mandat_core::ids::EnrollmentId;
use mandat_core::{FieldError, Problem};
use mandat_mail::enrollment::{ContactLines, EnrollmentDecidedMail};
use mandat_mail::messages::Message;
use mandat_store::{EnrollmentRecord, StoreError};

use super::{Staff, taken};
use crate::{App, Error};

/// The longest comment on a state (E5).
pub const COMMENT_MAX: usize = 1000;

impl App {
    /// The agency's enrollment request `id`; another agency's is not found.
    pub async fn agency_enrollment(
        &self,
        staff: &Staff,
        id: EnrollmentId,
    ) -> Result<EnrollmentRecord, Error> {
        let r = self.store.enrollment(id).await?;
        r.filter(|r| r.agency_id == staff.agency)
            .ok_or(Error::NotFound)
    }

    /// Sets the state `code` (built in or the agency's own) on the request `id`, with a
    /// comment; the organization's officers are emailed (E5). The same state again needs a
    /// comment; a refused request taken up again while a newer one stands is refused (E4).
    pub async fn set_enrollment_state(
        &self,
        staff: &Staff,
        id: EnrollmentId,
        (code, comment): (&str, &str),
    ) -> Result<(), Error> {
        let r = self.agency_enrollment(staff, id).await?;
        let agency = self
            .store
            .agency(staff.agency)
            .await?
            .ok_or(Error::NotFound)?;
        let custom = self.store.enrollment_states(agency.id).await?;
        let known = BuiltInState::ALL.iter().any(|b| b.code() == code)
            || custom.iter().any(|c| c.code.as_str() == code);
        let comment = comment.trim();
        let mut errors = Vec::new();
        if !known {
            errors.push(FieldError::new(Field::StateCode, Problem::NotAChoice));
        } else if code == r.state_code && comment.is_empty() {
            // Nothing would change: the same state again says something only with a comment.
            errors.push(FieldError::new(Field::Comments, Problem::Required));
        }
        if comment.chars().count() > COMMENT_MAX {
            let too_long = Problem::TooLong { max: COMMENT_MAX };
            errors.push(FieldError::new(Field::Comments, too_long));
        }
        if !errors.is_empty() {
            return Err(Error::fields(errors));
        }
        let (name, meaning) = describe(code, &custom);
        let refused = code == BuiltInState::Refused.code();
        let mail = EnrollmentDecidedMail {
            organization: r.content.organization.name.clone(),
            agency: agency.name.clone(),
            state: name.clone(),
            meaning,
            comment: comment.to_string(),
            contact: refused.then(|| ContactLines::of(&agency)),
            follow_url: self.url(&format!("/inscriptions/demandes/{}", r.id)),
        };
        let mut tx = self.store.begin().await?;
        let set = tx
            .set_enrollment_state(agency.id, r.id, code, comment, staff.account)
            .await;
        if let Err(StoreError::Conflict(_)) = set {
            let newer = FieldError::new(Field::StateCode, Problem::NewerRequest);
            return Err(Error::fields(vec![newer]));
        }
        set?;
        let detail = Detail::named(&name, code);
        let entry = staff.entry(Some(r.org_id), AuditAction::EnrollmentStateSet, detail);
        tx.audit(&entry).await?;
        for officer in tx.active_officer_emails(r.org_id).await? {
            tx.queue_mail(&mail.to(&officer)?).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One of the agency's own states (E4).
    pub async fn add_enrollment_state(
        &self,
        staff: &Staff,
        form: &StateForm<'_>,
    ) -> Result<CustomState, Error> {
        let custom = CustomState::parse(staff.agency, form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        taken(tx.insert_enrollment_state(&custom).await, Field::StateCode)?;
        let detail = Detail::named(&custom.name, custom.code.as_str());
        tx.audit(&staff.entry(None, AuditAction::EnrollmentStateAdded, detail))
            .await?;
        tx.commit().await?;
        Ok(custom)
    }

    /// A question of the agency's request form (E2).
    pub async fn add_form_field(
        &self,
        staff: &Staff,
        form: &FormFieldForm<'_>,
    ) -> Result<FormField, Error> {
        let field = FormField::parse(staff.agency, form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        taken(tx.insert_form_field(&field).await, Field::FormFieldCode)?;
        let (code, kind) = (field.code.as_str(), field.kind.code());
        let detail = Note::FieldAdded
            .both("label", &field.label.fr, &field.label.en)
            .with("code", code)
            .with("kind", kind);
        tx.audit(&staff.entry(None, AuditAction::EnrollmentFieldAdded, detail))
            .await?;
        tx.commit().await?;
        Ok(field)
    }

    /// The contact the agency's refusals name (E5).
    pub async fn change_agency_contact(
        &self,
        staff: &Staff,
        form: &ContactForm<'_>,
    ) -> Result<AgencyContact, Error> {
        let contact = AgencyContact::parse(form).map_err(Error::fields)?;
        let mut tx = self.store.begin().await?;
        tx.update_agency_contact(staff.agency, &contact).await?;
        let (name, phone, email) = (&contact.name, contact.phone.as_str(), &contact.email);
        let detail = Detail::text(format!("{name}, {phone}, {email}"));
        tx.audit(&staff.entry(None, AuditAction::AgencyContactChanged, detail))
            .await?;
        tx.commit().await?;
        Ok(contact)
    }
}
