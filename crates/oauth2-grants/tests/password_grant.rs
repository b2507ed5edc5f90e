//! The resource owner password grant (RFC 6749 section 4.3) against the local authorization
//! server's test-only grant (`password-client`, user alice): a token userinfo takes as
//! alice's, with a refresh token that works; a wrong password is `invalid_grant`, typed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use oauth2_grants::Error;

const CLIENT: &str = "password-client";

#[tokio::test]
async fn the_password_gets_a_refreshable_token_for_the_user() {
    let client = client_for(CLIENT).await;
    let token = client
        .resource_owner_password("alice", "wonderland")
        .scope("openid email")
        .send()
        .await
        .unwrap();
    assert_eq!(client.userinfo(&token).await.unwrap()["sub"], "alice");
    let refreshed = client.refresh(&token).unwrap().send().await.unwrap();
    assert_ne!(refreshed.access_token(), token.access_token());
    assert_eq!(client.userinfo(&refreshed).await.unwrap()["sub"], "alice");
}

#[tokio::test]
async fn a_wrong_password_is_invalid_grant() {
    let client = client_for(CLIENT).await;
    let err = client
        .resource_owner_password("alice", "not-the-password")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::OAuth { status, response }
            if *status == 400 && response.error.as_str() == "invalid_grant"),
        "{err:?}"
    );
    assert!(!format!("{err:?} {err}").contains("not-the-password"));
}
