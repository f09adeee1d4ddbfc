//! Access requests: form 2490 filed online (M4), who must approve it (M2, M5), and the
//! states it goes through until central acts on it (M6, M19).
//!
//! A request keeps what was filed as a [`RequestDocument`]: the three sections, normalized,
//! with the NAS partiel already hashed. It is never changed once filed; central's
//! corrections go to the person it creates, and each step is recorded beside it.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::contact::{Email, Extension, Phone};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::{OrgId, PersonId};
use crate::organization::{Organization, OrganizationForm};
use crate::person::{NasDigest, NasKey, Person, PersonForm};
use crate::profile::{Profile, ProfileChoices, ProfileSet};
use crate::text;

/// The two boxes at the top of form 2490 (M4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// « Demande de code d'enregistrement », filed by someone without an account.
    NewCode,
    /// « Modification au profil autorisé », and M19's changes of identity, filed signed in.
    Change,
}

impl RequestKind {
    pub const ALL: [RequestKind; 2] = [RequestKind::NewCode, RequestKind::Change];

    pub fn code(self) -> &'static str {
        match self {
            RequestKind::NewCode => "new-code",
            RequestKind::Change => "change",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What the approver is at the organization: the boxes of section 3's declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capacity {
    /// « Gestionnaire »
    Manager,
    /// « Responsable principal Sécurité »
    PrincipalOfficer,
    /// « Responsable auxiliaire Sécurité »
    AuxiliaryOfficer,
}

impl Capacity {
    pub const ALL: [Capacity; 3] = [
        Capacity::Manager,
        Capacity::PrincipalOfficer,
        Capacity::AuxiliaryOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Capacity::Manager => "manager",
            Capacity::PrincipalOfficer => "principal-officer",
            Capacity::AuxiliaryOfficer => "auxiliary-officer",
        }
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        match input.trim() {
            "" => Err(FieldError::new(Field::ApproverCapacity, Problem::Required)),
            code => Self::ALL
                .into_iter()
                .find(|c| c.code() == code)
                .ok_or(FieldError::new(
                    Field::ApproverCapacity,
                    Problem::NotAChoice,
                )),
        }
    }

    pub fn is_officer(self) -> bool {
        self != Capacity::Manager
    }
}

/// Who must approve a request, by M5, and by M2 before the organization has an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    /// A security officer or an enterprise-files user: a manager (M5).
    Manager,
    /// Only an individual-files user: a principal or auxiliary officer (M5).
    Officer,
    /// Only an individual-files user, but no officer signs in yet: the manager (M2).
    ManagerUntilOfficer,
}

impl Approval {
    /// The approval `profiles` need; `officer_signs_in` is whether the organization has an
    /// officer with an active user code.
    pub fn for_profiles(profiles: &ProfileSet, officer_signs_in: bool) -> Self {
        if profiles.is_officer() || profiles.has_enterprise_files() {
            Approval::Manager
        } else if officer_signs_in {
            Approval::Officer
        } else {
            Approval::ManagerUntilOfficer
        }
    }

    /// Whether someone of `capacity` may approve; if not, the reason, on section 3's box.
    pub fn check(self, capacity: Capacity) -> Result<(), FieldError> {
        let problem = match (self, capacity.is_officer()) {
            (Approval::Manager, true) => Problem::ApproverMustBeManager,
            (Approval::ManagerUntilOfficer, true) => Problem::ManagerUntilOfficer,
            (Approval::Officer, false) => Problem::ApproverMustBeOfficer,
            _ => return Ok(()),
        };
        Err(FieldError::new(Field::ApproverCapacity, problem))
    }
}

/// A non-profit attaches its board's resolution when the profiles need a manager (M5).
pub fn needs_resolution(profiles: &ProfileSet, nonprofit: bool) -> bool {
    nonprofit && (profiles.is_officer() || profiles.has_enterprise_files())
}

/// A board's resolution (M5) is a PDF of at most `max_bytes`, known by its content: it
/// begins with the PDF header and ends with its end-of-file marker, whatever its name says.
pub fn check_resolution(content: &[u8], max_bytes: usize) -> Result<(), FieldError> {
    let error = |problem| Err(FieldError::new(Field::Resolution, problem));
    if content.len() > max_bytes {
        return error(Problem::FileTooLarge {
            max: max_bytes / (1024 * 1024),
        });
    }
    let tail = &content[content.len().saturating_sub(1024)..];
    if !content.starts_with(b"%PDF-") || !tail.windows(5).any(|w| w == b"%%EOF") {
        return error(Problem::NotPdf);
    }
    Ok(())
}

/// M2: an organization whose principal officer is neither known nor requested yet must
/// begin with a request for that officer.
pub fn check_first_request(profiles: &ProfileSet, principal_known: bool) -> Result<(), FieldError> {
    if principal_known || profiles.profiles().contains(&Profile::PrincipalOfficer) {
        Ok(())
    } else {
        Err(FieldError::new(
            Field::Profiles,
            Problem::FirstRequestForPrincipal,
        ))
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestState {
    /// Filed; waiting for the approver named in section 3.
    AwaitingApproval,
    /// Approved; waiting for central.
    Approved,
    /// Refused by the approver.
    Refused,
    /// Withdrawn by the requester before central acted.
    Withdrawn,
    /// Central issued the registration code (M6).
    Issued,
    /// Central made the change (M19).
    Applied,
    /// Central made the change; the new email waits for its confirmation (M19).
    AwaitingEmail,
    /// Refused by central.
    Rejected,
}

/// What happens to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Approve,
    Refuse,
    Withdraw,
    Issue,
    Apply,
    ApplyAwaitingEmail,
    ConfirmEmail,
    Reject,
}

impl RequestState {
    pub const ALL: [RequestState; 8] = [
        RequestState::AwaitingApproval,
        RequestState::Approved,
        RequestState::Refused,
        RequestState::Withdrawn,
        RequestState::Issued,
        RequestState::Applied,
        RequestState::AwaitingEmail,
        RequestState::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestState::AwaitingApproval => "awaiting-approval",
            RequestState::Approved => "approved",
            RequestState::Refused => "refused",
            RequestState::Withdrawn => "withdrawn",
            RequestState::Issued => "issued",
            RequestState::Applied => "applied",
            RequestState::AwaitingEmail => "awaiting-email",
            RequestState::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state after `step`, or `None` if the step is not allowed from here.
    pub fn after(self, step: Step) -> Option<Self> {
        use RequestState as S;
        match (self, step) {
            (S::AwaitingApproval, Step::Approve) => Some(S::Approved),
            (S::AwaitingApproval, Step::Refuse) => Some(S::Refused),
            (S::AwaitingApproval | S::Approved, Step::Withdraw) => Some(S::Withdrawn),
            (S::Approved, Step::Issue) => Some(S::Issued),
            (S::Approved, Step::Apply) => Some(S::Applied),
            (S::Approved, Step::ApplyAwaitingEmail) => Some(S::AwaitingEmail),
            (S::AwaitingEmail, Step::ConfirmEmail) => Some(S::Applied),
            (S::Approved, Step::Reject) => Some(S::Rejected),
            _ => None,
        }
    }

    /// Whether the request still waits on someone (approver, central or the new address).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestState::AwaitingApproval | RequestState::Approved | RequestState::AwaitingEmail
        )
    }
}

/// Section 1, as filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetails {
    pub name: String,
    pub address: String,
    pub city: String,
    pub postal_code: String,
    pub phone: String,
    pub phone_extension: String,
    pub neq: String,
    pub education_number: String,
    /// A non-profit organization (« organisme à but non lucratif », M5).
    pub nonprofit: bool,
}

/// Section 2's requester, as filed; the NAS partiel only as its keyed hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequesterDetails {
    pub title: String,
    pub last_name: String,
    pub first_name: String,
    pub nas_digest: String,
    pub email: String,
    pub phone: String,
    pub phone_extension: String,
    pub fax: String,
    /// The requester's user code, for a change (« Modification au profil autorisé »).
    pub user_code: String,
}

/// Section 3's approver, as filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverDetails {
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub phone: String,
    pub phone_extension: String,
    pub capacity: Capacity,
}

/// Form 2490 as filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDocument {
    pub kind: RequestKind,
    pub organization: OrgDetails,
    pub requester: RequesterDetails,
    pub profiles: Vec<Profile>,
    pub approver: ApproverDetails,
    /// « Date d'expiration de l'accès demandé »: required for a new code (M4).
    pub access_expires_on: Option<Date>,
    pub comments: String,
    /// « Nom de votre répondant » at the agency, and their phone.
    pub agency_contact_name: String,
    pub agency_contact_phone: String,
}

/// Form 2490 as typed, before parsing.
#[derive(Clone, Debug, Default)]
pub struct RequestInput<'a> {
    pub organization: OrganizationForm<'a>,
    pub nonprofit: bool,
    pub requester: PersonForm<'a>,
    pub profiles: ProfileChoices,
    pub approver_last_name: &'a str,
    pub approver_first_name: &'a str,
    pub approver_email: &'a str,
    pub approver_phone: &'a str,
    pub approver_phone_extension: &'a str,
    pub approver_capacity: &'a str,
    pub access_expires_on: &'a str,
    pub comments: &'a str,
    pub agency_contact_name: &'a str,
    pub agency_contact_phone: &'a str,
    /// The requester's declaration was ticked.
    pub declared: bool,
}

pub const COMMENTS_MAX: usize = 2000;

/// The longest reason a refusal gives.
pub const REASON_MAX: usize = 500;

/// The reason of a refusal, by an approver or by central: required, folded, bounded.
pub fn refusal_reason(input: &str) -> Result<String, FieldError> {
    text::required(Field::RefusalReason, input, REASON_MAX)
}

/// How central checked who approved a request, as it typed it (issue 19, item 2).
pub fn approver_check(input: &str) -> Result<String, FieldError> {
    text::required(Field::ApproverCheck, input, REASON_MAX)
}

/// One year from `today`, the longest access M4 allows.
pub fn one_year_from(today: Date) -> Date {
    today
        .replace_year(today.year() + 1)
        .unwrap_or(today + Duration::days(365))
}

/// The access's expiry date: after today, at most one year ahead (M4).
pub fn access_expiry(input: &str, today: Date) -> Result<Date, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(input.trim(), format).map_err(|_| {
        FieldError::new(
            Field::AccessExpiresOn,
            if input.trim().is_empty() {
                Problem::Required
            } else {
                Problem::Date
            },
        )
    })?;
    if date <= today || date > one_year_from(today) {
        return Err(FieldError::new(
            Field::AccessExpiresOn,
            Problem::DateRange { days: 365 },
        ));
    }
    Ok(date)
}

/// Section 1 as an organization. Its phone is the organization's, named apart from the
/// requester's in section 2.
pub fn parse_section_1(
    id: OrgId,
    form: &OrganizationForm<'_>,
) -> Result<Organization, Vec<FieldError>> {
    Organization::parse(id, form).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| match e.field {
                Field::Phone => FieldError::new(Field::OrganizationPhone, e.problem),
                Field::PhoneExtension => {
                    FieldError::new(Field::OrganizationPhoneExtension, e.problem)
                }
                _ => e,
            })
            .collect()
    })
}

fn or_empty<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

impl RequestDocument {
    /// Parses the form, checking every field's rule, and returns every error. The approver's
    /// capacity is checked against the profiles by the caller, who knows the organization
    /// ([`Approval::for_profiles`]).
    pub fn parse(
        kind: RequestKind,
        user_code: &str,
        input: &RequestInput<'_>,
        today: Date,
        key: &NasKey,
    ) -> Result<(Self, ProfileSet), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let org = parse_section_1(OrgId::new(), &input.organization);
        let person = Person::parse(PersonId::new(), OrgId::new(), &input.requester, key);
        let profiles = errors.check(ProfileSet::from_choices(input.profiles));
        let mut all = Vec::new();
        if let Err(e) = &org {
            all.extend(e.iter().copied());
        }
        if let Err(e) = &person {
            all.extend(e.iter().copied());
        }
        if !input.declared {
            errors.check::<()>(Err(FieldError::new(
                Field::Declaration,
                Problem::NotDeclared,
            )));
        }
        let approver_last_name = errors.check(text::required(
            Field::ApproverLastName,
            input.approver_last_name,
            Person::NAME_MAX,
        ));
        let approver_first_name = errors.check(text::required(
            Field::ApproverFirstName,
            input.approver_first_name,
            Person::NAME_MAX,
        ));
        let approver_email = errors.check(
            Email::parse(Field::ApproverEmail, input.approver_email).and_then(|email| {
                if Email::parse(Field::Email, input.requester.email).is_ok_and(|e| e == email) {
                    Err(FieldError::new(
                        Field::ApproverEmail,
                        Problem::SameAsRequester,
                    ))
                } else {
                    Ok(email)
                }
            }),
        );
        let approver_phone = errors.check(Phone::parse(Field::ApproverPhone, input.approver_phone));
        let approver_extension = errors.check(Extension::parse_optional_as(
            Field::ApproverPhoneExtension,
            input.approver_phone_extension,
        ));
        let capacity = errors.check(Capacity::parse(input.approver_capacity));
        let expiry = errors.check(match (kind, input.access_expires_on.trim()) {
            (RequestKind::Change, "") => Ok(None),
            (_, typed) => access_expiry(typed, today).map(Some),
        });
        let comments = errors.check(text::optional(
            Field::Comments,
            input.comments,
            COMMENTS_MAX,
        ));
        let contact_name = errors.check(text::optional(
            Field::AgencyContactName,
            input.agency_contact_name,
            Person::NAME_MAX,
        ));
        let contact_phone = errors.check(if input.agency_contact_phone.trim().is_empty() {
            Ok(None)
        } else {
            Phone::parse(Field::AgencyContactPhone, input.agency_contact_phone).map(Some)
        });
        all.extend(errors.into_vec());
        let (
            Ok(org),
            Ok(person),
            Some(profiles),
            Some(approver_last_name),
            Some(approver_first_name),
            Some(approver_email),
            Some(approver_phone),
            Some(approver_extension),
            Some(capacity),
            Some(access_expires_on),
            Some(comments),
            Some(contact_name),
            Some(contact_phone),
            true,
        ) = (
            org,
            person,
            profiles,
            approver_last_name,
            approver_first_name,
            approver_email,
            approver_phone,
            approver_extension,
            capacity,
            expiry,
            comments,
            contact_name,
            contact_phone,
            all.is_empty(),
        )
        else {
            return Err(all);
        };
        let document = RequestDocument {
            kind,
            organization: OrgDetails {
                name: org.name,
                address: org.address,
                city: org.city,
                postal_code: org.postal_code.as_str().to_string(),
                phone: org.phone.to_string(),
                phone_extension: or_empty(&org.phone_extension.map(|e| e.as_str().to_string())),
                neq: org.neq.as_str().to_string(),
                education_number: or_empty(&org.education_number.map(|n| n.as_str().to_string())),
                nonprofit: input.nonprofit,
            },
            requester: RequesterDetails {
                title: or_empty(&person.title.map(|t| t.code())),
                last_name: person.last_name,
                first_name: person.first_name,
                nas_digest: person.nas_digest.as_str().to_string(),
                email: person.email.to_string(),
                phone: person.phone.to_string(),
                phone_extension: or_empty(&person.phone_extension.map(|e| e.as_str().to_string())),
                fax: or_empty(&person.fax),
                user_code: match kind {
                    RequestKind::Change => user_code.to_string(),
                    RequestKind::NewCode => String::new(),
                },
            },
            profiles: profiles.profiles(),
            approver: ApproverDetails {
                last_name: approver_last_name,
                first_name: approver_first_name,
                email: approver_email.to_string(),
                phone: approver_phone.to_string(),
                phone_extension: or_empty(&approver_extension.map(|e| e.as_str().to_string())),
                capacity,
            },
            access_expires_on,
            comments: comments.unwrap_or_default(),
            agency_contact_name: contact_name.unwrap_or_default(),
            agency_contact_phone: or_empty(&contact_phone),
        };
        Ok((document, profiles))
    }

    /// The profiles requested (M1 holds: they were parsed from the form).
    pub fn profile_set(&self) -> ProfileSet {
        ProfileSet::from_profiles(self.profiles.iter().copied()).unwrap_or_default()
    }

    /// Section 1 as a form, for central to correct before the organization is created.
    pub fn organization_form(&self) -> OrganizationForm<'_> {
        let o = &self.organization;
        OrganizationForm {
            name: &o.name,
            address: &o.address,
            city: &o.city,
            postal_code: &o.postal_code,
            phone: &o.phone,
            phone_extension: &o.phone_extension,
            neq: &o.neq,
            education_number: &o.education_number,
        }
    }

    /// Section 2's identity as a form (the NAS partiel stays hashed: `nas_partial` is empty).
    pub fn requester_form(&self) -> PersonForm<'_> {
        let r = &self.requester;
        PersonForm {
            title: &r.title,
            last_name: &r.last_name,
            first_name: &r.first_name,
            nas_partial: "",
            email: &r.email,
            phone: &r.phone,
            phone_extension: &r.phone_extension,
            fax: &r.fax,
        }
    }

    pub fn nas_digest(&self) -> NasDigest {
        NasDigest::from_stored(self.requester.nas_digest.clone())
    }

    /// « Prénom Nom » of the requester.
    pub fn requester_name(&self) -> String {
        format!("{} {}", self.requester.first_name, self.requester.last_name)
    }

    /// « Prénom Nom » of the approver.
    pub fn approver_name(&self) -> String {
        format!("{} {}", self.approver.first_name, self.approver.last_name)
    }
}

#[cfg(test)]
mod tests;
