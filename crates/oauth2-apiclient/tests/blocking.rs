//! The blocking ApiClient against the local authorization server's protected resource, from
//! plain `#[test]` functions: every method with segments and bodies, `error_for_status`, the
//! retry with a fresh token after a rejection, and the typed error inside an async runtime.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::future::Future;

use oauth2_apiclient::Error;
use oauth2_apiclient::blocking::ApiClient;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::blocking::{OAuth2Client, TokenManager};
use oauth2_test_server::TestServer;
use oauth2_types::blocking::BlockingError;
use serde_json::{Value, json};

fn server() -> &'static TestServer {
    TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"))
}

/// Runs a test-server helper (they are async) on a runtime of its own.
fn harness<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn manager(client_id: &str) -> TokenManager {
    let creds = server().client(client_id).unwrap();
    let builder = oauth2_grants::OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap(),
        ))
        .allow_insecure_http(true);
    let client =
        OAuth2Client::discover_with(builder, server().issuer().as_str().trim_end_matches('/'))
            .unwrap();
    TokenManager::client_credentials(client.client_credentials().scope("api:read"))
}

fn api(manager: TokenManager) -> ApiClient {
    ApiClient::new(server().resource().join("api/").unwrap().as_str(), manager).unwrap()
}

#[test]
fn every_method_with_segments_and_bodies() {
    let api = api(manager("client-secret-post"));
    let echo: Value = api
        .get(["echo", "a b/c"])
        .unwrap()
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(echo["method"], "GET");
    assert_eq!(echo["path"], "/api/echo/a%20b%2Fc");
    assert_eq!(echo["client_id"], "client-secret-post");

    let response = api
        .post("echo")
        .unwrap()
        .query(&[("page", "2")])
        .json(&json!({"sku": "A1"}))
        .send()
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(response.headers()["content-type"], "application/json");
    let echo: Value = serde_json::from_str(&response.text().unwrap()).unwrap();
    assert_eq!(
        (&echo["method"], &echo["query"]["page"]),
        (&json!("POST"), &json!("2"))
    );
    assert_eq!(echo["body"], r#"{"sku":"A1"}"#);

    let echo: Value = api
        .put("echo")
        .unwrap()
        .form(&[("a", "1")])
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (&echo["method"], &echo["body"]),
        (&json!("PUT"), &json!("a=1"))
    );
    let bytes = api
        .patch("echo")
        .unwrap()
        .body("raw")
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let echo: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        (&echo["method"], &echo["body"]),
        (&json!("PATCH"), &json!("raw"))
    );
    let echo: Value = api
        .delete(["echo", "42"])
        .unwrap()
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(echo["method"], "DELETE");

    let sub = api.sub("echo").unwrap();
    let echo: Value = sub.get("x").unwrap().send().unwrap().json().unwrap();
    assert_eq!(echo["path"], "/api/echo/x");
    assert!(api.get("../admin").is_err());
}

#[test]
fn an_error_status_is_an_error_unless_the_request_reads_it() {
    let root = ApiClient::new(server().resource().as_str(), manager("client-secret-post")).unwrap();
    let err = root.get("missing").unwrap().send().unwrap_err();
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::NOT_FOUND),
        "{err:?}"
    );
    let Error::Status { excerpt, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(excerpt.contains("not_found"), "{excerpt}");

    let response = root
        .get("missing")
        .unwrap()
        .error_for_status(false)
        .send()
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
    let err = response.json::<Vec<String>>().unwrap_err();
    assert!(matches!(err, Error::Json(_)), "{err:?}");
}

#[test]
fn a_json_error_does_not_quote_the_body() {
    #[derive(Debug, serde::Deserialize)]
    struct Echo {
        #[allow(dead_code)]
        body: u64,
    }
    let token = "2YotnFZFEjr1zCsicMWpAA";
    let api = api(manager("client-secret-post"));
    let response = api.post("echo").unwrap().body(token).send().unwrap();
    let err = response.json::<Echo>().unwrap_err();
    assert!(matches!(err, Error::Json(_)), "{err:?}");
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert!(display.contains("invalid type: string"), "{display}");
    assert!(
        !display.contains(token) && !debug.contains(token),
        "{display} / {debug}"
    );
}

#[test]
fn a_rejected_token_is_renewed_and_the_request_retried_once() {
    let client_id = "client-secret-basic";
    let creds = server().client(client_id).unwrap();
    let builder = oauth2_grants::OAuth2Client::builder()
        .auth(oauth2_client_auth::ClientSecretBasic::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap(),
        ))
        .allow_insecure_http(true);
    let client =
        OAuth2Client::discover_with(builder, server().issuer().as_str().trim_end_matches('/'))
            .unwrap();
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = api(manager.clone());
    let count = || {
        harness(oauth2_test_server::token_requests(
            server().issuer(),
            client_id,
        ))
        .unwrap()
    };
    let before = count();
    let echo: Value = api
        .post(["reject-once", "blocking"])
        .unwrap()
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(echo["path"], "/api/reject-once/blocking");
    assert_eq!(
        count() - before,
        2,
        "one token, then a fresh one after the rejection"
    );
}

#[test]
fn the_response_debug_shows_no_header_body_or_query() {
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let api = api(manager("client-secret-post"));
    let response = api
        .get("echo")
        .unwrap()
        .query(&[("code", code)])
        .send()
        .unwrap();
    assert_eq!(response.url().query(), Some(&*format!("code={code}")));
    let debug = format!("{response:?}");
    assert!(
        debug.contains("200") && debug.contains("/api/echo"),
        "{debug}"
    );
    assert!(
        !debug.contains("client-secret-post") && !debug.contains("application/json"),
        "{debug}"
    );
    assert!(!debug.contains(code) && !debug.contains('?'), "{debug}");
}

#[test]
fn inside_an_async_runtime_a_blocking_send_is_a_typed_error() {
    let api = api(manager("client-secret-post"));
    let err = harness(async { api.get("echo").unwrap().send() }).unwrap_err();
    assert!(
        matches!(err, Error::Blocking(BlockingError::InAsyncContext)),
        "{err:?}"
    );
}

#[test]
fn a_blocking_call_in_the_renewal_hook_is_a_typed_error() {
    // The hook runs on the blocking runtime, inside the renewal: a blocking call there would
    // stall it, and is refused as it is from any async code.
    let (sender, receiver) = std::sync::mpsc::channel();
    let sender = std::sync::Mutex::new(sender);
    let manager = manager("client-secret-post").on_renewal(move |_| {
        let outcome = oauth2_types::blocking::block_on(async {});
        sender.lock().unwrap().send(outcome).unwrap();
    });
    api(manager).get("echo").unwrap().send().unwrap();
    assert_eq!(receiver.recv().unwrap(), Err(BlockingError::InAsyncContext));
}

#[test]
fn the_timeout_covers_the_body_of_a_blocking_response() {
    use std::time::{Duration, Instant};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // The scripted API runs on a runtime of its own, whose workers answer meanwhile.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
            .mount(&server)
            .await;
        server
    });
    let api = ApiClient::new(&server.uri(), oauth2_types::BearerToken::new("t"))
        .unwrap()
        .timeout(Duration::from_millis(300));
    let started = Instant::now();
    let err = api.get("slow").unwrap().send().unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn blocking_types_go_to_other_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send + 'static>() {}
    send_sync::<ApiClient>();
    send_sync::<oauth2_apiclient::blocking::Response>();
    send::<oauth2_apiclient::blocking::ApiRequest>();
}
