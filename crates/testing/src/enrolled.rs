//! Fixtures for procurations: a service with its tasks, an account to act, an organization
//! enrolled « Actif » with an agency, a member of an organization, with a user code.

use mandat_core::Field;
use mandat_core::agency::{Agency, Code, Localized, OnlineService, Task};
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::enrollment_request::{Content, Draft};
use mandat_core::ids::{AccountId, EnrollmentId, ServiceId, TaskId};
use mandat_core::organization::Organization;
use mandat_core::person::Person;
use mandat_core::profile::ProfileSet;
use mandat_store::{AccountKind, Member, NewAccount, Tx};
use time::Date;

fn both(text: &str) -> Localized {
    Localized {
        fr: text.into(),
        en: text.into(),
    }
}

/// A service of the agency, with one task per code, in their order.
pub async fn service(tx: &mut Tx, agency: &Agency, tasks: &[&str]) -> (OnlineService, Vec<TaskId>) {
    let service = OnlineService {
        id: ServiceId::new(),
        agency_id: agency.id,
        code: Code::parse(Field::ServiceCode, "PERMIS").expect("code"),
        name: both("Permis"),
        description: both("Permis de conduire"),
        contract: None,
    };
    tx.insert_service(&service).await.expect("service");
    let mut ids = Vec::with_capacity(tasks.len());
    for code in tasks {
        let task = Task {
            id: TaskId::new(),
            service_id: service.id,
            code: Code::parse(Field::TaskCode, code).expect("code"),
            name: both(code),
        };
        tx.insert_task(&task).await.expect("task");
        ids.push(task.id);
    }
    (service, ids)
}

/// An account that may act (a central one), named by its user code.
pub async fn actor(tx: &mut Tx, user_code: &str) -> AccountId {
    let account = crate::account(AccountKind::Central, user_code);
    tx.insert_account(&account).await.expect("account");
    account.id
}

/// The organization enrolled « Actif » with the agency.
pub async fn enroll(tx: &mut Tx, org: &Organization, agency: &Agency, by: AccountId) {
    let content = Content {
        services: vec![],
        agency_file: String::new(),
        organization: Draft::prefilled(org).check_organization(org).expect("org"),
        answers: vec![],
    };
    let enrollment = EnrollmentId::new();
    tx.insert_enrollment(enrollment, org.id, agency.id, by, &content)
        .await
        .expect("enrollment");
    tx.set_enrollment_state(agency.id, enrollment, "ACTIF", "", by)
        .await
        .expect("actif");
}

/// The person, a member of their organization without profile.
pub async fn member(tx: &mut Tx, person: &Person) {
    tx.insert_member(&Member {
        person: person.clone(),
        profiles: Default::default(),
        roles: vec![],
    })
    .await
    .expect("person");
}

/// The person, a member of their organization with `profiles`, and their account: user code
/// `user_code`, valid until `expires_on`, signed in with the person's email.
pub async fn with_code(
    tx: &mut Tx,
    person: &Person,
    profiles: ProfileSet,
    user_code: &str,
    expires_on: Option<Date>,
) -> AccountId {
    tx.insert_member(&Member {
        person: person.clone(),
        profiles,
        roles: vec![],
    })
    .await
    .expect("person");
    let id = AccountId::new();
    tx.insert_account(&NewAccount {
        id,
        kind: AccountKind::Member {
            person: person.id,
            org: person.org_id,
        },
        identity: None,
        user_code: UserCode::from_stored(user_code.into()),
        password_hash: PasswordHash::from_stored("$argon2id$x".into()),
        password_temporary: false,
        expires_on,
    })
    .await
    .expect("account");
    id
}
