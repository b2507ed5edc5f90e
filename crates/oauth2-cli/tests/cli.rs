//! The `oauth2` command against the local authorization server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::process::Command;

#[test]
fn discover_prints_the_metadata() {
    let out = oauth2(&["discover", &issuer(), "--allow-http", "--silent"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(metadata["issuer"], issuer());
}

#[test]
fn token_with_each_secret_method_and_no_secret_on_stderr() {
    for (id, method) in [
        ("client-secret-basic", "client_secret_basic"),
        ("client-secret-post", "client_secret_post"),
        ("client-secret-jwt", "client_secret_jwt"),
    ] {
        let secret = secret_of(id);
        let out = oauth2(&[
            "token",
            &issuer(),
            "--allow-http",
            "--client-id",
            id,
            "--client-secret",
            &secret,
            "--auth-method",
            method,
            "--grant-type",
            "client_credentials",
            "--scope",
            "api:read",
        ]);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{id}: {stderr}");
        let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            token["access_token"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{id}"
        );
        assert!(
            stderr.contains("> POST"),
            "{id}: the account shows the request"
        );
        assert!(
            stderr.contains("decoded, not verified"),
            "{id}: the JWT claims are shown"
        );
        assert!(!stderr.contains(&secret), "{id}: the secret is not shown");
        assert!(
            !stderr.contains(token["access_token"].as_str().unwrap()),
            "{id}: the token is not shown whole"
        );
    }
}

#[test]
fn token_with_private_key_jwt_from_a_key_file() {
    for id in [
        "private-key-jwt-es256",
        "private-key-jwt-rs256",
        "private-key-jwt-eddsa",
    ] {
        let key_file = server().private_key_path(id).unwrap();
        let out = oauth2(&[
            "token",
            &issuer(),
            "--allow-http",
            "--client-id",
            id,
            "--signing-key",
            key_file.to_str().unwrap(),
            "--auth-method",
            "private_key_jwt",
            "--silent",
        ]);
        assert!(out.status.success(), "{id}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "--silent");
    }
}

#[test]
fn wrong_secret_fails_with_the_server_error() {
    let out = oauth2(&[
        "token",
        &issuer(),
        "--allow-http",
        "--client-id",
        "client-secret-post",
        "--client-secret",
        "wrong",
        "--auth-method",
        "client_secret_post",
        "--silent",
    ]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("invalid_client"), "{stderr}");
    assert!(stderr.contains("401"), "{stderr}");
}

#[test]
fn http_issuer_without_allow_http_is_refused() {
    let out = oauth2(&["discover", &issuer()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not https"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn call_an_api_prints_its_body() {
    let secret = secret_of("client-secret-basic");
    let resource = server()
        .resource()
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let client = [
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
    ];
    let mut args = vec!["call", "GET", &resource, "--issuer"];
    let url = format!("{resource}/api/echo");
    args[2] = &url;
    let issuer = issuer();
    args.push(&issuer);
    args.extend(client);
    args.extend(["--scope", "api:read", "--silent"]);
    let out = oauth2(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["client_id"], "client-secret-basic");
}

/// A user token through the real code flow (the local server logs the test user in).
async fn user_token(secret: &str) -> oauth2_types::BearerToken {
    let client = oauth2_grants::OAuth2Client::builder()
        .auth(oauth2_client_auth::ClientSecretBasic::new(
            "client-secret-basic",
            secret,
        ))
        .allow_insecure_http(true)
        .discover(&issuer())
        .await
        .unwrap();
    let redirect_uri = server()
        .client("client-secret-basic")
        .unwrap()
        .redirect_uri
        .clone();
    let mut url =
        url::Url::parse(client.metadata().authorization_endpoint.as_deref().unwrap()).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", "client-secret-basic")
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid email")
        .append_pair("state", "cli-test-state");
    let callback = server().complete_authorization(&url).await.unwrap();
    let code = callback
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    client
        .authorization_code(code)
        .redirect_uri(redirect_uri)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn refresh_introspect_userinfo_revoke_a_user_token() {
    let secret = secret_of("client-secret-basic");
    let issuer = issuer();
    let token = user_token(&secret).await;
    let client = [
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--allow-http",
        "--silent",
    ];
    let run = |command: &[&str]| {
        let mut args = command.to_vec();
        args.extend(client);
        oauth2(&args)
    };

    let refresh_token = token.refresh_token().unwrap().secret().to_owned();
    let out = run(&[
        "token",
        &issuer,
        "--grant-type",
        "refresh_token",
        "--refresh-token",
        &refresh_token,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fresh: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let access_token = fresh["access_token"].as_str().unwrap().to_owned();

    let out = run(&[
        "introspect",
        &issuer,
        &access_token,
        "--token-type-hint",
        "access_token",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["active"], true);
    assert_eq!(info["sub"], "alice");

    let out = run(&["userinfo", &issuer, &access_token]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let claims: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims["sub"], "alice");

    let out = run(&["revoke", &issuer, &access_token]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["introspect", &issuer, &access_token]);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["active"], false);
    let out = run(&["userinfo", &issuer, &access_token]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid_token"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn call_with_a_non_2xx_answer_exits_non_zero() {
    let secret = secret_of("client-secret-basic");
    let url = format!(
        "{}/api/reject-once/cli-{}",
        server().resource().as_str().trim_end_matches('/'),
        std::process::id()
    );
    let out = oauth2(&[
        "call",
        "POST",
        &url,
        "--issuer",
        &issuer(),
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--silent",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("401"), "{}", text(&out.stderr));
}

#[test]
fn dpop_token_and_call_answer_both_nonce_challenges() {
    let secret = secret_of("client-secret-post");
    let issuer = issuer();
    let client = [
        "--allow-http",
        "--client-id",
        "client-secret-post",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_post",
    ];

    let mut args = vec!["token", issuer.as_str(), "--dpop", "--dpop-alg", "ES384"];
    args.extend(client);
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP");
    assert!(
        stderr.contains("use_dpop_nonce"),
        "the AS nonce challenge is shown: {stderr}"
    );
    assert!(stderr.contains("bound to DPoP key ES384"), "{stderr}");

    let url = format!(
        "{}/api/echo",
        server().resource().as_str().trim_end_matches('/')
    );
    let key_file = server().private_key_path("private-key-jwt-eddsa").unwrap();
    let mut args = vec![
        "call",
        "GET",
        url.as_str(),
        "--issuer",
        issuer.as_str(),
        "--dpop-key",
        key_file.to_str().unwrap(),
    ];
    args.extend(client);
    let out = oauth2(&args);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["token_type"], "DPoP");
    assert!(
        stderr.contains("answering with the resource server's new nonce"),
        "{stderr}"
    );
}

#[tokio::test]
async fn authorization_code_flow_with_the_loopback_listener() {
    let out = code_flow(&[
        "--client-id",
        "public-client",
        "--auth-method",
        "none",
        "--scope",
        "openid email",
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(token["id_token"].is_string());
    assert!(token["refresh_token"].is_string());
}

#[tokio::test]
async fn authorization_code_flow_pushed_and_with_dpop() {
    let secret = secret_of("par-required");
    let out = code_flow(&[
        "--client-id",
        "par-required",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_basic",
        "--scope",
        "openid",
        "--par",
        "--dpop",
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(token["token_type"], "DPoP");
}

#[tokio::test]
async fn device_code_grant_shows_the_code_and_polls() {
    use std::io::{BufRead, BufReader};
    let secret = secret_of("client-secret-post");
    let issuer = issuer();
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth2"))
        .args([
            "token",
            issuer.as_str(),
            "--allow-http",
            "--grant-type",
            "device_code",
            "--scope",
            "openid",
            "--client-id",
            "client-secret-post",
            "--client-secret",
            &secret,
            "--auth-method",
            "client_secret_post",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
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
        lines
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
    assert!(out.status.success());
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(token["id_token"].is_string());
    let stderr = reader.join().unwrap().join("\n");
    assert!(
        stderr.contains('▀') || stderr.contains('▄'),
        "a QR code in half-blocks: {stderr}"
    );
    assert!(
        stderr.matches("waiting for approval").count() <= 1,
        "one progress line, not one per poll: {stderr}"
    );
}

#[test]
fn ciba_and_token_exchange_grants() {
    let issuer = issuer();
    let secret = secret_of("ciba-client");
    let out = oauth2(&[
        "token",
        &issuer,
        "--allow-http",
        "--silent",
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
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(token["id_token"].is_string());

    let secret = secret_of("client-secret-post");
    let client = [
        "--allow-http",
        "--silent",
        "--client-id",
        "client-secret-post",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_post",
    ];
    let mut args = vec!["token", issuer.as_str()];
    args.extend(client);
    let out = oauth2(&args);
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let subject = first["access_token"].as_str().unwrap();
    let mut args = vec![
        "token",
        issuer.as_str(),
        "--grant-type",
        "token_exchange",
        "--subject-token",
        subject,
    ];
    args.extend(client);
    let out = oauth2(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exchanged: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        exchanged["issued_token_type"],
        "urn:ietf:params:oauth:token-type:access_token"
    );

    // An actor token, with short type names the server only accepts once expanded.
    let with_actor = |actor: &str| {
        let mut args = vec![
            "token",
            issuer.as_str(),
            "--grant-type",
            "token_exchange",
            "--subject-token",
            subject,
            "--subject-token-type",
            "access_token",
            "--actor-token",
            actor,
            "--actor-token-type",
            "access_token",
            "--requested-token-type",
            "access_token",
        ];
        args.extend(client);
        oauth2(&args)
    };
    let out = with_actor(subject);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = with_actor("not-a-token");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid_grant"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn authorization_code_flow_with_prompt_acr_values_max_age_and_claims() {
    let out = code_flow(&[
        "--client-id",
        "public-client",
        "--auth-method",
        "none",
        "--scope",
        "openid",
        "--prompt",
        "consent",
        "--acr-values",
        "urn:mace:incommon:iap:silver",
        "--max-age",
        "600",
        "--claims",
        r#"{"id_token":{"email":{"essential":true}}}"#,
    ])
    .await;
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let url = stderr
        .lines()
        .find(|line| line.starts_with("http"))
        .unwrap();
    let url = url::Url::parse(url).unwrap();
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["prompt"], "consent", "{url}");
    assert_eq!(query["acr_values"], "urn:mace:incommon:iap:silver", "{url}");
    assert_eq!(query["max_age"], "600", "{url}");
    let claims: serde_json::Value = serde_json::from_str(&query["claims"]).unwrap();
    assert_eq!(claims["id_token"]["email"]["essential"], true);
    let token: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(token["id_token"].is_string());
}
