//! What the two paths to a procuration share (P3, P4): per agency where the organization is
//! enrolled « Actif », « Aucun accès », « Accès sans restriction » or « Accès avec
//! restriction » with its tasks; the dates; the summary before « Transmettre », which sends
//! again what was typed.

use std::collections::{BTreeMap, BTreeSet};

use mandat_app::catalog::Catalog;
use mandat_core::dates::long_date;
use mandat_core::external::Answer;
use mandat_core::ids::{AgencyId, TaskId};
use mandat_core::procuration::{Chosen, Grantable, Procuration};
use mandat_core::{Field, FieldError, Lang};
use mandat_store::Link;
use time::Date;

use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, Pairs, fields, summary};

/// An agency as the form offers it.
pub struct AgencyChoice {
    pub id: String,
    pub name: String,
    /// As posted: empty, `all` or `some`.
    pub access: String,
    pub tasks: Vec<FieldOption>,
}

/// The form's parts as drawn: the dates, the agencies, their error, and the summary.
pub struct Drawn {
    pub dates: Vec<FieldView>,
    pub agencies: Vec<AgencyChoice>,
    pub agencies_error: String,
    pub errors: Vec<(String, String)>,
    pub review: Vec<(String, String)>,
    pub hidden: Vec<(String, String)>,
}

/// What the officer chose, read from the form's pairs: `access-<agency>` is empty, `all` or
/// `some`, and `tasks-<agency>` lists the tasks of a restricted access.
pub fn chosen(posted: &Pairs) -> BTreeMap<AgencyId, Chosen> {
    let mut chosen = BTreeMap::new();
    for (key, value) in &posted.pairs {
        let Some(agency) = key.strip_prefix("access-") else {
            continue;
        };
        let Ok(agency) = agency.parse::<AgencyId>() else {
            continue;
        };
        let choice = match value.as_str() {
            "all" => Chosen::Unrestricted,
            "some" => Chosen::Tasks(
                posted
                    .all(&format!("tasks-{agency}"))
                    .iter()
                    .filter_map(|t| t.parse::<TaskId>().ok())
                    .collect::<BTreeSet<_>>(),
            ),
            _ => continue,
        };
        chosen.insert(agency, choice);
    }
    chosen
}

pub fn day(lang: Lang, d: Option<Date>) -> String {
    d.map(|d| long_date(d, lang)).unwrap_or_default()
}

/// A procuration's agencies and what each allows, in the reader's language.
pub fn access_lines(catalog: &Catalog, p: &Procuration, lang: Lang) -> Vec<(String, String)> {
    catalog
        .lines(p)
        .into_iter()
        .map(|l| {
            let agency = l.agency.get(lang).to_string();
            (agency, l.access.get(lang).to_string())
        })
        .collect()
}

/// The form as posted (or empty), with its errors, or the summary of `review`.
pub fn draw(
    tr: &Tr,
    catalog: &Catalog,
    grantable: &[Grantable],
    posted: Option<&Pairs>,
    errors: &[FieldError],
    review: Option<&Procuration>,
) -> Drawn {
    let lang = tr.lang;
    let get = |key: &str| posted.map(|p| p.get(key)).unwrap_or_default();
    let dates = fields(
        tr,
        &[
            (Field::StartsOn, "date", &get("starts-on")),
            (Field::EndsOn, "date", &get("ends-on")),
        ],
        errors,
    );
    let agencies = grantable
        .iter()
        .map(|g| {
            let id = g.agency.to_string();
            let ticked = posted
                .map(|p| p.all(&format!("tasks-{id}")))
                .unwrap_or_default();
            let tasks = catalog.0.get(&g.agency).map_or_else(Vec::new, |a| {
                a.tasks
                    .iter()
                    .map(|(t, n)| FieldOption {
                        value: t.to_string(),
                        label: n.get(lang).to_string(),
                        checked: ticked.contains(&t.to_string()),
                    })
                    .collect()
            });
            AgencyChoice {
                name: catalog.agency(g.agency, lang),
                access: get(&format!("access-{id}")),
                tasks,
                id,
            }
        })
        .collect();
    let agencies_error = errors
        .iter()
        .find(|e| matches!(e.field, Field::Agencies | Field::Tasks))
        .map(|e| tr.field_error(e))
        .unwrap_or_default();
    // The name's field, when the page asks one, is the page's own (path B), as its error.
    let mut summary = summary(&dates);
    if !agencies_error.is_empty() {
        summary.push(("agencies".into(), agencies_error.clone()));
    }
    let review_lines = review.map_or_else(Vec::new, |p| {
        let mut lines = vec![(tr.t("field-procuration-name"), p.name.clone())];
        lines.extend(access_lines(catalog, p, lang));
        if p.starts_on.is_some() {
            lines.push((tr.t("field-starts-on"), day(lang, p.starts_on)));
        }
        lines.push((tr.t("field-ends-on"), day(lang, Some(p.ends_on))));
        lines
    });
    let hidden = match (review, posted) {
        (Some(_), Some(p)) => p
            .pairs
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "action")
            .cloned()
            .collect(),
        _ => vec![],
    };
    Drawn {
        dates,
        agencies,
        agencies_error,
        errors: summary,
        review: review_lines,
        hidden,
    }
}

/// Where a procuration stands on `today`, as its lists say: « En attente de réponse » or
/// « Refusée » for an external one its mandataire has not accepted (P6), « À venir »,
/// « En vigueur », « Terminée » (it stays listed: P5's history), or « Retirée ».
pub fn standing(tr: &Tr, p: &Procuration, link: Link, withdrawn: bool, today: Date) -> String {
    let answer = link.answer();
    let key = if withdrawn {
        "procurations-state-withdrawn"
    } else if answer == Answer::Pending {
        "procurations-state-pending"
    } else if answer == Answer::Declined {
        "procurations-state-declined"
    } else if p.starts_on.is_some_and(|s| today < s) {
        "procurations-state-coming"
    } else if today > p.ends_on {
        "procurations-state-ended"
    } else {
        "procurations-state-in-force"
    };
    tr.t(key)
}
