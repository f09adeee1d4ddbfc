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

impl TestApp {
    /// Stops the server and returns what it wrote on stderr: its log.
    pub fn stop_and_read_log(mut self) -> String {
        let _ = self.child.kill();
        let mut log = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut stderr, &mut log).expect("stderr");
        }
        log
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

/// Every email written so far to `data/mail`, each file checked to be its owner's alone
/// (issue 19, item 6: a mail may carry a code or a link).
pub fn mails(dir: &Path) -> Vec<Mail> {
    let folder = dir.join("data").join("mail");
    owner_only(&folder);
    mails_in(&folder)
}

/// Checks that no file of `folder` may be read by anyone but its owner.
fn owner_only(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let mode = entry.metadata().expect("metadata").permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "{} is readable by others",
            entry.path().display()
        );
    }
}

/// Every email in `folder`, oldest first: the directory backend's `.eml` files, or a
/// maildir's `new/` entries.
pub fn mails_in(folder: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut mails: Vec<(std::time::SystemTime, Mail)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        // A file still being written does not parse yet: the next look finds it whole.
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let m = mail_parser::MessageParser::default().parse(&bytes)?;
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
            Some((e.metadata().and_then(|m| m.modified()).ok()?, mail))
        })
        .collect();
    mails.sort_by_key(|(t, _)| *t);
    mails.into_iter().map(|(_, m)| m).collect()
}

/// Waits (20 seconds at most) for the `n`th email to `to` whose subject contains `subject`.
/// Mandat's mail files are checked to be their owner's alone.
pub async fn wait_for_mail(dir: &Path, to: &str, subject: &str, n: usize) -> Mail {
    let folder = dir.join("data").join("mail");
    let mail = wait_for_mail_in(&folder, to, subject, n).await;
    owner_only(&folder);
    mail
}

/// As [`wait_for_mail`], for the emails in `folder`.
pub async fn wait_for_mail_in(folder: &Path, to: &str, subject: &str, n: usize) -> Mail {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found: Vec<Mail> = mails_in(folder)
            .into_iter()
            .filter(|m| m.to == to && m.subject.contains(subject))
            .collect();
        if found.len() >= n {
            return found[n - 1].clone();
        }
        assert!(
            Instant::now() < deadline,
            "no email {subject:?} #{n} to {to}: {:#?}",
            mails_in(folder)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A real SMTP server (Python's aiosmtpd, installed by `scripts/test`) that files each
/// message it receives in a maildir; stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    pub maildir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let python = std::env::var("MANDAT_TEST_PYTHON").expect(
            "MANDAT_TEST_PYTHON is not set: run the tests with scripts/test, \
             which installs aiosmtpd in a virtual environment",
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer {
            port,
            maildir,
            child,
        }
    }

    /// Where the received messages are.
    pub fn received(&self) -> PathBuf {
        self.maildir.path().join("box").join("new")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
