//! `userinfo` and `introspect` with a DPoP-bound token and its key (`--dpop-key`), and
//! `revoke` of such a token, against the local authorization server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

#[tokio::test]
async fn userinfo_introspect_and_revoke_a_dpop_bound_token() {
    let secret = secret_of("par-required");
    let key_file = server().private_key_path("private-key-jwt-eddsa").unwrap();
    let key_file = key_file.to_str().unwrap();
    let out = code_flow(&[
        "--client-id",
        "par-required",
        "--client-secret",
        &secret,
        "--scope",
        "openid email",
        "--par",
        "--dpop-key",
        key_file,
        "--silent",
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP");
    let access_token = token["access_token"].as_str().unwrap().to_owned();
    let issuer = issuer();
    let client = ["--client-id", "par-required", "--client-secret", &secret];
    let run = |command: &[&str]| {
        let mut args = command.to_vec();
        args.extend(["--allow-http"]);
        args.extend(client);
        oauth2(&args)
    };

    // Without its key, the bound token is refused at userinfo; with it, a proof goes along.
    let out = run(&["userinfo", &issuer, &access_token]);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    let out = run(&["userinfo", &issuer, &access_token, "--dpop-key", key_file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let claims: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims["sub"], "alice");

    let out = run(&["introspect", &issuer, &access_token, "--dpop-key", key_file]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["active"], true);
    assert!(stderr.contains("bound to the DPoP key (jkt "), "{stderr}");

    // Revocation takes no proof (RFC 7009, RFC 9449): the bound token is revoked as it is.
    let out = run(&["revoke", &issuer, &access_token]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["introspect", &issuer, &access_token]);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["active"], false);
}
