//! Errors of input, named by field and problem, so the web layer can say them in the user's
//! language beside the field that caused them.

use std::fmt;

/// A field of a form or of a record, by the name the interface uses for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    OrganizationName,
    Address,
    City,
    PostalCode,
    Phone,
    PhoneExtension,
    Fax,
    Neq,
    EducationNumber,
    Title,
    LastName,
    FirstName,
    NasPartial,
    Email,
    Profiles,
    AgencyCode,
    ServiceCode,
    TaskCode,
    TaskNameFr,
    TaskNameEn,
    NameFr,
    NameEn,
    DescriptionFr,
    DescriptionEn,
    ContactHoursFr,
    ContactHoursEn,
    ContactName,
    ContactPhone,
    ContactEmail,
    UserCode,
    Password,
    PasswordConfirmation,
    CurrentPassword,
    SecondFactorCode,
    AuthenticatorCode,
    RegistrationCode,
    AccessExpiresOn,
    Reason,
    OtherReason,
    Declaration,
    ApproverLastName,
    ApproverFirstName,
    ApproverEmail,
    ApproverPhone,
    ApproverPhoneExtension,
    ApproverCapacity,
    Comments,
    AgencyContactName,
    AgencyContactPhone,
    Resolution,
    RefusalReason,
    /// How central checked the identity of a request's approver (issue 19, item 2).
    ApproverCheck,
    OrganizationPhone,
    OrganizationPhoneExtension,
    AgentName,
    ReactivationReason,
    NewExpiry,
    PeriodFrom,
    PeriodTo,
    ContractKind,
    StartsOn,
    EndsOn,
    StateCode,
    MeaningFr,
    MeaningEn,
    FormFieldCode,
    FormFieldKind,
    LabelFr,
    LabelEn,
    HelpFr,
    HelpEn,
    ChoicesFr,
    ChoicesEn,
    Services,
    AgencyFile,
    Consent,
    ProcurationName,
    Agencies,
    Tasks,
    Users,
    /// P6: the NEQ of the organization an external procuration is granted to.
    MandataireNeq,
    /// The contract a service needs (M9), if any.
    ServiceContract,
    /// « Vérifier un accès »: the task, the day and the organization asked about.
    CheckTask,
    CheckDay,
    CheckOrganization,
    /// An OpenID Connect client of an agency's service (issue 20): its name, the addresses
    /// it may send people back to, after sign-in and after sign-out, how it authenticates,
    /// and its public keys.
    ClientName,
    RedirectUris,
    LogoutUris,
    ClientMethod,
    ClientKeys,
    /// A receiver of an agency's revocation events (issue 21): the client they are addressed
    /// to, push or poll, where they are pushed, and the Authorization header sent with them.
    ReceiverClient,
    ReceiverMethod,
    ReceiverEndpoint,
    ReceiverAuthorization,
    /// An officer's API token (issue 21): its name, its scope and its last day.
    TokenName,
    TokenScope,
    TokenExpiresOn,
}

impl Field {
    /// Every field, for checks that each has its messages.
    pub const ALL: [Field; 97] = [
        Field::OrganizationName,
        Field::Address,
        Field::City,
        Field::PostalCode,
        Field::Phone,
        Field::PhoneExtension,
        Field::Fax,
        Field::Neq,
        Field::EducationNumber,
        Field::Title,
        Field::LastName,
        Field::FirstName,
        Field::NasPartial,
        Field::Email,
        Field::Profiles,
        Field::AgencyCode,
        Field::ServiceCode,
        Field::TaskCode,
        Field::TaskNameFr,
        Field::TaskNameEn,
        Field::NameFr,
        Field::NameEn,
        Field::DescriptionFr,
        Field::DescriptionEn,
        Field::ContactHoursFr,
        Field::ContactHoursEn,
        Field::ContactName,
        Field::ContactPhone,
        Field::ContactEmail,
        Field::UserCode,
        Field::Password,
        Field::PasswordConfirmation,
        Field::CurrentPassword,
        Field::SecondFactorCode,
        Field::AuthenticatorCode,
        Field::RegistrationCode,
        Field::AccessExpiresOn,
        Field::Reason,
        Field::OtherReason,
        Field::Declaration,
        Field::ApproverLastName,
        Field::ApproverFirstName,
        Field::ApproverEmail,
        Field::ApproverPhone,
        Field::ApproverPhoneExtension,
        Field::ApproverCapacity,
        Field::Comments,
        Field::AgencyContactName,
        Field::AgencyContactPhone,
        Field::Resolution,
        Field::RefusalReason,
        Field::ApproverCheck,
        Field::OrganizationPhone,
        Field::OrganizationPhoneExtension,
        Field::AgentName,
        Field::ReactivationReason,
        Field::NewExpiry,
        Field::PeriodFrom,
        Field::PeriodTo,
        Field::ContractKind,
        Field::StartsOn,
        Field::EndsOn,
        Field::StateCode,
        Field::MeaningFr,
        Field::MeaningEn,
        Field::FormFieldCode,
        Field::FormFieldKind,
        Field::LabelFr,
        Field::LabelEn,
        Field::HelpFr,
        Field::HelpEn,
        Field::ChoicesFr,
        Field::ChoicesEn,
        Field::Services,
        Field::AgencyFile,
        Field::Consent,
        Field::ProcurationName,
        Field::Agencies,
        Field::Tasks,
        Field::Users,
        Field::MandataireNeq,
        Field::ServiceContract,
        Field::CheckTask,
        Field::CheckDay,
        Field::CheckOrganization,
        Field::ClientName,
        Field::RedirectUris,
        Field::LogoutUris,
        Field::ClientMethod,
        Field::ClientKeys,
        Field::ReceiverClient,
        Field::ReceiverMethod,
        Field::ReceiverEndpoint,
        Field::ReceiverAuthorization,
        Field::TokenName,
        Field::TokenScope,
        Field::TokenExpiresOn,
    ];

    /// The stable id of the field, used as the HTML field name and as the message key
    /// `field-<id>` in the locale files.
    pub fn id(self) -> &'static str {
        match self {
            Field::OrganizationName => "organization-name",
            Field::Address => "address",
            Field::City => "city",
            Field::PostalCode => "postal-code",
            Field::Phone => "phone",
            Field::PhoneExtension => "phone-extension",
            Field::Fax => "fax",
            Field::Neq => "neq",
            Field::EducationNumber => "education-number",
            Field::Title => "title",
            Field::LastName => "last-name",
            Field::FirstName => "first-name",
            Field::NasPartial => "nas-partial",
            Field::Email => "email",
            Field::Profiles => "profiles",
            Field::AgencyCode => "agency-code",
            Field::ServiceCode => "service-code",
            Field::TaskCode => "task-code",
            Field::TaskNameFr => "task-name-fr",
            Field::TaskNameEn => "task-name-en",
            Field::NameFr => "name-fr",
            Field::NameEn => "name-en",
            Field::DescriptionFr => "description-fr",
            Field::DescriptionEn => "description-en",
            Field::ContactHoursFr => "contact-hours-fr",
            Field::ContactHoursEn => "contact-hours-en",
            Field::ContactName => "contact-name",
            Field::ContactPhone => "contact-phone",
            Field::ContactEmail => "contact-email",
            Field::UserCode => "user-code",
            Field::Password => "password",
            Field::PasswordConfirmation => "password-confirmation",
            Field::CurrentPassword => "current-password",
            Field::SecondFactorCode => "second-factor-code",
            Field::AuthenticatorCode => "authenticator-code",
            Field::RegistrationCode => "registration-code",
            Field::AccessExpiresOn => "access-expires-on",
            Field::Reason => "reason",
            Field::OtherReason => "other-reason",
            Field::Declaration => "declaration",
            Field::ApproverLastName => "approver-last-name",
            Field::ApproverFirstName => "approver-first-name",
            Field::ApproverEmail => "approver-email",
            Field::ApproverPhone => "approver-phone",
            Field::ApproverPhoneExtension => "approver-phone-extension",
            Field::ApproverCapacity => "approver-capacity",
            Field::Comments => "comments",
            Field::AgencyContactName => "agency-contact-name",
            Field::AgencyContactPhone => "agency-contact-phone",
            Field::Resolution => "resolution",
            Field::RefusalReason => "refusal-reason",
            Field::ApproverCheck => "approver-check",
            Field::OrganizationPhone => "organization-phone",
            Field::OrganizationPhoneExtension => "organization-phone-extension",
            Field::AgentName => "agent-name",
            Field::ReactivationReason => "reactivation-reason",
            Field::NewExpiry => "new-expiry",
            Field::PeriodFrom => "period-from",
            Field::PeriodTo => "period-to",
            Field::ContractKind => "contract-kind",
            Field::StartsOn => "starts-on",
            Field::EndsOn => "ends-on",
            Field::StateCode => "state-code",
            Field::MeaningFr => "meaning-fr",
            Field::MeaningEn => "meaning-en",
            Field::FormFieldCode => "form-field-code",
            Field::FormFieldKind => "form-field-kind",
            Field::LabelFr => "label-fr",
            Field::LabelEn => "label-en",
            Field::HelpFr => "help-fr",
            Field::HelpEn => "help-en",
            Field::ChoicesFr => "choices-fr",
            Field::ChoicesEn => "choices-en",
            Field::Services => "services",
            Field::AgencyFile => "agency-file",
            Field::Consent => "consent",
            Field::ProcurationName => "procuration-name",
            Field::Agencies => "agencies",
            Field::Tasks => "tasks",
            Field::Users => "users",
            Field::MandataireNeq => "mandataire-neq",
            Field::ServiceContract => "service-contract",
            Field::CheckTask => "check-task",
            Field::CheckDay => "check-day",
            Field::CheckOrganization => "check-org",
            Field::ClientName => "client-name",
            Field::RedirectUris => "redirect-uris",
            Field::LogoutUris => "logout-uris",
            Field::ClientMethod => "client-method",
            Field::ClientKeys => "client-keys",
            Field::ReceiverClient => "receiver-client",
            Field::ReceiverMethod => "receiver-method",
            Field::ReceiverEndpoint => "receiver-endpoint",
            Field::ReceiverAuthorization => "receiver-authorization",
            Field::TokenName => "token-name",
            Field::TokenScope => "token-scope",
            Field::TokenExpiresOn => "token-expires-on",
        }
    }
}

/// What is wrong with a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was given where something is needed.
    Required,
    /// Longer than the field allows.
    TooLong { max: usize },
    /// Must be exactly this many digits, and nothing else.
    Digits { count: usize },
    /// Not a Canadian postal code (A1A 1A1).
    PostalCode,
    /// Not a 10-digit North American phone number.
    Phone,
    /// An extension is 1 to 6 digits.
    Extension,
    /// Not an email address.
    Email,
    /// Letters (unaccented), digits and hyphens only, within the length.
    Code { max: usize },
    /// Not one of the values offered.
    NotAChoice,
    /// Contains a control character.
    ControlCharacter,
    /// A person may hold only one of the two security officer profiles (M1).
    OneOfficerProfile,
    /// Individual files are requested with or without extraction, not both (M1).
    OneExtractionChoice,
    /// Shorter than the field needs.
    TooShort { min: usize },
    /// A user code holds unaccented letters and digits only (M8).
    UserCodeCharacters,
    /// A user code may not be made from the person's first or last name (M8).
    MadeFromName,
    /// A password needs an uppercase letter, a lowercase letter and a digit (M8).
    PasswordComposition,
    /// A password that is common, breached, or easy to guess (ASVS 2.1.7).
    PasswordGuessable,
    /// A password may not contain the user code.
    ContainsUserCode,
    /// A password may not contain the person's first or last name.
    ContainsName,
    /// The two entries differ.
    Mismatch,
    /// Not the right value (the current password).
    Incorrect,
    /// A new password must differ from the current one.
    SameAsBefore,
    /// Someone already has this value (a user code).
    Taken,
    /// A date that is past, or too far ahead (`n` days at most).
    DateRange { days: usize },
    /// Not a date (AAAA-MM-JJ).
    Date,
    /// A date outside the years Mandat accepts (`dates::YEARS`).
    DateYears,
    /// An end that comes before the start.
    EndBeforeStart,
    /// No organization in Mandat has this NEQ.
    UnknownNeq,
    /// Not a registration code (12 letters and digits).
    RegistrationCodeFormat,
    /// Not the code an authenticator app shows now (E2).
    NotCurrentCode,
    /// The declaration's box was not ticked.
    NotDeclared,
    /// The approver's email is the requester's: nobody approves their own request (Q4).
    SameAsRequester,
    /// M5: a security officer or an enterprise-files user is approved by a manager.
    ApproverMustBeManager,
    /// M5: a requester who is only an individual-files user is approved by an officer.
    ApproverMustBeOfficer,
    /// M2: until the principal officer has a user code, the manager approves every request.
    ManagerUntilOfficer,
    /// M2: an organization's first request is for its principal officer.
    FirstRequestForPrincipal,
    /// Not the email of an active security officer of the organization (M5).
    NotAnOfficer,
    /// The file is not a PDF document (by its content, not its name).
    NotPdf,
    /// The file is larger than `max` MiB.
    FileTooLarge { max: usize },
    /// Not a decimal number.
    Number,
    /// A choice field lists at least two choices, as many in French as in English.
    Choices,
    /// E3: the officer did not consent to the enrollment.
    NoConsent,
    /// E4: the organization has a request with this agency that is not refused.
    StandingRequest,
    /// E4: a refused request cannot be taken up while a newer one stands.
    NewerRequest,
    /// A last day already past.
    EndInThePast,
    /// P3: a procuration ends at the latest when the person's user code does.
    BeyondCodeValidity,
    /// P2: the organization is not enrolled « Actif » with this agency.
    NotEnrolled,
    /// P6: an external procuration is granted to another organization.
    OwnOrganization,
    /// P6: a procuration made within an external one ends at the latest when it does.
    BeyondMandate,
    /// More lines than the field allows.
    TooMany { max: usize },
    /// Not an address a client may register: `https` (or `http` to the computer itself),
    /// without fragment or credentials (issue 20).
    ClientUri,
    /// Not a JWKS of public keys (issue 20).
    ClientKeys,
}

impl Problem {
    /// The message key `problem-<id>` in the locale files.
    pub fn id(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too-long",
            Problem::Digits { .. } => "digits",
            Problem::PostalCode => "postal-code",
            Problem::Phone => "phone",
            Problem::Extension => "extension",
            Problem::Email => "email",
            Problem::Code { .. } => "code",
            Problem::NotAChoice => "not-a-choice",
            Problem::ControlCharacter => "control-character",
            Problem::OneOfficerProfile => "one-officer-profile",
            Problem::OneExtractionChoice => "one-extraction-choice",
            Problem::TooShort { .. } => "too-short",
            Problem::UserCodeCharacters => "user-code-characters",
            Problem::MadeFromName => "made-from-name",
            Problem::PasswordComposition => "password-composition",
            Problem::PasswordGuessable => "password-guessable",
            Problem::ContainsUserCode => "contains-user-code",
            Problem::ContainsName => "contains-name",
            Problem::Mismatch => "mismatch",
            Problem::Incorrect => "incorrect",
            Problem::SameAsBefore => "same-as-before",
            Problem::Taken => "taken",
            Problem::DateRange { .. } => "date-range",
            Problem::Date => "date",
            Problem::DateYears => "date-years",
            Problem::EndBeforeStart => "end-before-start",
            Problem::UnknownNeq => "unknown-neq",
            Problem::RegistrationCodeFormat => "registration-code-format",
            Problem::NotCurrentCode => "not-current-code",
            Problem::NotDeclared => "not-declared",
            Problem::SameAsRequester => "same-as-requester",
            Problem::ApproverMustBeManager => "approver-must-be-manager",
            Problem::ApproverMustBeOfficer => "approver-must-be-officer",
            Problem::ManagerUntilOfficer => "manager-until-officer",
            Problem::FirstRequestForPrincipal => "first-request-for-principal",
            Problem::NotAnOfficer => "not-an-officer",
            Problem::NotPdf => "not-pdf",
            Problem::FileTooLarge { .. } => "file-too-large",
            Problem::Number => "number",
            Problem::Choices => "choices",
            Problem::NoConsent => "no-consent",
            Problem::StandingRequest => "standing-request",
            Problem::NewerRequest => "newer-request",
            Problem::EndInThePast => "end-in-the-past",
            Problem::BeyondCodeValidity => "beyond-code-validity",
            Problem::NotEnrolled => "not-enrolled",
            Problem::OwnOrganization => "own-organization",
            Problem::BeyondMandate => "beyond-mandate",
            Problem::TooMany { .. } => "too-many",
            Problem::ClientUri => "client-uri",
            Problem::ClientKeys => "client-keys",
        }
    }

    /// The number the message needs, if any (`$max`, `$count`).
    pub fn number(self) -> Option<usize> {
        match self {
            Problem::TooLong { max }
            | Problem::Code { max }
            | Problem::FileTooLarge { max }
            | Problem::TooMany { max } => Some(max),
            Problem::TooShort { min } => Some(min),
            Problem::DateRange { days } => Some(days),
            Problem::Digits { count } => Some(count),
            _ => None,
        }
    }
}

/// A field and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        FieldError { field, problem }
    }
}

impl fmt::Display for FieldError {
    /// A plain English rendering for logs and the command line; pages use the locale files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.problem {
            Problem::Required => "is required".to_string(),
            Problem::TooLong { max } => format!("is longer than {max} characters"),
            Problem::Digits { count } => format!("must be exactly {count} digits"),
            Problem::PostalCode => "is not a Canadian postal code (A1A 1A1)".to_string(),
            Problem::Phone => "is not a 10-digit phone number".to_string(),
            Problem::Extension => "must be 1 to 6 digits".to_string(),
            Problem::Email => "is not an email address".to_string(),
            Problem::Code { max } => {
                format!("must be 1 to {max} unaccented letters, digits or hyphens")
            }
            Problem::NotAChoice => "is not one of the choices".to_string(),
            Problem::ControlCharacter => "contains a control character".to_string(),
            Problem::OneOfficerProfile => {
                "may hold only one of principal and auxiliary security officer".to_string()
            }
            Problem::OneExtractionChoice => {
                "may be with or without extraction, not both".to_string()
            }
            Problem::TooShort { min } => format!("is shorter than {min} characters"),
            Problem::UserCodeCharacters => {
                "may hold only unaccented letters and digits".to_string()
            }
            Problem::MadeFromName => "may not be made from a first or last name".to_string(),
            Problem::PasswordComposition => {
                "needs an uppercase letter, a lowercase letter and a digit".to_string()
            }
            Problem::PasswordGuessable => "is too easy to guess".to_string(),
            Problem::ContainsUserCode => "may not contain the user code".to_string(),
            Problem::ContainsName => "may not contain a first or last name".to_string(),
            Problem::Mismatch => "does not match".to_string(),
            Problem::Incorrect => "is not correct".to_string(),
            Problem::SameAsBefore => "must differ from the current one".to_string(),
            Problem::Taken => "is already taken".to_string(),
            Problem::DateRange { days } => {
                format!("must be after today and at most {days} days ahead")
            }
            Problem::Date => "is not a date (YYYY-MM-DD)".to_string(),
            Problem::DateYears => "is not between the years 1900 and 2199".to_string(),
            Problem::EndBeforeStart => "comes before the start".to_string(),
            Problem::UnknownNeq => "is no organization's in Mandat".to_string(),
            Problem::RegistrationCodeFormat => "is not a registration code".to_string(),
            Problem::NotCurrentCode => "is not the app's current code".to_string(),
            Problem::NotDeclared => "must be ticked to file the request".to_string(),
            Problem::SameAsRequester => "must differ from the requester's (Q4)".to_string(),
            Problem::ApproverMustBeManager => {
                "must be a manager for these profiles (M5)".to_string()
            }
            Problem::ApproverMustBeOfficer => {
                "must be a security officer for these profiles (M5)".to_string()
            }
            Problem::ManagerUntilOfficer => {
                "must be a manager until the principal officer has a user code (M2)".to_string()
            }
            Problem::FirstRequestForPrincipal => {
                "must include the principal security officer in a first request (M2)".to_string()
            }
            Problem::NotAnOfficer => {
                "is not the email of an active security officer of the organization".to_string()
            }
            Problem::NotPdf => "is not a PDF document".to_string(),
            Problem::FileTooLarge { max } => format!("is larger than {max} MiB"),
            Problem::Number => "is not a number".to_string(),
            Problem::Choices => {
                "must list two choices or more, as many in each language".to_string()
            }
            Problem::NoConsent => "must be ticked to transmit the enrollment (E3)".to_string(),
            Problem::StandingRequest => "has a request that is not refused (E4)".to_string(),
            Problem::NewerRequest => "is refused while a newer request stands (E4)".to_string(),
            Problem::EndInThePast => "is already past".to_string(),
            Problem::BeyondCodeValidity => "is after the user code's validity (P3)".to_string(),
            Problem::NotEnrolled => {
                "names an agency the organization is not enrolled with".to_string()
            }
            Problem::OwnOrganization => "is the organization's own (P6)".to_string(),
            Problem::BeyondMandate => "is after the mandant's procuration ends (P6)".to_string(),
            Problem::TooMany { max } => format!("holds more than {max} lines"),
            Problem::ClientUri => {
                "holds an address that is not https (or http to this computer), or has a \
                 #fragment or credentials"
                    .to_string()
            }
            Problem::ClientKeys => {
                "is not a JWKS of public keys (EC, RSA or OKP, without private parts)".to_string()
            }
        };
        write!(f, "{} {what}", self.field.id())
    }
}

/// Gathers the errors of several fields, so a form can show them all at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value, or the error.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    /// Keeps the value, or the errors of a part that has several fields.
    pub fn check_all<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        result.map_err(|e| self.0.extend(e)).ok()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}
