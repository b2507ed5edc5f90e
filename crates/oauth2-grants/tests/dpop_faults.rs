//! DPoP nonce misbehaviour a healthy server never shows: a nonce demanded but not given, the
//! same nonce demanded again, a Bearer token in answer to a DPoP request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client};
use oauth2_test_server::dpop_mock::token_nonce_challenge;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_repeated_nonce_is_an_error_after_one_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_nonce_challenge(Some("always-the-same")))
        .expect(2)
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::DpopNonce { retried: true, .. }),
        "{err:?}"
    );
    assert!(err.is_oauth_error("use_dpop_nonce"));
}

#[tokio::test]
async fn a_missing_nonce_is_an_error_without_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_nonce_challenge(None))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::DpopNonce { retried: false, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_bearer_answer_to_a_dpop_request_is_refused_unless_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotDpopBound { token_type } if token_type == "Bearer"),
        "{err:?}"
    );

    let lenient = OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .require_dpop_token_type(false)
        .build()
        .unwrap();
    assert!(
        lenient
            .client_credentials()
            .send()
            .await
            .unwrap()
            .has_bearer_type()
    );
}

#[tokio::test]
async fn a_stored_dpop_token_is_not_refreshed_without_its_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(|request: &wiremock::Request| request.headers.contains_key("dpop"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"b","token_type":"DPoP","expires_in":60}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    // Stored and loaded again: the key is not part of the stored form.
    let stored = r#"{"access_token":"a","token_type":"DPoP","refresh_token":"r"}"#;
    let token: oauth2_types::BearerToken = serde_json::from_str(stored).unwrap();
    let err = client.refresh(&token).unwrap().send().await.unwrap_err();
    assert!(matches!(err, Error::DpopKeyMissing), "{err:?}");
    // With the key given again, the refresh goes out with a proof.
    let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap();
    let fresh = client
        .refresh(&token)
        .unwrap()
        .dpop_key(key)
        .send()
        .await
        .unwrap();
    assert!(fresh.has_dpop_type());
}
