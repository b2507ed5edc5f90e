//! The authorization code flow as a person lives it: headless Chromium opens the authorization
//! URL, the user signs in and consents on the local server's HTML pages, the browser lands on
//! the loopback listener (RFC 8252), and the code is exchanged with its ID token validated.
//! Needs Chromium and ChromeDriver (Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs); without them the test is skipped with a loud notice, or fails under `CI=true`
//! or `OAUTH2_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Duration;

use common::client_for;
use oauth2_grants::{LoopbackError, LoopbackRedirect};
use oauth2_pkce_par_jar::CallbackError;
use oauth2_test_server::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn a_person_signs_in_and_consents_in_headless_chromium() {
    let client = client_for("browser-client").await;
    let Some(browser) =
        Browser::start_or_skip("a_person_signs_in_and_consents_in_headless_chromium")
            .await
            .unwrap_or_else(|err| panic!("headless Chromium did not start: {err}"))
    else {
        return;
    };

    // Allowed: login (a wrong password first), consent, the loopback page, the exchange.
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(loopback.redirect_uri())
        .scope(["openid", "email", "profile"])
        .build()
        .unwrap();
    let pending = request.pending().clone();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(60)).await });

    browser.goto(request.url().as_str()).await.unwrap();
    browser.wait_for_text("h1", "Sign in").await.unwrap();
    browser.fill("#username", "alice").await.unwrap();
    browser.fill("#password", "not the password").await.unwrap();
    browser.click("#sign-in").await.unwrap();
    browser.wait_for_text("#message", "Wrong").await.unwrap();
    browser.fill("#username", "alice").await.unwrap();
    browser.fill("#password", "wonderland").await.unwrap();
    browser.click("#sign-in").await.unwrap();
    browser.wait_for_text("#scopes", "email").await.unwrap();
    browser.click("#allow").await.unwrap();

    // The loopback listener's page.
    browser.wait_for_text("body", "Signed in").await.unwrap();
    let landed = browser.current_url().await.unwrap();
    assert_eq!(landed.host_str(), Some("127.0.0.1"));
    assert_eq!(landed.path(), "/callback");
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.param("iss"), client.issuer());

    let token = client.exchange_code(&response).send().await.unwrap();
    assert!(token.id_token().is_some(), "validated at the exchange");
    let claims = client.userinfo(&token).await.unwrap();
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["email"], "alice@example.com");

    // Denied: the browser keeps its session, so only the consent page is shown.
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(loopback.redirect_uri())
        .scope(["openid", "email"])
        .prompt("consent")
        .build()
        .unwrap();
    let pending = request.pending().clone();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(60)).await });
    browser.goto(request.url().as_str()).await.unwrap();
    browser.wait_for_text("h1", "Authorize").await.unwrap();
    browser.click("#deny").await.unwrap();
    browser
        .wait_for_text("body", "Sign-in failed")
        .await
        .unwrap();
    let err = waiting.await.unwrap().unwrap_err();
    let LoopbackError::Callback(CallbackError::Error(response)) = err else {
        panic!("{err:?}")
    };
    assert_eq!(response.error.as_str(), "access_denied");

    browser.close().await;
}

/// Runs `start_or_skip` in a child process of this test binary, with ChromeDriver pointed at
/// a program that is not there, and returns what the child printed (stdout, stderr).
fn start_or_skip_without_a_driver(env: &[(&str, &str)]) -> (String, String) {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "start_or_skip_in_this_environment",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("CHROMEDRIVER", "/nonexistent/chromedriver")
        .env_remove("CI")
        .env_remove(oauth2_test_server::REQUIRE_BROWSER_VAR);
    for (name, value) in env {
        child.env(name, value);
    }
    let out = child.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_browser_is_skipped_loudly_outside_ci_and_fails_under_ci() {
    let (stdout, stderr) = start_or_skip_without_a_driver(&[]);
    assert!(stdout.contains("RESULT: skipped"), "{stdout}");
    assert!(stderr.contains("SKIPPED"), "{stderr}");
    assert!(stderr.contains("/nonexistent/chromedriver"), "{stderr}");
    assert!(
        stderr.contains("apt-get install chromium chromium-driver"),
        "{stderr}"
    );
    assert!(stderr.contains("OAUTH2_REQUIRE_BROWSER=1"), "{stderr}");

    for env in [
        ("CI", "true"),
        (oauth2_test_server::REQUIRE_BROWSER_VAR, "1"),
    ] {
        let (stdout, _) = start_or_skip_without_a_driver(&[env]);
        assert!(stdout.contains("RESULT: failed"), "{env:?}: {stdout}");
        assert!(
            stdout.contains("/nonexistent/chromedriver"),
            "{env:?}: {stdout}"
        );
    }
}

#[tokio::test]
#[ignore = "run by a_missing_browser_is_skipped_loudly_outside_ci_and_fails_under_ci, in a child process with its own environment"]
async fn start_or_skip_in_this_environment() {
    match Browser::start_or_skip("start_or_skip_in_this_environment").await {
        Ok(None) => println!("RESULT: skipped"),
        Ok(Some(browser)) => {
            browser.close().await;
            println!("RESULT: started");
        }
        Err(err) => println!("RESULT: failed: {err}"),
    }
}
