//! A filed request as people read it: form 2490's three sections, laid out like the paper
//! form when printed (M25), with where it stands and every step so far.

use mandat_core::dates::{long_date, long_moment};
use mandat_core::profile::Profile;
use mandat_core::request::{RequestDocument, RequestKind, RequestState};
use mandat_core::{Lang, quebec_time};
use mandat_store::{RequestRecord, StepRecord};

use crate::i18n::Tr;

/// One line of a section: a label and what was filed.
pub struct Line {
    pub label: String,
    pub value: String,
}

/// One step of the history.
pub struct HistoryLine {
    pub when: String,
    pub state: String,
    pub who: String,
    pub reason: String,
}

pub struct RequestSheet {
    pub kind: String,
    pub reference: String,
    pub filed_on: String,
    pub state: String,
    pub organization: Vec<Line>,
    pub requester: Vec<Line>,
    pub profiles: Vec<String>,
    pub approval: Vec<Line>,
    pub history: Vec<HistoryLine>,
}

pub fn state_label(tr: &Tr, state: RequestState) -> String {
    tr.t(&format!("request-state-{}", state.code()))
}

fn line(tr: &Tr, key: &str, value: &str) -> Line {
    Line {
        label: tr.t(key),
        value: value.to_string(),
    }
}

fn with_extension(phone: &str, extension: &str, tr: &Tr) -> String {
    if extension.is_empty() {
        phone.to_string()
    } else {
        format!("{phone}, {} {extension}", tr.t("field-phone-extension"))
    }
}

impl RequestSheet {
    pub fn new(tr: &Tr, lang: Lang, r: &RequestRecord, steps: &[StepRecord]) -> Self {
        let d: &RequestDocument = &r.document;
        let o = &d.organization;
        let q = &d.requester;
        let a = &d.approver;
        let yes_no = |b: bool| tr.t(if b { "yes" } else { "no" });
        let mut organization = vec![
            line(tr, "field-organization-name", &o.name),
            line(
                tr,
                "field-address",
                &format!("{}, {} {}", o.address, o.city, o.postal_code),
            ),
            line(
                tr,
                "field-organization-phone",
                &with_extension(&o.phone, &o.phone_extension, tr),
            ),
            line(tr, "field-neq", &o.neq),
            line(tr, "request-nonprofit", &yes_no(o.nonprofit)),
        ];
        if !o.education_number.is_empty() {
            organization.insert(4, line(tr, "field-education-number", &o.education_number));
        }
        let mut requester = vec![
            line(tr, "field-last-name", &q.last_name),
            line(tr, "field-first-name", &q.first_name),
            line(tr, "field-nas-partial", "••• •••"),
            line(
                tr,
                "field-phone",
                &with_extension(&q.phone, &q.phone_extension, tr),
            ),
            line(tr, "field-email", &q.email),
        ];
        if !q.title.is_empty() {
            requester.insert(
                0,
                line(tr, "field-title", &tr.t(&format!("title-{}", q.title))),
            );
        }
        if !q.fax.is_empty() {
            requester.push(line(tr, "field-fax", &q.fax));
        }
        if !q.user_code.is_empty() {
            requester.push(line(tr, "field-user-code", &q.user_code));
        }
        let mut approval = vec![
            line(tr, "field-approver-last-name", &a.last_name),
            line(tr, "field-approver-first-name", &a.first_name),
            line(tr, "field-approver-email", &a.email),
            line(
                tr,
                "field-approver-phone",
                &with_extension(&a.phone, &a.phone_extension, tr),
            ),
            line(
                tr,
                "field-approver-capacity",
                &tr.t(&format!("capacity-{}", a.capacity.code())),
            ),
            line(
                tr,
                "field-access-expires-on",
                &d.access_expires_on
                    .map(|date| long_date(date, lang))
                    .unwrap_or_default(),
            ),
        ];
        for (key, value) in [
            ("field-comments", &d.comments),
            ("field-agency-contact-name", &d.agency_contact_name),
            ("field-agency-contact-phone", &d.agency_contact_phone),
        ] {
            if !value.is_empty() {
                approval.push(line(tr, key, value));
            }
        }
        RequestSheet {
            kind: tr.t(match d.kind {
                RequestKind::NewCode => "request-new-title",
                RequestKind::Change => "request-change-title",
            }),
            reference: reference(r),
            filed_on: long_date(quebec_time::date_at(r.filed_at), lang),
            state: state_label(tr, r.state),
            organization,
            requester,
            profiles: d
                .profiles
                .iter()
                .map(|p: &Profile| p.name(lang).to_string())
                .collect(),
            approval,
            history: steps
                .iter()
                .map(|s| HistoryLine {
                    when: long_moment(s.at, lang),
                    state: state_label(tr, s.state),
                    who: s.actor_label.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
        }
    }
}

/// The reference people quote: six characters of the id's time and six of its random part.
pub fn reference(r: &RequestRecord) -> String {
    let id = r.id.to_string().replace('-', "").to_uppercase();
    format!("D-{}-{}", &id[..6], &id[26..32])
}
