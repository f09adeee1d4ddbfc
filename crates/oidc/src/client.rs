//! What an agency registers for an OpenID Connect client of one of its services (issue 20):
//! its name, the addresses Mandat may send people back to (matched exactly, RFC 6749 §3.1.2),
//! those it may send them to after signing out, and how the client authenticates.

use mandat_core::field::{Field, FieldError, Problem};
use mandat_core::secret::random;
use url::Url;

/// The most addresses of each kind a client may register.
pub const MAX_URIS: usize = 10;
const MAX_NAME: usize = 100;
const MAX_URI: usize = 500;

/// How a client proves itself at the token endpoint (OpenID Connect Core §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// A secret Mandat issues once and keeps hashed, sent with HTTP Basic.
    ClientSecretBasic,
    /// A JWT the client signs with one of the public keys it registered.
    PrivateKeyJwt,
}

impl AuthMethod {
    pub const ALL: [AuthMethod; 2] = [AuthMethod::ClientSecretBasic, AuthMethod::PrivateKeyJwt];

    /// The name the standard gives it, which the store and the discovery document use.
    pub fn id(self) -> &'static str {
        match self {
            AuthMethod::ClientSecretBasic => "client_secret_basic",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        AuthMethod::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// A client as typed in the back-office or on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientForm<'a> {
    pub name: &'a str,
    /// One address per line.
    pub redirect_uris: &'a str,
    /// One address per line; may be empty.
    pub logout_uris: &'a str,
    pub method: &'a str,
    /// The client's public keys (a JWKS), for `private_key_jwt` only.
    pub keys: &'a str,
}

/// A client's registration, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientSpec {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub logout_uris: Vec<String>,
    pub method: AuthMethod,
    /// The client's JWKS as registered, for `private_key_jwt`.
    pub keys: Option<String>,
}

impl ClientSpec {
    /// The registration `form` describes, or every problem with it.
    pub fn parse(form: &ClientForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = form.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new(Field::ClientName, Problem::Required));
        } else if name.chars().count() > MAX_NAME {
            let problem = Problem::TooLong { max: MAX_NAME };
            errors.push(FieldError::new(Field::ClientName, problem));
        } else if name.chars().any(char::is_control) {
            errors.push(FieldError::new(
                Field::ClientName,
                Problem::ControlCharacter,
            ));
        }
        let redirect_uris = uris(Field::RedirectUris, form.redirect_uris, true, &mut errors);
        let logout_uris = uris(Field::LogoutUris, form.logout_uris, false, &mut errors);
        let method = AuthMethod::parse(form.method.trim());
        if method.is_none() {
            errors.push(FieldError::new(Field::ClientMethod, Problem::NotAChoice));
        }
        let keys = match method {
            Some(AuthMethod::PrivateKeyJwt) => match public_keys(form.keys) {
                Ok(keys) => Some(keys),
                Err(problem) => {
                    errors.push(FieldError::new(Field::ClientKeys, problem));
                    None
                }
            },
            _ => None,
        };
        match method {
            Some(method) if errors.is_empty() => Ok(ClientSpec {
                name: name.to_string(),
                redirect_uris,
                logout_uris,
                method,
                keys,
            }),
            _ => Err(errors),
        }
    }
}

/// The addresses of `text`, one per line, each checked; at least one when `required`.
fn uris(field: Field, text: &str, required: bool, errors: &mut Vec<FieldError>) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() && required {
        errors.push(FieldError::new(field, Problem::Required));
    }
    if lines.len() > MAX_URIS {
        errors.push(FieldError::new(field, Problem::TooMany { max: MAX_URIS }));
    }
    for line in &lines {
        if let Err(problem) = uri(line) {
            errors.push(FieldError::new(field, problem));
            break;
        }
    }
    let mut kept: Vec<String> = Vec::new();
    for line in lines {
        if !kept.iter().any(|k| k == line) {
            kept.push(line.to_string());
        }
    }
    kept
}

/// An address a client may register: absolute, `https` (or `http` to the client's own
/// computer, RFC 8252 §7.3), with no fragment (RFC 6749 §3.1.2) and no credentials.
pub fn uri(text: &str) -> Result<Url, Problem> {
    if text.chars().count() > MAX_URI {
        return Err(Problem::TooLong { max: MAX_URI });
    }
    let url = Url::parse(text).map_err(|_| Problem::ClientUri)?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    let clean = url.fragment().is_none() && url.username().is_empty() && url.password().is_none();
    if scheme_ok && clean && url.host().is_some() {
        Ok(url)
    } else {
        Err(Problem::ClientUri)
    }
}

/// The client's JWKS when it holds at least one public key and no private one.
fn public_keys(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Required);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Problem::ClientKeys)?;
    let keys = value
        .get("keys")
        .and_then(|k| k.as_array())
        .ok_or(Problem::ClientKeys)?;
    let usable = |k: &serde_json::Value| {
        let private = ["d", "p", "q", "dp", "dq", "qi", "k"]
            .iter()
            .any(|m| k.get(m).is_some());
        !private
            && matches!(
                k.get("kty").and_then(|t| t.as_str()),
                Some("EC" | "RSA" | "OKP")
            )
    };
    if keys.is_empty() || !keys.iter().all(usable) {
        return Err(Problem::ClientKeys);
    }
    serde_json::to_string(&value).map_err(|_| Problem::ClientKeys)
}

/// A new client secret: 256 random bits, base64url, shown once and kept as its digest.
pub fn new_secret() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::<32>())
}
