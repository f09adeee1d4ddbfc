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
