//! `oauth2 call` and an API that redirects elsewhere (a healthy one never does: wiremock):
//! the request, with its token, never reaches the other origin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread")]
async fn call_does_not_follow_a_redirect() {
    let (api, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("thanks for the token"))
        .mount(&other)
        .await;
    let location = format!("{}/steal", other.uri());
    Mock::given(wiremock::matchers::path("/orders"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", &location))
        .expect(1)
        .mount(&api)
        .await;
    let secret = secret_of("client-secret-basic");
    let url = format!("{}/orders", api.uri());
    let out = tokio::task::spawn_blocking(move || {
        oauth2(&[
            "call",
            "GET",
            &url,
            "--issuer",
            &issuer(),
            "--allow-http",
            "--client-id",
            "client-secret-basic",
            "--client-secret",
            &secret,
            "--dpop",
        ])
    })
    .await
    .unwrap();
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("307"), "{stderr}");
    let asked = other.received_requests().await.unwrap();
    assert!(asked.is_empty(), "the other origin was asked: {asked:?}");
}
