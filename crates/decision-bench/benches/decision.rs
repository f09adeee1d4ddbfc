//! Issue 8's benchmark: Mandat's decision against cedar-policy and casbin, in-process, on the
//! population `generate-grants` wrote (by default 1,000,000 organizations, 3,000,000 people,
//! 10,000,000 grants). Every engine is given the same index of each person's grants, as the
//! store has one; each question is asked of the three in turn, in a rotating order, after a
//! first pass that checks their answers against the rule written plainly. Prints the medians
//! and 99th percentiles, each as a ratio to Mandat's in the same run.
//!
//! `MANDAT_BENCH_GRANTS` names the population's file; `MANDAT_BENCH_QUESTIONS` (10,000) and
//! `MANDAT_BENCH_ROUNDS` (3) the questions asked and how many times each.

#![allow(clippy::print_stdout)]

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::bail;
use mandat_decision_bench::casbin_engine::Casbin;
use mandat_decision_bench::cedar::Cedar;
use mandat_decision_bench::data::{Dataset, expected, questions};
use mandat_decision_bench::mandat::Mandat;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_default()
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn main() -> anyhow::Result<()> {
    let path = std::env::var("MANDAT_BENCH_GRANTS").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/grants.tsv"),
        PathBuf::from,
    );
    let (n, rounds) = (
        env_or("MANDAT_BENCH_QUESTIONS", 10_000),
        env_or("MANDAT_BENCH_ROUNDS", 3),
    );
    let t = Instant::now();
    let ds = Dataset::read(&path)?;
    let read = t.elapsed();
    let t = Instant::now();
    let mandat = Mandat::new(&ds);
    let built = t.elapsed();
    let asks = questions(&ds, n, 42);
    let people: BTreeSet<u32> = asks.iter().map(|a| a.person).collect();
    let t = Instant::now();
    let mut cedar = Cedar::default();
    let mut casbin = Casbin::new();
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    for &p in &people {
        cedar.load(&ds, p);
        rt.block_on(casbin.load(&ds, p))?;
    }
    let sliced = t.elapsed();

    let mut allowed = 0;
    for a in &asks {
        let want = expected(&ds, a);
        let got = (
            mandat.ask(&ds, a).is_allowed(),
            cedar.ask(&ds, a),
            casbin.ask(a),
        );
        if got != (want, want, want) {
            bail!("{a:?}: expected {want}, got (Mandat, Cedar, casbin) {got:?}");
        }
        allowed += usize::from(want);
    }

    // 0: the index alone; 1: Mandat; 2: Cedar; 3: casbin.
    let mut times: [Vec<u64>; 4] = Default::default();
    for round in 0..rounds {
        for (i, a) in asks.iter().enumerate() {
            for k in 0..4 {
                let engine = (k + i + round) % 4;
                let t = Instant::now();
                match engine {
                    0 => {
                        black_box(ds.of(black_box(a.person)));
                    }
                    1 => {
                        black_box(mandat.ask(&ds, black_box(a)));
                    }
                    2 => {
                        black_box(cedar.ask(&ds, black_box(a)));
                    }
                    _ => {
                        black_box(casbin.ask(black_box(a)));
                    }
                }
                times[engine].push(t.elapsed().as_nanos() as u64);
            }
        }
    }
    for t in &mut times {
        t.sort_unstable();
    }
    let (m50, m99) = (percentile(&times[1], 0.5), percentile(&times[1], 0.99));
    println!(
        "\n## The decision: {} organizations, {} people, {} grants\n",
        ds.sizes.orgs, ds.sizes.people, ds.sizes.grants
    );
    println!(
        "{} questions about {} people, each asked {rounds} times; {allowed} allowed ({:.0}%); \
         every engine's answer checked against the rule written plainly.\n",
        asks.len(),
        people.len(),
        100.0 * allowed as f64 / asks.len() as f64
    );
    println!("| engine | median | p99 | median / Mandat | p99 / Mandat |\n|---|---|---|---|---|");
    for (name, t) in [
        (
            "the person's grants from the index (every engine's first step)",
            &times[0],
        ),
        ("**Mandat** (`decide`)", &times[1]),
        (
            "cedar-policy 4 (one request per grant until one allows)",
            &times[2],
        ),
        ("casbin 2 (the person's enforcer)", &times[3]),
    ] {
        let (p50, p99) = (percentile(t, 0.5), percentile(t, 0.99));
        println!(
            "| {name} | {p50:.2} µs | {p99:.2} µs | {:.2} | {:.2} |",
            p50 / m50,
            p99 / m99
        );
    }
    println!(
        "\nRead the population: {:.1} s; Mandat's grants built: {:.1} s; Cedar's entities and \
         casbin's enforcers for the people asked about: {:.1} s. {}",
        read.as_secs_f64(),
        built.as_secs_f64(),
        sliced.as_secs_f64(),
        peak_memory()
    );
    Ok(())
}
