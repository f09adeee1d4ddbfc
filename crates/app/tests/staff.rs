//! Staff accounts through the application layer, on SQLite and PostgreSQL: only central leads
//! central's agents; it creates an agent, never deactivates its own account, and an agent it deactivates loses their sessions,
//! so that reactivating them brings no old session back.

mod common;

use common::world;
use mandat_app::staff::Lead;
use mandat_app::{Error, Reason, Refusal};
use mandat_testing::{Db, conformance};

conformance!(a_deactivated_agent_s_sessions_end_and_no_one_deactivates_themself);

async fn a_deactivated_agent_s_sessions_end_and_no_one_deactivates_themself(db: Db) {
    let w = world(&db).await;
    let lead = Lead::central(&w.central, None).expect("central leads its agents");
    let own = w.app.deactivate_staff(&lead, w.central.id).await;
    let not_self = Refusal::Reason(Reason::OwnAccount);
    assert!(matches!(own, Err(Error::Refused(r)) if r == not_self));
    let typed = ("Julie Tremblay", "julie.tremblay@exemple.qc.ca", "agent02");
    let created = w
        .app
        .create_staff(&lead, typed, false)
        .await
        .expect("created");
    assert!(
        !created.password.is_empty(),
        "a temporary password to hand over"
    );
    let agent = w.store.account_by_user_code("agent02").await.expect("read");
    let agent = agent.expect("the agent");
    let session = "digest-of-julie-s-session";
    w.signed_in(agent.id, session).await;
    w.app
        .deactivate_staff(&lead, agent.id)
        .await
        .expect("deactivated");
    let password = w
        .app
        .reactivate_staff(&lead, agent.id)
        .await
        .expect("reactivated");
    assert!(password.is_some(), "a new temporary password");
    let read = w.store.session_and_account(session).await.expect("read");
    assert!(read.is_none(), "the old session does not come back");
    assert!(
        Lead::central(&w.chantal_account, None).is_none(),
        "an officer leads no team"
    );
}
