//! What every request of the `oauth2` command to an authorization server gets (wiremock: a
//! healthy server neither redirects nor stalls): the command's own User-Agent, no redirect
//! followed, and `--timeout` enforced.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::time::{Duration, Instant};

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `oauth2 discover ISSUER --allow-http --timeout 1`, off the async runtime.
async fn discover(issuer: String) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        oauth2(&["discover", &issuer, "--allow-http", "--timeout", "1"])
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_carry_the_commands_user_agent_and_follow_no_redirect() {
    let (server, other) = (MockServer::start().await, MockServer::start().await);
    let location = format!("{}/.well-known/openid-configuration", other.uri());
    Mock::given(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", &location))
        .mount(&server)
        .await;
    let out = discover(server.uri()).await;
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        other.received_requests().await.unwrap().is_empty(),
        "followed"
    );
    let received = server.received_requests().await.unwrap();
    let user_agent = received[0].headers["user-agent"].to_str().unwrap();
    assert!(user_agent.starts_with("oauth2-cli/"), "{user_agent}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_stalls_fails_within_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let out = discover(server.uri()).await;
    assert!(!out.status.success());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}: {}",
        started.elapsed(),
        text(&out.stderr)
    );
}
