//! `oauth2 token --grant-type authorization_code --response-mode form_post`: the local
//! authorization server answers with a form that the browser POSTs to the loopback listener.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

#[tokio::test]
async fn the_code_flow_with_form_post_ends_with_a_token() {
    let out = form_post_code_flow(&[
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
    let url = stderr
        .lines()
        .find(|line| line.starts_with("http"))
        .unwrap();
    let url = url::Url::parse(url).unwrap();
    assert!(
        url.query_pairs()
            .any(|(name, value)| name == "response_mode" && value == "form_post"),
        "{url}"
    );
    assert!(stderr.contains("state and iss checked"), "{stderr}");
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(token["id_token"].is_string(), "the ID token was verified");
    assert!(token["refresh_token"].is_string());
    // The nonce travels in the authorization URL by design; the ID token's decoded claims
    // show it as a hint only.
    let nonce = url
        .query_pairs()
        .find(|(name, _)| name == "nonce")
        .map(|(_, value)| value.into_owned())
        .unwrap();
    let claims = &stderr[stderr.find("the ID token is a JWT").unwrap()..];
    let hint = format!("\"nonce\": \"{}…<{} chars>\"", &nonce[..8], nonce.len());
    assert!(claims.contains(&hint), "{claims}");
    assert!(!claims.contains(&nonce), "{claims}");
}

#[tokio::test]
async fn a_pushed_request_with_form_post_and_dpop_ends_with_a_bound_token() {
    let secret = secret_of("par-required");
    let out = form_post_code_flow(&[
        "--client-id",
        "par-required",
        "--client-secret",
        &secret,
        "--scope",
        "openid",
        "--dpop",
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP");
}
