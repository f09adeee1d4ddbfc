//! Form 2490 on screen: its three sections, each field with its label and its error beside
//! it, drawn empty, prefilled (a change, M19) or again with what was typed and its errors.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use mandat_core::organization::OrganizationForm;
use mandat_core::person::{PersonForm, Title};
use mandat_core::profile::{Profile, ProfileChoices};
use mandat_core::request::{Capacity, RequestInput, RequestKind};
use mandat_core::{Field, FieldError};

use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;

/// The typed values of the form, by field name.
pub type Values = HashMap<String, String>;

/// A checkbox or a radio button.
pub struct Choice {
    pub id: String,
    pub name: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// The boxes of « Profil demandé », by field name.
pub const PROFILE_BOXES: [Profile; 6] = Profile::ALL;

pub fn profile_box(p: Profile) -> String {
    format!("profile-{}", p.code())
}

#[derive(Template, WebTemplate)]
#[template(path = "request_form.html")]
pub struct RequestFormPage {
    pub tr: Tr,
    pub chrome: Chrome,
    pub csrf: String,
    pub title: String,
    pub action: String,
    /// The form's one-time key: sending it twice files one request.
    pub form_key: String,
    pub user_code: String,
    pub alert: String,
    pub errors: Vec<(String, String)>,
    pub organization: Vec<FieldView>,
    pub nonprofit: bool,
    pub titles: Vec<Choice>,
    pub requester: Vec<FieldView>,
    pub profiles: Vec<Choice>,
    pub profiles_error: String,
    pub declared: bool,
    pub declaration_error: String,
    pub resolution_error: String,
    pub approver: Vec<FieldView>,
    pub capacities: Vec<Choice>,
    pub capacity_error: String,
    pub details: Vec<FieldView>,
}

/// Where the error summary's link for `field` leads: the field, or a group's first box.
fn anchor(field: Field) -> String {
    match field {
        Field::Profiles => profile_box(Profile::PrincipalOfficer),
        Field::ApproverCapacity => format!("approver-capacity-{}", Capacity::Manager.code()),
        Field::Title => format!("title-{}", Title::Monsieur.code()),
        other => other.id().to_string(),
    }
}

fn error_of(tr: &Tr, errors: &[FieldError], field: Field) -> String {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| tr.field_error(e))
        .unwrap_or_default()
}

impl RequestFormPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        tr: Tr,
        chrome: Chrome,
        csrf: String,
        kind: RequestKind,
        form_key: String,
        user_code: &str,
        values: &Values,
        errors: &[FieldError],
    ) -> Self {
        let v = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
        let field = |f: Field, kind: &'static str| {
            FieldView::new(&tr, f, kind)
                .value(v(f.id()))
                .errors(&tr, errors)
        };
        let organization = vec![
            field(Field::OrganizationName, "text").autocomplete("organization"),
            field(Field::Address, "text"),
            field(Field::City, "text"),
            field(Field::PostalCode, "text"),
            field(Field::OrganizationPhone, "tel"),
            field(Field::OrganizationPhoneExtension, "text"),
            field(Field::Neq, "text"),
            field(Field::EducationNumber, "text"),
        ];
        let titles = Title::ALL
            .into_iter()
            .map(|t| Choice {
                id: format!("title-{}", t.code()),
                name: "title".into(),
                value: t.code(),
                label: tr.t(&format!("title-{}", t.code())),
                checked: v("title") == t.code(),
            })
            .collect();
        let requester = vec![
            field(Field::LastName, "text").autocomplete("family-name"),
            field(Field::FirstName, "text").autocomplete("given-name"),
            // The NAS partiel is never drawn back into a page, even to whoever typed it.
            FieldView::new(&tr, Field::NasPartial, "text").errors(&tr, errors),
            field(Field::Phone, "tel"),
            field(Field::PhoneExtension, "text"),
            field(Field::Fax, "tel"),
            field(Field::Email, "email").autocomplete("email"),
        ];
        let profiles = PROFILE_BOXES
            .into_iter()
            .map(|p| Choice {
                id: profile_box(p),
                name: profile_box(p),
                value: "on",
                label: tr.t(&format!("request-profile-{}", p.code())),
                checked: values.contains_key(&profile_box(p)),
            })
            .collect();
        let approver = vec![
            field(Field::ApproverLastName, "text"),
            field(Field::ApproverFirstName, "text"),
            field(Field::ApproverEmail, "email"),
            field(Field::ApproverPhone, "tel"),
            field(Field::ApproverPhoneExtension, "text"),
        ];
        let capacities = Capacity::ALL
            .into_iter()
            .map(|c| Choice {
                id: format!("approver-capacity-{}", c.code()),
                name: Field::ApproverCapacity.id().into(),
                value: c.code(),
                label: tr.t(&format!("capacity-{}", c.code())),
                checked: v(Field::ApproverCapacity.id()) == c.code(),
            })
            .collect();
        let details = vec![
            field(Field::AccessExpiresOn, "date"),
            field(Field::Comments, "text"),
            field(Field::AgencyContactName, "text"),
            field(Field::AgencyContactPhone, "tel"),
        ];
        let (title, action) = match kind {
            RequestKind::NewCode => ("request-new-title", "/demande"),
            RequestKind::Change => ("request-change-title", "/demande/modification"),
        };
        RequestFormPage {
            title: tr.t(title),
            action: action.into(),
            form_key,
            user_code: user_code.to_string(),
            alert: String::new(),
            errors: errors
                .iter()
                .map(|e| (anchor(e.field), tr.field_error(e)))
                .collect(),
            organization,
            nonprofit: values.contains_key("nonprofit"),
            titles,
            requester,
            profiles,
            profiles_error: error_of(&tr, errors, Field::Profiles),
            declared: values.contains_key(Field::Declaration.id()),
            declaration_error: error_of(&tr, errors, Field::Declaration),
            resolution_error: error_of(&tr, errors, Field::Resolution),
            approver,
            capacities,
            capacity_error: error_of(&tr, errors, Field::ApproverCapacity),
            details,
            tr,
            chrome,
            csrf,
        }
    }
}

/// Reads the typed values as form 2490's input.
pub fn input(values: &Values) -> RequestInput<'_> {
    let v = |f: Field| values.get(f.id()).map(String::as_str).unwrap_or("");
    let ticked = |p: Profile| values.contains_key(&profile_box(p));
    RequestInput {
        organization: OrganizationForm {
            name: v(Field::OrganizationName),
            address: v(Field::Address),
            city: v(Field::City),
            postal_code: v(Field::PostalCode),
            phone: v(Field::OrganizationPhone),
            phone_extension: v(Field::OrganizationPhoneExtension),
            neq: v(Field::Neq),
            education_number: v(Field::EducationNumber),
        },
        nonprofit: values.contains_key("nonprofit"),
        requester: PersonForm {
            title: v(Field::Title),
            last_name: v(Field::LastName),
            first_name: v(Field::FirstName),
            nas_partial: v(Field::NasPartial),
            email: v(Field::Email),
            phone: v(Field::Phone),
            phone_extension: v(Field::PhoneExtension),
            fax: v(Field::Fax),
        },
        profiles: ProfileChoices {
            principal_officer: ticked(Profile::PrincipalOfficer),
            auxiliary_officer: ticked(Profile::AuxiliaryOfficer),
            individual_files: ticked(Profile::IndividualFiles),
            with_extraction: ticked(Profile::IndividualFilesWithExtraction),
            without_extraction: ticked(Profile::IndividualFilesWithoutExtraction),
            enterprise_files: ticked(Profile::EnterpriseFiles),
        },
        approver_last_name: v(Field::ApproverLastName),
        approver_first_name: v(Field::ApproverFirstName),
        approver_email: v(Field::ApproverEmail),
        approver_phone: v(Field::ApproverPhone),
        approver_phone_extension: v(Field::ApproverPhoneExtension),
        approver_capacity: v(Field::ApproverCapacity),
        access_expires_on: v(Field::AccessExpiresOn),
        comments: v(Field::Comments),
        agency_contact_name: v(Field::AgencyContactName),
        agency_contact_phone: v(Field::AgencyContactPhone),
        declared: values.contains_key(Field::Declaration.id()),
    }
}
