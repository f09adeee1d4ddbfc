//! Organizations and their people, with the people's profiles (M1) and roles.

use std::collections::HashMap;

use mandat_core::Field;
use mandat_core::contact::{Email, Extension, Phone};
use mandat_core::ids::{OrgId, PersonId};
use mandat_core::organization::{EducationNumber, Neq, Organization, PostalCode};
use mandat_core::person::{NasDigest, OrgRole, Person, Title};
use mandat_core::profile::{Profile, ProfileSet};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::catalog::{parsed, uuid};
use crate::{Store, StoreError, Tx, to_micros};

macro_rules! select_organizations {
    () => {
        "SELECT id, neq, name, address, city, postal_code, phone, phone_extension, \
         education_number FROM organizations"
    };
}

macro_rules! select_people {
    () => {
        "SELECT id, org_id, title, last_name, first_name, nas_digest, email, phone, \
         phone_extension, fax FROM people"
    };
}

/// A person of an organization, with what they hold there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub person: Person,
    pub profiles: ProfileSet,
    pub roles: Vec<OrgRole>,
}

impl Tx {
    pub async fn insert_organization(&mut self, o: &Organization) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO organizations (id, neq, name, address, city, postal_code, phone, \
             phone_extension, education_number, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(o.id.to_string())
        .bind(o.neq.as_str())
        .bind(&o.name)
        .bind(&o.address)
        .bind(&o.city)
        .bind(o.postal_code.as_str())
        .bind(o.phone.as_str())
        .bind(o.phone_extension.as_ref().map(|e| e.as_str().to_string()))
        .bind(o.education_number.as_ref().map(|n| n.as_str().to_string()))
        .bind(to_micros(self.now))
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as(
            "organization NEQ or education number",
        ))?;
        Ok(())
    }

    /// Adds a person to their organization with their profiles and roles.
    pub async fn insert_member(&mut self, m: &Member) -> Result<(), StoreError> {
        let p = &m.person;
        sqlx::query(
            "INSERT INTO people (id, org_id, title, last_name, first_name, nas_digest, email, \
             phone, phone_extension, fax, created_at, search_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(p.id.to_string())
        .bind(p.org_id.to_string())
        .bind(p.title.map(|t| t.code().to_string()))
        .bind(&p.last_name)
        .bind(&p.first_name)
        .bind(p.nas_digest.as_str())
        .bind(p.email.as_str())
        .bind(p.phone.as_str())
        .bind(p.phone_extension.as_ref().map(|e| e.as_str().to_string()))
        .bind(p.fax.as_ref().map(|f| f.as_str().to_string()))
        .bind(to_micros(self.now))
        .bind(p.search_key())
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as(
            "person with this NAS partiel in this organization",
        ))?;
        for profile in m.profiles.profiles() {
            sqlx::query(
                "INSERT INTO person_profiles (person_id, profile, org_id) VALUES ($1, $2, $3)",
            )
            .bind(p.id.to_string())
            .bind(profile.code())
            .bind(p.org_id.to_string())
            .execute(&mut *self.tx)
            .await?;
        }
        for role in &m.roles {
            sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
                .bind(p.id.to_string())
                .bind(role.code())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    /// Replaces a person's identity (M19): title, names, NAS partiel's digest, phones. The
    /// email changes apart, once the new address is confirmed.
    pub async fn update_person(&mut self, p: &Person) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE people SET title = $1, last_name = $2, first_name = $3, nas_digest = $4, \
             phone = $5, phone_extension = $6, fax = $7, search_key = $8 WHERE id = $9",
        )
        .bind(p.title.map(|t| t.code().to_string()))
        .bind(&p.last_name)
        .bind(&p.first_name)
        .bind(p.nas_digest.as_str())
        .bind(p.phone.as_str())
        .bind(p.phone_extension.as_ref().map(|e| e.as_str().to_string()))
        .bind(p.fax.as_ref().map(|f| f.as_str().to_string()))
        .bind(p.search_key())
        .bind(p.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(StoreError::conflict_as(
            "person with this NAS partiel in this organization",
        ))?;
        Ok(())
    }

    pub async fn update_person_email(
        &mut self,
        person: PersonId,
        email: &Email,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE people SET email = $1 WHERE id = $2")
            .bind(email.as_str())
            .bind(person.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Replaces the profiles a person holds (M1, M19).
    pub async fn replace_profiles(
        &mut self,
        person: PersonId,
        profiles: &ProfileSet,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM person_profiles WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *self.tx)
            .await?;
        for profile in profiles.profiles() {
            sqlx::query(
                "INSERT INTO person_profiles (person_id, profile, org_id) \
                 SELECT id, $2, org_id FROM people WHERE id = $1",
            )
            .bind(person.to_string())
            .bind(profile.code())
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }
}

impl Store {
    pub async fn organizations(&self) -> Result<Vec<Organization>, StoreError> {
        sqlx::query(concat!(select_organizations!(), " ORDER BY name, neq"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(organization)
            .collect()
    }

    pub async fn organization(&self, id: OrgId) -> Result<Option<Organization>, StoreError> {
        sqlx::query(concat!(select_organizations!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(organization)
            .transpose()
    }

    pub async fn organization_by_neq(&self, neq: &Neq) -> Result<Option<Organization>, StoreError> {
        sqlx::query(concat!(select_organizations!(), " WHERE neq = $1"))
            .bind(neq.as_str())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(organization)
            .transpose()
    }

    /// The people of an organization, by last then first name, with their profiles and roles.
    pub async fn members_of(&self, org: OrgId) -> Result<Vec<Member>, StoreError> {
        let people: Vec<Person> = sqlx::query(concat!(
            select_people!(),
            " WHERE org_id = $1 ORDER BY last_name, first_name, id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(person)
        .collect::<Result<_, _>>()?;
        let mut profiles: HashMap<String, Vec<Profile>> = HashMap::new();
        for r in sqlx::query(
            "SELECT pp.person_id, pp.profile FROM person_profiles pp \
             JOIN people p ON p.id = pp.person_id WHERE p.org_id = $1",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        {
            let profile = parsed(&r, "profile", |s| Profile::from_code(s).ok_or(()))?;
            profiles
                .entry(r.try_get("person_id")?)
                .or_default()
                .push(profile);
        }
        let mut roles: HashMap<String, Vec<OrgRole>> = HashMap::new();
        for r in sqlx::query(
            "SELECT pr.person_id, pr.role FROM person_roles pr \
             JOIN people p ON p.id = pr.person_id WHERE p.org_id = $1 ORDER BY pr.role",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        {
            let role = parsed(&r, "role", |s| OrgRole::from_code(s).ok_or(()))?;
            roles.entry(r.try_get("person_id")?).or_default().push(role);
        }
        people
            .into_iter()
            .map(|person| {
                let key = person.id.to_string();
                let held = profiles.remove(&key).unwrap_or_default();
                let profiles = ProfileSet::from_profiles(held)
                    .ok_or_else(|| StoreError::Corrupt(format!("profiles of {key} break M1")))?;
                let roles = roles.remove(&key).unwrap_or_default();
                Ok(Member {
                    person,
                    profiles,
                    roles,
                })
            })
            .collect()
    }

    /// The profiles a person holds (M1).
    pub async fn profiles_of(&self, person: PersonId) -> Result<ProfileSet, StoreError> {
        let mut held = Vec::new();
        for r in sqlx::query("SELECT profile FROM person_profiles WHERE person_id = $1")
            .bind(person.to_string())
            .fetch_all(&self.pool)
            .await?
        {
            held.push(parsed(&r, "profile", |s| Profile::from_code(s).ok_or(()))?);
        }
        ProfileSet::from_profiles(held)
            .ok_or_else(|| StoreError::Corrupt(format!("profiles of {person} break M1")))
    }

    /// A person and their organization.
    pub async fn person(&self, id: PersonId) -> Result<Option<(Person, Organization)>, StoreError> {
        let Some(person) = sqlx::query(concat!(select_people!(), " WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(person)
            .transpose()?
        else {
            return Ok(None);
        };
        let org = sqlx::query(concat!(select_organizations!(), " WHERE id = $1"))
            .bind(person.org_id.to_string())
            .fetch_one(&self.pool)
            .await?;
        Ok(Some((person, organization(&org)?)))
    }

    /// The person of `org` whose NAS partiel has this digest, if any.
    pub async fn person_by_nas(
        &self,
        org: OrgId,
        nas: &NasDigest,
    ) -> Result<Option<Person>, StoreError> {
        sqlx::query(concat!(
            select_people!(),
            " WHERE org_id = $1 AND nas_digest = $2"
        ))
        .bind(org.to_string())
        .bind(nas.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(person)
        .transpose()
    }
}

pub(crate) fn organization(r: &AnyRow) -> Result<Organization, StoreError> {
    Ok(Organization {
        id: OrgId(uuid(r, "id")?),
        neq: parsed(r, "neq", Neq::parse)?,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        city: r.try_get("city")?,
        postal_code: parsed(r, "postal_code", PostalCode::parse)?,
        phone: parsed(r, "phone", |s| Phone::parse(Field::Phone, s))?,
        phone_extension: optional(r, "phone_extension", Extension::parse_optional)?,
        education_number: optional(r, "education_number", EducationNumber::parse_optional)?,
    })
}

fn person(r: &AnyRow) -> Result<Person, StoreError> {
    Ok(Person {
        id: PersonId(uuid(r, "id")?),
        org_id: OrgId(uuid(r, "org_id")?),
        title: optional(r, "title", Title::parse_optional)?,
        last_name: r.try_get("last_name")?,
        first_name: r.try_get("first_name")?,
        nas_digest: NasDigest::from_stored(r.try_get("nas_digest")?),
        email: parsed(r, "email", |s| Email::parse(Field::Email, s))?,
        phone: parsed(r, "phone", |s| Phone::parse(Field::Phone, s))?,
        phone_extension: optional(r, "phone_extension", Extension::parse_optional)?,
        fax: optional(r, "fax", |s| Phone::parse(Field::Fax, s).map(Some))?,
    })
}

/// Reads a nullable column through a parser of optional input.
fn optional<T, E>(
    r: &AnyRow,
    column: &str,
    parse: impl FnOnce(&str) -> Result<Option<T>, E>,
) -> Result<Option<T>, StoreError> {
    let text: Option<String> = r.try_get(column)?;
    match text {
        None => Ok(None),
        Some(text) => parse(&text).map_err(|_| StoreError::Corrupt(format!("{column}: {text:?}"))),
    }
}
