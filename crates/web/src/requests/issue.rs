//! Central issues the registration code of an approved new-code request (M6): the
//! organization is created from section 1 on its first request, the person from section 2
//! with central's corrections, and M2's order holds: the principal officer's code first.

use axum::extract::{Path, State};
use axum::response::Response;
use mandat_core::Field;
use mandat_core::dates::long_date;
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::{Neq, OrganizationForm};
use mandat_core::person::{Person, PersonForm};
use mandat_core::profile::Profile;
use mandat_core::request::{RequestKind, RequestState, Step, parse_section_1};
use mandat_store::{Actor, Member};
use serde::Deserialize;

// Between features: an approved request's code is issued as central issues any code (M6).
use crate::central::codes::send_registration_code;
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::requests::queue::{CENTRAL_LABEL, Corrections, Outcome, draw, load};

/// The typed corrections of the issue form, in order.
#[derive(Deserialize)]
pub struct IssueForm {
    csrf: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

with_token!(IssueForm);

/// Issues the code, or draws the request again with what stops it.
pub async fn issue(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(form): Checked<IssueForm>,
) -> Result<Response, AppError> {
    let Some(r) = load(&state, &id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    let lang = here.lang;
    let typed: Vec<(String, String)> = form.fields.into_iter().collect();
    // Draws the request again with what stops the issuing.
    let refuse = |outcome: Outcome| draw(&here, &state, &central, &r, &typed, outcome);
    let alert = |key: &str| Outcome {
        alert: tr.t(key),
        ..Outcome::none()
    };
    if r.state != RequestState::Approved || r.kind() != RequestKind::NewCode {
        return refuse(alert("central-request-not-actionable")).await;
    }
    let c = Corrections(&typed);
    let filed_org = r.document.organization_form();
    let existing = match Neq::parse(filed_org.neq) {
        Ok(neq) => state.store.organization_by_neq(&neq).await?,
        Err(_) => None,
    };
    let org = match existing {
        Some(o) => Ok((o, false)),
        None => parse_section_1(
            OrgId::new(),
            &OrganizationForm {
                name: c.get(Field::OrganizationName, filed_org.name),
                address: c.get(Field::Address, filed_org.address),
                city: c.get(Field::City, filed_org.city),
                postal_code: c.get(Field::PostalCode, filed_org.postal_code),
                phone: c.get(Field::OrganizationPhone, filed_org.phone),
                phone_extension: c
                    .get(Field::OrganizationPhoneExtension, filed_org.phone_extension),
                neq: filed_org.neq,
                education_number: c.get(Field::EducationNumber, filed_org.education_number),
            },
        )
        .map(|o| (o, true)),
    };
    let filed = r.document.requester_form();
    let org_id = org.as_ref().map(|(o, _)| o.id).unwrap_or_default();
    let person = Person::parse_hashed(
        PersonId::new(),
        org_id,
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
    );
    let (org, created, person) = match (org, person) {
        (Ok((org, created)), Ok(person)) => (org, created, person),
        (org, person) => {
            let mut errors = org.err().unwrap_or_default();
            errors.extend(person.err().unwrap_or_default());
            let outcome = Outcome {
                errors,
                ..Outcome::none()
            };
            return refuse(outcome).await;
        }
    };
    let profiles = r.document.profile_set();
    let for_principal = profiles.profiles().contains(&Profile::PrincipalOfficer);
    if !for_principal && (created || !state.store.has_principal_person(org.id).await?) {
        return refuse(alert("central-principal-first")).await;
    }
    if !created
        && state
            .store
            .person_by_nas(org.id, &person.nas_digest)
            .await?
            .is_some()
    {
        return refuse(alert("central-person-known")).await;
    }
    let Some(expiry) = r.document.access_expires_on else {
        return Err(AppError::Internal(
            "a new-code request without expiry".into(),
        ));
    };
    let by = Actor {
        account: Some(central.0.account.id),
        label: CENTRAL_LABEL.into(),
    };
    let mut tx = state.store.begin().await?;
    if created {
        tx.insert_organization(&org).await?;
    }
    tx.insert_member(&Member {
        person: person.clone(),
        profiles,
        roles: vec![],
    })
    .await?;
    tx.attach_request(r.id, org.id, person.id).await?;
    if !tx
        .step_request(r.id, RequestState::Approved, Step::Issue, &by, "")
        .await?
    {
        return refuse(alert("central-request-not-actionable")).await;
    }
    let valid_through =
        send_registration_code(&mut tx, &state, &person, &org, expiry, &central, client).await?;
    tx.commit().await?;
    let Some(now) = state.store.request(r.id).await? else {
        return Err(AppError::Internal("an issued request vanished".into()));
    };
    let outcome = Outcome {
        notice: tr.t_args(
            "central-code-sent",
            &[
                ("name", person_name(&person).into()),
                ("email", person.email.to_string().into()),
                ("date", long_date(valid_through, lang).into()),
            ],
        ),
        ..Outcome::none()
    };
    draw(&here, &state, &central, &now, &[], outcome).await
}

fn person_name(p: &Person) -> String {
    format!("{} {}", p.first_name, p.last_name)
}
