//! The organization's security file (M22): who is listed, in which state, and how it
//! filters, sorts and pages, on both backends.

use mandat_core::account::InactiveCause;
use mandat_core::audit::{AuditAction, Detail};
use mandat_core::ids::{AccountId, OrgId, PersonId, RegistrationCodeId};
use mandat_core::profile::{Profile, ProfileChoices, ProfileSet};
use mandat_core::secret;
use mandat_core::validity::ReactivationKind;
use mandat_store::{
    AccountKind, AuditEntry, AuditQuery, FileQuery, FileState, Member, NewAccount, NewReactivation,
    NewRegistrationCode, ReactivationOutcome, SortBy, Store, Tx,
};
use mandat_testing::{self as support, Db, conformance};
use time::Date;
use time::macros::date;

conformance!(
    the_file_lists_codes_and_registration_codes_with_their_state,
    the_file_filters_by_state_profile_expiry_and_search,
    the_file_sorts_by_each_column_and_pages,
    names_written_before_search_keys_are_found_once_migrated,
    central_finds_organizations_and_those_without_an_active_officer,
    one_reactivation_request_is_open_per_code_until_central_closes_it,
    the_audit_views_filter_by_organization_person_action_and_period,
);

const TODAY: Date = date!(2026 - 11 - 24);

struct File {
    store: Store,
    org: OrgId,
}

fn profiles(c: ProfileChoices) -> ProfileSet {
    ProfileSet::from_choices(c).expect("profiles")
}

async fn member(
    tx: &mut Tx,
    org: OrgId,
    last: &str,
    first: &str,
    nas: &str,
    p: ProfileSet,
) -> PersonId {
    let m = Member {
        person: support::person(org, last, first, nas),
        profiles: p,
        roles: vec![],
    };
    tx.insert_member(&m).await.expect("member");
    m.person.id
}

async fn account(
    tx: &mut Tx,
    org: OrgId,
    person: PersonId,
    code: &str,
    expires: Date,
) -> AccountId {
    let account = NewAccount {
        expires_on: Some(expires),
        ..support::account(AccountKind::Member { person, org }, code)
    };
    tx.insert_account(&account).await.expect("account");
    account.id
}

async fn code(tx: &mut Tx, person: PersonId, by: AccountId, valid: Date) -> RegistrationCodeId {
    let id = RegistrationCodeId::new();
    tx.insert_registration_code(&NewRegistrationCode {
        id,
        person,
        digest: secret::digest(&id.to_string()),
        issued_by: by,
        valid_through: valid,
        access_expires_on: date!(2027 - 11 - 30),
    })
    .await
    .expect("code");
    id
}

/// Gagné (officer, active), Roy (inactive), Côté (registration code), Lavoie (suspended
/// code), Tremblay (expired code); Bouchard has nothing, and another organization's person.
async fn file(db: &Db) -> File {
    let store = db.store().await;
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let other = support::organization("1170000002", "Ailleurs");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    tx.insert_organization(&other).await.expect("other");
    let central = support::account(AccountKind::Central, "central01");
    tx.insert_account(&central).await.expect("central");
    let central = central.id;
    let officer = profiles(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    });
    let individual = profiles(ProfileChoices {
        individual_files: true,
        ..Default::default()
    });
    let extraction = profiles(ProfileChoices {
        with_extraction: true,
        ..Default::default()
    });
    let gagne = member(&mut tx, org.id, "Gagné", "Chantal", "100002", officer).await;
    account(&mut tx, org.id, gagne, "rsp100", date!(2027 - 11 - 24)).await;
    let roy = member(&mut tx, org.id, "Roy", "Sophie", "100004", individual).await;
    let roy_account = account(&mut tx, org.id, roy, "usr300", date!(2027 - 05 - 01)).await;
    tx.deactivate_account(
        roy_account,
        InactiveCause::Officer,
        Some("Départ volontaire"),
    )
    .await
    .expect("deactivate");
    let cote = member(&mut tx, org.id, "Côté", "Marc", "100005", extraction).await;
    code(&mut tx, cote, central, date!(2026 - 12 - 05)).await;
    let lavoie = member(
        &mut tx,
        org.id,
        "Lavoie",
        "Martin",
        "100006",
        ProfileSet::default(),
    )
    .await;
    let suspended = code(&mut tx, lavoie, central, date!(2026 - 12 - 05)).await;
    for _ in 0..5 {
        tx.record_failed_registration(suspended)
            .await
            .expect("wrong NAS");
    }
    let tremblay = member(
        &mut tx,
        org.id,
        "Tremblay",
        "Louise",
        "100007",
        ProfileSet::default(),
    )
    .await;
    code(&mut tx, tremblay, central, date!(2026 - 11 - 20)).await;
    member(
        &mut tx,
        org.id,
        "Bouchard",
        "Rémi",
        "100008",
        ProfileSet::default(),
    )
    .await;
    let elsewhere = member(
        &mut tx,
        other.id,
        "Ailleurs",
        "Anne",
        "100009",
        ProfileSet::default(),
    )
    .await;
    account(
        &mut tx,
        other.id,
        elsewhere,
        "ail900",
        date!(2027 - 01 - 01),
    )
    .await;
    tx.commit().await.expect("commit");
    File { store, org: org.id }
}

async fn by_code(store: &Store, code: &str) -> mandat_store::Account {
    store
        .account_by_user_code(code)
        .await
        .expect("read")
        .expect("account")
}

impl File {
    async fn names(&self, query: FileQuery) -> Vec<String> {
        self.page(query, 0, 50).await.0
    }

    async fn page(&self, query: FileQuery, page: u32, per_page: u32) -> (Vec<String>, i64) {
        let (rows, total) = self
            .store
            .security_file(self.org, TODAY, &query, page, per_page)
            .await
            .expect("file");
        (rows.into_iter().map(|r| r.last_name).collect(), total)
    }
}

async fn the_file_lists_codes_and_registration_codes_with_their_state(db: Db) {
    let f = file(&db).await;
    let (rows, total) = f
        .store
        .security_file(f.org, TODAY, &FileQuery::default(), 0, 50)
        .await
        .expect("file");
    assert_eq!(
        total, 5,
        "Bouchard has no code; Ailleurs is another organization's"
    );
    let seen: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.last_name.as_str(),
                r.user_code.as_deref(),
                r.state,
                r.expires_on,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("Côté", None, FileState::Active, Some(date!(2027 - 11 - 30))),
            (
                "Gagné",
                Some("rsp100"),
                FileState::Active,
                Some(date!(2027 - 11 - 24))
            ),
            (
                "Lavoie",
                None,
                FileState::Suspended,
                Some(date!(2027 - 11 - 30))
            ),
            (
                "Roy",
                Some("usr300"),
                FileState::Inactive,
                Some(date!(2027 - 05 - 01))
            ),
            (
                "Tremblay",
                None,
                FileState::Expired,
                Some(date!(2027 - 11 - 30))
            ),
        ]
    );
    assert_eq!(
        rows[0].profiles.profiles(),
        vec![Profile::IndividualFilesWithExtraction]
    );
}

async fn the_file_filters_by_state_profile_expiry_and_search(db: Db) {
    let f = file(&db).await;
    let by_state = |s| FileQuery {
        state: Some(s),
        ..Default::default()
    };
    assert_eq!(
        f.names(by_state(FileState::Active)).await,
        ["Côté", "Gagné"]
    );
    assert_eq!(f.names(by_state(FileState::Inactive)).await, ["Roy"]);
    assert_eq!(f.names(by_state(FileState::Suspended)).await, ["Lavoie"]);
    assert_eq!(f.names(by_state(FileState::Expired)).await, ["Tremblay"]);
    let by_profile = |p| FileQuery {
        profile: Some(p),
        ..Default::default()
    };
    assert_eq!(
        f.names(by_profile(Profile::PrincipalOfficer)).await,
        ["Gagné"]
    );
    assert_eq!(
        f.names(by_profile(Profile::IndividualFiles)).await,
        ["Roy"],
        "not the profile whose code begins the same"
    );
    let window = FileQuery {
        expires_from: Some(date!(2027 - 01 - 01)),
        expires_to: Some(date!(2027 - 06 - 30)),
        ..Default::default()
    };
    assert_eq!(f.names(window).await, ["Roy"]);
    let search = |s: &str| FileQuery {
        search: s.into(),
        ..Default::default()
    };
    assert_eq!(f.names(search(" gag ")).await, ["Gagné"]);
    assert_eq!(
        f.names(search("CÔTE")).await,
        ["Côté"],
        "case and accents ignored"
    );
    assert_eq!(f.names(search("USR3")).await, ["Roy"], "by user code");
    assert_eq!(
        f.names(search("louise trem")).await,
        ["Tremblay"],
        "first then last name"
    );
    assert!(
        f.names(search("%")).await.is_empty(),
        "a wildcard is a character"
    );
    let (names, total) = f
        .page(
            FileQuery {
                state: Some(FileState::Active),
                search: "a".into(),
                ..Default::default()
            },
            0,
            1,
        )
        .await;
    assert_eq!(
        (names, total),
        (vec!["Côté".to_string()], 2),
        "filters combine"
    );
}

async fn names_written_before_search_keys_are_found_once_migrated(db: Db) {
    let f = file(&db).await;
    let sql = "UPDATE people SET search_key = NULL";
    db.raw(sql, sql).await.expect("as before migration 0013");
    let gagne = || FileQuery {
        search: "gagne".into(),
        ..Default::default()
    };
    assert!(f.names(gagne()).await.is_empty());
    f.store.migrate().await.expect("migrate");
    assert_eq!(f.names(gagne()).await, ["Gagné"]);
}

async fn the_file_sorts_by_each_column_and_pages(db: Db) {
    let f = file(&db).await;
    let sorted = |sort, descending| FileQuery {
        sort,
        descending,
        ..Default::default()
    };
    assert_eq!(
        f.names(sorted(SortBy::UserCode, false)).await,
        ["Côté", "Lavoie", "Tremblay", "Gagné", "Roy"],
        "blank codes first, then by code"
    );
    assert_eq!(
        f.names(sorted(SortBy::FirstName, false)).await,
        ["Gagné", "Tremblay", "Côté", "Lavoie", "Roy"]
    );
    assert_eq!(
        f.names(sorted(SortBy::State, false)).await,
        ["Côté", "Gagné", "Roy", "Lavoie", "Tremblay"]
    );
    assert_eq!(
        f.names(sorted(SortBy::Profile, false)).await,
        ["Gagné", "Côté", "Roy", "Lavoie", "Tremblay"]
    );
    assert_eq!(
        f.names(sorted(SortBy::ExpiresOn, true)).await,
        ["Côté", "Lavoie", "Tremblay", "Gagné", "Roy"]
    );
    assert_eq!(
        f.names(sorted(SortBy::LastName, true)).await,
        ["Tremblay", "Roy", "Lavoie", "Gagné", "Côté"]
    );
    assert_eq!(
        f.page(FileQuery::default(), 1, 2).await,
        (vec!["Lavoie".to_string(), "Roy".to_string()], 5)
    );
    assert_eq!(f.page(FileQuery::default(), 3, 2).await, (vec![], 5));
    let all = f
        .store
        .security_file_all(f.org, TODAY, &FileQuery::default())
        .await
        .expect("all");
    assert_eq!(all.len(), 5);
}

async fn central_finds_organizations_and_those_without_an_active_officer(db: Db) {
    let f = file(&db).await;
    let overview = |search: &'static str, alone: bool| {
        let store = f.store.clone();
        async move {
            let (rows, total) = store
                .organizations_overview(search, alone, 0, 50)
                .await
                .expect("overview");
            let seen: Vec<(String, i64, i64)> = rows
                .into_iter()
                .map(|o| (o.org.name, o.people, o.active_officers))
                .collect();
            (seen, total)
        }
    };
    let (all, total) = overview("", false).await;
    assert_eq!(total, 2);
    assert_eq!(
        all,
        vec![
            ("Ailleurs".to_string(), 1, 0),
            ("Centre de formation des Laurentides".to_string(), 6, 1)
        ],
        "by name; Roy's inactive code is no officer's"
    );
    let (alone, _) = overview("", true).await;
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0].0, "Ailleurs", "M15");
    assert_eq!(overview("1160", false).await.1, 1, "by NEQ");
    assert_eq!(overview("LAURENT", false).await.1, 1, "by name, any case");
    assert_eq!(overview("%", false).await.1, 0, "a wildcard is text");
}

async fn one_reactivation_request_is_open_per_code_until_central_closes_it(db: Db) {
    let f = file(&db).await;
    let roy = by_code(&f.store, "usr300").await;
    let gagne = by_code(&f.store, "rsp100").await;
    let AccountKind::Member { person, org } = roy.kind else {
        panic!("a member")
    };
    let request = NewReactivation {
        account: roy.id,
        org,
        person,
        kind: ReactivationKind::Other,
        requested_by: gagne.id,
        reason: "Retour au travail".into(),
        requested_expiry: None,
        due_on: date!(2026 - 11 - 26),
    };
    let mut tx = f.store.begin().await.expect("begin");
    assert!(tx.file_reactivation(&request).await.expect("file"));
    assert!(
        !tx.file_reactivation(&request).await.expect("again"),
        "one open request per code"
    );
    tx.commit().await.expect("commit");
    let queue = f.store.reactivation_queue().await.expect("queue");
    assert_eq!(queue.len(), 1);
    let open = &queue[0];
    assert_eq!(
        (
            open.person_name.as_str(),
            open.user_code.as_str(),
            open.requested_by_name.as_str(),
            open.organization.as_str(),
            open.due_on
        ),
        (
            "Sophie Roy",
            "usr300",
            "Chantal Gagné",
            "Centre de formation des Laurentides",
            date!(2026 - 11 - 26)
        )
    );
    let mut tx = f.store.begin().await.expect("begin");
    assert!(
        tx.close_reactivation(roy.id, gagne.id, ReactivationOutcome::Refused, "Non")
            .await
            .expect("close")
    );
    assert!(tx.file_reactivation(&request).await.expect("a new one"));
    tx.commit().await.expect("commit");
    let reopened = f.store.open_reactivation(roy.id).await.expect("open");
    assert!(reopened.is_some_and(|r| r.id != open.id));
}

async fn the_audit_views_filter_by_organization_person_action_and_period(db: Db) {
    let f = file(&db).await;
    let (roy, gagne, central, ailleurs) = (
        by_code(&f.store, "usr300").await,
        by_code(&f.store, "rsp100").await,
        by_code(&f.store, "central01").await,
        by_code(&f.store, "ail900").await,
    );
    let person = |a: &mandat_store::Account| (a.kind.person(), a.kind.org());
    let entries = [
        (
            Some(gagne.id),
            person(&roy),
            AuditAction::Deactivated,
            "Départ volontaire",
        ),
        (
            Some(central.id),
            person(&gagne),
            AuditAction::ExpiryChanged,
            "2027-06-30",
        ),
        (None, person(&ailleurs), AuditAction::Locked, ""),
    ];
    let start = f.store.now();
    for (actor, (who, org), action, detail) in entries {
        let mut tx = f.store.begin().await.expect("begin");
        tx.audit(&AuditEntry {
            actor,
            org,
            person: who,
            action,
            detail: Detail::text(detail),
            client_address: Some("203.0.113.9".into()),
            agency: None,
        })
        .await
        .expect("audit");
        tx.commit().await.expect("commit");
    }
    let read = |q: AuditQuery| {
        let store = f.store.clone();
        async move {
            let (rows, total) = store.audit_page(&q, 0, 50).await.expect("page");
            let actions: Vec<String> = rows.into_iter().map(|r| r.action).collect();
            (actions, total)
        }
    };
    let mine = AuditQuery {
        org: Some(f.org),
        ..Default::default()
    };
    assert_eq!(
        read(mine.clone()).await,
        (
            vec!["expiry-changed".to_string(), "deactivated".to_string()],
            2
        ),
        "newest first; another organization's entry is not shown"
    );
    let (all, total) = read(AuditQuery::default()).await;
    assert_eq!((all.len(), total), (3, 3));
    let about_roy = AuditQuery {
        person: "ROY".into(),
        ..mine.clone()
    };
    assert_eq!(read(about_roy).await.1, 1);
    let by_gagne = AuditQuery {
        person: "rsp1".into(),
        ..mine.clone()
    };
    assert_eq!(read(by_gagne).await.1, 2, "about her, or by her");
    let action = AuditQuery {
        action: Some("deactivated".into()),
        ..mine.clone()
    };
    assert_eq!(read(action).await.1, 1);
    let later = AuditQuery {
        from: Some(start + time::Duration::days(1)),
        ..mine.clone()
    };
    assert_eq!(read(later).await.1, 0);
    let before = AuditQuery {
        until: Some(start),
        ..mine.clone()
    };
    assert_eq!(read(before).await.1, 0, "until is exclusive");
    let export = f.store.audit_export(&mine).await.expect("export");
    assert_eq!(export[0].action, "deactivated", "oldest first");
    assert_eq!(export[0].actor_name.as_deref(), Some("Chantal Gagné"));
    assert_eq!(export[0].subject.as_deref(), Some("Sophie Roy"));
    assert!(export[1].actor_is_central && export[1].actor_name.is_none());
    assert_eq!(
        f.store
            .audit_actions(Some(f.org), None)
            .await
            .expect("actions"),
        vec!["deactivated".to_string(), "expiry-changed".to_string()]
    );
}
