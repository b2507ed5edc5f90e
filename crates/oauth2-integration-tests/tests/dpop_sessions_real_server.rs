//! DPoP-bound sessions that survive a restart, against the local authorization server: a code
//! flow token saved with its key in a file is refreshed by a new client with the same key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../../oauth2-grants/tests/common/mod.rs"]
mod common;

use std::time::UNIX_EPOCH;

use common::{auth_for, issuer, user_token_with};
use oauth2_dpop::{DpopKey, DpopSessionStore, STORED_KEY_MEMBER};
use oauth2_grants::{Error, FileStore, OAuth2Client, RefreshingFetcher, TokenManager};
use oauth2_jose::Algorithm;
use oauth2_types::store::{StoreKey, TokenStore};

const CLIENT: &str = "private-key-jwt-es256";

async fn dpop_client() -> OAuth2Client {
    OAuth2Client::builder()
        .auth(auth_for(CLIENT))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .discover(&issuer())
        .await
        .unwrap()
}

fn session_file(name: &str) -> std::path::PathBuf {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).unwrap();
    std::env::temp_dir().join(format!(
        "oauth2-{name}-{}-{}.json",
        std::process::id(),
        u64::from_le_bytes(random)
    ))
}

async fn bound_jkt(client: &OAuth2Client, access_token: &str) -> String {
    let info = client.introspect(access_token).send().await.unwrap();
    info.extra["cnf"]["jkt"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_code_flow_session_saved_with_its_key_is_refreshed_after_a_restart_with_the_same_key() {
    let path = session_file("dpop-session");
    let name = StoreKey::named("alice@cli");
    let key = DpopKey::generate(Algorithm::ES256).unwrap();

    // First process: sign in with DPoP, save the session with its key.
    let first = dpop_client().await;
    let token = user_token_with(&first, |request| request.dpop_key(key.clone())).await;
    assert_eq!(
        bound_jkt(&first, token.access_token().secret()).await,
        key.thumbprint()
    );
    DpopSessionStore::new(FileStore::new(&path))
        .with_key(key.clone())
        // Saved as expired, so the next process must refresh it.
        .save(&name, &token.clone().with_expires_at(UNIX_EPOCH))
        .await
        .unwrap();
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(on_disk.contains(STORED_KEY_MEMBER));

    // A process that stores no keys gets the token without its key: it cannot refresh it.
    let keyless = TokenManager::new(RefreshingFetcher::new(dpop_client().await))
        .with_store_key(FileStore::new(&path), name.clone());
    let err = keyless.token().await.unwrap_err();
    assert!(matches!(err, Error::DpopKeyMissing), "{err:?}");

    // A new process with a new client: it loads the session and refreshes it with the key.
    let second = dpop_client().await;
    let before = common::server().token_requests(CLIENT).await.unwrap();
    let manager = TokenManager::new(RefreshingFetcher::new(second.clone()))
        .with_store_key(DpopSessionStore::new(FileStore::new(&path)), name.clone());
    let fresh = manager.token().await.unwrap();
    // One refresh: the new process's nonce memory is empty, so the AS's nonce challenge
    // costs one more request.
    assert_eq!(
        common::server().token_requests(CLIENT).await.unwrap(),
        before + 2,
        "one refresh and its nonce retry"
    );
    assert_ne!(fresh.access_token(), token.access_token());
    assert_eq!(
        fresh.binding().unwrap().thumbprint(),
        Some(key.thumbprint())
    );
    assert_eq!(
        bound_jkt(&second, fresh.access_token().secret()).await,
        key.thumbprint()
    );

    // The refreshed token is accepted with proofs of the stored key.
    let claims = second.userinfo(&fresh).await.unwrap();
    assert_eq!(claims["sub"], "alice");

    // The rotated refresh token was saved with the key again.
    let stored = FileStore::new(&path).load(&name).await.unwrap().unwrap();
    assert!(stored.extra(STORED_KEY_MEMBER).is_some());
    assert_eq!(stored.refresh_token(), fresh.refresh_token());
    let _ = std::fs::remove_file(&path);
}
