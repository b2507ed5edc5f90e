//! A token endpoint that fails with a body carrying tokens (a 502 relaying an upstream answer)
//! must not put them in the middleware's error. Served by wiremock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_apiclient::OAuth2Middleware;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, TokenManager};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_token_nested_in_a_502_never_reaches_the_middleware_error() {
    let server = MockServer::start().await;
    let body = r#"{"detail":"upstream said {\"access_token\":\"SECRET-AT-1\",\"refresh_token\":\"SECRET-RT-2\"}","trace":"abc"}"#;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let manager = TokenManager::client_credentials(client.client_credentials());
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(manager))
        .build();
    let err = api
        .get(format!("{}/api", server.uri()))
        .send()
        .await
        .unwrap_err();
    let shown = [
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        format!("{:?}", anyhow_chain(&err)),
    ];
    for shown in &shown {
        for secret in ["SECRET-AT-1", "SECRET-RT-2"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    // The failure is still told: the status and the rest of the body.
    assert!(shown[1].contains("502"), "{}", shown[1]);
    assert!(shown[1].contains("trace"), "{}", shown[1]);
}

/// Every error of the source chain, as its Display.
fn anyhow_chain(err: &reqwest_middleware::Error) -> Vec<String> {
    let mut chain = Vec::new();
    let mut next: Option<&dyn std::error::Error> = Some(err);
    while let Some(err) = next {
        chain.push(err.to_string());
        next = err.source();
    }
    chain
}
