//! Names of things drawn on several features' pages, in the reader's language.

use mandat_core::contract::ContractKind;

use crate::i18n::Tr;

/// What an entry of the audit log records (M12): its `audit-<action>` label, or the action
/// itself where none is known.
pub fn action(tr: &Tr, action: &str) -> String {
    let key = format!("audit-{action}");
    let label = tr.t(&key);
    if label == key {
        action.to_string()
    } else {
        label
    }
}

/// A kind of contract (« contrat », « entente »…).
pub fn contract_kind(tr: &Tr, kind: ContractKind) -> String {
    tr.t(&format!("contract-kind-{}", kind.code()))
}
