//! Central issues the registration code of an approved new-code request (M6): the
//! organization is created from section 1 on its first request, the person from section 2
//! with central's corrections, and M2's order holds: the principal officer's code first.

use mandat_core::Field;
use mandat_core::ids::{OrgId, PersonId, RequestId};
use mandat_core::organization::{Neq, Organization, OrganizationForm};
use mandat_core::person::{Person, PersonForm};
use mandat_core::profile::Profile;
use mandat_core::request::{RequestKind, RequestState, Step, parse_section_1};
use mandat_store::{Actor, Member, RequestRecord};
use time::Date;

use super::{CENTRAL_LABEL, Corrections};
use crate::{App, Central, Error, Reason};

/// Whom a code was issued to, and the last day they may use it (M7).
pub struct Issued {
    pub person: Person,
    pub valid_through: Date,
}

impl App {
    /// Issues the code of the approved new-code request `id`, with central's `corrections`
    /// to sections 1 and 2; refused, nothing is written.
    pub async fn issue_requested_code(
        &self,
        central: &Central,
        id: RequestId,
        corrections: &[(String, String)],
    ) -> Result<Issued, Error> {
        let r = self.store.request(id).await?.ok_or(Error::NotFound)?;
        if r.state != RequestState::Approved || r.kind() != RequestKind::NewCode {
            return Err(Error::reason(Reason::NotActionable));
        }
        self.require_vouched_approver(&r).await?;
        let c = Corrections(corrections);
        let (org, created) = self.organization_of(&r, &c).await?;
        let person = person_of(&r, &c, org.id).map_err(Error::fields)?;
        let profiles = r.document.profile_set();
        let for_principal = profiles.profiles().contains(&Profile::PrincipalOfficer);
        if !for_principal && (created || !self.store.has_principal_person(org.id).await?) {
            return Err(Error::reason(Reason::PrincipalFirst));
        }
        let known = self.store.person_by_nas(org.id, &person.nas_digest).await?;
        if !created && known.is_some() {
            return Err(Error::reason(Reason::PersonKnown));
        }
        let expiry = r
            .document
            .access_expires_on
            .ok_or_else(|| Error::Internal("a new-code request without expiry".into()))?;
        let by = Actor {
            account: Some(central.account),
            label: CENTRAL_LABEL.into(),
        };
        let mut tx = self.store.begin().await?;
        if created {
            tx.insert_organization(&org).await?;
        }
        let member = Member {
            person: person.clone(),
            profiles,
            roles: vec![],
        };
        tx.insert_member(&member).await?;
        tx.attach_request(r.id, org.id, person.id).await?;
        if !tx
            .step_request(r.id, RequestState::Approved, Step::Issue, &by, "")
            .await?
        {
            return Err(Error::reason(Reason::NotActionable));
        }
        let valid_through = self
            .send_code(&mut tx, central, (&person, &org), expiry)
            .await?;
        tx.commit().await?;
        Ok(Issued {
            person,
            valid_through,
        })
    }

    /// The request's organization: the one in Mandat with its NEQ, or (`true`) a new one
    /// from section 1 as corrected. Its errors, and the person's, are shown together.
    async fn organization_of(
        &self,
        r: &RequestRecord,
        c: &Corrections<'_>,
    ) -> Result<(Organization, bool), Error> {
        let filed = r.document.organization_form();
        if let Ok(neq) = Neq::parse(filed.neq)
            && let Some(o) = self.store.organization_by_neq(&neq).await?
        {
            return Ok((o, false));
        }
        let form = OrganizationForm {
            name: c.get(Field::OrganizationName, filed.name),
            address: c.get(Field::Address, filed.address),
            city: c.get(Field::City, filed.city),
            postal_code: c.get(Field::PostalCode, filed.postal_code),
            phone: c.get(Field::OrganizationPhone, filed.phone),
            phone_extension: c.get(Field::OrganizationPhoneExtension, filed.phone_extension),
            neq: filed.neq,
            education_number: c.get(Field::EducationNumber, filed.education_number),
        };
        match parse_section_1(OrgId::new(), &form) {
            Ok(o) => Ok((o, true)),
            Err(mut errors) => {
                // The person's errors too, so that central corrects everything at once.
                errors.extend(person_of(r, c, OrgId::new()).err().unwrap_or_default());
                Err(Error::fields(errors))
            }
        }
    }
}

/// The person of section 2, as central corrected it, in the organization `org`.
fn person_of(
    r: &RequestRecord,
    c: &Corrections<'_>,
    org: OrgId,
) -> Result<Person, Vec<mandat_core::FieldError>> {
    let filed = r.document.requester_form();
    Person::parse_hashed(
        PersonId::new(),
        org,
        &PersonForm {
            title: filed.title,
            last_name: c.get(Field::LastName, filed.last_name),
            first_name: c.get(Field::FirstName, filed.first_name),
            nas_partial: "",
            email: c.get(Field::Email, filed.email),
            phone: c.get(Field::Phone, filed.phone),
            phone_extension: c.get(Field::PhoneExtension, filed.phone_extension),
            fax: c.get(Field::Fax, filed.fax),
        },
        r.document.nas_digest(),
    )
}
