//! Middleware behaviour on answers the local resource server does not give: repeated
//! rejections, rejections of streamed bodies, token sources that fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use oauth2_apiclient::OAuth2Middleware;
use oauth2_types::{BearerToken, TokenSource, TokenSourceError};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Hands out token-0, token-1, ... and counts rejections.
#[derive(Debug, Default)]
struct Numbered {
    issued: AtomicUsize,
    rejected: AtomicUsize,
}

impl TokenSource for Numbered {
    async fn token(&self) -> Result<BearerToken, TokenSourceError> {
        let n = self.issued.fetch_add(1, Ordering::SeqCst);
        Ok(BearerToken::new(format!("token-{n}")))
    }
    async fn token_rejected(&self, _token: &BearerToken) {
        self.rejected.fetch_add(1, Ordering::SeqCst);
    }
}

fn invalid_token() -> ResponseTemplate {
    ResponseTemplate::new(401).insert_header("www-authenticate", r#"Bearer error="invalid_token""#)
}

#[tokio::test]
async fn retries_once_with_a_fresh_token_and_no_more() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/always-401"))
        .respond_with(invalid_token())
        .expect(2)
        .mount(&server)
        .await;
    let source = Arc::new(Numbered::default());
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(source.clone()))
        .build();
    let response = api
        .get(format!("{}/always-401", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(source.issued.load(Ordering::SeqCst), 2);
    assert_eq!(source.rejected.load(Ordering::SeqCst), 1);
}

/// A fixed token has no other to give: a rejection of it is the answer, not a reason to send
/// the same token again.
#[tokio::test]
async fn a_rejected_fixed_token_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/always-401"))
        .respond_with(invalid_token())
        .expect(1)
        .mount(&server)
        .await;
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(BearerToken::new("fixed")))
        .build();
    let response = api
        .get(format!("{}/always-401", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn fresh_token_is_used_on_the_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/x"))
        .and(header("authorization", "Bearer token-0"))
        .respond_with(invalid_token())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/x"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(Numbered::default()))
        .build();
    let response = api
        .post(format!("{}/x", server.uri()))
        .body("payload")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn other_401s_and_403s_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/forbidden"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("www-authenticate", r#"Bearer error="insufficient_scope""#),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/garbled"))
        .respond_with(ResponseTemplate::new(401).insert_header("www-authenticate", "\"=,,"))
        .expect(1)
        .mount(&server)
        .await;
    let source = Arc::new(Numbered::default());
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(source.clone()))
        .build();
    assert_eq!(
        api.get(format!("{}/forbidden", server.uri()))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        api.get(format!("{}/garbled", server.uri()))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(source.rejected.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_streamed_body_is_not_sent_twice_but_the_rejection_is_told() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .and(header("authorization", "Bearer token-0"))
        .respond_with(invalid_token())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let source = Arc::new(Numbered::default());
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(source.clone()))
        .build();
    let url = format!("{}/upload", server.uri());
    // A streamed body cannot be cloned: no retry, the 401 comes back.
    let chunks = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"payload"))
    });
    let response = api
        .post(&url)
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        source.rejected.load(Ordering::SeqCst),
        1,
        "the source was told"
    );
    // The next request gets a fresh token at once.
    let response = api.post(&url).body("payload").send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_failing_token_source_is_an_error_not_a_request() {
    #[derive(Debug)]
    struct Broken;
    impl TokenSource for Broken {
        async fn token(&self) -> Result<BearerToken, TokenSourceError> {
            Err(TokenSourceError::Other(
                "the authorization server is down".into(),
            ))
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(Broken))
        .build();
    let err = api.get(server.uri()).send().await.unwrap_err();
    assert!(
        err.to_string().contains("could not obtain a token"),
        "{err}"
    );
}
