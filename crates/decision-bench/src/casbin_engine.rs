//! The same grants in casbin: one policy line per grant (`p, person, org, agency, tasks,
//! start, end, mandate's tasks, start, end`), a matcher that checks both layers, and two
//! functions for what its expressions lack (a task among a grant's, a day between two).
//! Casbin evaluates its matcher against every policy line it holds, so, as with Cedar, each
//! person's grants are loaded once, before timing, into an enforcer of their own (what
//! casbin's filtered loading does per request).

use std::collections::HashMap;

use casbin::function_map::OperatorFunction;
use casbin::prelude::*;
use casbin::rhai::Dynamic;

use crate::data::{Ask, Dataset, LayerRow};

const MODEL: &str = "
[request_definition]
r = sub, org, agency, task, day

[policy_definition]
p = sub, org, agency, tasks, start, end, mtasks, mstart, mend

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == p.sub && r.org == p.org && r.agency == p.agency && covers(p.tasks, r.task) && within(r.day, p.start, p.end) && covers(p.mtasks, r.task) && within(r.day, p.mstart, p.mend)
";

fn text(d: &Dynamic) -> String {
    casbin::function_map::dynamic_to_str(d).into_owned()
}

fn number(d: &Dynamic) -> i64 {
    text(d).parse().unwrap_or(i64::MIN)
}

/// A task among a grant's: `*` for all, else their numbers joined by `;`.
fn covers(tasks: Dynamic, task: Dynamic) -> Dynamic {
    let (tasks, task) = (text(&tasks), text(&task));
    (tasks == "*" || tasks.split(';').any(|t| t == task)).into()
}

fn within(day: Dynamic, start: Dynamic, end: Dynamic) -> Dynamic {
    let day = number(&day);
    (number(&start) <= day && day <= number(&end)).into()
}

fn fields(l: Option<&LayerRow>) -> [String; 3] {
    let Some(l) = l else {
        return ["*".into(), i64::MIN.to_string(), i64::MAX.to_string()];
    };
    let tasks = match l.tasks {
        None => "*".to_string(),
        Some(m) => (0..16)
            .filter(|t| m & (1 << t) != 0)
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(";"),
    };
    let starts = l.starts.map_or(i64::MIN, i64::from);
    [tasks, starts.to_string(), l.ends.to_string()]
}

pub struct Casbin {
    people: HashMap<u32, Enforcer>,
}

impl Casbin {
    pub fn new() -> Self {
        Casbin {
            people: HashMap::new(),
        }
    }

    /// An enforcer holding the person's grants, once.
    pub async fn load(&mut self, ds: &Dataset, person: u32) -> anyhow::Result<()> {
        let model = DefaultModel::from_str(MODEL).await?;
        let mut e = Enforcer::new(model, MemoryAdapter::default()).await?;
        e.add_function("covers", OperatorFunction::Arg2(covers));
        e.add_function("within", OperatorFunction::Arg3(within));
        let rules = ds
            .of(person)
            .iter()
            .map(|r| {
                let mut rule = vec![person.to_string(), r.org.to_string(), r.agency.to_string()];
                rule.extend(fields(Some(&r.own)));
                rule.extend(fields(r.mandate.as_ref()));
                rule
            })
            .collect();
        e.add_policies(rules).await?;
        self.people.insert(person, e);
        Ok(())
    }

    pub fn ask(&self, a: &Ask) -> bool {
        let Some(e) = self.people.get(&a.person) else {
            return false;
        };
        let request = (
            a.person.to_string(),
            a.org.to_string(),
            a.agency.to_string(),
            a.task.to_string(),
            a.day.to_string(),
        );
        e.enforce(request)
            .unwrap_or_else(|err| panic!("casbin: {err}"))
    }
}

impl Default for Casbin {
    fn default() -> Self {
        Self::new()
    }
}
