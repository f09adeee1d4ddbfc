//! The authorization API under load (issue 21): `POST /access/v1/evaluation` through HTTP,
//! with the store holding the procurations issue's population (1,000,000 organizations,
//! 3,000,000 people, 10,000,000 grants), on SQLite and on PostgreSQL, as a ratio to a bare
//! axum handler answering a fixed JSON to the same clients in the same run. Targets: at
//! least 0.80 of the bare handler's rate, and a p99 under 5 ms.
//!
//!     cargo bench --bench authzen
//!
//! `MANDAT_BENCH_SCALE` (0.01, say) loads a fraction of the population to try it quickly;
//! `MANDAT_BENCH_BACKENDS` (`sqlite`, `postgres`, or both, the default) picks the backends;
//! `MANDAT_BENCH_KEEP` keeps the last database to look into.
//! The databases live under `target/bench/authzen` while their backend is measured (about
//! 10 GB each at full scale), PostgreSQL in a throw-away cluster (`scripts/postgres-cluster`).
//!
//! Mandat serves its own router on a local port, with its tasks beside (the journal's
//! flush, and on PostgreSQL the listener of other servers' changes), and one client of the
//! first agency registered by its operator, whose token comes from the token endpoint
//! (client credentials). Two loads of questions, each from the agency's 833,333 grants:
//! - "sessions in progress": 10,000 questions asked again and again, as an agency asks at
//!   each transaction of the people working right now; what Mandat kept answers them;
//! - "each question new": a question drawn at random at each request, so nearly every one
//!   reads the database (what an answer costs when nothing was kept).
//!
//! The bare handler gets the same requests (bodies and token), so that only the servers'
//! work differs. The three alternate for ROUNDS rounds, in turn
//! first; each verdict is the median of the rounds' ratios. The figures replace the
//! "Authorization API" section of docs/PERFORMANCE.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod clients;
mod population;
#[path = "../support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use clients::{CLIENTS, Draw, MEASURE, load};
use mandat_app::oidc::ClientOwner;
use mandat_core::SystemClock;
use mandat_core::audit::ChainKey;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::ids::AgencyId;
use mandat_core::sealed::SealKey;
use mandat_oidc::ClientForm;
use mandat_store::{Backend, Store};
use population::{AGENCIES, AGENCY, Grant, ORG, Scale, TASKS};
use support::{Client, Error, Run, median, nas_key, serve, write_section};

const ROUNDS: usize = 7;
const SESSIONS: usize = 10_000;
const PATH: &str = "/access/v1/evaluation";
const HEADING: &str = "## Authorization API (issue 21)";

/// Mandat served over a loaded database.
struct Served {
    address: String,
    bearer: String,
    stop: tokio::sync::watch::Sender<bool>,
}

/// What was measured on one backend.
struct Figures {
    backend: &'static str,
    loaded: std::time::Duration,
    first_pass: String,
    bare: Vec<Run>,
    sessions: Vec<Run>,
    new: Vec<Run>,
}

fn main() -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let scale = Scale::from_env();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/authzen");
    let bare = runtime.block_on(serve(bare_router()))?;
    let mut measured = Vec::new();
    for backend in backends() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let (url, cluster) = database(backend, &dir)?;
        eprintln!("{backend:?}: loading {scale:?}");
        let started = std::time::Instant::now();
        runtime.block_on(prepare(&url, backend, scale))?;
        let loaded = started.elapsed();
        let served = runtime.block_on(serve_mandat(&url))?;
        let figures = measure(backend, loaded, &served, &bare, scale);
        let _ = served.stop.send(true);
        if let Some(cluster) = cluster {
            stop_cluster(&cluster);
        }
        if std::env::var_os("MANDAT_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        measured.push(figures?);
    }
    let section = section(scale, &measured);
    write_section(HEADING, &section)?;
    println!("{section}");
    Ok(())
}

fn backends() -> Vec<Backend> {
    let asked = std::env::var("MANDAT_BENCH_BACKENDS").unwrap_or("sqlite,postgres".into());
    let mut backends = Vec::new();
    if asked.contains("sqlite") {
        backends.push(Backend::Sqlite);
    }
    if asked.contains("postgres") {
        backends.push(Backend::Postgres);
    }
    backends
}

/// The database's URL; for PostgreSQL, a cluster started in `dir`, to stop afterwards.
fn database(backend: Backend, dir: &Path) -> Result<(String, Option<PathBuf>), Error> {
    match backend {
        Backend::Sqlite => Ok((
            format!("sqlite://{}", dir.join("mandat.db").display()),
            None,
        )),
        Backend::Postgres => {
            let cluster = dir.join("pg");
            let out = std::process::Command::new(script())
                .arg("start")
                .arg(&cluster)
                .output()?;
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
            }
            let url = String::from_utf8(out.stdout)?.trim().to_string();
            Ok((url, Some(cluster)))
        }
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/postgres-cluster")
}

fn stop_cluster(cluster: &Path) {
    let _ = std::process::Command::new(script())
        .arg("stop")
        .arg(cluster)
        .status();
}

/// The schema, then the population.
async fn prepare(url: &str, backend: Backend, scale: Scale) -> Result<(), Error> {
    let store = Store::connect(url, Arc::new(SystemClock), chain_key()).await?;
    store.migrate().await?;
    store.key_audit_chain(true).await?;
    store.close().await;
    population::load(url, backend, scale).await
}

fn chain_key() -> ChainKey {
    ChainKey::from_bytes([7; 32])
}

/// Mandat's router over `url`, as `mandat serve` runs it, with the first agency's client
/// registered and its API token.
async fn serve_mandat(url: &str) -> Result<Served, Error> {
    let store = Store::connect(url, Arc::new(SystemClock), chain_key()).await?;
    let state = mandat_web::AppState::new(
        store.clone(),
        false,
        (nas_key(), SealKey::generate()),
        BusinessCalendar::default(),
        "http://127.0.0.1".into(),
    );
    state.app.ensure_signing_key().await?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(state.app.clone().keep_flushing(stopped));
    tokio::spawn(async move { store.listen_for_changes().await });
    let form = ClientForm {
        name: "Banc d'essai",
        redirect_uris: "https://service.example/rappel",
        method: "client_secret_basic",
        ..Default::default()
    };
    let agency: AgencyId = population::id(AGENCY, 0).parse()?;
    let owner = ClientOwner::Operator(agency);
    let added = state.app.add_client(owner, "SERVICE00", &form).await?;
    let address = serve(mandat_web::router(state)).await?;
    let secret = added.secret.ok_or("a secret")?;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{secret}", added.client.id));
    let (status, answer) = Client::connect(&address, &[])?.request_with(
        "POST",
        mandat_oidc::metadata::TOKEN,
        &[("Authorization", &format!("Basic {basic}"))],
        "grant_type=client_credentials&scope=authzen",
    )?;
    let answer: serde_json::Value =
        serde_json::from_str(&answer).map_err(|_| format!("token endpoint: {status} {answer}"))?;
    let bearer = answer["access_token"]
        .as_str()
        .ok_or(format!("{status} {answer}"))?;
    Ok(Served {
        address,
        bearer: bearer.into(),
        stop,
    })
}

/// A router whose one handler answers a fixed decision.
fn bare_router() -> axum::Router {
    axum::Router::new().route(
        PATH,
        axum::routing::post(|| async { axum::Json(serde_json::json!({"decision": true})) }),
    )
}

/// The question about grant `g` of the first agency and task `task`.
fn question(scale: Scale, g: i64, task: i64) -> String {
    let grant = Grant(g);
    serde_json::json!({
        "subject": {"type": "user", "id": format!("sub-{}", grant.holder(scale))},
        "resource": {"type": "service", "id": "SERVICE00",
            "properties": {"organization": population::id(ORG, grant.organization(scale))}},
        "action": {"name": format!("T{task:02}")},
    })
    .to_string()
}

/// A question about a grant of the first agency, drawn by `draw`.
fn drawn(scale: Scale, draw: &mut Draw) -> String {
    let g = AGENCIES * draw.below(scale.grants / AGENCIES);
    question(scale, g, draw.below(TASKS))
}

fn measure(
    backend: Backend,
    loaded: std::time::Duration,
    served: &Served,
    bare: &str,
    scale: Scale,
) -> Result<Figures, Error> {
    let mut draw = Draw::new(42);
    let sessions: Arc<Vec<String>> =
        Arc::new((0..SESSIONS).map(|_| drawn(scale, &mut draw)).collect());
    let first_pass = first_pass(served, &sessions)?;
    eprintln!("{backend:?}: {first_pass}");
    let asked = sessions.clone();
    let again = move |d: &mut Draw| asked[d.below(SESSIONS as i64) as usize].clone();
    let new = move |d: &mut Draw| drawn(scale, d);
    let (mut bares, mut kept, mut news) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (b, a) = (&served.address, &served.bearer);
        if round % 2 == 0 {
            bares.push(load(bare, PATH, a, again.clone())?);
            kept.push(load(b, PATH, a, again.clone())?);
            news.push(load(b, PATH, a, new)?);
        } else {
            news.push(load(b, PATH, a, new)?);
            kept.push(load(b, PATH, a, again.clone())?);
            bares.push(load(bare, PATH, a, again.clone())?);
        }
        eprintln!(
            "{backend:?} round {round}: bare {:.0}, sessions {:.0}, new {:.0} per second",
            bares[round].rate, kept[round].rate, news[round].rate
        );
    }
    Ok(Figures {
        backend: match backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        },
        loaded,
        first_pass,
        bare: bares,
        sessions: kept,
        new: news,
    })
}

/// Each session question asked once: how many were allowed, and the reasons of the others
/// (a population at odds with the questions would show here as unknown subjects).
fn first_pass(served: &Served, questions: &[String]) -> Result<String, Error> {
    let mut client = Client::connect(&served.address, &[])?;
    let authorization = format!("Bearer {}", served.bearer);
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Content-Type", "application/json"),
    ];
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for body in questions {
        let (status, answer) = client.request_with("POST", PATH, &headers, body)?;
        let answer: serde_json::Value = serde_json::from_str(&answer)?;
        if status != 200 {
            return Err(format!("{status}: {answer}").into());
        }
        let first = answer["context"]["reasons"][0]["code"]
            .as_str()
            .unwrap_or("-");
        *reasons.entry(first.to_string()).or_default() += 1;
    }
    if reasons.keys().any(|r| r.starts_with("unknown")) {
        return Err(format!("questions name what the database lacks: {reasons:?}").into());
    }
    let listed: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
    Ok(listed.join(", "))
}

/// What the figures say, measured beside this benchmark (see docs/PERFORMANCE.md).
const HOW: &str = "How: a new question makes four queries: the subject with the person's \
code (one join from the pairwise subject), the organization, the enrollment and the \
grants (five when the service needs a contract); the agency's service with its tasks, the token's \
client and the answers are kept (`app::authzen::kept`, until anything changes anywhere: \
docs/ARCHITECTURE.md), so a question asked again reads nothing, and its answer is written \
for the wire once (`Answered`). On 2026-12-04 the same benchmark measured a new question at \
1,154 (SQLite) and 902 (PostgreSQL) a second: most of SQLite's cost was \
`sqlite3Reprepare`, the bundled SQLite having STAT4, with which, once `ANALYZE` has run, \
each statement is compiled again whenever its bound values change; it is now built without \
it (`.cargo/config.toml`). Earlier steps: the agencies' API has layers of its own \
(`http::layers::around_machines`: no cookie, no page, no compression), and a denial asked \
again before the journal's flush adds to its entry instead of making one. A profile of the \
sessions load (`perf record`, `MANDAT_BENCH_SCALE=0.01`) shows no database work on the \
request's path and no single hot spot: what remains is the request's own work (the layers: \
request id, log span, time limit; the JSON read with the path of a bad field; the token's \
and the answer's lookups; the journal's note) against a handler that reads no body and \
checks nothing, on the same two cores as the clients.\n";

fn ms(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(runs: &[Run], bares: &[Run]) -> f64 {
    let mut r: Vec<f64> = runs
        .iter()
        .zip(bares)
        .map(|(m, b)| m.rate / b.rate)
        .collect();
    median(&mut r)
}

fn section(scale: Scale, measured: &[Figures]) -> String {
    let mut rows = String::new();
    let mut verdicts = Vec::new();
    let mut details = String::new();
    for f in measured {
        let (bare, kept, new) = (
            Run::median(&f.bare),
            Run::median(&f.sessions),
            Run::median(&f.new),
        );
        let (rk, rn) = (ratio(&f.sessions, &f.bare), ratio(&f.new, &f.bare));
        let errors = bare.errors + kept.errors + new.errors;
        rows.push_str(&format!(
            "| {b}: a bare axum handler | {:.0} | {} | {} | 1.00 |\n\
             | {b}: sessions in progress (10,000 questions asked again) | {:.0} | {} | {} | {rk:.2} |\n\
             | {b}: each question new | {:.0} | {} | {} | {rn:.2} |\n",
            bare.rate,
            ms(bare.p50),
            ms(bare.p99),
            kept.rate,
            ms(kept.p50),
            ms(kept.p99),
            new.rate,
            ms(new.p50),
            ms(new.p99),
            b = f.backend,
        ));
        let met = |r: f64, p99| r >= 0.80 && p99 < std::time::Duration::from_millis(5);
        verdicts.push(format!(
            "{}: sessions in progress {}, each question new {}",
            f.backend,
            if met(rk, kept.p99) { "met" } else { "NOT met" },
            if met(rn, new.p99) { "met" } else { "NOT met" },
        ));
        let rounds: Vec<String> = (0..f.bare.len())
            .map(|i| {
                format!(
                    "{:.0} / {:.0} / {:.0}",
                    f.bare[i].rate, f.sessions[i].rate, f.new[i].rate
                )
            })
            .collect();
        details.push_str(&format!(
            "{}: loaded in {:.0} s; first answers to the 10,000 questions (first reason): {}; \
             rounds (bare / sessions / new per second): {}; errors: {errors}.\n\n",
            f.backend,
            f.loaded.as_secs_f64(),
            f.first_pass,
            rounds.join(", ")
        ));
    }
    format!(
        "{HEADING}\n\n\
         Target: `POST /access/v1/evaluation` through HTTP at no less than 0.80 of the rate of a\n\
         bare axum handler answering a fixed JSON, with a p99 under 5 ms, the store holding\n\
         {} organizations, {} people and {} grants, on SQLite and on PostgreSQL. Measured by\n\
         `cargo bench --bench authzen` on {} ({} cores, shared machine): {CLIENTS} clients, each a\n\
         thread with one kept-alive connection, post questions for {} s; the bare handler gets\n\
         the same requests (bodies and token); the three loads alternate for {ROUNDS} rounds,\n\
         in turn first; the table gives medians. The clients run on the same cores as the servers.\n\n\
         | what | per second | p50 | p99 | ratio |\n|---|---|---|---|---|\n{rows}\n\
         Verdict: {}.\n\n{details}{HOW}",
        scale.orgs,
        scale.people,
        scale.grants,
        time::OffsetDateTime::now_utc().date(),
        std::thread::available_parallelism().map_or(2, |n| n.get()),
        MEASURE.as_secs(),
        verdicts.join("; "),
    )
}
