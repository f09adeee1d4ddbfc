//! Names of things drawn on several features' pages, in the reader's language.

use mandat_core::audit::AuditAction;
use mandat_core::contract::ContractKind;
use mandat_store::Counts;

use crate::i18n::Tr;

/// What an entry of the audit log records (M12), as core names it in the reader's
/// language; a code this version does not know (from a later one) is shown as it is.
pub fn action(tr: &Tr, code: &str) -> String {
    match AuditAction::from_code(code) {
        Some(action) => action.label(tr.lang).to_string(),
        None => code.to_string(),
    }
}

/// A kind of contract (« contrat », « entente »…).
pub fn contract_kind(tr: &Tr, kind: ContractKind) -> String {
    tr.t(&format!("contract-kind-{}", kind.code()))
}

/// How many days back the pages count a client's access evaluations (issue 21).
pub const EVALUATION_DAYS: i64 = 30;

/// The first day the pages count a client's evaluations from, on `today`.
pub fn evaluations_since(today: time::Date) -> time::Date {
    today - time::Duration::days(EVALUATION_DAYS - 1)
}

/// How many access evaluations a client asked, allowed and denied.
pub fn evaluation_counts(tr: &Tr, counts: Counts) -> String {
    tr.t_args(
        "client-evaluation-counts",
        &[
            ("allowed", counts.allowed.into()),
            ("denied", counts.denied.into()),
        ],
    )
}
