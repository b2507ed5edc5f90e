//! The `oauth2` command with DPoP on the decoupled grants, its account of nonce challenges, the
//! `--dpop-alg` values, and the redaction of passwords, against the local authorization server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn client_args(id: &'static str, secret: &str) -> Vec<String> {
    ["--allow-http", "--client-id", id, "--client-secret", secret]
        .into_iter()
        .chain(["--auth-method", "client_secret_post"])
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn device_code_with_dpop_gets_a_dpop_bound_token() {
    let issuer = issuer();
    let mut args = vec![
        "token".to_owned(),
        issuer,
        "--grant-type".into(),
        "device_code".into(),
        "--scope".into(),
        "openid".into(),
        "--dpop".into(),
        "--dpop-alg".into(),
        "EdDSA".into(),
    ];
    args.extend(client_args(
        "client-secret-post",
        &secret_of("client-secret-post"),
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth2"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let account = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line
                .strip_prefix("(or open ")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                let _ = sender.send(url.to_owned());
            }
            lines.push(line);
        }
        lines.join("\n")
    });
    let complete = tokio::task::spawn_blocking(move || {
        receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap()
    })
    .await
    .unwrap();
    oauth2_test_server::complete_device_authorization(&url::Url::parse(&complete).unwrap(), true)
        .await
        .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = account.join().unwrap();
    assert!(out.status.success(), "{stderr}");
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP", "{stderr}");
    assert!(stderr.contains("bound to DPoP key EdDSA"), "{stderr}");
}

#[test]
fn ciba_with_dpop_gets_a_dpop_bound_token() {
    let issuer = issuer();
    let mut args = vec![
        "token".to_owned(),
        issuer,
        "--grant-type".into(),
        "ciba".into(),
        "--login-hint".into(),
        "alice".into(),
        "--dpop".into(),
    ];
    args.extend(client_args("ciba-client", &secret_of("ciba-client")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP", "{stderr}");
    assert!(stderr.contains("bound to DPoP key ES256"), "{stderr}");
}

#[test]
fn the_account_tells_each_nonce_challenge_met_and_answered() {
    let issuer = issuer();
    let mut args = vec!["token".to_owned(), issuer.clone(), "--dpop".into()];
    args.extend(client_args(
        "client-secret-post",
        &secret_of("client-secret-post"),
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let origin = url::Url::parse(&issuer)
        .unwrap()
        .origin()
        .ascii_serialization();
    let line = format!("DPoP nonce challenge from {origin}: answered with the new nonce");
    assert_eq!(stderr.matches(&line).count(), 1, "{stderr}");
    // Told after the challenge, before the retry goes out.
    let challenge = stderr.find("use_dpop_nonce").unwrap();
    assert!(stderr.find(&line).unwrap() > challenge, "{stderr}");
}

#[test]
fn dpop_alg_takes_only_the_proof_algorithms() {
    let issuer = issuer();
    let out = oauth2(&["token", &issuer, "--dpop", "--dpop-alg", "HS256"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for alg in ["ES256", "ES384", "RS256", "PS256", "EdDSA"] {
        assert!(stderr.contains(alg), "{alg} listed: {stderr}");
    }

    let mut args = vec![
        "token".to_owned(),
        issuer,
        "--dpop".into(),
        "--dpop-alg".into(),
        "ps256".into(),
    ];
    args.extend(client_args(
        "client-secret-post",
        &secret_of("client-secret-post"),
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("bound to DPoP key PS256"), "{stderr}");
}

#[test]
fn passwords_are_redacted_in_the_account() {
    let issuer = issuer();
    let mut args = vec![
        "token".to_owned(),
        issuer,
        "--param".into(),
        "password=correct-horse-battery".into(),
    ];
    args.extend(client_args(
        "client-secret-post",
        &secret_of("client-secret-post"),
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    // Neither a prefix nor the length of a credential.
    assert!(stderr.contains("password=<redacted>\n"), "{stderr}");
    assert!(!stderr.contains("correct-horse"), "{stderr}");
    assert!(!stderr.contains("21 chars"), "{stderr}");
}
