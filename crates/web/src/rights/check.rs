//! « Vérifier un accès », on a user's rights page: the officer asks the decision (issue 8)
//! whether the user may do a task of an agency's service for the organization (their own, or
//! a mandant whose rights they hold, P6) on a day, and reads the answer with its reasons,
//! exactly as the agencies' services will get it.

use mandat_app::catalog::Catalog;
use mandat_core::Lang;
use mandat_core::contract::iso_date;
use mandat_core::dates::long_date;
use mandat_core::decision::{Decision, GrantMiss, Question, Refusal};
use mandat_core::ids::{OrgId, PersonId, TaskId};
use mandat_core::{Field, FieldError, Problem};
use mandat_store::ProcurationRecord;
use serde::Deserialize;
use time::Date;

use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView};
use crate::rights::reading::org_name;

/// The page's query: a notice, and the question when one is asked.
#[derive(Clone, Deserialize, Default)]
pub struct CheckQuery {
    #[serde(default)]
    pub fait: String,
    #[serde(rename = "check-task", default)]
    task: String,
    #[serde(rename = "check-day", default)]
    day: String,
    #[serde(rename = "check-org", default)]
    org: String,
}

/// The answer: allowed or not, in a sentence, and why not.
pub struct Verdict {
    pub allowed: bool,
    pub headline: String,
    pub reasons: Vec<String>,
}

pub struct CheckView {
    pub fields: Vec<FieldView>,
    pub verdict: Option<Verdict>,
}

/// What is being checked, and for whom.
pub struct Asked<'a> {
    pub person: PersonId,
    pub name: &'a str,
    pub own: (OrgId, String),
    pub rights: &'a [ProcurationRecord],
    pub today: Date,
}

/// The organizations the person may act for: their own, and each mandant they hold rights of.
async fn organizations(
    state: &AppState,
    asked: &Asked<'_>,
) -> Result<Vec<(OrgId, String)>, AppError> {
    let mut orgs = vec![asked.own.clone()];
    for r in asked.rights {
        if let Some(mandant) = mandat_app::names::mandant_of(&state.store, r.link).await?
            && orgs.iter().all(|(id, _)| *id != mandant)
        {
            orgs.push((mandant, org_name(state, mandant).await?));
        }
    }
    Ok(orgs)
}

fn select(tr: &Tr, field: Field, options: Vec<FieldOption>, value: &str) -> FieldView {
    FieldView::new(tr, field, "select")
        .options(options)
        .value(value)
}

pub async fn check(
    state: &AppState,
    tr: &Tr,
    catalog: &Catalog,
    asked: &Asked<'_>,
    q: &CheckQuery,
) -> Result<CheckView, AppError> {
    let lang = tr.lang;
    let orgs = organizations(state, asked).await?;
    let tasks = catalog
        .0
        .values()
        .flat_map(|a| {
            a.tasks.iter().map(|(id, name)| FieldOption {
                value: id.to_string(),
                label: format!("{} — {}", a.name.get(lang), name.get(lang)),
                checked: false,
            })
        })
        .collect();
    let org_options = orgs
        .iter()
        .map(|(id, name)| FieldOption {
            value: id.to_string(),
            label: name.clone(),
            checked: false,
        })
        .collect();
    let day_typed = if q.day.is_empty() {
        asked.today.to_string()
    } else {
        q.day.clone()
    };
    let mut fields = vec![
        select(tr, Field::CheckTask, tasks, &q.task),
        select(tr, Field::CheckOrganization, org_options, &q.org),
        FieldView::new(tr, Field::CheckDay, "date").value(&day_typed),
    ];
    if q.task.is_empty() {
        return Ok(CheckView {
            fields,
            verdict: None,
        });
    }
    let task = q.task.parse::<TaskId>().ok();
    let service = match task {
        Some(t) => state.store.task_service(t).await?,
        None => None,
    };
    let org = orgs.iter().find(|(id, _)| id.to_string() == q.org);
    let day = iso_date(Field::CheckDay, &day_typed);
    let mut errors = Vec::new();
    if service.is_none() {
        errors.push(FieldError::new(Field::CheckTask, Problem::NotAChoice));
    }
    if org.is_none() {
        errors.push(FieldError::new(
            Field::CheckOrganization,
            Problem::NotAChoice,
        ));
    }
    let (Some(task), Some((service, agency)), Some((org, org_name)), Ok(on)) =
        (task, service, org, day)
    else {
        errors.extend(day.err());
        fields = fields.into_iter().map(|f| f.errors(tr, &errors)).collect();
        return Ok(CheckView {
            fields,
            verdict: None,
        });
    };
    let question = Question {
        org: *org,
        agency,
        service,
        task,
        on,
    };
    let decision = state.app.decision(asked.person, &question).await?;
    let verdict = words(state, tr, asked, org_name, on, &decision).await?;
    Ok(CheckView {
        fields,
        verdict: Some(verdict),
    })
}

fn day(d: Date, lang: Lang) -> String {
    long_date(d, lang)
}

/// The decision in words: who may, by which procuration, until when; or every reason not.
async fn words(
    state: &AppState,
    tr: &Tr,
    asked: &Asked<'_>,
    org: &str,
    on: Date,
    decision: &Decision,
) -> Result<Verdict, AppError> {
    let lang = tr.lang;
    let name_of = async |id| -> Result<String, AppError> {
        Ok(state
            .store
            .procuration(id)
            .await?
            .map(|r| r.procuration.name)
            .unwrap_or_default())
    };
    let args = |extra: Vec<(&'static str, String)>| {
        let mut all = vec![
            ("name", asked.name.to_string().into()),
            ("label", org.to_string().into()),
            ("date", day(on, lang).into()),
        ];
        all.extend(extra.into_iter().map(|(k, v)| (k, v.into())));
        all
    };
    let (procuration, until) = match decision {
        Decision::Allowed { procuration, until } => (*procuration, *until),
        Decision::Refused(refusals) => {
            let mut reasons = Vec::new();
            for r in refusals {
                match r {
                    Refusal::NoActiveCode => reasons.push(tr.t("check-no-code")),
                    Refusal::UnknownTask => reasons.push(tr.t("check-unknown-task")),
                    Refusal::NotEnrolled => reasons.push(tr.t("check-not-enrolled")),
                    Refusal::NoContract => reasons.push(tr.t("check-no-contract")),
                    Refusal::NoGrant(misses) if misses.is_empty() => {
                        reasons.push(tr.t("check-no-grant"));
                    }
                    Refusal::NoGrant(misses) => {
                        for (id, miss) in misses {
                            let why = match miss {
                                GrantMiss::OtherOrganization => tr.t("check-miss-organization"),
                                GrantMiss::OtherAgency => tr.t("check-miss-agency"),
                                GrantMiss::TaskNotGranted => tr.t("check-miss-task"),
                                GrantMiss::NotYetStarted(d) => tr.t_args(
                                    "check-miss-not-started",
                                    &[("date", day(*d, lang).into())],
                                ),
                                GrantMiss::Ended(d) => {
                                    tr.t_args("check-miss-ended", &[("date", day(*d, lang).into())])
                                }
                            };
                            let p = name_of(*id).await?;
                            reasons.push(format!("« {p} » : {why}"));
                        }
                    }
                }
            }
            return Ok(Verdict {
                allowed: false,
                headline: tr.t_args("check-refused", &args(vec![])),
                reasons,
            });
        }
    };
    let p = name_of(procuration).await?;
    let headline = tr.t_args(
        "check-allowed",
        &args(vec![("who", p), ("when", day(until, lang))]),
    );
    Ok(Verdict {
        allowed: true,
        headline,
        reasons: vec![],
    })
}
