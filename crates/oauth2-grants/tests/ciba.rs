//! CIBA (poll mode) against the local authorization server: the test user approves on their
//! "device" (login_hint alice) or denies (login_hint deny).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::client_for;

#[tokio::test]
async fn the_user_approves_on_their_device() {
    let client = client_for("ciba-client").await;
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .binding_message("W4SCT")
        .send()
        .await
        .unwrap();
    assert!(request.expires_in > 0);
    let token = client
        .poll_backchannel_authentication(&request)
        .await
        .unwrap();
    assert!(token.id_token().is_some());
    let claims = client.userinfo(&token).await.unwrap();
    assert_eq!(claims["sub"], "alice");
}

#[tokio::test]
async fn the_user_denies_and_an_unknown_user_is_refused() {
    let client = client_for("ciba-client").await;
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("deny")
        .send()
        .await
        .unwrap();
    let err = client
        .poll_backchannel_authentication(&request)
        .await
        .unwrap_err();
    assert!(err.is_oauth_error("access_denied"), "{err:?}");

    let err = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("nobody")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_oauth_error("unknown_user_id"), "{err:?}");
}
