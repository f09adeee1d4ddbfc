//! The generated population: organizations, people and grants, each grant one or two layers
//! (an external procuration and what its mandataire made within it), over twelve agencies of
//! twelve tasks each. Deterministic from a seed; written as one line per grant so that the
//! command that makes it and the bench that reads it agree, and nothing is committed.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, bail};

pub const AGENCIES: u8 = 12;
pub const TASKS: u8 = 12;

/// A layer: its tasks (a mask of the agency's twelve; `None` for all of them, even later
/// ones), its first day if any and its last, as Julian day numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerRow {
    pub tasks: Option<u16>,
    pub starts: Option<i32>,
    pub ends: i32,
}

impl LayerRow {
    pub fn covers(&self, task: u8) -> bool {
        self.tasks.is_none_or(|m| m & (1 << task) != 0)
    }
}

/// A grant: the person who holds it may act for `org` in `agency`'s services within its own
/// layer and, for one made within an external procuration, within the mandant's too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub person: u32,
    pub org: u32,
    pub agency: u8,
    pub mandate: Option<LayerRow>,
    pub own: LayerRow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub orgs: u32,
    pub people: u32,
    pub grants: u32,
}

/// SplitMix64: small, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.draw() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// January 1, 2026: the days of the population are counted from it.
pub fn base_day() -> i32 {
    time::macros::date!(2026 - 01 - 01).to_julian_day()
}

fn mask(rng: &mut Rng) -> u16 {
    let mut m = 0u16;
    for _ in 0..=rng.below(4) {
        m |= 1 << rng.below(u64::from(TASKS));
    }
    m
}

fn layer(rng: &mut Rng, all_tasks: u64, started: u64) -> LayerRow {
    let base = base_day();
    let tasks = (!rng.chance(all_tasks)).then(|| mask(rng));
    let starts = rng.chance(started).then(|| base + rng.below(730) as i32);
    let ends = starts.unwrap_or(base) + 30 + rng.below(900) as i32;
    LayerRow {
        tasks,
        starts,
        ends,
    }
}

/// The grants of a population, in the order generated: each held by a random person; nine
/// in ten for the person's own organization, one in ten through an external procuration of
/// another; seven in ten without restriction.
pub fn generate(sizes: Sizes, seed: u64) -> impl Iterator<Item = Row> {
    let mut rng = Rng::new(seed);
    (0..sizes.grants).map(move |_| {
        let person = rng.below(u64::from(sizes.people)) as u32;
        let external = rng.chance(10);
        let org = if external {
            rng.below(u64::from(sizes.orgs)) as u32
        } else {
            person % sizes.orgs
        };
        let agency = rng.below(u64::from(AGENCIES)) as u8;
        let mandate = external.then(|| layer(&mut rng, 60, 20));
        Row {
            person,
            org,
            agency,
            mandate,
            own: layer(&mut rng, 70, 30),
        }
    })
}

fn put(out: &mut impl Write, l: &LayerRow) -> std::io::Result<()> {
    match l.tasks {
        Some(m) => write!(out, "\t{m:x}")?,
        None => write!(out, "\t*")?,
    }
    match l.starts {
        Some(d) => write!(out, "\t{d}")?,
        None => write!(out, "\t-")?,
    }
    write!(out, "\t{}", l.ends)
}

/// Writes the population: a first line of sizes, then one line per grant.
pub fn write(path: &Path, sizes: Sizes, rows: impl Iterator<Item = Row>) -> anyhow::Result<()> {
    let mut out = BufWriter::new(File::create(path).with_context(|| path.display().to_string())?);
    writeln!(out, "{}\t{}\t{}", sizes.orgs, sizes.people, sizes.grants)?;
    for r in rows {
        write!(out, "{}\t{}\t{}", r.person, r.org, r.agency)?;
        put(&mut out, &r.own)?;
        if let Some(m) = &r.mandate {
            put(&mut out, m)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn take_layer<'a>(f: &mut impl Iterator<Item = &'a str>) -> anyhow::Result<Option<LayerRow>> {
    let Some(tasks) = f.next() else {
        return Ok(None);
    };
    let tasks = match tasks {
        "*" => None,
        m => Some(u16::from_str_radix(m, 16)?),
    };
    let starts = match f.next().context("starts")? {
        "-" => None,
        d => Some(d.parse()?),
    };
    let ends = f.next().context("ends")?.parse()?;
    Ok(Some(LayerRow {
        tasks,
        starts,
        ends,
    }))
}

/// The population as the engines read it: every grant, sorted by person, and where each
/// person's grants start (the index every engine is given, as the store's is).
pub struct Dataset {
    pub sizes: Sizes,
    pub rows: Vec<Row>,
    pub start: Vec<u32>,
}

impl Dataset {
    pub fn of(&self, person: u32) -> &[Row] {
        let p = person as usize;
        &self.rows[self.start[p] as usize..self.start[p + 1] as usize]
    }

    pub fn new(sizes: Sizes, mut rows: Vec<Row>) -> Self {
        rows.sort_by_key(|r| r.person);
        let mut start = vec![0u32; sizes.people as usize + 1];
        for r in &rows {
            start[r.person as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        Dataset { sizes, rows, start }
    }

    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let file = File::open(path).with_context(|| {
            format!(
                "{}: make it first with `cargo run --release -p mandat-decision-bench --bin \
                 generate-grants`",
                path.display()
            )
        })?;
        let mut lines = BufReader::new(file).lines();
        let head = lines.next().context("empty file")??;
        let n: Vec<u32> = head.split('\t').map(str::parse).collect::<Result<_, _>>()?;
        let [orgs, people, grants] = n[..] else {
            bail!("first line: {head}");
        };
        let sizes = Sizes {
            orgs,
            people,
            grants,
        };
        let mut rows = Vec::with_capacity(grants as usize);
        for line in lines {
            let line = line?;
            let mut f = line.split('\t');
            let person = f.next().context("person")?.parse()?;
            let org = f.next().context("org")?.parse()?;
            let agency = f.next().context("agency")?.parse()?;
            let own = take_layer(&mut f)?.context("own layer")?;
            let mandate = take_layer(&mut f)?;
            rows.push(Row {
                person,
                org,
                agency,
                mandate,
                own,
            });
        }
        Ok(Dataset::new(sizes, rows))
    }
}

/// One question: may `person` act for `org` in `agency` for `task` on `day`?
#[derive(Clone, Copy, Debug)]
pub struct Ask {
    pub person: u32,
    pub org: u32,
    pub agency: u8,
    pub task: u8,
    pub day: i32,
}

/// Questions about people who hold grants: three in four about an organization and agency
/// one of their grants names, the others about any; any task, any day of three years.
pub fn questions(ds: &Dataset, n: usize, seed: u64) -> Vec<Ask> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let r = ds.rows[rng.below(ds.rows.len() as u64) as usize];
            let (org, agency) = if rng.chance(75) {
                (r.org, r.agency)
            } else {
                (
                    rng.below(u64::from(ds.sizes.orgs)) as u32,
                    rng.below(u64::from(AGENCIES)) as u8,
                )
            };
            Ask {
                person: r.person,
                org,
                agency,
                task: rng.below(u64::from(TASKS)) as u8,
                day: base_day() + rng.below(1100) as i32,
            }
        })
        .collect()
}

/// The answer written plainly, to check every engine against.
pub fn expected(ds: &Dataset, a: &Ask) -> bool {
    let within =
        |l: &LayerRow| l.covers(a.task) && l.starts.is_none_or(|s| s <= a.day) && a.day <= l.ends;
    ds.of(a.person).iter().any(|r| {
        r.org == a.org
            && r.agency == a.agency
            && within(&r.own)
            && r.mandate.as_ref().is_none_or(within)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_population_reads_back_as_written() {
        let sizes = Sizes {
            orgs: 50,
            people: 150,
            grants: 500,
        };
        let dir = std::env::temp_dir().join(format!("grants-{}", std::process::id()));
        write(&dir, sizes, generate(sizes, 7)).expect("write");
        let read = Dataset::read(&dir).expect("read");
        std::fs::remove_file(&dir).expect("remove");
        let made = Dataset::new(sizes, generate(sizes, 7).collect());
        assert_eq!(read.rows, made.rows);
        assert_eq!(read.of(3), made.of(3));
        assert!(
            read.rows.iter().any(|r| r.mandate.is_some()),
            "some external"
        );
        let asks = questions(&read, 400, 9);
        let allowed = asks.iter().filter(|a| expected(&read, a)).count();
        assert!(allowed > 20 && allowed < 380, "a mix: {allowed}");
    }
}
