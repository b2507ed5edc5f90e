//! The middleware and DPoP nonce challenges the local resource server does not give:
//! concurrent first requests, a resource server that repeats its nonce or omits it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixed, dpop_token};

use std::time::Duration;

use oauth2_apiclient::{OAuth2Middleware, RequestBuilderExt};
use oauth2_dpop::{DpopBinding, DpopKey};
use oauth2_test_server::dpop_mock::{ProofNonce, resource_nonce_challenge};
use oauth2_types::BearerToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn api() -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(Fixed(dpop_token("at"))))
        .build()
}

#[tokio::test]
async fn concurrent_first_requests_each_answer_the_resource_nonce_challenge() {
    let server = MockServer::start().await;
    // Slow challenges: both requests go out without a nonce before either answer arrives, and
    // the first answer stores the nonce before the second is read.
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(None))
        .respond_with(resource_nonce_challenge(Some("r1")).set_delay(Duration::from_millis(300)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(Some("r1")))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let api = api();
    let url = format!("{}/api", server.uri());
    let (a, b) = tokio::join!(api.get(&url).send(), api.get(&url).send());
    assert_eq!(a.unwrap().status(), 200);
    assert_eq!(b.unwrap().status(), 200);
}

#[tokio::test]
async fn a_request_sent_with_an_old_nonce_answers_the_new_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(Some("old")))
        .respond_with(resource_nonce_challenge(Some("new")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(Some("new")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let binding =
        DpopBinding::new(DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap()).unwrap();
    // The token's binding shares this one's nonce memory.
    let token = binding.bind(BearerToken::new("at").with_token_type("DPoP"));
    let url: url::Url = format!("{}/api", server.uri()).parse().unwrap();
    binding.nonces().set(&url, "old");
    // The request goes out with "old"; meanwhile another response brings "new".
    let mut request = reqwest::Client::new().get(url.clone()).build().unwrap();
    oauth2_apiclient::authorize_request(&token, &mut request)
        .await
        .unwrap();
    binding.nonces().set(&url, "new");
    let sent = request.headers().clone();
    let response = reqwest::Client::new().execute(request).await.unwrap();
    let advice = token.on_response(
        &http::Method::GET,
        &url,
        &sent,
        response.status(),
        response.headers(),
    );
    assert_eq!(advice, oauth2_types::RetryAdvice::RetryWithNonce);
    let response = reqwest::Client::new()
        .get(url)
        .send_with(&token)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_repeated_nonce_gets_one_retry_then_the_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .respond_with(resource_nonce_challenge(Some("always-r1")))
        .expect(2)
        .mount(&server)
        .await;
    let response = api()
        .get(format!("{}/api", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_retry_challenged_without_a_nonce_gets_the_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(None))
        .respond_with(resource_nonce_challenge(Some("r1")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .and(ProofNonce(Some("r1")))
        .respond_with(resource_nonce_challenge(None))
        .expect(1)
        .mount(&server)
        .await;
    let response = api()
        .get(format!("{}/api", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_challenge_without_a_nonce_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api"))
        .respond_with(resource_nonce_challenge(None))
        .expect(1)
        .mount(&server)
        .await;
    let response = api()
        .get(format!("{}/api", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
