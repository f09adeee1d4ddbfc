//! Agencies' contracts with organizations (M9, M20) and their own states of enrollment
//! requests (E4), on SQLite and on PostgreSQL.

use mandat_core::contract::{Contract, ContractKind};
use mandat_core::ids::AgencyId;
use mandat_store::ContractEndStep;
use mandat_testing::{self as support, Db, conformance};
use time::macros::date;

conformance!(
    contracts_in_force_and_organizations_past_them,
    an_agency_changes_only_its_own_contracts_end,
    an_agency_s_own_states_read_back_in_order_each_code_once,
);

async fn contracts_in_force_and_organizations_past_them(db: Db) {
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let other = support::organization("1170000002", "Ailleurs");
    let contract = |agency: AgencyId, org, kind: &str, from: &str, to: &str| {
        Contract::parse(agency, org, kind, from, to).expect("contract")
    };
    let mut tx = store.begin().await.expect("begin");
    for a in [&saaq, &mess] {
        tx.insert_agency(a).await.expect("agency");
    }
    for o in [&cfl, &other] {
        tx.insert_organization(o).await.expect("org");
    }
    for c in [
        contract(saaq.id, cfl.id, "billing", "2026-01-01", "2026-12-31"),
        contract(mess.id, cfl.id, "training", "2025-01-01", "2025-12-31"),
        contract(mess.id, other.id, "sae-ppe", "2026-01-01", "2026-06-30"),
    ] {
        tx.insert_contract(&c).await.expect("contract");
    }
    tx.commit().await.expect("commit");

    let in_force = store
        .contracts_in_force(cfl.id, date!(2026 - 11 - 24))
        .await
        .expect("in force");
    assert_eq!(in_force.len(), 1, "the 2025 one has ended");
    assert_eq!(
        (in_force[0].kind, in_force[0].agency.en.as_str()),
        (ContractKind::Billing, "Agency SAAQ")
    );
    assert_eq!(
        store
            .organizations_past_their_contracts(date!(2026 - 11 - 24))
            .await
            .expect("past"),
        [(other.id, date!(2026 - 06 - 30))],
        "the CFL still has one in force"
    );
    let after = store
        .organizations_past_their_contracts(date!(2027 - 01 - 01))
        .await
        .expect("past");
    assert_eq!(after.len(), 2);

    let mut tx = store.begin().await.expect("begin");
    let last = date!(2026 - 06 - 30);
    assert!(
        tx.record_contract_end_step(other.id, last, ContractEndStep::Warned)
            .await
            .expect("step")
    );
    assert!(
        !tx.record_contract_end_step(other.id, last, ContractEndStep::Warned)
            .await
            .expect("step"),
        "once"
    );
    assert!(
        tx.record_contract_end_step(other.id, last, ContractEndStep::Deactivated)
            .await
            .expect("step")
    );
    tx.commit().await.expect("commit");
    let after = store
        .organizations_past_their_contracts(date!(2027 - 01 - 01))
        .await
        .expect("past");
    assert_eq!(
        after.iter().map(|(o, _)| *o).collect::<Vec<_>>(),
        [cfl.id],
        "M20 is done with the other one"
    );
}

async fn an_agency_changes_only_its_own_contracts_end(db: Db) {
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let cfl = support::organization("1160000001", "Centre de formation des Laurentides");
    let c =
        Contract::parse(saaq.id, cfl.id, "billing", "2026-01-01", "2026-12-31").expect("contract");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    tx.insert_organization(&cfl).await.expect("org");
    tx.insert_contract(&c).await.expect("contract");
    assert!(
        !tx.set_contract_end(mess.id, c.id, date!(2027 - 06 - 30))
            .await
            .expect("set"),
        "another agency's"
    );
    assert!(
        !tx.set_contract_end(saaq.id, c.id, date!(2025 - 12 - 31))
            .await
            .expect("set"),
        "before its start"
    );
    assert!(
        tx.set_contract_end(saaq.id, c.id, date!(2027 - 06 - 30))
            .await
            .expect("set")
    );
    tx.commit().await.expect("commit");
    let listed = store.contracts_of_agency(saaq.id).await.expect("list");
    assert_eq!(listed[0].contract.ends_on, date!(2027 - 06 - 30));
    assert_eq!(listed[0].neq.as_str(), "1160000001");
    assert!(
        store
            .contracts_of_agency(mess.id)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn an_agency_s_own_states_read_back_in_order_each_code_once(db: Db) {
    use mandat_core::enrollment::{CustomState, StateForm};
    let store = db.store().await;
    let (saaq, mess) = (support::agency("SAAQ"), support::agency("MESS"));
    let state = |agency, code| {
        CustomState::parse(
            agency,
            &StateForm {
                code,
                name_fr: "Documents requis",
                name_en: "Documents required",
                meaning_fr: "Transmettez les documents.",
                meaning_en: "Send the documents.",
            },
        )
        .expect("state")
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_agency(&saaq).await.expect("agency");
    tx.insert_agency(&mess).await.expect("agency");
    tx.insert_enrollment_state(&state(saaq.id, "DOCUMENTS"))
        .await
        .expect("state");
    tx.insert_enrollment_state(&state(mess.id, "DOCUMENTS"))
        .await
        .expect("another agency's code");
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    tx.insert_enrollment_state(&state(saaq.id, "ANALYSE"))
        .await
        .expect("state");
    tx.commit().await.expect("commit");
    let codes: Vec<String> = store
        .enrollment_states(saaq.id)
        .await
        .expect("states")
        .iter()
        .map(|s| s.code.as_str().to_string())
        .collect();
    assert_eq!(codes, ["DOCUMENTS", "ANALYSE"], "in the order added");
    let mut tx = store.begin().await.expect("begin");
    let again = tx
        .insert_enrollment_state(&state(saaq.id, "DOCUMENTS"))
        .await;
    assert!(matches!(again, Err(mandat_store::StoreError::Conflict(_))));
}
