//! The device authorization grant (RFC 8628) against the local authorization server, and the
//! polling rules against servers that say slow_down or never approve.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::{Duration, Instant};

use common::client_for;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_user_approves_and_the_device_gets_its_tokens() {
    let client = client_for("client-secret-basic").await;
    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()
        .await
        .unwrap();
    assert!(!device.user_code.is_empty());
    assert!(device.expires_in > 0);
    let complete = url::Url::parse(device.verification_uri_complete.as_deref().unwrap()).unwrap();

    // Before the user acts: authorization_pending.
    let err = client.device_code(&device).send().await.unwrap_err();
    assert!(err.is_oauth_error("authorization_pending"), "{err:?}");

    oauth2_test_server::complete_device_authorization(&complete, true)
        .await
        .unwrap();
    let token = client.poll_device_code(&device).await.unwrap();
    assert!(token.id_token().is_some());
    assert!(token.refresh_token().is_some());
}

#[tokio::test]
async fn the_user_aborts_and_polling_says_access_denied() {
    let client = client_for("client-secret-post").await;
    let device = client
        .device_authorization()
        .scope("openid")
        .send()
        .await
        .unwrap();
    let complete = url::Url::parse(device.verification_uri_complete.as_deref().unwrap()).unwrap();
    oauth2_test_server::complete_device_authorization(&complete, false)
        .await
        .unwrap();
    let err = client.poll_device_code(&device).await.unwrap_err();
    assert!(err.is_oauth_error("access_denied"), "{err:?}");
}

async fn mock_client(server: &MockServer) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .device_authorization_endpoint(format!("{}/device", server.uri()))
        .backchannel_authentication_endpoint(format!("{}/bc-authorize", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .build()
        .unwrap()
}

async fn device_response(server: &MockServer, expires_in: u64) {
    Mock::given(method("POST"))
        .and(path("/device"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "device_code": "dc", "user_code": "ABCD-EFGH", "verification_uri": "https://as/device",
            "expires_in": expires_in, "interval": 1
        })))
        .mount(server)
        .await;
}

fn oauth_error(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(format!(r#"{{"error":"{code}"}}"#), "application/json")
}

#[tokio::test]
async fn slow_down_adds_five_seconds_then_the_token_comes() {
    let server = MockServer::start().await;
    device_response(&server, 60).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("device_code=dc"))
        .respond_with(oauth_error("slow_down"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"a","token_type":"Bearer"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = mock_client(&server).await;
    let device = client.device_authorization().send().await.unwrap();
    let started = Instant::now();
    let token = client.poll_device_code(&device).await.unwrap();
    assert_eq!(token.access_token().secret(), "a");
    // 1 s, then 1 + 5 s after slow_down.
    assert!(
        started.elapsed() >= Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn polling_stops_when_the_code_expires() {
    let server = MockServer::start().await;
    device_response(&server, 3).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(oauth_error("authorization_pending"))
        .mount(&server)
        .await;
    let client = mock_client(&server).await;
    let device = client.device_authorization().send().await.unwrap();
    let started = Instant::now();
    let err = client.poll_device_code(&device).await.unwrap_err();
    assert!(matches!(err, Error::PollingExpired), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// How many token requests the server received.
async fn token_requests(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.url.path() == "/token").count()
}

/// What a client does once the decoupled authorization response arrived: the user reads the
/// code, or approves on their phone, before polling starts; RFC 8628 section 3.2 counts
/// `expires_in` from the response, so that time is spent too.
const DELAY_BEFORE_POLLING: Duration = Duration::from_millis(2100);

#[tokio::test]
async fn device_code_expiry_counts_from_the_response_not_from_polling() {
    let server = MockServer::start().await;
    device_response(&server, 2).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(oauth_error("authorization_pending"))
        .mount(&server)
        .await;
    let client = mock_client(&server).await;
    let device = client.device_authorization().send().await.unwrap();
    tokio::time::sleep(DELAY_BEFORE_POLLING).await;
    let started = Instant::now();
    let err = client.poll_device_code(&device).await.unwrap_err();
    assert!(matches!(err, Error::PollingExpired), "{err:?}");
    assert_eq!(token_requests(&server).await, 0, "polled an expired code");
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn ciba_expiry_counts_from_the_response_not_from_polling() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/bc-authorize"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "auth_req_id": "req-1", "expires_in": 2, "interval": 1
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(oauth_error("authorization_pending"))
        .mount(&server)
        .await;
    let client = mock_client(&server).await;
    let request = client
        .backchannel_authentication()
        .login_hint("alice")
        .send()
        .await
        .unwrap();
    tokio::time::sleep(DELAY_BEFORE_POLLING).await;
    let started = Instant::now();
    let err = client
        .poll_backchannel_authentication(&request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PollingExpired), "{err:?}");
    assert_eq!(
        token_requests(&server).await,
        0,
        "polled an expired request"
    );
    assert!(started.elapsed() < Duration::from_millis(500));
}
