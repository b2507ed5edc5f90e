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
