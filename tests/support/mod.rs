//! The end-to-end harness: the real `mandat` binary, started on a free port with a fresh
//! data directory, stopped when the test ends.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct TestApp {
    pub url: String,
    pub dir: tempfile::TempDir,
    child: Child,
    /// What the server printed on stdout before it was ready.
    pub banner: String,
}

impl TestApp {
    /// `mandat serve` on a free port, with extra arguments.
    pub fn start(args: &[&str]) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start_in(dir, args)
    }

    pub fn start_in(dir: tempfile::TempDir, args: &[&str]) -> TestApp {
        let mut child = mandat(dir.path())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mandat");
        let stdout = child.stdout.take().expect("stdout");
        let mut banner = String::new();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix("Mandat listening on ") {
                        break url.to_string();
                    }
                    banner.push_str(&line);
                    banner.push('\n');
                }
                _ => {
                    let out = child.wait_with_output().expect("output");
                    panic!(
                        "mandat did not start: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        TestApp {
            url,
            dir,
            child,
            banner,
        }
    }

    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client()
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("GET")
    }

    /// Sends SIGTERM and waits for the exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "mandat did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with its data directory set and no configuration from the environment.
pub fn mandat(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mandat"));
    for (key, _) in std::env::vars() {
        if key.starts_with("MANDAT_") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(data_dir)
        .env("MANDAT_DATA_DIR", data_dir.join("data"))
        .env("MANDAT_LOG", "warn");
    cmd
}

/// Runs a command of the binary to its end.
pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    mandat(data_dir).args(args).output().expect("run mandat")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn database(dir: &Path) -> PathBuf {
    dir.join("data").join("mandat.db")
}

/// The form token of a page.
pub fn csrf(html: &str) -> String {
    let start = html
        .find(r#"name="csrf" value=""#)
        .expect("a form with a token")
        + r#"name="csrf" value=""#.len();
    html[start..start + 64].to_string()
}

/// An email as read back from the directory backend.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Every email written so far to `data/mail`.
pub fn mails(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir.join("data").join("mail")) else {
        return Vec::new();
    };
    let mut mails: Vec<(std::time::SystemTime, Mail)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("eml");
            let m = mail_parser::MessageParser::default()
                .parse(&bytes)
                .expect("parse");
            let mail = Mail {
                to: m
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_string(),
                subject: m.subject().unwrap_or_default().to_string(),
                body: m.body_text(0).unwrap_or_default().to_string(),
            };
            (
                e.metadata().and_then(|m| m.modified()).expect("mtime"),
                mail,
            )
        })
        .collect();
    mails.sort_by_key(|(t, _)| *t);
    mails.into_iter().map(|(_, m)| m).collect()
}

/// Waits (20 seconds at most) for the `n`th email to `to` whose subject contains `subject`.
pub async fn wait_for_mail(dir: &Path, to: &str, subject: &str, n: usize) -> Mail {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found: Vec<Mail> = mails(dir)
            .into_iter()
            .filter(|m| m.to == to && m.subject.contains(subject))
            .collect();
        if found.len() >= n {
            return found[n - 1].clone();
        }
        assert!(
            Instant::now() < deadline,
            "no email {subject:?} #{n} to {to}: {:#?}",
            mails(dir)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text after `label` in `text`, up to the end of its line, trimmed of quotes.
pub fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("{label:?} in {text}"))
        + label.len();
    text[start..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches(|c| c == '"' || c == '.')
}
