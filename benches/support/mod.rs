//! What the HTTP benchmarks share: Mandat's router on a local port over a fresh SQLite
//! database holding one organization and one member account, and a browser reduced to one
//! kept-alive connection and its cookies, cheap enough to run many of on the same two cores.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use mandat_core::SystemClock;
use mandat_core::audit::ChainKey;
use mandat_core::calendar::BusinessCalendar;
use mandat_core::credentials::{PasswordHash, UserCode};
use mandat_core::ids::{AccountId, OrgId, PersonId};
use mandat_core::organization::{Organization, OrganizationForm};
use mandat_core::person::{NasKey, Person, PersonForm};
use mandat_core::profile::ProfileSet;
use mandat_store::{AccountKind, Member, NewAccount, Store};

pub type Error = Box<dyn std::error::Error>;

/// The member account's user code.
pub const USER_CODE: &str = "banc2026";

/// A fresh SQLite database in `dir` with one organization and one member account
/// ([`USER_CODE`], whose password hashes to `hash`).
pub async fn member_store(
    dir: &std::path::Path,
    hash: PasswordHash,
) -> Result<(Store, AccountId), Error> {
    let store = Store::connect(
        &format!("sqlite://{}", dir.join("bench.db").display()),
        Arc::new(SystemClock),
        ChainKey::from_bytes([7; 32]),
    )
    .await?;
    store.migrate().await?;
    store.key_audit_chain(true).await?;
    let org = Organization::parse(
        OrgId::new(),
        &OrganizationForm {
            name: "Banc d'essai",
            address: "1, rue Principale",
            city: "Québec",
            postal_code: "G1R 4Z1",
            phone: "418 555-0100",
            phone_extension: "",
            neq: "1199999999",
            education_number: "",
        },
    )
    .map_err(|e| format!("{e:?}"))?;
    let person = Person::parse(
        PersonId::new(),
        org.id,
        &PersonForm {
            title: "",
            last_name: "Essai",
            first_name: "Banc",
            nas_partial: "123456",
            email: "banc@exemple.qc.ca",
            phone: "418 555-0100",
            phone_extension: "",
            fax: "",
        },
        &nas_key(),
    )
    .map_err(|e| format!("{e:?}"))?;
    let account = AccountId::new();
    let mut tx = store.begin().await?;
    tx.insert_organization(&org).await?;
    tx.insert_member(&Member {
        person: person.clone(),
        profiles: ProfileSet::default(),
        roles: vec![],
    })
    .await?;
    tx.insert_account(&NewAccount {
        id: account,
        kind: AccountKind::Member {
            person: person.id,
            org: org.id,
        },
        identity: None,
        user_code: UserCode::from_stored(USER_CODE.into()),
        password_hash: hash,
        password_temporary: false,
        expires_on: None,
    })
    .await?;
    tx.commit().await?;
    Ok((store, account))
}

pub fn nas_key() -> NasKey {
    NasKey::from_bytes([7; 32])
}

/// Mandat's router over `store`, served on a local port; its address (`127.0.0.1:port`).
pub async fn serve_mandat(store: Store) -> Result<String, Error> {
    serve(mandat_web::router(mandat_web::AppState::new(
        store,
        false,
        (nas_key(), mandat_core::sealed::SealKey::generate()),
        BusinessCalendar::default(),
        "http://127.0.0.1".into(),
    )))
    .await
}

/// `app` on a local port; its address.
pub async fn serve(app: axum::Router) -> Result<String, Error> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = listener.local_addr()?.to_string();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    Ok(url)
}

/// What one run of clients measured: answers a second, the median and 99th percentile of
/// their times, and the failures.
pub struct Run {
    pub rate: f64,
    pub p50: std::time::Duration,
    pub p99: std::time::Duration,
    pub errors: u64,
}

impl Run {
    /// The run whose answers took `times`, with `errors` failures, over `elapsed` seconds.
    pub fn of(mut times: Vec<std::time::Duration>, errors: u64, elapsed: f64) -> Run {
        times.sort();
        let at = |p: f64| {
            times
                .get(((times.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or_default()
        };
        Run {
            rate: times.len() as f64 / elapsed,
            p50: at(0.50),
            p99: at(0.99),
            errors,
        }
    }

    /// The median of each figure over the runs.
    pub fn median(runs: &[Run]) -> Run {
        let pick = |f: fn(&Run) -> std::time::Duration| {
            let mut v: Vec<_> = runs.iter().map(f).collect();
            v.sort();
            v[v.len() / 2]
        };
        Run {
            rate: median(&mut runs.iter().map(|r| r.rate).collect::<Vec<_>>()),
            p50: pick(|r| r.p50),
            p99: pick(|r| r.p99),
            errors: runs.iter().map(|r| r.errors).sum(),
        }
    }
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Replaces the section of docs/PERFORMANCE.md under `heading` (to the next `## `) with
/// `section`, or adds it at the end.
pub fn write_section(heading: &str, section: &str) -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/PERFORMANCE.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Performance\n".into());
    let text = match text.find(heading) {
        Some(at) => {
            let end = text[at + 3..]
                .find("\n## ")
                .map_or(text.len(), |e| at + 3 + e + 1);
            format!("{}{}{}", &text[..at], section, &text[end..])
        }
        None => format!("{}\n\n{section}", text.trim_end()),
    };
    std::fs::write(&path, text)
}

/// A browser reduced to what the benchmarks need: one kept-alive connection, its cookies.
pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    cookies: Vec<(String, String)>,
}

impl Client {
    /// A connection to `address`, carrying `cookies` from the start.
    pub fn connect(address: &str, cookies: &[(&str, &str)]) -> std::io::Result<Client> {
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        Ok(Client {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
            cookies: cookies
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        })
    }

    /// One request; its status and body. Cookies set by the answer are kept.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
    ) -> std::io::Result<(u16, String)> {
        self.request_with(method, path, &[], body)
    }

    /// One request with more `headers`; its status and body.
    pub fn request_with(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> std::io::Result<(u16, String)> {
        let cookies: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nCookie: {}\r\n",
            cookies.join("; ")
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            // A form, unless the caller says what it posts.
            if !headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            }
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        head.push_str(body);
        self.writer.write_all(head.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("set-cookie") {
                let pair = value.split(';').next().unwrap_or_default();
                if let Some((k, v)) = pair.split_once('=') {
                    self.cookies.retain(|(name, _)| name != k);
                    self.cookies.push((k.to_string(), v.to_string()));
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}
