//! Issue 6's benchmarks, each figure a ratio to a baseline measured in the same run:
//!
//!     cargo bench --bench security
//!
//! 1. The organization's security file for an organization of 20,000 people (SQLite): its
//!    first page, a filtered and sorted page and a far page, each through Mandat's router
//!    as a signed-in officer, against the main menu (the same session and layout, no list)
//!    as the baseline; the target is a p99 under 50 ms.
//! 2. The daily expiry job over `MANDAT_BENCH_CODES` codes (1,000,000 by default) of which
//!    10% have expired and the rest expire over the coming year, against the bare SQL that
//!    deactivates the same codes (one UPDATE, rolled back) as the baseline; the target is
//!    under 60 s.

#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use mandat_core::audit::ChainKey;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::ids::{AccountId, OrgId, PersonId};
use mandat_core::organization::{Organization, OrganizationForm};
use mandat_core::person::{NasKey, Person, PersonForm};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::{SystemClock, quebec_time, secret};
use mandat_store::{AccountKind, Member, NewAccount, SessionStage, Store};
use tower::ServiceExt;

type Error = Box<dyn std::error::Error>;

const PEOPLE: usize = 20_000;
const SAMPLES: usize = 300;

fn main() -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // `MANDAT_BENCH_ONLY=file` or `=expiry` runs one of the two.
        let only = std::env::var("MANDAT_BENCH_ONLY").unwrap_or_default();
        if only != "expiry" {
            security_file().await?;
        }
        if only != "file" {
            expiry_job().await?;
        }
        Ok(())
    })
}

async fn store(dir: &std::path::Path) -> Result<Store, Error> {
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let store = Store::connect(&url, Arc::new(SystemClock), ChainKey::from_bytes([7; 32])).await?;
    store.migrate().await?;
    store.key_audit_chain(true).await?;
    Ok(store)
}

/// An organization of `people` persons, each with a code; `officer` makes the first one a
/// principal officer. Expiry dates spread from `first_expiry` over the next 365 days.
async fn organization(
    store: &Store,
    n: usize,
    people: usize,
    expiry: impl Fn(usize) -> time::Date,
) -> Result<AccountId, Error> {
    let key = NasKey::from_bytes([7; 32]);
    let org = Organization::parse(
        OrgId::new(),
        &OrganizationForm {
            name: &format!("Organisme {n}"),
            address: "1, rue Principale",
            city: "Québec",
            postal_code: "G1R 4Z1",
            phone: "418 555-0100",
            phone_extension: "",
            neq: &format!("11{n:08}"),
            education_number: "",
        },
    )
    .map_err(|e| format!("{e:?}"))?;
    let mut tx = store.begin().await?;
    tx.insert_organization(&org).await?;
    let mut officer = None;
    const LAST: [&str; 8] = [
        "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
    ];
    const FIRST: [&str; 6] = ["Marie", "Jean", "Sophie", "Luc", "Julie", "Marc"];
    for i in 0..people {
        let person = Person::parse(
            PersonId::new(),
            org.id,
            &PersonForm {
                title: "",
                last_name: &format!("{}{}", LAST[i % 8], i / 48),
                first_name: FIRST[(i / 8) % 6],
                nas_partial: &format!("{:06}", 100_000 + i),
                email: &format!("p{n}-{i}@exemple.qc.ca"),
                phone: "418 555-0100",
                phone_extension: "",
                fax: "",
            },
            &key,
        )
        .map_err(|e| format!("{e:?}"))?;
        let profiles = ProfileSet::from_choices(ProfileChoices {
            principal_officer: i == 0,
            auxiliary_officer: i == 1,
            individual_files: i % 3 == 0,
            enterprise_files: i % 3 != 0,
            ..Default::default()
        })
        .map_err(|e| format!("{e:?}"))?;
        tx.insert_member(&Member {
            person: person.clone(),
            profiles,
            roles: vec![],
        })
        .await?;
        let id = AccountId::new();
        tx.insert_account(&NewAccount {
            id,
            kind: AccountKind::Member {
                person: person.id,
                org: org.id,
            },
            identity: None,
            user_code: UserCode::from_stored(format!("u{n}x{i}")),
            password_hash: PasswordHash::from_stored("$argon2id$bench".into()),
            password_temporary: false,
            expires_on: Some(expiry(i)),
        })
        .await?;
        officer.get_or_insert(id);
    }
    tx.commit().await?;
    Ok(officer.ok_or("no people")?)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn security_file() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let store = store(dir.path()).await?;
    let today = quebec_time::date_at(store.now());
    let officer = organization(&store, 1, PEOPLE, |i| {
        today + time::Duration::days(1 + (i % 365) as i64)
    })
    .await?;
    // The daily job refreshes the planner's statistics; a day after the people were added.
    store.optimize().await?;
    let session = secret::token();
    let mut tx = store.begin().await?;
    tx.create_session(&secret::digest(&session), SessionStage::SignedIn(officer))
        .await?;
    tx.commit().await?;
    let app = mandat_web::router(mandat_web::AppState::new(
        store.clone(),
        false,
        (
            NasKey::from_bytes([7; 32]),
            mandat_core::sealed::SealKey::generate(),
        ),
        BusinessCalendar::default(),
        "http://127.0.0.1".into(),
    ));
    let pages = [
        ("baseline: the main menu", "/menu"),
        (
            "first page (50 of 20,000, by last name)",
            "/administration/securite",
        ),
        (
            "filtered: state, profile, search, by expiry descending",
            "/administration/securite?etat=active&profil=individual-files&q=tremblay&tri=expiration&ordre=desc",
        ),
        ("far page: 200 of 400", "/administration/securite?page=200"),
    ];
    let mut timings = vec![Vec::new(); pages.len()];
    for round in 0..SAMPLES + 20 {
        for (i, (_, uri)) in pages.iter().enumerate() {
            let request = Request::get(*uri)
                .header("cookie", format!("session={session}"))
                .body(Body::empty())?;
            let started = Instant::now();
            let response = app.clone().oneshot(request).await?;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            let took = started.elapsed();
            if status != 200 || body.len() < 1000 {
                return Err(format!("{uri}: {status}").into());
            }
            if round >= 20 {
                timings[i].push(took);
            }
        }
    }
    println!("\n## Security file, {PEOPLE} people, {SAMPLES} requests each, interleaved\n");
    println!("| page | median | p99 | median / baseline | p99 / baseline |\n|---|---|---|---|---|");
    let base: Vec<Duration> = {
        let mut t = timings[0].clone();
        t.sort();
        vec![percentile(&t, 0.5), percentile(&t, 0.99)]
    };
    for ((label, _), t) in pages.iter().zip(&mut timings) {
        t.sort();
        let (p50, p99) = (percentile(t, 0.5), percentile(t, 0.99));
        println!(
            "| {label} | {} | {} | {:.1} | {:.1} |",
            ms(p50),
            ms(p99),
            p50.as_secs_f64() / base[0].as_secs_f64(),
            p99.as_secs_f64() / base[1].as_secs_f64()
        );
    }
    Ok(())
}

async fn expiry_job() -> Result<(), Error> {
    let codes: usize = std::env::var("MANDAT_BENCH_CODES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let per_org = 100;
    let dir = tempfile::tempdir()?;
    let store = store(dir.path()).await?;
    let today = quebec_time::date_at(store.now());
    let started = Instant::now();
    for n in 0..codes.div_ceil(per_org) {
        // One code in ten has expired in the last month; the others expire over the year.
        organization(&store, n + 2, per_org.min(codes - n * per_org), |i| {
            if i % 10 == 9 {
                today - time::Duration::days((i % 30) as i64)
            } else {
                today + time::Duration::days(1 + ((i * 7 + n) % 365) as i64)
            }
        })
        .await?;
    }
    let generated = started.elapsed();

    let baseline = {
        let started = Instant::now();
        let n = store.bench_bare_expiry(today).await?;
        (started.elapsed(), n)
    };
    let started = Instant::now();
    let report = mandat_app::App::new(
        store.clone(),
        "http://mandat.bench",
        (
            NasKey::from_bytes([7; 32]),
            mandat_core::sealed::SealKey::generate(),
        ),
        BusinessCalendar::default(),
    )
    .run_daily()
    .await?;
    let job = started.elapsed();
    println!(
        "\n## Expiry job, {codes} codes (generated in {:.0} s)\n",
        generated.as_secs_f64()
    );
    println!("| what | time | ratio |\n|---|---|---|");
    println!(
        "| baseline: one UPDATE deactivating the {} expired codes (rolled back) | {:.2} s | 1.0 |",
        baseline.1,
        baseline.0.as_secs_f64()
    );
    println!(
        "| the job: {} deactivated, {} notices, each with its audit entry and emails | {:.2} s | {:.1} |",
        report.expired,
        report.notices,
        job.as_secs_f64(),
        job.as_secs_f64() / baseline.0.as_secs_f64()
    );
    Ok(())
}
