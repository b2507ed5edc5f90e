//! `oauth2 token --grant-type password` against the local authorization server's test-only
//! password grant (client `password-client`, user `alice`): the password comes from standard
//! input, the environment or the argument, and never shows in the output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::io::Write;
use std::process::{Command, Output, Stdio};

const CLIENT: &str = "password-client";
const PASSWORD: &str = "wonderland";

/// `oauth2 token ISSUER --grant-type password --username alice ...`, with `stdin` piped in
/// and `env` set.
fn password_grant(extra: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let issuer = issuer();
    let secret = secret_of(CLIENT);
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth2"))
        .args([
            "token",
            issuer.as_str(),
            "--allow-http",
            "--client-id",
            CLIENT,
            "--client-secret",
            &secret,
            "--grant-type",
            "password",
            "--username",
            "alice",
            "--scope",
            "openid",
            "--scope",
            "email",
        ])
        .args(extra)
        .env_remove("OAUTH2_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The access token printed on stdout, after checking the run and that the password shows
/// nowhere.
fn access_token(out: &Output) -> String {
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains(PASSWORD),
        "the password is shown: {stderr}"
    );
    assert!(!text(&out.stdout).contains(PASSWORD));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    token["access_token"].as_str().unwrap().to_owned()
}

#[test]
fn the_password_from_stdin_gets_a_token_for_the_user() {
    let out = password_grant(&["--password-stdin"], &format!("{PASSWORD}\n"), &[]);
    let token = access_token(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("grant_type") && stderr.contains("password"),
        "{stderr}"
    );
    assert!(
        stderr.contains("username"),
        "the account shows the request: {stderr}"
    );
    // A real token of the server: userinfo knows the user.
    let userinfo = oauth2(&["userinfo", &issuer(), "--allow-http", "--silent", &token]);
    assert!(userinfo.status.success(), "{}", text(&userinfo.stderr));
    let claims: serde_json::Value = serde_json::from_slice(&userinfo.stdout).unwrap();
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["email"], "alice@example.com");
}

#[test]
fn the_password_from_the_environment_or_the_argument_works_too() {
    let from_env = password_grant(&[], "", &[("OAUTH2_PASSWORD", PASSWORD)]);
    access_token(&from_env);
    let from_argument = password_grant(&["--password", PASSWORD], "", &[]);
    access_token(&from_argument);
}

#[test]
fn a_wrong_password_is_the_servers_invalid_grant_and_is_not_shown() {
    let wrong = "not-the-Password-42";
    let out = password_grant(&["--password-stdin"], &format!("{wrong}\n"), &[]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("invalid_grant"), "{stderr}");
    assert!(!stderr.contains(wrong), "the password is shown: {stderr}");
}

#[test]
fn no_password_is_a_usage_error_before_any_request() {
    let out = password_grant(&[], "", &[]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("--password-stdin"), "{stderr}");
    assert!(!stderr.contains("> POST"), "no token request: {stderr}");
}

#[test]
fn no_part_of_a_long_password_shows_not_even_its_length() {
    let wrong = "Tr0ub4dor-and-correct-horse-battery-st4p";
    assert_eq!(wrong.len(), 40);
    let out = password_grant(&["--password-stdin"], &format!("{wrong}\n"), &[]);
    assert!(!out.status.success());
    let output = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(output.contains("invalid_grant"), "{output}");
    assert!(
        output.contains("password=<redacted>"),
        "the account shows the parameter: {output}"
    );
    for part in [wrong, &wrong[..8], "40 chars"] {
        assert!(!output.contains(part), "{part} is shown: {output}");
    }
}

#[test]
fn the_password_sources_take_precedence_in_the_documented_order() {
    let wrong = "not-the-Password-42";
    // --password-stdin first, then --password, then OAUTH2_PASSWORD.
    let stdin_first = password_grant(
        &["--password-stdin", "--password", wrong],
        &format!("{PASSWORD}\n"),
        &[("OAUTH2_PASSWORD", wrong)],
    );
    access_token(&stdin_first);
    let argument_before_env =
        password_grant(&["--password", PASSWORD], "", &[("OAUTH2_PASSWORD", wrong)]);
    access_token(&argument_before_env);
    let help = oauth2(&["token", "--help"]);
    let help = text(&help.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("The first given of --password-stdin, --password, OAUTH2_PASSWORD is used"),
        "{help}"
    );
}

#[test]
fn a_password_line_longer_than_4096_bytes_is_refused_before_any_request() {
    let out = password_grant(&["--password-stdin"], &"p".repeat(10_000), &[]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("longer than 4096 bytes"), "{stderr}");
    assert!(!stderr.contains("> POST"), "no token request: {stderr}");
}

#[test]
fn password_stdin_on_a_terminal_is_a_usage_error() {
    let command = format!(
        "{} token {} --allow-http --client-id {CLIENT} --client-secret {} \
         --grant-type password --username alice --password-stdin",
        env!("CARGO_BIN_EXE_oauth2"),
        issuer(),
        secret_of(CLIENT),
    );
    // `script` runs the command on a pseudo-terminal; `timeout` ends a run that would wait
    // for a password typed there.
    let Ok(out) = Command::new("timeout")
        .args(["20", "script", "-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        no_terminal("password_stdin_on_a_terminal_is_a_usage_error");
        return;
    };
    let output = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(output.contains("standard input is a terminal"), "{output}");
    assert!(output.contains("pipe it in"), "{output}");
    assert!(!output.contains("> POST"), "no token request: {output}");
}
