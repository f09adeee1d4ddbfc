//! The rules of a receiver of revocation events an agency registers (issue 21): which of its
//! clients the events are addressed to, and whether they are pushed to an endpoint (RFC 8935),
//! with an `Authorization` header of the agency's choosing, or polled by that client
//! (RFC 8936).

use mandat_core::field::{Field, FieldError, Problem};
use mandat_core::ids::ClientId;

use crate::client::uri;

/// The longest `Authorization` header kept.
pub const MAX_AUTHORIZATION: usize = 1000;

/// The form as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReceiverForm<'a> {
    pub client: &'a str,
    pub method: &'a str,
    pub endpoint: &'a str,
    pub authorization: &'a str,
}

/// Where events are pushed, and the header sent with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    pub endpoint: String,
    pub authorization: Option<String>,
}

/// A receiver as registered: its client, and its push endpoint unless it polls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiverSpec {
    pub client: ClientId,
    pub push: Option<Push>,
}

impl ReceiverSpec {
    /// The receiver the form describes, its client among `clients` (the agency's enabled
    /// ones), or every field's problem. The endpoint and the header are read for push only.
    pub fn parse(form: &ReceiverForm<'_>, clients: &[ClientId]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let client = form
            .client
            .trim()
            .parse::<ClientId>()
            .ok()
            .filter(|c| clients.contains(c));
        if client.is_none() {
            errors.push(FieldError::new(Field::ReceiverClient, Problem::NotAChoice));
        }
        let push = match form.method {
            "push" => push(form, &mut errors),
            "poll" => None,
            _ => {
                errors.push(FieldError::new(Field::ReceiverMethod, Problem::NotAChoice));
                None
            }
        };
        match client {
            Some(client) if errors.is_empty() => Ok(ReceiverSpec { client, push }),
            _ => Err(errors),
        }
    }
}

fn push(form: &ReceiverForm<'_>, errors: &mut Vec<FieldError>) -> Option<Push> {
    let endpoint = form.endpoint.trim();
    let checked = if endpoint.is_empty() {
        Err(Problem::Required)
    } else {
        uri(endpoint)
    };
    let endpoint = checked
        .map_err(|p| errors.push(FieldError::new(Field::ReceiverEndpoint, p)))
        .ok()?;
    let authorization = form.authorization.trim();
    let problem = if authorization.chars().count() > MAX_AUTHORIZATION {
        Some(Problem::TooLong {
            max: MAX_AUTHORIZATION,
        })
    } else if !authorization
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control())
    {
        Some(Problem::ControlCharacter)
    } else {
        None
    };
    if let Some(p) = problem {
        errors.push(FieldError::new(Field::ReceiverAuthorization, p));
        return None;
    }
    Some(Push {
        endpoint: endpoint.to_string(),
        authorization: (!authorization.is_empty()).then(|| authorization.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(client: &'a str, method: &'a str, endpoint: &'a str) -> ReceiverForm<'a> {
        ReceiverForm {
            client,
            method,
            endpoint,
            authorization: "",
        }
    }

    #[test]
    fn a_push_receiver_needs_an_https_endpoint_and_one_of_the_agencys_clients() {
        let (mine, other) = (ClientId::new(), ClientId::new());
        let id = mine.to_string();
        let spec = ReceiverSpec::parse(&form(&id, "push", "https://a.example/events"), &[mine]);
        assert_eq!(
            spec.map(|s| s.push.map(|p| p.endpoint)),
            Ok(Some("https://a.example/events".to_string()))
        );
        let errors = ReceiverSpec::parse(&form(&id, "push", "http://a.example/e"), &[mine]);
        assert_eq!(
            errors.expect_err("refused")[0],
            FieldError::new(Field::ReceiverEndpoint, Problem::ClientUri)
        );
        let errors = ReceiverSpec::parse(&form(&other.to_string(), "poll", ""), &[mine]);
        assert_eq!(
            errors.expect_err("refused"),
            vec![FieldError::new(Field::ReceiverClient, Problem::NotAChoice)]
        );
    }

    #[test]
    fn a_header_with_a_line_break_is_refused() {
        let mine = ClientId::new();
        let id = mine.to_string();
        let mut f = form(&id, "push", "https://a.example/events");
        f.authorization = "Bearer x\r\nX-Evil: 1";
        let errors = ReceiverSpec::parse(&f, &[mine]).expect_err("refused");
        assert_eq!(
            errors,
            vec![FieldError::new(
                Field::ReceiverAuthorization,
                Problem::ControlCharacter
            )]
        );
        assert!(ReceiverSpec::parse(&form(&id, "poll", ""), &[mine]).is_ok());
    }
}
