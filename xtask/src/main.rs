//! Project tasks, run with `cargo xtask <task>`:
//!
//! - `demo`: starts the local authorization server, runs the examples and the `oauth2` command
//!   through real flows against it, and stops it.
//! - `test`: formatting, clippy with warnings denied, the architecture checks, and the whole
//!   test suite (unit, integration against the local authorization server, fault injection,
//!   doctests, both signing backends).
//! - `bench`: the criterion benches, briefly.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod demo;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::demo(),
        Some("test") => test(),
        Some("bench") => bench(),
        _ => {
            eprintln!("usage: cargo xtask <demo|test|bench>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

thread_local! {
    /// Environment variables given to every command this task runs.
    static CHILD_ENV: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Sets an environment variable for the commands run after this call.
pub(crate) fn set_child_env(name: &str, value: &str) {
    CHILD_ENV.with(|env| env.borrow_mut().push((name.to_owned(), value.to_owned())));
}

/// Runs a command in the workspace root, echoing it; fails on a non-zero exit.
pub(crate) fn run(program: &str, args: &[&str]) -> Result {
    eprintln!("\n$ {program} {}", args.join(" "));
    let env = CHILD_ENV.with(|env| env.borrow().clone());
    let status = Command::new(program)
        .args(args)
        .envs(env)
        .current_dir(root())
        .status()
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed: {status}", args.join(" ")))
    }
}

/// Runs a command and returns its standard output.
fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The crates that must stay free of an HTTP stack (sans-IO).
const SANS_IO_CRATES: &[&str] = &[
    "oauth2-types",
    "oauth2-jose",
    "oauth2-dpop",
    "oauth2-pkce-par-jar",
];

/// Checks that the sans-IO crates pull no reqwest, hyper or tokio.
fn check_sans_io() -> Result {
    for krate in SANS_IO_CRATES {
        let tree = output(
            "cargo",
            &["tree", "-p", krate, "-e", "normal", "--prefix", "none"],
        )?;
        for forbidden in ["reqwest ", "hyper ", "tokio "] {
            if tree.lines().any(|line| line.starts_with(forbidden)) {
                return Err(format!("{krate} depends on {}", forbidden.trim()));
            }
        }
        eprintln!("{krate}: no reqwest, hyper or tokio");
    }
    Ok(())
}

fn test() -> Result {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    check_sans_io()?;
    // Install the authorization server's pinned node packages once, before tests run in
    // parallel (the harness would do it too, under a lock).
    oauth2_test_server::ensure_installed().map_err(|err| err.to_string())?;
    // The demo first, so the suite's own summary closes the output.
    demo::demo()?;
    run(
        "cargo",
        &["test", "-p", "oauth2-jose", "--features", "aws-lc"],
    )?;
    run("cargo", &["test", "--workspace", "--doc"])?;
    run("cargo", &["test", "--workspace", "--all-targets"])
}

fn bench() -> Result {
    for (krate, bench) in [
        ("oauth2-jose", "sign"),
        ("oauth2-client-auth", "assertion"),
        ("oauth2-dpop", "proof"),
        ("oauth2-apiclient", "middleware"),
    ] {
        run(
            "cargo",
            &[
                "bench",
                "-p",
                krate,
                "--bench",
                bench,
                "--",
                "--warm-up-time",
                "1",
                "--measurement-time",
                "3",
            ],
        )?;
    }
    Ok(())
}
