//! A person's code, changed from their security file (M13–M17, M23, M24): by an officer of
//! the person's organization, or by central for any. Who acts is a [`Keeper`]; whom they act
//! on, a [`Subject`] read within the keeper's organization only.
//!
//! - `code`: deactivate (M13's reasons), reactivate (M16, with a temporary password; central
//!   with the person identified), set a new expiry date (M17);
//! - `reactivation`: an officer asks central to reactivate (M16), and central refuses.

mod code;
mod reactivation;

use mandat_core::account::InactiveCause;
use mandat_core::audit::{Detail, Note};
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::Organization;
use mandat_core::person::Person;
use mandat_core::profile::ProfileSet;
use mandat_core::validity::CodeFacts;
use mandat_core::{Field, FieldError, Problem, quebec_time};
use mandat_mail::security::ChangedBy;
use mandat_store::{Account, AccountKind, RegistrationCodeRecord};

use crate::{App, Error, Officer};

pub use code::CodeAction;

/// Who keeps an organization's security file: one of its officers, or central for any (M14,
/// M21). `client` is where they act from, for the audit log.
pub struct Keeper<'a> {
    pub account: &'a Account,
    /// The organization whose file is kept: the officer's own, or the one central opened.
    pub org: OrgId,
    /// Central, bound by none of the officers' rules (M14, M16, M17, M23).
    central: bool,
    pub client: Option<String>,
}

impl<'a> Keeper<'a> {
    /// The officer, for their own organization's file; `account` is the officer's account.
    pub fn officer(officer: &Officer, account: &'a Account) -> Option<Self> {
        (account.id == officer.account).then(|| Keeper {
            account,
            org: officer.org,
            central: false,
            client: officer.client.clone(),
        })
    }

    /// A central agent, for the file of `org`; `None` for any other account.
    pub fn central(account: &'a Account, org: OrgId, client: Option<String>) -> Option<Self> {
        let central = account.kind == AccountKind::Central && account.inactive.is_none();
        central.then_some(Keeper {
            account,
            org,
            central: true,
            client,
        })
    }

    pub fn is_central(&self) -> bool {
        self.central
    }

    /// How the emails name who made a change: an officer by name, central as central (M14).
    pub fn changed_by(&self) -> ChangedBy {
        if self.central {
            ChangedBy::Central
        } else {
            ChangedBy::Officer(self.account.name.clone())
        }
    }

    /// M23: an officer changes nothing on a code made inactive for any reason but a
    /// lockout; central may.
    pub fn frozen(&self, inactive: Option<(InactiveCause, impl Sized)>) -> bool {
        !self.central && inactive.is_some_and(|(c, _)| c != InactiveCause::Lockout)
    }

    fn owns(&self, person: PersonId) -> bool {
        matches!(self.account.kind, AccountKind::Member { person: p, .. } if p == person)
    }

    /// What M16 and M17 look at, for a change to `subject`'s code `a`.
    pub fn facts(&self, a: &Account, subject: &Subject) -> CodeFacts {
        CodeFacts {
            inactive: a
                .inactive
                .map(|(cause, since)| (cause, quebec_time::date_at(since))),
            expires_on: a.expires_on,
            own: self.owns(subject.person.id),
        }
    }
}

/// A person of the keeper's organization, with their code and the registration code they
/// were sent, if any.
pub struct Subject {
    pub person: Person,
    pub org: Organization,
    pub account: Option<Account>,
    pub code: Option<RegistrationCodeRecord>,
    pub profiles: ProfileSet,
}

/// What the file's forms typed; each change reads the fields it needs.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    /// M13's reason, by its code, and the text of « Autre ».
    pub reason: String,
    pub other: String,
    pub reactivation_reason: String,
    pub new_expiry: String,
    /// Central's check of the person's identity (M16).
    pub nas: String,
    pub refusal: String,
}

impl App {
    /// The person `id` of the keeper's organization; anyone else's is not found.
    pub async fn subject(&self, keeper: &Keeper<'_>, id: PersonId) -> Result<Subject, Error> {
        let Some((person, org)) = self.store.person(id).await? else {
            return Err(Error::NotFound);
        };
        if org.id != keeper.org {
            return Err(Error::NotFound);
        }
        Ok(Subject {
            account: self.store.account_of_person(id).await?,
            code: self.store.latest_registration_code(id).await?,
            profiles: self.store.profiles_of(id).await?,
            person,
            org,
        })
    }

    /// The person `id` of the keeper's organization, who has a code to change.
    async fn subject_with_code(
        &self,
        keeper: &Keeper<'_>,
        id: PersonId,
    ) -> Result<(Subject, Account), Error> {
        let subject = self.subject(keeper, id).await?;
        let account = subject.account.clone().ok_or(Error::NotFound)?;
        Ok((subject, account))
    }
}

/// A reason typed in full: required, spaces collapsed, at most M13's length.
fn reason_text(field: Field, text: &str) -> Result<String, Error> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Error::fields(vec![FieldError::new(
            field,
            Problem::Required,
        )]));
    }
    let max = mandat_core::account::OTHER_REASON_MAX;
    if text.chars().count() > max {
        let too_long = FieldError::new(field, Problem::TooLong { max });
        return Err(Error::fields(vec![too_long]));
    }
    Ok(text)
}

/// A reason typed, with the code's new expiry date chosen with it.
fn with_expiry(reason: &str, on: time::Date) -> Detail {
    Note::WithExpiry.with("reason", reason).with("on", on)
}
