//! How an enrollment request reads (E3–E5), the same for the officer's review before
//! « Transmettre », the officer's follow-up and the agency's queue: its content in sections,
//! its states with their meanings and comments.

use mandat_core::Lang;
use mandat_core::agency::Agency;
use mandat_core::dates::long_moment;
use mandat_core::enrollment::{BuiltInState, CustomState, describe};
use mandat_core::enrollment_request::Content;
use mandat_store::EnrollmentEvent;

use crate::i18n::Tr;

/// A part of the request, with a link to change it on the review page.
pub struct Section {
    pub title: String,
    pub edit: String,
    pub lines: Vec<(String, String)>,
}

/// The request's content in the steps' order; `edit` is the draft's address on the review
/// page, empty once transmitted.
pub fn sections(tr: &Tr, agency: &Agency, content: &Content, edit: &str) -> Vec<Section> {
    let lang = tr.lang;
    let link = |step: &str| {
        if edit.is_empty() {
            String::new()
        } else {
            format!("{edit}/{step}")
        }
    };
    let services = content
        .services
        .iter()
        .map(|s| s.name.get(lang))
        .collect::<Vec<_>>()
        .join(", ");
    let file = if content.agency_file.is_empty() {
        tr.t("enrollment-none")
    } else {
        content.agency_file.clone()
    };
    let o = &content.organization;
    let phone = if o.phone_extension.is_empty() {
        o.phone.clone()
    } else {
        format!(
            "{}, {} {}",
            o.phone,
            tr.t("enrollment-extension"),
            o.phone_extension
        )
    };
    let mut sections = vec![
        Section {
            title: tr.t("enrollment-step-agency"),
            edit: link("ministere"),
            lines: vec![
                (tr.t("enrollment-agency"), agency.name.get(lang).to_string()),
                (tr.t("field-services"), services),
                (tr.t("field-agency-file"), file),
            ],
        },
        Section {
            title: tr.t("enrollment-step-organization"),
            edit: link("entreprise"),
            lines: vec![
                (tr.t("field-neq"), o.neq.clone()),
                (tr.t("field-organization-name"), o.name.clone()),
                (tr.t("field-address"), o.address.clone()),
                (tr.t("field-city"), o.city.clone()),
                (tr.t("field-postal-code"), o.postal_code.clone()),
                (tr.t("field-phone"), phone),
            ],
        },
    ];
    if !content.answers.is_empty() {
        sections.push(Section {
            title: tr.t("enrollment-step-other"),
            edit: link("autres"),
            lines: content
                .answers
                .iter()
                .map(|a| {
                    let value = a.value.get(lang);
                    let value = if value.is_empty() {
                        tr.t("enrollment-no-answer")
                    } else {
                        value.to_string()
                    };
                    (a.label.get(lang).to_string(), value)
                })
                .collect(),
        });
    }
    sections
}

/// A request's state as shown: its name and meaning in the reader's language.
pub struct StateView {
    pub name: String,
    pub meaning: String,
    pub refused: bool,
}

impl StateView {
    pub fn of(code: &str, custom: &[CustomState], lang: Lang) -> Self {
        let (name, meaning) = describe(code, custom);
        StateView {
            name: name.get(lang).to_string(),
            meaning: meaning.get(lang).to_string(),
            refused: code == BuiltInState::Refused.code(),
        }
    }
}

/// One state the request took, as its history lists it.
pub struct EventView {
    pub at: String,
    pub state: String,
    pub comment: String,
    /// The agency's person who set it; shown to the agency only.
    pub actor: String,
}

pub fn events(tr: &Tr, events: &[EnrollmentEvent], custom: &[CustomState]) -> Vec<EventView> {
    events
        .iter()
        .map(|e| EventView {
            at: long_moment(e.at, tr.lang),
            state: StateView::of(&e.state_code, custom, tr.lang).name,
            comment: e.comment.clone(),
            actor: e.actor.clone().unwrap_or_default(),
        })
        .collect()
}
