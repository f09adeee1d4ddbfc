//! Writes the benchmark's population (issue 8): by default 1,000,000 organizations,
//! 3,000,000 people and 10,000,000 grants, to `target/bench/grants.tsv`, where
//! `cargo bench -p mandat-decision-bench` reads it. Not committed: it is made again at will,
//! the same from the same seed.
//!
//! `generate-grants [--orgs N] [--people N] [--grants N] [--seed N] [--out PATH]`

use std::path::PathBuf;

use anyhow::{Context, bail};
use mandat_decision_bench::data::{Sizes, generate, write};

fn main() -> anyhow::Result<()> {
    let mut sizes = Sizes {
        orgs: 1_000_000,
        people: 3_000_000,
        grants: 10_000_000,
    };
    let (mut seed, mut out) = (2026u64, PathBuf::from("target/bench/grants.tsv"));
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--orgs" => sizes.orgs = value.parse()?,
            "--people" => sizes.people = value.parse()?,
            "--grants" => sizes.grants = value.parse()?,
            "--seed" => seed = value.parse()?,
            "--out" => out = value.into(),
            _ => bail!("unknown flag {flag}"),
        }
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write(&out, sizes, generate(sizes, seed))?;
    eprintln!(
        "{} grants of {} people in {} organizations: {}",
        sizes.grants,
        sizes.people,
        sizes.orgs,
        out.display()
    );
    Ok(())
}
