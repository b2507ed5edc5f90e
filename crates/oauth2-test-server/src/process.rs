//! Installing and running the node server process.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde::Deserialize;

use crate::{Error, server_dir};

/// How long the server may take to say where it listens.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The oldest Node.js the pinned oidc-provider runs on.
const MIN_NODE: (u32, u32) = (20, 19);

/// Checks that `node` runs and is recent enough, with a clear error otherwise.
fn check_node() -> Result<(), Error> {
    let missing = |reason: String| Error::MissingTool {
        program: "node".into(),
        reason,
    };
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|err| missing(err.to_string()))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let mut parts = version.trim_start_matches('v').split('.');
    let mut number = || parts.next().and_then(|part| part.parse::<u32>().ok());
    match (number(), number()) {
        (Some(major), Some(minor)) if (major, minor) >= MIN_NODE => Ok(()),
        _ => Err(missing(format!(
            "version {version:?}, and oidc-provider needs {}.{} or later",
            MIN_NODE.0, MIN_NODE.1
        ))),
    }
}

/// Runs `npm ci` in the server folder unless its packages are installed from the current
/// `package-lock.json` (a copy of which `npm ci` leaves in `node_modules`); concurrent callers
/// (test binaries run in parallel) wait for one another on a file lock.
pub fn ensure_installed() -> Result<(), Error> {
    check_node()?;
    let dir = server_dir();
    let lock_path = dir.join(".npm-install.lock");
    let lock = File::create(&lock_path)
        .map_err(|err| Error::Start(format!("{}: {err}", lock_path.display())))?;
    lock.lock()
        .map_err(|err| Error::Start(format!("cannot lock {}: {err}", lock_path.display())))?;
    let lock_file = std::fs::read(dir.join("package-lock.json"))
        .map_err(|err| Error::Start(format!("package-lock.json: {err}")))?;
    let stamp = dir.join("node_modules/.installed-package-lock.json");
    if dir.join("node_modules/oidc-provider/package.json").exists()
        && std::fs::read(&stamp).is_ok_and(|installed| installed == lock_file)
    {
        return Ok(());
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .output()
        .map_err(|err| Error::MissingTool {
            program: "npm".into(),
            reason: err.to_string(),
        })?;
    if !output.status.success() {
        return Err(Error::Install {
            dir: dir.display().to_string(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        });
    }
    std::fs::write(&stamp, &lock_file)
        .map_err(|err| Error::Start(format!("{}: {err}", stamp.display())))?;
    Ok(())
}

#[derive(Deserialize)]
struct Ready {
    issuer: String,
    resource: String,
}

/// The node process; killed when dropped. Its standard input stays open while the struct
/// lives: the server exits when it closes, so it never outlives the test process.
#[derive(Debug)]
pub(crate) struct ServerProcess {
    child: Child,
    _stdin: ChildStdin,
}

impl ServerProcess {
    pub(crate) fn spawn() -> Result<(Self, url::Url, url::Url), Error> {
        ensure_installed()?;
        let dir = server_dir();
        let log_path =
            std::env::temp_dir().join(format!("oauth2-test-server-{}.log", std::process::id()));
        let log = File::create(&log_path)
            .map_err(|err| Error::Start(format!("{}: {err}", log_path.display())))?;
        let mut child = Command::new("node")
            .arg("server.mjs")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|err| Error::MissingTool {
                program: "node".into(),
                reason: err.to_string(),
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(Error::Start("no pipes to the server process".into()));
        };
        let process = Self {
            child,
            _stdin: stdin,
        };

        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let result = reader.read_line(&mut line).map(|_| line);
            let _ = sender.send(result);
            // Keep draining, so the server never writes into a closed pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let tail = || {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            let start = log.len().saturating_sub(2000);
            log.get(start..).unwrap_or_default().to_owned()
        };
        let line = match receiver.recv_timeout(START_TIMEOUT) {
            Ok(Ok(line)) if !line.trim().is_empty() => line,
            Ok(_) => {
                return Err(Error::Start(format!(
                    "the server exited; its log:\n{}",
                    tail()
                )));
            }
            Err(_) => {
                return Err(Error::Start(format!(
                    "no answer in {START_TIMEOUT:?}; its log:\n{}",
                    tail()
                )));
            }
        };
        let ready: Ready = serde_json::from_str(line.trim())
            .map_err(|err| Error::Start(format!("unexpected first line {line:?}: {err}")))?;
        let parse =
            |url: &str| url::Url::parse(url).map_err(|err| Error::Start(format!("{url}: {err}")));
        Ok((process, parse(&ready.issuer)?, parse(&ready.resource)?))
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
