//! `ApiClient` answers that a healthy API only gives on bad days (error bodies with secrets in
//! them, a server that never answers), played by wiremock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_apiclient::{ApiClient, Error};
use oauth2_types::BearerToken;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LEAKED: &str = "tGzv3JOkF0XG5Qx2TlKWIA";

async fn api_answering(status: u16, body: &str) -> (MockServer, ApiClient) {
    let server = MockServer::start().await;
    Mock::given(path("/api/orders/42"))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    let api = ApiClient::new(&format!("{}/api", server.uri()), BearerToken::new("t")).unwrap();
    (server, api)
}

#[tokio::test]
async fn an_error_status_is_an_error_with_its_status_and_a_redacted_excerpt() {
    let body = format!(r#"{{"error":"not_found","debug":{{"refresh_token":"{LEAKED}"}}}}"#);
    let (_server, api) = api_answering(404, &body).await;
    let err = api.get(["orders", "42"]).unwrap().send().await.unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    let Error::Status { excerpt, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(excerpt.contains("not_found"), "{excerpt}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(shown.contains("404"), "{shown}");
        assert!(!shown.contains(LEAKED), "{shown}");
    }
}

#[tokio::test]
async fn a_server_error_with_a_long_body_gives_a_short_excerpt() {
    let body = format!("<html>{}</html>", "Bad Gateway ".repeat(10_000));
    let (_server, api) = api_answering(502, &body).await;
    let err = api.get("orders/42").unwrap().send().await.unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_GATEWAY));
    assert!(err.to_string().len() < 1_000, "{err}");
}

#[tokio::test]
async fn a_request_can_read_an_error_status_itself() {
    let (_server, api) = api_answering(404, "no such order").await;
    let response = api
        .get("orders/42")
        .unwrap()
        .error_for_status(false)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.text().await.unwrap(), "no such order");
}

#[tokio::test]
async fn a_client_can_read_error_statuses_itself_and_a_request_can_still_raise() {
    let (_server, api) = api_answering(404, "no such order").await;
    let lenient = api.error_for_status(false).sub("orders").unwrap();
    let response = lenient.get("42").unwrap().send().await.unwrap();
    assert_eq!(response.status(), 404, "sub-clients keep the setting");
    let err = lenient
        .get("42")
        .unwrap()
        .error_for_status(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn a_success_is_a_response() {
    let (_server, api) = api_answering(200, "order 42").await;
    let response = api.get(["orders", "42"]).unwrap().send().await.unwrap();
    assert_eq!(response.text().await.unwrap(), "order 42");
}

#[tokio::test]
async fn a_callers_builder_cannot_lift_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/api/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    // The caller's builder says an hour; the API client's timeout applies to each request.
    let builder = reqwest::Client::builder().timeout(Duration::from_secs(3600));
    let api = ApiClient::with_builder(
        &format!("{}/api", server.uri()),
        builder,
        BearerToken::new("t"),
    )
    .unwrap()
    .timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let err = api.get("slow").unwrap().send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_callers_middleware_client_gets_the_default_timeout_on_each_request() {
    // A reqwest client with no timeout of its own.
    let http =
        oauth2_apiclient::authorized_client(reqwest::Client::builder(), BearerToken::new("t"))
            .unwrap();
    let api = ApiClient::with_client("https://api.example/v1", http).unwrap();
    let request = api.get("orders").unwrap().build().unwrap();
    assert_eq!(request.timeout(), Some(&oauth2_apiclient::DEFAULT_TIMEOUT));
}
