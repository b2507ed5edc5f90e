//! Project tasks, run with `cargo xtask <task>`:
//!
//! - `demo`: starts the local authorization server, runs the examples and the `oauth2` command
//!   through real flows against it, and stops it.
//! - `test`: formatting, clippy with warnings denied, the documentation with rustdoc's warnings
//!   denied, the architecture and feature-set checks,
//!   a dry run of publishing every crate, and the whole test suite (unit, integration against
//!   the local authorization server, fault injection, doctests, both signing backends).
//! - `bench`: the benches, briefly (criterion's, and the middleware's own interleaved run).
//! - `fuzz [--seconds N] [--seed-corpus] [TARGET...]`: the fuzz targets under cargo-fuzz
//!   (nightly; cargo-fuzz is installed when missing), N seconds each (60 by default), with
//!   a table of executions; `--seed-corpus` records the corpus from the local authorization
//!   server again. `test` runs the same targets on the corpus without nightly.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod demo;
mod fuzz;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::demo(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <demo|test|bench>\n       {}",
                fuzz::USAGE
            );
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

/// The crates that must stay free of an HTTP stack (sans-IO), and whether their whole tree,
/// dev-dependencies (tests, benches) included, must be.
const SANS_IO_CRATES: &[(&str, bool)] = &[
    ("oauth2-types", false),
    ("oauth2-jose", false),
    ("oauth2-dpop", true),
    ("oauth2-pkce-par-jar", true),
];

/// Checks that the sans-IO crates pull no reqwest, hyper or tokio.
fn check_sans_io() -> Result {
    for (krate, whole_tree) in SANS_IO_CRATES {
        let edges = if *whole_tree { "all" } else { "normal" };
        let tree = output(
            "cargo",
            &["tree", "-p", krate, "-e", edges, "--prefix", "none"],
        )?;
        for forbidden in ["reqwest ", "hyper ", "tokio "] {
            if tree.lines().any(|line| line.starts_with(forbidden)) {
                return Err(format!("{krate} depends on {}", forbidden.trim()));
            }
        }
        let scope = if *whole_tree {
            ", tests and benches included"
        } else {
            ""
        };
        eprintln!("{krate}: no reqwest, hyper or tokio{scope}");
    }
    Ok(())
}

/// Feature sets that must cut: the crate, its `--features` (after `--no-default-features`),
/// and the crates its normal dependency tree must not hold.
const FEATURE_SETS: &[(&str, &str, &[&str])] = &[
    // The aws-lc-rs crypto provider alone: none of the RustCrypto signers.
    (
        "oauth2-jose",
        "aws-lc",
        &["p256", "p384", "ed25519-dalek", "rsa", "hmac"],
    ),
    // The pure-Rust crypto provider alone: no aws-lc (a C build).
    ("oauth2-jose", "rust-crypto", &["aws-lc-rs", "aws-lc-sys"]),
    // The jose-jwk conversions: jose-jwk without its crypto features (they would bring second
    // copies of p256, p384 and rsa at older versions).
    ("oauth2-jose", "jose-jwk", &["p256", "p384", "rsa", "url"]),
    // The umbrella's defaults (rustls, which builds aws-lc-rs): the aws-lc-rs provider, and
    // none of the RustCrypto signers alongside.
    (
        "reqwest-oauth2-client",
        "default",
        &["p256", "p384", "ed25519-dalek", "rsa"],
    ),
    // Everything with JOSE over the platform's TLS: a pure-Rust crypto provider, no aws-lc.
    (
        "reqwest-oauth2-client",
        "grants,client-auth-jwt,dpop,pkce-par-jar,loopback,native-tls",
        &["aws-lc-rs", "aws-lc-sys", "rustls"],
    ),
    // PKCE and authorization requests only: no JOSE stack.
    (
        "oauth2-pkce-par-jar",
        "",
        &["oauth2-jose", "rsa", "p256", "p384", "ed25519-dalek"],
    ),
    // client_secret_basic/post and none: no JOSE stack.
    ("oauth2-client-auth", "", &["oauth2-jose", "rsa", "p256"]),
    // A caller's own HttpClient: no reqwest, no TLS, no DPoP, no authorization requests.
    (
        "oauth2-grants",
        "",
        &[
            "reqwest",
            "hyper",
            "rustls",
            "oauth2-dpop",
            "oauth2-pkce-par-jar",
            "oauth2-jose",
        ],
    ),
    // The reqwest transport alone: no DPoP, PKCE, loopback or JOSE crates.
    (
        "oauth2-grants",
        "reqwest",
        &[
            "oauth2-dpop",
            "oauth2-pkce-par-jar",
            "oauth2-jose",
            "rsa",
            "p256",
            "p384",
            "ed25519-dalek",
        ],
    ),
    // DPoP over a caller's own HttpClient: no reqwest, no authorization requests.
    (
        "oauth2-grants",
        "dpop,rust-crypto",
        &["reqwest", "hyper", "oauth2-pkce-par-jar", "aws-lc-rs"],
    ),
    // Authorization requests and OIDC over a caller's own HttpClient: no reqwest, no DPoP.
    (
        "oauth2-grants",
        "oidc,aws-lc",
        &["reqwest", "hyper", "oauth2-dpop", "p256", "rsa"],
    ),
    // Client credentials over the platform's TLS: no rustls, no aws-lc (a C build).
    (
        "reqwest-oauth2-client",
        "grants,client-auth,native-tls",
        &[
            "rustls",
            "aws-lc-sys",
            "aws-lc-rs",
            "oauth2-apiclient",
            "oauth2-dpop",
        ],
    ),
    // Client credentials with client_secret_basic over rustls: no native TLS, no DPoP, PKCE,
    // loopback or JOSE crates.
    (
        "reqwest-oauth2-client",
        "grants,client-auth,rustls",
        &[
            "native-tls",
            "openssl",
            "oauth2-apiclient",
            "oauth2-dpop",
            "oauth2-pkce-par-jar",
            "oauth2-jose",
            "rsa",
            "p256",
            "p384",
            "ed25519-dalek",
        ],
    ),
];

/// The package whose tests run oauth2-grants without reqwest, through a caller's own
/// transport. Tested on its own: in a workspace-wide build, cargo unifies the features of every
/// package, and the other test crates turn reqwest on.
const OWN_TRANSPORT_TESTS: &str = "oauth2-transport-tests";

/// Checks that each crate builds without its default features, and that the feature sets
/// of [`FEATURE_SETS`] build and leave out what they promise to.
fn check_feature_sets() -> Result {
    for krate in [
        "oauth2-client-auth",
        "oauth2-pkce-par-jar",
        "oauth2-grants",
        "oauth2-apiclient",
        "reqwest-oauth2-client",
    ] {
        run("cargo", &["check", "-p", krate, "--no-default-features"])?;
    }
    for (krate, features, forbidden) in FEATURE_SETS {
        let mut args = vec!["-p", krate, "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        run("cargo", &[&["check"][..], &args].concat())?;
        let tree = output(
            "cargo",
            &[&["tree"][..], &args, &["-e", "normal", "--prefix", "none"]].concat(),
        )?;
        for name in *forbidden {
            let prefix = format!("{name} ");
            if tree.lines().any(|line| line.starts_with(&prefix)) {
                return Err(format!("{krate} [{features}] depends on {name}"));
            }
        }
        eprintln!("{krate} [{features}]: none of {}", forbidden.join(", "));
    }
    let tree = output(
        "cargo",
        &[
            "tree",
            "-p",
            OWN_TRANSPORT_TESTS,
            "-e",
            "features",
            "--prefix",
            "none",
        ],
    )?;
    if tree
        .lines()
        .any(|line| line.starts_with("oauth2-grants feature \"reqwest\""))
    {
        return Err(format!(
            "{OWN_TRANSPORT_TESTS} builds oauth2-grants with its reqwest feature"
        ));
    }
    eprintln!("{OWN_TRANSPORT_TESTS}: oauth2-grants without reqwest");
    check_blocking_runtime_only_with_blocking()
}

/// tokio's multi-thread runtime is the blocking API's: a default build must not get it.
fn check_blocking_runtime_only_with_blocking() -> Result {
    const MULTI_THREAD: &str = "tokio feature \"rt-multi-thread\"";
    let has_multi_thread = |krate: &str, features: &[&str]| -> Result<bool> {
        let tree = output(
            "cargo",
            &[
                &["tree", "-p", krate][..],
                features,
                &["-e", "features,no-dev", "-i", "tokio", "--prefix", "none"],
            ]
            .concat(),
        )?;
        Ok(tree.lines().any(|line| line.starts_with(MULTI_THREAD)))
    };
    for krate in ["oauth2-grants", "oauth2-apiclient", "reqwest-oauth2-client"] {
        if has_multi_thread(krate, &[])? {
            return Err(format!(
                "{krate}'s default build has tokio's multi-thread runtime"
            ));
        }
        if !has_multi_thread(krate, &["--features", "blocking"])? {
            return Err(format!(
                "{krate} [blocking] has no multi-thread runtime: check the tree query"
            ));
        }
        eprintln!("{krate}: tokio's multi-thread runtime with `blocking` only");
    }
    Ok(())
}

/// Builds the documentation users read (docs.rs builds with every feature) with rustdoc's
/// warnings denied, so a broken intra-doc link or a bad code block fails here.
fn check_docs() -> Result {
    eprintln!(
        "\n$ RUSTDOCFLAGS=\"-D warnings\" cargo doc --workspace --no-deps --all-features --exclude xtask"
    );
    let status = Command::new("cargo")
        .args([
            "doc",
            "--workspace",
            "--no-deps",
            "--all-features",
            "--exclude",
            "xtask",
        ])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(root())
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the documentation has warnings: {status}"))
    }
}

/// Packages and builds every crate meant for crates.io, in dependency order, against a local
/// overlay registry (`cargo publish --workspace --dry-run`), so a dev-dependency cycle or a
/// packaged file that needs something unpublished fails here, not at release time.
/// `--allow-dirty`: the check is about what the package holds, and a working tree with edits
/// (or files the tests wrote) must not stop it.
fn check_publishable() -> Result {
    // The dry run builds each package against the others as registry crates, which cargo
    // takes as immutable: their artifacts of an earlier run would be reused although the
    // crates changed since. So it builds in a target directory of its own, from which our
    // crates' fingerprints are removed first (third-party crates stay built).
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("publish-check");
    forget_our_crates(&target.join("debug").join(".fingerprint"))?;
    forget_overlay_sources()?;
    let target = target.display().to_string();
    run(
        "cargo",
        &[
            "publish",
            "--workspace",
            "--dry-run",
            "--allow-dirty",
            "--target-dir",
            &target,
        ],
    )
}

/// Removes the sources of our crates that earlier dry runs unpacked from the overlay
/// registry (`$CARGO_HOME/registry/src/-<hash>/`): cargo unpacks a registry crate once and
/// reuses the directory, so a crate changed since would be verified against its old source.
fn forget_overlay_sources() -> Result {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let Some(sources) = cargo_home.map(|home| home.join("registry").join("src")) else {
        return Ok(());
    };
    let Ok(registries) = std::fs::read_dir(&sources) else {
        return Ok(());
    };
    // The overlay registries are the local ones, named `-<hash>`; crates.io's are left alone.
    for registry in registries.flatten() {
        if registry.file_name().to_string_lossy().starts_with('-') {
            forget_our_crates(&registry.path())?;
        }
    }
    Ok(())
}

/// Removes the entries of the workspace's own crates (`<crate>-<hash or version>`) under
/// `fingerprints` (a fingerprint or unpacked-source directory), so cargo builds them again.
fn forget_our_crates(fingerprints: &Path) -> Result {
    let Ok(entries) = std::fs::read_dir(fingerprints) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.rsplit_once('-').is_some_and(|(package, _hash)| {
            package.starts_with("oauth2-") || package == "reqwest-oauth2-client"
        });
        if ours {
            std::fs::remove_dir_all(entry.path())
                .map_err(|err| format!("cannot remove {}: {err}", entry.path().display()))?;
        }
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
    check_docs()?;
    check_feature_sets()?;
    check_publishable()?;
    // Install the authorization server's pinned node packages once, before tests run in
    // parallel (the harness would do it too, under a lock).
    oauth2_test_server::ensure_installed().map_err(|err| err.to_string())?;
    demo::demo()?;
    let mut total = Tally::default();
    for args in [
        // Each crypto provider alone (the workspace run below has both).
        &[
            "test",
            "-p",
            "oauth2-jose",
            "--no-default-features",
            "--features",
            "aws-lc",
        ][..],
        &[
            "test",
            "-p",
            "oauth2-jose",
            "--no-default-features",
            "--features",
            "rust-crypto",
        ][..],
        &["test", "--workspace", "--doc"][..],
        &["test", "-p", OWN_TRANSPORT_TESTS, "--all-targets"][..],
        &[
            "test",
            "--workspace",
            "--all-targets",
            "--exclude",
            OWN_TRANSPORT_TESTS,
        ][..],
    ] {
        total.add(run_tests(args)?);
    }
    // One closing line for the whole suite.
    println!("\n{} passed, {} failed", total.passed, total.failed);
    if total.passed == 0 {
        return Err("no test ran".into());
    }
    Ok(())
}

/// Test counts, summed over cargo's `test result:` lines.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// Reads `test result: ok. 12 passed; 0 failed; ...`.
    fn parse(line: &str) -> Option<Tally> {
        let rest = line.trim().strip_prefix("test result: ")?;
        let count = |word: &str| -> Option<u64> {
            rest.split([';', '.'])
                .map(str::trim)
                .find_map(|part| part.strip_suffix(word).and_then(|n| n.trim().parse().ok()))
        };
        Some(Tally {
            passed: count(" passed")?,
            failed: count(" failed")?,
        })
    }
}

/// Runs `cargo <args>`, echoing its output, and counts the tests it ran.
fn run_tests(args: &[&str]) -> Result<Tally> {
    use std::io::{BufRead, BufReader};
    eprintln!("\n$ cargo {}", args.join(" "));
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            if let Some(counts) = Tally::parse(&line) {
                tally.add(counts);
            }
        }
    }
    let status = child.wait().map_err(|err| format!("cargo: {err}"))?;
    if status.success() {
        Ok(tally)
    } else {
        Err(format!("`cargo {}` failed: {status}", args.join(" ")))
    }
}

fn bench() -> Result {
    // oauth2-jose with both crypto providers, side by side.
    for (krate, features, bench) in [
        ("oauth2-jose", "aws-lc,rust-crypto", "sign"),
        ("oauth2-client-auth", "", "assertion"),
        ("oauth2-dpop", "", "proof"),
        ("oauth2-apiclient", "", "middleware"),
        ("oauth2-store-redis", "", "cached_request"),
    ] {
        run(
            "cargo",
            &[
                "bench",
                "-p",
                krate,
                "--features",
                features,
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
