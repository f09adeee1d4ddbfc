//! The daily expiry job (M18, M15, M20) over a moved clock, on SQLite and on PostgreSQL:
//! each notice once, the code deactivated at its date, a missed day caught up, two workers
//! at once changing nothing twice, central alerted when the last officer expires, and the
//! codes that served only the contracts ended three months after the last one.

use std::sync::Arc;

use mandat_app::App;
use mandat_app::daily::{ContractsReport, Report};
use mandat_core::account::InactiveCause;
use mandat_core::contact::Email;
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::{Field, FixedClock};
use mandat_store::{AccountKind, Member, NewAccount, OutboxEntry, Store};
use mandat_testing::{self as support, Db, conformance};

const URL: &str = "http://mandat.test";
use time::macros::{date, datetime};
use time::{Date, Duration};

conformance!(
    notices_go_once_at_three_and_two_weeks_and_the_code_expires_at_its_date,
    two_workers_at_once_send_and_deactivate_once,
    central_is_alerted_when_the_last_officer_expires,
    the_last_contracts_end_warns_then_deactivates_three_months_on,
    officers_are_told_thirty_then_seven_days_before_a_held_procuration_ends,
);

const OFFICER: &str = "chantal.gagne@exemple.qc.ca";
const MARC: &str = "marc.cote@exemple.qc.ca";
const CENTRAL: &str = "central@exemple.qc.ca";

struct World {
    store: Store,
    clock: Arc<FixedClock>,
}

/// Tuesday November 24, 2026, 10:00 in Quebec: Chantal Gagné, officer, valid until
/// `officer_until`; Marc Côté until December 20; a central agent.
async fn world(db: &Db, officer_until: Date) -> World {
    let clock = Arc::new(FixedClock::at(datetime!(2026-11-24 15:00 UTC)));
    let store = db.store_with_clock(clock.clone()).await;
    let org = support::organization("1160000001", "Centre de formation des Laurentides");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_organization(&org).await.expect("org");
    let officer = ProfileSet::from_choices(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    })
    .expect("profiles");
    for (last, first, nas, profiles, email, code, until) in [
        (
            "Gagné",
            "Chantal",
            "100002",
            officer,
            OFFICER,
            "rsp100",
            officer_until,
        ),
        (
            "Côté",
            "Marc",
            "100005",
            ProfileSet::default(),
            MARC,
            "mem500",
            date!(2026 - 12 - 20),
        ),
    ] {
        let mut person = support::person(org.id, last, first, nas);
        person.email = Email::parse(Field::Email, email).expect("email");
        tx.insert_member(&Member {
            person: person.clone(),
            profiles,
            roles: vec![],
        })
        .await
        .expect("member");
        tx.insert_account(&account(
            AccountKind::Member {
                person: person.id,
                org: org.id,
            },
            None,
            code,
            Some(until),
        ))
        .await
        .expect("account");
    }
    let central = Some(("Agente Centrale".to_string(), email(CENTRAL)));
    tx.insert_account(&account(AccountKind::Central, central, "central01", None))
        .await
        .expect("central");
    tx.commit().await.expect("commit");
    World { store, clock }
}

fn account(
    kind: AccountKind,
    identity: Option<(String, Email)>,
    code: &str,
    expires_on: Option<Date>,
) -> NewAccount {
    NewAccount {
        identity,
        expires_on,
        ..mandat_testing::account(kind, code)
    }
}

/// The application layer over `store`, as the worker runs it.
fn app(store: &Store) -> App {
    let calendar = mandat_core::calendar::BusinessCalendar::default();
    let keys = (support::key(), mandat_core::sealed::SealKey::generate());
    App::new(store.clone(), URL, keys, calendar)
}

fn email(s: &str) -> Email {
    Email::parse(Field::Email, s).expect("email")
}

impl World {
    async fn run_on(&self, day: Date) -> Report {
        self.clock
            .set(mandat_core::quebec_time::start_of(day) + Duration::hours(2));
        app(&self.store).run_daily().await.expect("run")
    }

    async fn mails(&self, to: &str, template: &str) -> Vec<OutboxEntry> {
        self.store
            .outbox_for(&email(to))
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.mail.template == template)
            .collect()
    }
}

async fn notices_go_once_at_three_and_two_weeks_and_the_code_expires_at_its_date(db: Db) {
    let w = world(&db, date!(2027 - 10 - 01)).await;
    assert_eq!(
        w.run_on(date!(2026 - 11 - 28)).await,
        Report::default(),
        "22 days ahead"
    );
    let three_weeks = w.run_on(date!(2026 - 11 - 29)).await;
    assert_eq!(
        three_weeks,
        Report {
            notices: 1,
            expired: 0,
            ..Report::default()
        }
    );
    let digest = w.mails(OFFICER, "codes-expiring").await;
    assert_eq!(digest.len(), 1);
    assert!(digest[0].mail.body.contains("expireront d'ici 21 jours"));
    assert!(
        digest[0]
            .mail
            .body
            .contains("- (mem) Marc Côté : 20 décembre 2026")
    );
    assert!(
        !digest[0].mail.body.contains("mem500"),
        "three characters only"
    );
    assert_eq!(
        w.run_on(date!(2026 - 11 - 29)).await,
        Report::default(),
        "once"
    );
    assert_eq!(w.run_on(date!(2026 - 12 - 01)).await, Report::default());
    assert_eq!(
        w.run_on(date!(2026 - 12 - 06)).await.notices,
        1,
        "two weeks"
    );
    assert!(
        w.mails(OFFICER, "codes-expiring").await[1]
            .mail
            .body
            .contains("d'ici 14 jours")
    );
    assert_eq!(w.run_on(date!(2026 - 12 - 07)).await, Report::default());

    // Days missed: the run of the 22nd catches up with the 20th.
    assert_eq!(
        w.run_on(date!(2026 - 12 - 22)).await,
        Report {
            notices: 0,
            expired: 1,
            ..Report::default()
        }
    );
    let marc = w
        .store
        .account_by_user_code("mem500")
        .await
        .expect("read")
        .expect("account");
    assert!(matches!(marc.inactive, Some((InactiveCause::Expired, _))));
    let told = w.mails(MARC, "code-changed-user").await;
    assert_eq!(told.len(), 1);
    assert!(
        told[0]
            .mail
            .body
            .contains("a été désactivé à sa date d'expiration.")
    );
    let expired = w.mails(OFFICER, "codes-expiring").await;
    assert_eq!(expired.len(), 3);
    assert!(
        expired[2]
            .mail
            .body
            .contains("ont atteint leur date d'expiration et ont été désactivés")
    );
    assert_eq!(w.run_on(date!(2026 - 12 - 23)).await, Report::default());
    let log = w.store.audit_of_action("expired").await.expect("audit");
    assert_eq!(log.len(), 1);
    let notices = w
        .store
        .audit_of_action("expiry-notice")
        .await
        .expect("audit");
    assert_eq!(notices.len(), 2);
    assert!(
        w.mails(CENTRAL, "no-active-officer").await.is_empty(),
        "an officer remains"
    );
    assert!(matches!(
        w.store.verify_audit().await.expect("verify"),
        mandat_store::AuditVerdict::Intact { .. }
    ));
}

async fn two_workers_at_once_send_and_deactivate_once(db: Db) {
    let w = world(&db, date!(2027 - 10 - 01)).await;
    w.clock.set(datetime!(2026-11-29 15:00 UTC));
    let app = app(&w.store);
    let (a, b) = tokio::join!(app.run_daily(), app.run_daily());
    let notices = a.expect("a").notices + b.expect("b").notices;
    assert_eq!(notices, 1);
    w.clock.set(datetime!(2026-12-20 15:00 UTC));
    let (a, b) = tokio::join!(app.run_daily(), app.run_daily());
    assert_eq!(a.expect("a").expired + b.expect("b").expired, 1);
    assert_eq!(w.mails(MARC, "code-changed-user").await.len(), 1);
    assert_eq!(w.store.expiry_notice_count().await.expect("count"), 1);
}

async fn central_is_alerted_when_the_last_officer_expires(db: Db) {
    let w = world(&db, date!(2026 - 12 - 10)).await;
    assert_eq!(w.run_on(date!(2026 - 12 - 10)).await.expired, 1);
    let alert = w.mails(CENTRAL, "no-active-officer").await;
    assert_eq!(alert.len(), 1, "M15");
    assert!(
        alert[0]
            .mail
            .body
            .contains("Centre de formation des Laurentides")
    );
    assert_eq!(
        w.store
            .audit_of_action("no-active-officer")
            .await
            .expect("audit")
            .len(),
        1
    );
    assert!(
        w.mails(OFFICER, "codes-expiring")
            .await
            .iter()
            .all(|m| !m.mail.body.contains("désactivés")),
        "no officer left to tell"
    );
}

async fn the_last_contracts_end_warns_then_deactivates_three_months_on(db: Db) {
    let w = world(&db, date!(2027 - 10 - 01)).await;
    let marc = w
        .store
        .account_by_user_code("mem500")
        .await
        .expect("read")
        .expect("marc");
    let org = marc.kind.org().expect("a member");
    let agency = support::agency("SAAQ");
    let contract = mandat_core::contract::Contract::parse(
        agency.id,
        org,
        "billing",
        "2026-01-01",
        "2026-11-20",
    )
    .expect("contract");
    let mut tx = w.store.begin().await.expect("begin");
    tx.set_expiry(marc.id, date!(2027 - 10 - 01))
        .await
        .expect("expiry");
    tx.insert_agency(&agency).await.expect("agency");
    tx.insert_contract(&contract).await.expect("contract");
    tx.commit().await.expect("commit");

    let warned = ContractsReport {
        warned: 1,
        deactivated: 0,
    };
    assert_eq!(w.run_on(date!(2026 - 11 - 24)).await.contracts, warned);
    for to in [MARC, OFFICER] {
        let mails = w.mails(to, "contracts-ended").await;
        assert_eq!(mails.len(), 1, "{to}");
        assert!(mails[0].mail.body.contains("désactivés le 20 février 2027"));
    }
    assert_eq!(
        w.run_on(date!(2026 - 11 - 25)).await,
        Report::default(),
        "once"
    );
    assert_eq!(w.run_on(date!(2027 - 02 - 19)).await, Report::default());

    let report = w.run_on(date!(2027 - 02 - 20)).await;
    assert_eq!(report.contracts.deactivated, 1, "Marc's, not the officer's");
    let marc = w.store.account(marc.id).await.expect("read").expect("marc");
    assert_eq!(
        marc.inactive.map(|(cause, _)| cause),
        Some(InactiveCause::ContractsEnded)
    );
    let told = w.mails(MARC, "code-changed-user").await;
    assert!(told[0].mail.body.contains("Fin de l'entente de service"));
    let digest = w.mails(OFFICER, "contracts-codes-deactivated").await;
    assert_eq!(digest.len(), 1);
    assert!(digest[0].mail.body.contains("- (mem) Marc Côté"));
    assert_eq!(w.run_on(date!(2027 - 02 - 21)).await, Report::default());
}

async fn officers_are_told_thirty_then_seven_days_before_a_held_procuration_ends(db: Db) {
    use mandat_core::decision::Access;
    use mandat_core::ids::ProcurationId;
    use mandat_core::procuration::{AgencyAccess, Procuration};
    let w = world(&db, date!(2027 - 06 - 30)).await;
    let org = w.store.organizations().await.expect("orgs")[0].id;
    let saaq = support::agency("SAAQ");
    let officer = w
        .store
        .account_by_user_code("rsp100")
        .await
        .expect("read")
        .expect("officer");
    let marc = w
        .store
        .account_by_user_code("mem500")
        .await
        .expect("read")
        .expect("marc");
    let p = Procuration {
        id: ProcurationId::new(),
        org,
        name: "Facturation".into(),
        starts_on: None,
        ends_on: date!(2026 - 12 - 19),
        agencies: vec![AgencyAccess {
            agency: saaq.id,
            access: Access::Unrestricted,
        }],
    };
    let unheld = Procuration {
        id: ProcurationId::new(),
        name: "Personne".into(),
        ..p.clone()
    };
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_procuration(&p, officer.id)
        .await
        .expect("procuration");
    tx.insert_procuration(&unheld, officer.id)
        .await
        .expect("procuration");
    tx.assign(p.id, marc.kind.person().expect("person"), officer.id)
        .await
        .expect("assigned");
    tx.commit().await.expect("commit");

    assert_eq!(w.run_on(date!(2026 - 11 - 18)).await.procurations, 0);
    assert_eq!(
        w.run_on(date!(2026 - 11 - 19)).await.procurations,
        1,
        "30 days before"
    );
    assert_eq!(
        w.run_on(date!(2026 - 11 - 19)).await.procurations,
        0,
        "once"
    );
    let told = w.mails(OFFICER, "procuration-ending").await;
    assert_eq!(told.len(), 1, "not for the procuration nobody holds");
    assert!(
        told[0]
            .mail
            .body
            .contains("prend fin dans 30 jours, le 19 décembre 2026")
    );
    assert!(told[0].mail.body.contains("- Marc Côté"));
    assert!(
        told[0]
            .mail
            .body
            .contains(&format!("{URL}/administration/procurations/{}", p.id))
    );
    assert_eq!(
        w.run_on(date!(2026 - 12 - 12)).await.procurations,
        1,
        "7 days before"
    );
    assert_eq!(w.mails(OFFICER, "procuration-ending").await.len(), 2);
    assert!(
        w.mails(MARC, "procuration-ending").await.is_empty(),
        "officers only"
    );
}
