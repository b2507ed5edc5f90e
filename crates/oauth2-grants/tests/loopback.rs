//! The loopback listener on its own: idle connections, hosts it refuses, and what the
//! browser page shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_grants::{CONNECTION_READ_TIMEOUT, LoopbackError, LoopbackRedirect};
use oauth2_pkce_par_jar::{AuthorizationRequest, CallbackError};

fn request_for(loopback: &LoopbackRedirect) -> AuthorizationRequest {
    AuthorizationRequest::builder("https://as.example/authorize".parse().unwrap(), "c")
        .redirect_uri(loopback.redirect_uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_idle_connection_does_not_stall_the_callback() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let base: url::Url = loopback.redirect_uri().parse().unwrap();
    let address = format!("127.0.0.1:{}", base.port().unwrap());
    let pending = request.pending().clone();
    // Shorter than the per-connection read timeout: only concurrent reading passes.
    let patience = CONNECTION_READ_TIMEOUT / 2;
    let waiting = tokio::spawn(async move { loopback.wait(&pending, patience).await });

    // A browser's preconnect: opened first, never sends anything.
    let _idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    let page = reqwest::get(callback).await.unwrap();
    assert_eq!(page.status(), 200);
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.code(), "abc");
}

#[tokio::test]
async fn the_error_page_never_shows_the_expected_state() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let pending = request.pending().clone();
    let url = format!("{}?code=stolen&state=forged-state", loopback.redirect_uri());
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    let page = reqwest::get(url).await.unwrap();
    assert_eq!(page.status(), 400);
    let body = page.text().await.unwrap();
    assert!(body.contains("Sign-in failed"), "{body}");
    assert!(!body.contains(request.pending().state()), "{body}");
    let err = waiting.await.unwrap().unwrap_err();
    assert!(!err.to_string().contains(request.pending().state()));
    assert!(!format!("{err:?}").contains(request.pending().state()));
    assert!(matches!(
        err,
        LoopbackError::Callback(CallbackError::StateMismatch { .. })
    ));
}

#[tokio::test]
async fn bind_to_refuses_hosts_beyond_the_loopback_interface() {
    for url in [
        "http://0.0.0.0:0/callback",
        "http://192.168.1.10:0/callback",
        "http://[::]:0/callback",
        "http://example.com:0/callback",
        "https://127.0.0.1:0/callback",
    ] {
        let err = LoopbackRedirect::bind_to(&url.parse().unwrap())
            .await
            .unwrap_err();
        assert!(matches!(err, LoopbackError::Url(_)), "{url}: {err:?}");
    }
    for url in ["http://127.0.0.1:0/callback", "http://localhost:0/callback"] {
        LoopbackRedirect::bind_to(&url.parse().unwrap())
            .await
            .unwrap_or_else(|err| panic!("{url}: {err}"));
    }
}

/// The listener's port, for raw connections.
fn address_of(loopback: &LoopbackRedirect) -> String {
    let base: url::Url = loopback.redirect_uri().parse().unwrap();
    format!("127.0.0.1:{}", base.port().unwrap())
}

#[tokio::test]
async fn a_form_post_callback_is_accepted_with_the_same_state_check() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let pending = request.pending().clone();
    let redirect_uri = loopback.redirect_uri().to_owned();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    let page = reqwest::Client::new()
        .post(&redirect_uri)
        .form(&[("code", "abc"), ("state", request.pending().state())])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.code(), "abc");

    // A forged state in the body is refused as in the query.
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let pending = request.pending().clone();
    let redirect_uri = loopback.redirect_uri().to_owned();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    let page = reqwest::Client::new()
        .post(&redirect_uri)
        .form(&[("code", "stolen"), ("state", "forged-state")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(
        err,
        LoopbackError::Callback(CallbackError::StateMismatch { .. })
    ));
}

#[tokio::test]
async fn posts_that_are_not_a_bounded_form_are_refused_and_the_wait_goes_on() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let pending = request.pending().clone();
    let redirect_uri = loopback.redirect_uri().to_owned();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    let client = reqwest::Client::new();
    let state = request.pending().state();
    let json = client
        .post(&redirect_uri)
        .header("content-type", "application/json")
        .body(format!(r#"{{"code":"abc","state":"{state}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);
    let huge = "x".repeat(65 * 1024);
    let oversize = client
        .post(&redirect_uri)
        .form(&[("code", huge.as_str()), ("state", state)])
        .send()
        .await
        .unwrap();
    assert_eq!(oversize.status(), 413);
    let put = client.put(&redirect_uri).send().await.unwrap();
    assert_eq!(put.status(), 405);
    // Still waiting: the real callback is taken.
    let page = client
        .post(&redirect_uri)
        .form(&[("code", "abc"), ("state", state)])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

#[tokio::test]
async fn a_connection_closed_before_its_request_does_not_end_the_wait() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let address = address_of(&loopback);
    let pending = request.pending().clone();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    // A browser's preconnect that gives up: opened and closed without a byte.
    drop(tokio::net::TcpStream::connect(&address).await.unwrap());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    let page = reqwest::get(callback).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}
