//! Issue 21's writes on SQLite and on PostgreSQL: the revocation events the store's changes
//! raise (only for the agencies that know the person), their poll and acknowledgement, the
//! evaluations' counts added in batches, and the officers' API tokens.

mod common;

use common::{World, world};
use mandat_app::api_tokens::TokenRefusal;
use mandat_app::events::PollAsk;
use mandat_app::oidc::ClientOwner;
use mandat_core::account::InactiveCause;
use mandat_core::api_token::TokenForm;
use mandat_core::ids::{AgencyId, ClientId};
use mandat_core::procuration::ProcurationForm;
use mandat_core::revocation::{Signal, Withdrawal};
use mandat_oidc::ClientForm;
use mandat_oidc::receiver::ReceiverForm;
use mandat_store::Counts;
use mandat_testing::{Db, conformance};
use time::macros::date;

conformance!(
    changes_raise_events_for_the_agencies_that_know_the_person,
    evaluation_counts_and_api_tokens_keep,
);

/// The agency's client, with a poll receiver, and Marc known to the agency as `sub-marc`.
async fn receiving(w: &World) -> (AgencyId, ClientId, uuid::Uuid) {
    let agency = *w.unrestricted.keys().next().expect("the agency");
    w.app.ensure_signing_key().await.expect("a signing key");
    let owner = ClientOwner::Operator(agency);
    let form = ClientForm {
        name: "Permis en ligne",
        redirect_uris: "https://permis.example/retour",
        method: "client_secret_basic",
        ..Default::default()
    };
    let client = w
        .app
        .add_client(owner, "PERMIS", &form)
        .await
        .expect("client");
    let id = client.client.id.to_string();
    let receiver = ReceiverForm {
        client: &id,
        method: "poll",
        ..Default::default()
    };
    let receiver = w
        .app
        .add_receiver(owner, &receiver)
        .await
        .expect("receiver");
    let mut tx = w.store.begin().await.expect("begin");
    tx.remember_subject(agency, "sub-marc", w.marc_account.id)
        .await
        .expect("known");
    tx.commit().await.expect("commit");
    (agency, client.client.id, receiver)
}

async fn changes_raise_events_for_the_agencies_that_know_the_person(db: Db) {
    let w = world(&db).await;
    let (agency, client, receiver) = receiving(&w).await;
    let form = ProcurationForm {
        name: "Comptabilité",
        starts_on: "",
        ends_on: "2027-03-31",
        agencies: w.unrestricted.clone(),
    };
    let p = w
        .app
        .create_internal(&w.chantal, &form)
        .await
        .expect("made");
    w.app
        .assign(&w.chantal, p.id, &[w.marc])
        .await
        .expect("assigned");
    w.app
        .end_holding(&w.chantal, p.id, w.marc)
        .await
        .expect("ended");
    w.app
        .assign(&w.chantal, p.id, &[w.marc])
        .await
        .expect("again");
    w.app
        .withdraw_procuration(&w.chantal, p.id)
        .await
        .expect("withdrawn");
    let mut tx = w.store.begin().await.expect("begin");
    tx.deactivate_account(w.marc_account.id, InactiveCause::Officer, None)
        .await
        .expect("deactivated");
    let enrollments = w
        .store
        .enrollments_of_org(w.chantal.org)
        .await
        .expect("read");
    let enrollment = enrollments
        .iter()
        .find(|e| e.agency_id == agency)
        .expect("enrolled");
    tx.set_enrollment_state(agency, enrollment.id, "REFUSE", "", w.chantal_account.id)
        .await
        .expect("refused");
    tx.commit().await.expect("commit");

    let (events, more) = w.store.pending_for(receiver, 10).await.expect("pending");
    let said: Vec<(Signal, Option<&str>)> = events
        .iter()
        .map(|e| (e.signal, e.subject.as_deref()))
        .collect();
    assert_eq!(
        said,
        [
            (
                Signal::RightWithdrawn(Withdrawal::HolderWithdrawn),
                Some("sub-marc")
            ),
            (
                Signal::RightWithdrawn(Withdrawal::ProcurationWithdrawn),
                Some("sub-marc")
            ),
            (
                Signal::CodeDeactivated(InactiveCause::Officer),
                Some("sub-marc")
            ),
            (
                Signal::RightWithdrawn(Withdrawal::EnrollmentNotActive),
                None
            ),
        ]
    );
    assert!(!more);
    assert_eq!(
        events[0].org.as_deref(),
        Some(w.chantal.org.to_string().as_str())
    );

    // Polled as SETs, acknowledged once, delivered.
    let ask = PollAsk {
        return_immediately: true,
        ..PollAsk::default()
    };
    let polled = w.app.poll_events(client, &ask).await.expect("polled");
    assert_eq!(polled.sets.len(), 4);
    let ack = PollAsk {
        ack: polled.sets.iter().map(|(jti, _)| jti.clone()).collect(),
        ..ask.clone()
    };
    assert!(
        w.app
            .poll_events(client, &ack)
            .await
            .expect("acked")
            .sets
            .is_empty()
    );
    let deliveries = w.store.deliveries_of(agency, 10).await.expect("deliveries");
    assert!(
        deliveries.iter().all(|d| d.state == "delivered"),
        "{deliveries:?}"
    );

    // The daily job tells a contract's end once.
    let contract = mandat_core::contract::Contract {
        id: mandat_core::ids::ContractId::new(),
        agency_id: agency,
        org_id: w.chantal.org,
        kind: mandat_core::contract::ContractKind::Training,
        starts_on: date!(2026 - 01 - 01),
        ends_on: date!(2026 - 11 - 20),
    };
    let mut tx = w.store.begin().await.expect("begin");
    tx.insert_contract(&contract).await.expect("contract");
    assert_eq!(
        tx.tell_endings(date!(2026 - 11 - 24)).await.expect("told"),
        1
    );
    assert_eq!(
        tx.tell_endings(date!(2026 - 11 - 25)).await.expect("once"),
        0
    );
    tx.commit().await.expect("commit");
}

async fn evaluation_counts_and_api_tokens_keep(db: Db) {
    let w = world(&db).await;
    let (_, client, _) = receiving(&w).await;
    let mut tx = w.store.begin().await.expect("begin");
    for (allowed, denied) in [(3, 1), (2, 5)] {
        tx.add_evaluation_counts(client, date!(2026 - 11 - 24), Counts { allowed, denied })
            .await
            .expect("counted");
    }
    tx.commit().await.expect("commit");
    let counts = w
        .store
        .evaluation_counts(date!(2026 - 11 - 01))
        .await
        .expect("read");
    assert_eq!(
        counts.get(&client),
        Some(&Counts {
            allowed: 5,
            denied: 6
        })
    );
    assert!(
        w.store
            .evaluation_counts(date!(2026 - 11 - 25))
            .await
            .expect("read")
            .is_empty()
    );

    let form = TokenForm {
        name: "Synchronisation",
        scope: "read",
        expires_on: "2027-06-30",
    };
    let made = w
        .app
        .create_api_token(&w.chantal, &form)
        .await
        .expect("made");
    let caller = w.app.api_caller(&made.token, None).await.expect("read");
    assert_eq!(
        caller.map(|c| c.officer.account).ok(),
        Some(w.chantal_account.id)
    );
    assert!(
        w.app
            .revoke_api_token(&w.chantal, made.record.id)
            .await
            .expect("revoked")
    );
    let refused = w.app.api_caller(&made.token, None).await.expect("read");
    assert_eq!(refused.err(), Some(TokenRefusal::NotInForce));
    assert!(
        !w.app
            .revoke_api_token(&w.chantal, made.record.id)
            .await
            .expect("once")
    );
}
