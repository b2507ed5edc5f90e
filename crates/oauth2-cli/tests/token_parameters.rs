//! `oauth2 token` parameters that reach the local authorization server: audience, extra
//! parameters and resource indicators (the server echoes `tenant` and `audience` into the JWT
//! access token), and PEM signing keys for private_key_jwt.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::process::Output;

use base64ct::{Base64UrlUnpadded, Encoding};
use oauth2_test_server::server_dir;

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

/// The local server has no jwt-bearer grant: what is checked is that `--assertion` goes in the
/// request, shown redacted, and the server's answer comes back as the error.
#[test]
fn the_assertion_is_sent_and_never_printed() {
    let secret = server()
        .client("client-secret-basic")
        .unwrap()
        .client_secret
        .clone()
        .unwrap();
    let assertion = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24";
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--grant-type",
        "jwt_bearer",
        "--assertion",
        assertion,
    ]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("assertion="),
        "the assertion is sent: {stderr}"
    );
    assert!(!stderr.contains(assertion), "never printed: {stderr}");
    assert!(
        !stderr.contains("c2lnbmF0dXJl"),
        "not even its signature: {stderr}"
    );
}
