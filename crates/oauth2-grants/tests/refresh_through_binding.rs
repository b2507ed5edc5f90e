//! A bound token is refreshed and renewed through its binding seam, whatever binding it is:
//! the token request carries the binding's proof (no downcast to a known binding type), and
//! the new token is bound the same way. A healthy AS would refuse the toy proof: wiremock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use async_trait::async_trait;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, TokenManager};
use oauth2_types::{AccessToken, AuthorizeError, BearerToken, TokenBinding};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A binding the grants crate knows nothing of: its "proof" is a fixed header.
#[derive(Debug)]
struct ToyBinding;

#[async_trait]
impl TokenBinding for ToyBinding {
    fn scheme(&self) -> &str {
        "DPoP"
    }

    async fn authorize(
        &self,
        token: &AccessToken,
        _: &http::Method,
        _: &url::Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        let value = format!("DPoP {}", token.secret()).parse().unwrap();
        headers.insert("authorization", value);
        Ok(())
    }

    async fn prove(
        &self,
        _: &http::Method,
        _: &url::Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        headers.insert("dpop", http::HeaderValue::from_static("toy-proof"));
        Ok(())
    }

    fn thumbprint(&self) -> Option<&str> {
        Some("toy-jkt")
    }
}

fn client(server: &MockServer) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .build()
        .unwrap()
}

async fn token_endpoint_wanting_the_toy_proof(server: &MockServer, grant: &str) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header("dpop", "toy-proof"))
        .and(body_string_contains(grant))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"fresh","token_type":"DPoP","expires_in":60,"refresh_token":"r2"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(server)
        .await;
}

fn toy_bound_token() -> BearerToken {
    BearerToken::new("old")
        .with_token_type("DPoP")
        .with_refresh_token("r1")
        .with_binding(Arc::new(ToyBinding))
}

#[tokio::test]
async fn a_refresh_proves_the_key_through_the_tokens_binding() {
    let server = MockServer::start().await;
    token_endpoint_wanting_the_toy_proof(&server, "grant_type=refresh_token").await;
    let fresh = client(&server)
        .refresh(&toy_bound_token())
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.access_token().secret(), "fresh");
    let binding = fresh.binding().expect("the new token keeps the binding");
    assert_eq!(binding.thumbprint(), Some("toy-jkt"));
}

#[tokio::test]
async fn a_client_credentials_renewal_keeps_the_tokens_binding() {
    let server = MockServer::start().await;
    token_endpoint_wanting_the_toy_proof(&server, "grant_type=client_credentials").await;
    let client = client(&server);
    // An expired token without a refresh token: the manager asks for a new one, for the
    // same key.
    let expired = BearerToken::new("old")
        .with_token_type("DPoP")
        .with_expires_in(std::time::Duration::ZERO)
        .with_binding(Arc::new(ToyBinding));
    let manager = TokenManager::with_initial(
        oauth2_grants::ClientCredentialsFetcher::new(client.client_credentials()),
        Some(expired),
    );
    let fresh = manager.token().await.unwrap();
    assert_eq!(fresh.access_token().secret(), "fresh");
    assert_eq!(fresh.binding().unwrap().thumbprint(), Some("toy-jkt"));
}
