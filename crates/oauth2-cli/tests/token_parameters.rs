//! `oauth2 token` parameters that reach the local authorization server: audience, extra
//! parameters and resource indicators (the server echoes `tenant` and `audience` into the JWT
//! access token), PEM signing keys for private_key_jwt, and the JWT bearer grant's assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::process::Output;

use base64ct::{Base64UrlUnpadded, Encoding};
use oauth2_jose::{SigningKey, jws};
use oauth2_test_server::{JWT_BEARER_CLIENT, server_dir};

/// The claims of the JWT access token printed on stdout (read, not verified).
fn access_token_claims(out: &Output) -> serde_json::Value {
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let jwt = token["access_token"].as_str().unwrap();
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap()
}

#[test]
fn audience_params_and_resource_reach_the_server() {
    let secret = server()
        .client("client-secret-basic")
        .unwrap()
        .client_secret
        .clone()
        .unwrap();
    let resource = resource();
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--silent",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--grant-type",
        "client_credentials",
        "--scope",
        "api:read",
        "--resource",
        &resource,
        "--audience",
        "https://backend.example",
        "--param",
        "tenant=blue",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let claims = access_token_claims(&out);
    assert_eq!(claims["tenant"], "blue");
    assert_eq!(claims["requested_audience"], "https://backend.example");
    assert_eq!(claims["aud"], resource);
}

#[test]
fn every_resource_is_sent_and_the_servers_error_is_shown() {
    let secret = server()
        .client("client-secret-post")
        .unwrap()
        .client_secret
        .clone()
        .unwrap();
    let resource = resource();
    let other = format!("{resource}/other");
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--silent",
        "--client-id",
        "client-secret-post",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_post",
        "--grant-type",
        "client_credentials",
        "--resource",
        &resource,
        "--resource",
        &other,
    ]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("invalid_target"), "{stderr}");
    assert!(stderr.contains("/other"), "{stderr}");
}

#[test]
fn private_key_jwt_with_pem_keys() {
    for (id, file) in [
        ("private-key-jwt-rs256", "keys/private-key-jwt-rs256.pem"),
        ("private-key-jwt-es256", "keys/private-key-jwt-es256.pem"),
    ] {
        let key = server_dir().join(file);
        let out = oauth2(&[
            "token",
            &issuer(),
            "--allow-http",
            "--silent",
            "--client-id",
            id,
            "--signing-key",
            key.to_str().unwrap(),
            "--auth-method",
            "private_key_jwt",
            "--grant-type",
            "client_credentials",
            "--scope",
            "api:read",
        ]);
        assert!(out.status.success(), "{id}: {}", text(&out.stderr));
        assert_eq!(access_token_claims(&out)["client_id"], id);
    }
}

/// An assertion signed by the issuer the local server's JWT bearer grant trusts, about alice.
async fn signed_assertion() -> String {
    let trusted = oauth2_test_server::jwt_bearer_issuer().unwrap();
    let key = SigningKey::from_jwk_json(&trusted.private_jwk.to_string()).unwrap();
    let claims = trusted.assertion_claims(&issuer(), "alice");
    jws::encode(&jws::Header::new(), &claims, &key)
        .await
        .unwrap()
}

/// `oauth2 token --grant-type jwt_bearer --assertion A` for the client allowed that grant.
fn jwt_bearer(assertion: &str) -> Output {
    let secret = secret_of(JWT_BEARER_CLIENT);
    oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--client-id",
        JWT_BEARER_CLIENT,
        "--client-secret",
        &secret,
        "--grant-type",
        "jwt_bearer",
        "--scope",
        "openid",
        "--assertion",
        assertion,
    ])
}

/// The assertion is sent (the request is shown, redacted), gets a token for its subject, and
/// shows nowhere; sent again, it is the server's `invalid_grant`, still not shown.
#[tokio::test]
async fn the_assertion_is_sent_and_never_printed() {
    let assertion = signed_assertion().await;
    let signature = assertion.rsplit('.').next().unwrap();
    let never_printed = |out: &Output| {
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        for shown in [&stdout, &stderr] {
            assert!(!shown.contains(&assertion), "printed: {shown}");
            assert!(!shown.contains(signature), "its signature printed: {shown}");
        }
    };

    let out = jwt_bearer(&assertion);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("assertion="),
        "the assertion is sent: {stderr}"
    );
    never_printed(&out);
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let access_token = token["access_token"].as_str().unwrap();
    let userinfo = oauth2(&[
        "userinfo",
        &issuer(),
        "--allow-http",
        "--silent",
        access_token,
    ]);
    assert!(userinfo.status.success(), "{}", text(&userinfo.stderr));
    let claims: serde_json::Value = serde_json::from_slice(&userinfo.stdout).unwrap();
    assert_eq!(claims["sub"], "alice");

    let replayed = jwt_bearer(&assertion);
    let stderr = text(&replayed.stderr);
    assert!(!replayed.status.success(), "{stderr}");
    assert!(replayed.stdout.is_empty());
    assert!(stderr.contains("invalid_grant"), "{stderr}");
    assert!(stderr.contains("already used"), "{stderr}");
    never_printed(&replayed);
}
