//! Token exchange (RFC 8693) against the local authorization server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../../oauth2-grants/tests/common/mod.rs"]
mod common;

use common::{client_for, resource, user_token};
use oauth2_apiclient::RequestBuilderExt;
use oauth2_types::token_type::uri;

#[tokio::test]
async fn an_access_token_is_exchanged_for_one_the_api_accepts() {
    let client = client_for("client-secret-post").await;
    // A user's opaque token, and a JWT client credentials token: both can be exchanged.
    let user = user_token(&client).await;
    let service = client.client_credentials().send().await.unwrap();
    for subject in [
        user.access_token().secret(),
        service.access_token().secret(),
    ] {
        let exchanged = client
            .token_exchange(subject, uri::ACCESS_TOKEN)
            .requested_token_type(uri::ACCESS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(
            exchanged
                .extra("issued_token_type")
                .and_then(|v| v.as_str()),
            Some(uri::ACCESS_TOKEN)
        );
        let response = reqwest::Client::new()
            .get(format!("{}/api/echo", resource()))
            .send_with(&exchanged)
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
}

#[tokio::test]
async fn an_invalid_subject_token_is_invalid_grant() {
    let client = client_for("client-secret-basic").await;
    let err = client
        .token_exchange("not-a-token", uri::ACCESS_TOKEN)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_oauth_error("invalid_grant"), "{err:?}");
}

#[tokio::test]
async fn short_token_type_names_are_sent_as_their_uris() {
    let client = client_for("client-secret-post").await;
    let service = client.client_credentials().send().await.unwrap();
    // The server refuses any subject or requested type but the access token URI.
    let exchanged = client
        .token_exchange(service.access_token().secret(), "access_token")
        .requested_token_type("access_token")
        .send()
        .await
        .unwrap();
    assert_eq!(
        exchanged
            .extra("issued_token_type")
            .and_then(|v| v.as_str()),
        Some(uri::ACCESS_TOKEN)
    );
}

#[tokio::test]
async fn a_bearer_token_is_exchanged_with_a_bearer_actor_without_naming_types() {
    let client = client_for("client-secret-post").await;
    let user = user_token(&client).await;
    let service = client.client_credentials().send().await.unwrap();
    let exchanged = client
        .exchange_token(&user)
        .actor(&service)
        .send()
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/api/echo", resource()))
        .send_with(&exchanged)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_actor_token_reaches_the_server_with_its_short_type_expanded() {
    let client = client_for("client-secret-post").await;
    let service = client.client_credentials().send().await.unwrap();
    // A valid actor under a short name is accepted...
    client
        .exchange_token(&service)
        .actor_token(service.access_token().secret(), "access_token")
        .send()
        .await
        .unwrap();
    // ...and an invalid one is checked, so it was really sent.
    let err = client
        .exchange_token(&service)
        .actor_token("not-a-token", "access_token")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_oauth_error("invalid_grant"), "{err:?}");
}
