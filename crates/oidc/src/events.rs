//! Security Event Tokens (RFC 8417) for the revocation events (issue 21), in the shape of the
//! OpenID Shared Signals Framework 1.0 (the subject in `sub_id`, as RFC 9493 subject
//! identifiers) and in CAEP's vocabulary where it has a word: a deactivated code is CAEP's
//! `session-revoked`. A right taken away has no CAEP word, so it is Mandat's own
//! `right-withdrawn`, under the issuer; a receiver's test is SSF's `verification`.

use mandat_core::Lang;
use mandat_core::revocation::{Signal, initiating_entity};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::keys::SigningKey;
use crate::tokens::sign_typed;

/// CAEP 1.0 §3.1: every session of the subject must end.
pub const SESSION_REVOKED: &str =
    "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

/// SSF 1.0 §8.1.4: a receiver's test.
pub const VERIFICATION: &str = "https://schemas.openid.net/secevent/ssf/event-type/verification";

/// The delivery methods, as SSF names them: push (RFC 8935) and poll (RFC 8936).
pub const PUSH_METHOD: &str = "urn:ietf:rfc:8935";
pub const POLL_METHOD: &str = "urn:ietf:rfc:8936";

/// The media type of a SET pushed (RFC 8935 §2) and its JOSE type (RFC 8417 §2.3).
pub const SET_MEDIA_TYPE: &str = "application/secevent+jwt";
const SET_TYPE: &str = "secevent+jwt";

/// Mandat's event for a right taken away from a person or an organization.
pub fn right_withdrawn(issuer: &str) -> String {
    format!("{issuer}/secevent/right-withdrawn")
}

/// What a SET says, as the store raised it, and to whom it goes.
#[derive(Clone, Debug)]
pub struct SetFacts<'a> {
    pub jti: &'a str,
    pub issuer: &'a str,
    /// The client the agency receives its events as.
    pub audience: &'a str,
    /// The receiver, which names the stream of a verification.
    pub stream: &'a str,
    pub raised_at: OffsetDateTime,
    pub signal: Signal,
    /// The person, by the pairwise subject the agency knows.
    pub subject: Option<&'a str>,
    pub org: Option<&'a str>,
    pub procuration: Option<&'a str>,
}

/// The SET's claims (RFC 8417 §2.2), `events` holding exactly one event.
pub fn set_claims(f: &SetFacts<'_>) -> Value {
    let at = f.raised_at.unix_timestamp();
    let texts = |fr: &str, en: &str| json!({ "fr": fr, "en": en });
    let reason = texts(f.signal.text(Lang::Fr), f.signal.text(Lang::En));
    let (kind, event, sub_id) = match f.signal {
        Signal::CodeDeactivated(cause) => (
            SESSION_REVOKED.to_string(),
            json!({
                "event_timestamp": at,
                "initiating_entity": initiating_entity(cause),
                "reason_admin": reason,
                "reason_user": reason,
                "mandat_reason": f.signal.reason(),
            }),
            subject_id(f),
        ),
        Signal::RightWithdrawn(w) => {
            let mut event = json!({
                "event_timestamp": at,
                "reason": w.code(),
                "reason_admin": reason,
            });
            if let Some(p) = f.procuration {
                event["procuration"] = json!(p);
            }
            (right_withdrawn(f.issuer), event, subject_id(f))
        }
        Signal::Verification => (
            VERIFICATION.to_string(),
            json!({}),
            json!({ "format": "opaque", "id": f.stream }),
        ),
    };
    json!({
        "iss": f.issuer,
        "aud": f.audience,
        "iat": at,
        "jti": f.jti,
        "sub_id": sub_id,
        "events": { kind: event },
    })
}

/// The person as the agency knows them, within the organization they acted for if any; or
/// the organization alone.
fn subject_id(f: &SetFacts<'_>) -> Value {
    let user = f
        .subject
        .map(|sub| json!({ "format": "iss_sub", "iss": f.issuer, "sub": sub }));
    let tenant = f.org.map(|id| json!({ "format": "opaque", "id": id }));
    match (user, tenant) {
        (Some(user), None) => user,
        (Some(user), Some(tenant)) => {
            json!({ "format": "complex", "user": user, "tenant": tenant })
        }
        (None, Some(tenant)) => json!({ "format": "complex", "tenant": tenant }),
        (None, None) => json!({ "format": "opaque", "id": f.stream }),
    }
}

/// The SET, signed by `key`.
pub fn sign_set(key: &SigningKey, facts: &SetFacts<'_>) -> Result<String, String> {
    sign_typed(key, SET_TYPE, &set_claims(facts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mandat_core::account::InactiveCause;
    use mandat_core::revocation::Withdrawal;

    fn facts(signal: Signal) -> SetFacts<'static> {
        SetFacts {
            jti: "e1",
            issuer: "https://mandat.example",
            audience: "client-1",
            stream: "r1",
            raised_at: OffsetDateTime::UNIX_EPOCH,
            signal,
            subject: Some("sub-1"),
            org: None,
            procuration: None,
        }
    }

    #[test]
    fn a_deactivation_revokes_the_persons_sessions_in_caep_words() {
        let claims = set_claims(&facts(Signal::CodeDeactivated(InactiveCause::Lockout)));
        let event = &claims["events"][SESSION_REVOKED];
        assert_eq!(event["initiating_entity"], "policy");
        assert_eq!(event["mandat_reason"], "lockout");
        assert_eq!(claims["sub_id"]["format"], "iss_sub");
        assert_eq!(claims["sub_id"]["sub"], "sub-1");
        assert_eq!(claims["aud"], "client-1");
    }

    #[test]
    fn a_withdrawn_right_names_the_person_within_the_organization() {
        let mut f = facts(Signal::RightWithdrawn(Withdrawal::HolderWithdrawn));
        f.org = Some("org-1");
        f.procuration = Some("p-1");
        let claims = set_claims(&f);
        let event = &claims["events"]["https://mandat.example/secevent/right-withdrawn"];
        assert_eq!(event["reason"], "holder_withdrawn");
        assert_eq!(event["procuration"], "p-1");
        assert_eq!(claims["sub_id"]["format"], "complex");
        assert_eq!(claims["sub_id"]["tenant"]["id"], "org-1");
        assert_eq!(claims["sub_id"]["user"]["sub"], "sub-1");
    }

    #[test]
    fn a_verification_is_about_the_stream() {
        let mut f = facts(Signal::Verification);
        f.subject = None;
        let claims = set_claims(&f);
        assert_eq!(claims["sub_id"], json!({ "format": "opaque", "id": "r1" }));
        assert!(claims["events"][VERIFICATION].is_object());
    }
}
