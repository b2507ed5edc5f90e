//! What a healthy authorization server never does: 5xx pages, garbage, slowness, lies in the
//! discovery document. Served by wiremock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client, TokenManager};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> OAuth2Client {
    OAuth2Client::builder()
        .issuer(server.uri())
        .token_endpoint(format!("{}/token", server.uri()))
        .userinfo_endpoint(format!("{}/userinfo", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

#[tokio::test]
async fn html_500_is_unexpected_response_with_status_and_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedResponse {
            status, excerpt, ..
        } => {
            assert_eq!(status, 502);
            assert!(excerpt.contains("Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn garbage_json_and_missing_token_are_unexpected_responses() {
    for body in [
        "{not json",
        "{\"token_type\":\"Bearer\"}",
        "[]",
        "{\"access_token\":42}",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = client(&server)
            .await
            .client_credentials()
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedResponse { status, .. } if status == 200),
            "{body}: {err:?}"
        );
    }
}

#[tokio::test]
async fn oauth_error_with_5xx_keeps_everything() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            r#"{"error":"temporarily_unavailable","error_description":"later","error_uri":"https://e/x"}"#,
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
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    let response = err.oauth_error().unwrap();
    assert_eq!(response.error.as_str(), "temporarily_unavailable");
    assert_eq!(response.error_description.as_deref(), Some("later"));
    assert_eq!(response.error_uri.as_deref(), Some("https://e/x"));
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_raw(r#"{"access_token":"a"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_supplied_http_client_without_timeout_is_bounded_by_the_clients_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_raw(r#"{"access_token":"a"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .reqwest_client(reqwest::Client::builder())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.client_credentials().send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn polling_survives_absurd_expiry_and_interval() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"a","token_type":"Bearer"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = client(&server).await;
    // An expiry that would overflow the clock and an interval of 0 (which would spin): the
    // interval is raised to 1 s, the expiry capped.
    let device: oauth2_grants::DeviceAuthorizationResponse =
        serde_json::from_value(serde_json::json!({
            "device_code": "d", "user_code": "u", "verification_uri": "https://as.example/device",
            "expires_in": u64::MAX, "interval": 0,
        }))
        .unwrap();
    let started = std::time::Instant::now();
    let token = client.poll_device_code(&device).await.unwrap();
    assert_eq!(token.access_token().secret(), "a");
    assert!(started.elapsed() >= Duration::from_millis(900));
    // An interval too long for the expiry ends at once.
    let device: oauth2_grants::DeviceAuthorizationResponse =
        serde_json::from_value(serde_json::json!({
            "device_code": "d", "user_code": "u", "verification_uri": "https://as.example/device",
            "expires_in": 10, "interval": u64::MAX,
        }))
        .unwrap();
    let err = client.poll_device_code(&device).await.unwrap_err();
    assert!(matches!(err, Error::PollingExpired), "{err:?}");
}

#[tokio::test]
async fn unexpected_token_responses_never_show_the_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"live-access-token","token_type":"Bearer","refresh_token":"live-refresh-token","expires_in":"soon"}"#,
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
    assert!(matches!(err, Error::UnexpectedResponse { .. }), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("live-"), "{text}");
        assert!(text.contains("expires_in"), "{text}");
    }
}

#[tokio::test]
async fn huge_body_is_refused() {
    let server = MockServer::start().await;
    let huge = format!("{{\"access_token\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { .. }), "{err:?}");
    // The status line had arrived: the error tells it.
    assert_eq!(err.status(), Some(http::StatusCode::OK), "{err:?}");
}

#[tokio::test]
async fn discovery_refuses_another_issuer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": "https://attacker.example",
            "token_endpoint": format!("{}/token", server.uri()),
        })))
        .mount(&server)
        .await;
    let err = OAuth2Client::builder()
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .discover(&server.uri())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::IssuerMismatch { .. }), "{err:?}");
}

#[tokio::test]
async fn discovery_falls_back_to_rfc8414() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/oauth-authorization-server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": server.uri(),
            "token_endpoint": format!("{}/token", server.uri()),
        })))
        .mount(&server)
        .await;
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .discover(&server.uri())
        .await
        .unwrap();
    assert_eq!(
        client.metadata().token_endpoint,
        Some(format!("{}/token", server.uri()))
    );
}

#[tokio::test]
async fn token_manager_shares_one_failure_then_recovers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_delay(Duration::from_millis(100))
                .set_body_raw("oops", "text/plain"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"good","token_type":"Bearer","expires_in":3600}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let manager = TokenManager::client_credentials(client(&server).await.client_credentials());
    let waiters: Vec<_> = (0..10)
        .map(|_| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    for waiter in waiters {
        assert!(waiter.await.unwrap().is_err());
    }
    let token = manager.token().await.unwrap();
    assert_eq!(token.access_token().secret(), "good");
}

#[tokio::test]
async fn userinfo_error_from_www_authenticate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Bearer error="invalid_token", error_description="expired""#,
        ))
        .mount(&server)
        .await;
    let token = oauth2_types::BearerToken::new("a");
    let err = client(&server).await.userinfo(&token).await.unwrap_err();
    assert!(err.is_oauth_error("invalid_token"), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
}
