//! What the `oauth2` command says on stderr: the expiry in seconds, an ID token called
//! verified only when it was, the `--allow-http` flag named when http is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

#[test]
fn the_expiry_is_shown_in_seconds() {
    let secret = secret_of("client-secret-basic");
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--scope",
        "api:read",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find(|line| line.contains("expires in"))
        .unwrap_or_else(|| panic!("no expiry in {stderr}"));
    let seconds = line
        .split("expires in ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(" s"))
        .unwrap_or_else(|| panic!("not in seconds: {line}"));
    assert!(seconds.parse::<u64>().is_ok(), "{line}");
}

#[tokio::test]
async fn a_verified_id_token_is_called_verified() {
    let out = code_flow(&[
        "--client-id",
        "public-client",
        "--auth-method",
        "none",
        "--scope",
        "openid email",
    ])
    .await;
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the ID token is a JWT (signature and claims verified)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("ID token is a JWT (decoded, not verified)"),
        "{stderr}"
    );
}

#[test]
fn an_http_issuer_is_refused_with_the_flag_to_pass() {
    let out = oauth2(&["discover", &issuer()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("not https"), "{stderr}");
    assert!(stderr.contains("--allow-http"), "{stderr}");
    assert!(!stderr.contains("allow_insecure_http"), "{stderr}");
}

#[test]
fn the_id_token_of_another_grant_is_verified_before_it_is_called_verified() {
    let secret = secret_of("ciba-client");
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--grant-type",
        "ciba",
        "--login-hint",
        "alice",
        "--client-id",
        "ciba-client",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_post",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the ID token is a JWT (signature and claims verified)"),
        "{stderr}"
    );
}
