//! `--store`: the command keeps sessions between runs, in a file or in Redis, against the local
//! authorization server (its token-request counter tells whether a run asked it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::UNIX_EPOCH;

use common::*;
use oauth2_grants::FileStore;
use oauth2_test_server::RedisServer;
use oauth2_types::store::{StoreKey, TokenStore};

fn store_file(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("oauth2-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sessions.json");
    let _ = std::fs::remove_file(&path);
    path.to_str().unwrap().to_owned()
}

async fn token_requests(client_id: &str) -> u64 {
    server().token_requests(client_id).await.unwrap()
}

/// `oauth2 token` for `client_id` with the client credentials grant, through `store`.
fn client_credentials(client_id: &str, store: &str) -> (serde_json::Value, String) {
    let secret = secret_of(client_id);
    let issuer = issuer();
    let out = tokio::task::block_in_place(|| {
        oauth2(&[
            "token",
            &issuer,
            "--allow-http",
            "--client-id",
            client_id,
            "--client-secret",
            &secret,
            "--auth-method",
            "client_secret_post",
            "--scope",
            "api:read",
            "--store",
            store,
            "--session",
            "service",
        ])
    });
    assert!(out.status.success(), "{}", text(&out.stderr));
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        text(&out.stderr),
    )
}

/// Makes the stored token of `session` expired, as tomorrow finds it.
async fn expire(path: &str, session: &str) {
    let store = FileStore::new(path);
    let key = StoreKey::named(session);
    let token = store.load(&key).await.unwrap().unwrap();
    store
        .save(&key, &token.with_expires_at(UNIX_EPOCH))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_store_keeps_the_token_until_it_expires() {
    let client_id = "client-secret-post";
    let path = store_file("file");
    let before = token_requests(client_id).await;
    let (first, _) = client_credentials(client_id, &path);
    assert_eq!(token_requests(client_id).await, before + 1);

    let (second, account) = client_credentials(client_id, &path);
    assert_eq!(
        token_requests(client_id).await,
        before + 1,
        "not asked again"
    );
    assert_eq!(second["access_token"], first["access_token"]);
    assert!(account.contains("using the stored token"), "{account}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Expired, and no refresh token (client credentials): the grant runs again.
    expire(&path, "service").await;
    let (third, _) = client_credentials(client_id, &path);
    assert_eq!(token_requests(client_id).await, before + 2);
    assert_ne!(third["access_token"], first["access_token"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redis_store_keeps_the_token_between_runs() {
    let Some(redis) =
        RedisServer::start_or_skip("a_redis_store_keeps_the_token_between_runs").unwrap()
    else {
        return;
    };
    let client_id = "fleet";
    let before = token_requests(client_id).await;
    let (first, _) = client_credentials(client_id, &redis.url());
    let (second, account) = client_credentials(client_id, &redis.url());
    assert_eq!(
        token_requests(client_id).await,
        before + 1,
        "one request for two runs"
    );
    assert_eq!(second["access_token"], first["access_token"]);
    assert!(account.contains("using the stored token"), "{account}");
}

/// The jkt of the DPoP key the account says the token is bound to.
fn bound_jkt(account: &str) -> String {
    let line = account
        .lines()
        .find(|line| line.contains("bound to DPoP key"))
        .unwrap_or_else(|| panic!("no DPoP binding in the account: {account}"));
    line.rsplit("jkt ")
        .next()
        .unwrap()
        .trim_end_matches(')')
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dpop_bound_code_flow_session_is_kept_and_refreshed_across_runs() {
    let client_id = "public-client";
    let path = store_file("dpop");
    let flags = [
        "--client-id",
        client_id,
        "--auth-method",
        "none",
        "--scope",
        "openid offline_access",
        "--dpop",
        "--store",
        path.as_str(),
        "--session",
        "alice",
    ];
    let before = token_requests(client_id).await;
    let out = code_flow(&flags).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let signed_in: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(signed_in["token_type"], "DPoP");
    let jkt = bound_jkt(&text(&out.stderr));
    let after_sign_in = token_requests(client_id).await;
    assert!(after_sign_in > before);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("dpop_private_jwk"),
        "the key is saved with the token"
    );

    // A second run (a restart): the stored token, without asking the server or a browser.
    let issuer = issuer();
    let mut again = vec![
        "token",
        issuer.as_str(),
        "--allow-http",
        "--grant-type",
        "authorization_code",
        "--no-browser",
        "--callback-timeout",
        "5",
    ];
    again.extend(flags);
    let out = tokio::task::block_in_place(|| oauth2(&again));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stored: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stored["access_token"], signed_in["access_token"]);
    assert_eq!(bound_jkt(&text(&out.stderr)), jkt);
    assert_eq!(token_requests(client_id).await, after_sign_in);

    // Tomorrow: expired, so refreshed with the stored key (the same jkt), and saved.
    expire(&path, "alice").await;
    let out = tokio::task::block_in_place(|| oauth2(&again));
    let account = text(&out.stderr);
    assert!(out.status.success(), "{account}");
    let refreshed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(refreshed["access_token"], signed_in["access_token"]);
    assert_eq!(refreshed["token_type"], "DPoP");
    assert_eq!(bound_jkt(&account), jkt);
    assert!(account.contains("refreshing it"), "{account}");
    assert!(token_requests(client_id).await > after_sign_in);

    // `call` uses the session too: userinfo accepts the refreshed token with its proofs.
    let metadata: serde_json::Value =
        reqwest::get(format!("{issuer}/.well-known/openid-configuration"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let userinfo = metadata["userinfo_endpoint"].as_str().unwrap();
    let requests = token_requests(client_id).await;
    let mut call = vec![
        "call",
        "GET",
        userinfo,
        "--issuer",
        issuer.as_str(),
        "--allow-http",
    ];
    call.extend([
        "--grant-type",
        "authorization_code",
        "--no-browser",
        "--callback-timeout",
        "5",
    ]);
    call.extend(flags);
    let out = tokio::task::block_in_place(|| oauth2(&call));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let claims: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims["sub"], "alice");
    assert_eq!(
        token_requests(client_id).await,
        requests,
        "the stored token was used"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn call_uses_a_dpop_bound_token_stored_by_an_earlier_run_with_its_key() {
    let client_id = "client-secret-basic";
    let secret = secret_of(client_id);
    let path = store_file("call");
    let issuer = issuer();
    let session = [
        "--allow-http",
        "--client-id",
        client_id,
        "--client-secret",
        secret.as_str(),
        "--scope",
        "api:read",
        "--dpop",
        "--store",
        path.as_str(),
    ];
    let mut token = vec!["token", issuer.as_str()];
    token.extend(session);
    let out = tokio::task::block_in_place(|| oauth2(&token));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let jkt = bound_jkt(&text(&out.stderr));
    let requests = token_requests(client_id).await;

    let echo = format!("{}/api/echo", resource());
    let mut call = vec!["call", "GET", echo.as_str(), "--issuer", issuer.as_str()];
    call.extend(session);
    let out = tokio::task::block_in_place(|| oauth2(&call));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["token_type"], "DPoP");
    assert_eq!(body["jkt"], jkt, "proofs of the stored key");
    assert_eq!(token_requests(client_id).await, requests, "no new token");
}
