//! `cargo xtask fuzz`: the fuzz targets of `crates/oauth2-fuzz-targets` under cargo-fuzz
//! (libFuzzer, nightly), each for a while, with a closing table of executions; and
//! `--seed-corpus`, which records the corpus from the local authorization server again.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::{Result, root, run};

/// How long each target runs unless `--seconds` says otherwise.
const DEFAULT_SECONDS: u64 = 60;

/// A unit slower than this is a hang (libFuzzer `-timeout`).
const UNIT_TIMEOUT_SECONDS: u64 = 10;

pub(crate) const USAGE: &str = "cargo xtask fuzz [--seconds N] [--seed-corpus] [TARGET...]";

/// What one target's run gave.
struct Outcome {
    target: String,
    executions: Option<u64>,
    passed: bool,
}

pub(crate) fn fuzz(args: &[String]) -> Result {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| format!("--seconds takes a number\nusage: {USAGE}"))?;
            }
            "--seed-corpus" => return seed_corpus(),
            "-h" | "--help" => {
                eprintln!("usage: {USAGE}");
                return Ok(());
            }
            target => targets.push(target.to_owned()),
        }
    }
    ensure_tools()?;
    let known = list_targets()?;
    if let Some(unknown) = targets.iter().find(|target| !known.contains(target)) {
        return Err(format!(
            "no fuzz target {unknown}; there are: {}",
            known.join(", ")
        ));
    }
    if targets.is_empty() {
        targets = known;
    }
    let outcomes = targets
        .iter()
        .map(|target| fuzz_one(target, seconds))
        .collect::<Result<Vec<_>>>()?;
    println!("\n| target | seconds | executions | result |\n|---|---|---|---|");
    for outcome in &outcomes {
        let executions = outcome
            .executions
            .map_or_else(|| "?".to_owned(), |n| n.to_string());
        let result = if outcome.passed {
            "no failure".to_owned()
        } else {
            format!("FAILED (input in fuzz/artifacts/{}/)", outcome.target)
        };
        println!(
            "| {} | {seconds} | {executions} | {result} |",
            outcome.target
        );
    }
    match outcomes.iter().filter(|outcome| !outcome.passed).count() {
        0 => Ok(()),
        failed => Err(format!("{failed} fuzz target(s) failed")),
    }
}

/// Records the corpus and its fixture from real responses of the local server.
fn seed_corpus() -> Result {
    run(
        "cargo",
        &[
            "run",
            "-p",
            "oauth2-fuzz-targets",
            "--features",
            "seed",
            "--bin",
            "seed-corpus",
        ],
    )
}

/// The nightly toolchain must be there; cargo-fuzz is installed when missing.
fn ensure_tools() -> Result {
    let toolchains = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map_err(|err| format!("cannot run rustup: {err}"))?;
    if !String::from_utf8_lossy(&toolchains.stdout).contains("nightly") {
        return Err(
            "fuzzing needs the nightly toolchain: rustup toolchain install nightly".to_owned(),
        );
    }
    let installed = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !installed {
        eprintln!("cargo-fuzz is not installed: installing it (once) with cargo install");
        run("cargo", &["+nightly", "install", "cargo-fuzz", "--locked"])?;
    }
    Ok(())
}

/// The targets of `fuzz/Cargo.toml`.
fn list_targets() -> Result<Vec<String>> {
    let out = Command::new("cargo")
        .args(["+nightly", "fuzz", "list"])
        .current_dir(root())
        .output()
        .map_err(|err| format!("cannot run cargo fuzz: {err}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo fuzz list failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Runs one target for `seconds` on the committed corpus; what libFuzzer finds is added to
/// `fuzz/corpus-grown/<target>/` (not committed). Echoes libFuzzer's output.
fn fuzz_one(target: &str, seconds: u64) -> Result<Outcome> {
    let grown = format!("fuzz/corpus-grown/{target}");
    std::fs::create_dir_all(root().join(&grown)).map_err(|err| format!("{grown}: {err}"))?;
    let seeds = format!("fuzz/corpus/{target}");
    let max_time = format!("-max_total_time={seconds}");
    let timeout = format!("-timeout={UNIT_TIMEOUT_SECONDS}");
    let args = [
        "+nightly",
        "fuzz",
        "run",
        target,
        &grown,
        &seeds,
        "--",
        &max_time,
        &timeout,
        "-print_final_stats=1",
    ];
    eprintln!("\n$ cargo {}", args.join(" "));
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run cargo fuzz: {err}"))?;
    let mut executions = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::io::Result::ok)
        {
            eprintln!("{line}");
            if let Some(count) = line.strip_prefix("stat::number_of_executed_units:") {
                executions = count.trim().parse().ok();
            }
        }
    }
    let status = child.wait().map_err(|err| format!("cargo fuzz: {err}"))?;
    Ok(Outcome {
        target: target.to_owned(),
        executions,
        passed: status.success(),
    })
}
