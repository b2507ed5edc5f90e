//! What a request costs in memory: reqwest-middleware boxes the middleware's future for each
//! request, and a box over about 1 KB leaves the allocator's fast path (glibc's per-thread
//! cache ends at 1,032 bytes), which showed as 2–3 % of a loopback request in the bench.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use oauth2_apiclient::{OAuth2Middleware, RequestBuilderExt};
use oauth2_grants::TokenManager;
use oauth2_types::BearerToken;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "../benches/support/measure.rs"]
mod measure;
use measure::{Cached, MeasureFuture};

/// The most a per-request future may take and stay in the allocator's fast path.
const FAST_ALLOCATION: usize = 1024;

fn token() -> BearerToken {
    BearerToken::new("x".repeat(800)).with_expires_in(Duration::from_secs(3600))
}

#[tokio::test]
async fn the_middleware_future_boxed_per_request_stays_under_a_kilobyte() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let size = Arc::new(AtomicUsize::new(0));
    let manager = TokenManager::with_initial(Cached, Some(token()));
    let reqwest = oauth2_apiclient::reqwest_client(reqwest::Client::builder()).unwrap();
    let http = reqwest_middleware::ClientBuilder::new(reqwest)
        .with(MeasureFuture(OAuth2Middleware::new(manager), size.clone()))
        .build();

    let response = http.get(server.uri()).send().await.unwrap();

    assert_eq!(response.status(), 200);
    let size = size.load(Ordering::SeqCst);
    assert!(size > 0 && size <= FAST_ALLOCATION, "{size} B");
}

#[tokio::test]
async fn send_with_future_does_not_carry_the_request_twice() {
    let client = oauth2_apiclient::reqwest_client(reqwest::Client::builder()).unwrap();
    let token = token();
    let future = client.get("http://127.0.0.1:9/").send_with(&token);
    // The request (264 B), its spare copy and the builder's own: one copy more would pass 1.5 KB.
    let size = std::mem::size_of_val(&future);
    assert!(size <= 1536, "{size} B");
}
