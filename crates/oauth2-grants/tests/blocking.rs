//! The blocking API against the local authorization server, from plain `#[test]` functions
//! (no async runtime of the test's own around the calls): every grant a healthy server does,
//! the token managers across threads, and the typed error inside an async runtime.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::{auth_for, issuer, server, test_client};
use oauth2_grants::blocking::{OAuth2Client, TokenManager};
use oauth2_grants::{Error, PollStep};
use oauth2_types::blocking::BlockingError;

/// Runs a test-server helper (they are async) on a runtime of its own, outside the calls
/// under test.
fn harness<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn client_for(id: &str) -> OAuth2Client {
    let builder = OAuth2Client::builder()
        .auth(auth_for(id))
        .allow_insecure_http(true);
    OAuth2Client::discover_with(builder, &issuer()).unwrap()
}

fn token_requests(client_id: &str) -> u64 {
    harness(oauth2_test_server::token_requests(
        server().issuer(),
        client_id,
    ))
    .unwrap()
}

#[test]
fn client_credentials_and_its_manager() {
    let client = client_for("client-secret-basic");
    let token = client
        .client_credentials()
        .scope("api:read")
        .send()
        .unwrap();
    assert!(!token.access_token().secret().is_empty());

    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let first = manager.token().unwrap();
    assert_eq!(
        manager.token().unwrap().access_token(),
        first.access_token()
    );
    manager.invalidate();
    assert_ne!(
        manager.token().unwrap().access_token(),
        first.access_token()
    );
}

#[test]
fn discovery_refuses_plain_http_unless_allowed() {
    let err = OAuth2Client::discover(&issuer(), auth_for("client-secret-basic")).unwrap_err();
    assert!(matches!(err, Error::InsecureUrl(_)), "{err:?}");
}

#[test]
fn code_flow_then_userinfo_refresh_introspect_and_revoke() {
    let id = "client-secret-post";
    let client = client_for(id);
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client(id).redirect_uri)
        .scope(["openid", "email"])
        .build()
        .unwrap();
    let request = client.prepare_authorization(request).unwrap();
    let callback = harness(server().complete_authorization(request.url())).unwrap();
    let response = request.pending().validate_callback(&callback).unwrap();
    let token = client.exchange_code(&response).send().unwrap();
    let id_token = token.id_token().unwrap();
    // Validated again through the blocking client: the same typed claims as on arrival.
    let expectations = client.id_token_expectations().unwrap();
    let validated = client.validate_id_token(id_token, &expectations).unwrap();
    let on_arrival = oauth2_grants::IdToken::of(&token).unwrap().unwrap();
    assert_eq!(validated.claims().sub, on_arrival.claims().sub);

    let userinfo = client.userinfo(&token).unwrap();
    assert!(userinfo["sub"].is_string(), "{userinfo}");

    let fresh = client.refresh(&token).unwrap().send().unwrap();
    assert_ne!(fresh.access_token(), token.access_token());

    let access_token = fresh.access_token().secret();
    assert!(client.introspect(access_token).send().unwrap().active);
    client.revoke_access_token(access_token).unwrap();
    let after = client
        .introspect(access_token)
        .token_type_hint("access_token")
        .send()
        .unwrap();
    assert!(!after.active);
}

#[test]
fn the_authorization_code_manager_exchanges_on_first_use() {
    let id = "client-secret-basic";
    let client = client_for(id);
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client(id).redirect_uri)
        .scope(["openid"])
        .build()
        .unwrap();
    let callback = harness(server().complete_authorization(request.url())).unwrap();
    let response = request.pending().validate_callback(&callback).unwrap();
    let manager = TokenManager::authorization_code(client, &response);
    let token = manager.token().unwrap();
    assert!(token.id_token().is_some());
    assert_eq!(
        manager.token().unwrap().access_token(),
        token.access_token()
    );
}

#[test]
fn device_flow_with_the_polling_manager() {
    let client = client_for("client-secret-basic");
    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()
        .unwrap();
    let err = client.device_code(&device).send().unwrap_err();
    assert!(err.is_oauth_error("authorization_pending"), "{err:?}");

    let manager = TokenManager::device_code(client.clone(), &device).unwrap();
    // The user approves on another device a moment later, while the manager polls.
    let complete = url::Url::parse(device.verification_uri_complete.as_deref().unwrap()).unwrap();
    let user = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        harness(oauth2_test_server::complete_device_authorization(
            &complete, true,
        ))
        .unwrap();
    });
    let token = manager.token().unwrap();
    user.join().unwrap();
    assert!(token.refresh_token().is_some());
    assert_eq!(client.userinfo(&token).unwrap()["sub"], "alice");
}

#[test]
fn ciba_polled_step_by_step_and_by_a_manager() {
    let client = client_for("ciba-client");
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .send()
        .unwrap();
    let mut poller = client.ciba_poller(&request).unwrap();
    let token = loop {
        match poller.poll_once().unwrap() {
            PollStep::Done(token) => break token,
            _ => std::thread::sleep(poller.interval()),
        }
    };
    assert!(token.id_token().is_some());

    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .send()
        .unwrap();
    let manager = TokenManager::ciba(client, &request).unwrap();
    assert!(manager.token().unwrap().id_token().is_some());
}

#[test]
fn a_manager_shared_by_threads_renews_once() {
    let client_id = "fleet";
    let client = client_for(client_id);
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let before = token_requests(client_id);
    let threads = 8;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let manager = manager.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                manager.token().unwrap()
            })
        })
        .collect();
    let tokens: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(
        tokens
            .windows(2)
            .all(|w| w[0].access_token() == w[1].access_token())
    );
    assert_eq!(token_requests(client_id) - before, 1);
}

#[test]
fn a_panicking_renewal_hook_poisons_nothing() {
    let client = client_for("client-secret-jwt");
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let manager =
        TokenManager::client_credentials(client.client_credentials()).on_renewal(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            panic!("the application's hook fails");
        });
    let first = manager.token().unwrap();
    manager.invalidate();
    let second = manager.token().unwrap();
    assert_ne!(first.access_token(), second.access_token());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn inside_an_async_runtime_a_blocking_call_is_a_typed_error() {
    let client = client_for("client-secret-basic");
    let manager = TokenManager::client_credentials(client.client_credentials());
    let (send, token) = harness(async { (client.client_credentials().send(), manager.token()) });
    for err in [send.unwrap_err(), token.unwrap_err()] {
        assert!(
            matches!(err, Error::Blocking(BlockingError::InAsyncContext)),
            "{err:?}"
        );
        assert!(err.to_string().contains("use the async API"), "{err}");
    }
}

#[test]
fn token_exchange_and_the_servers_refusals_of_other_grants() {
    let client = client_for("client-secret-post");
    let service = client.client_credentials().send().unwrap();
    let exchanged = client
        .exchange_token(&service)
        .requested_token_type("access_token")
        .send()
        .unwrap();
    assert_eq!(
        exchanged
            .extra("issued_token_type")
            .and_then(|v| v.as_str()),
        Some(oauth2_types::token_type::uri::ACCESS_TOKEN)
    );
    // The local server does not do these grants: its refusal comes back typed, with status.
    for err in [
        client
            .resource_owner_password("alice", "wonderland")
            .send()
            .unwrap_err(),
        client.jwt_bearer("not-an-assertion").send().unwrap_err(),
    ] {
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
        assert!(err.oauth_error().is_some(), "{err:?}");
    }
}

#[test]
fn a_blocking_poller_is_cancelled_from_another_thread() {
    let client = client_for("client-secret-post");
    let device = client
        .device_authorization()
        .scope("openid")
        .send()
        .unwrap();
    let mut poller = client.device_poller(&device).unwrap();
    let cancel = poller.cancel_handle();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        cancel.cancel();
    });
    let started = std::time::Instant::now();
    let err = poller.run().unwrap_err();
    canceller.join().unwrap();
    assert!(matches!(err, Error::PollingCancelled), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_clients_timeout_holds_for_blocking_calls() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // The scripted server runs on a runtime of its own, whose workers answer meanwhile.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
            .mount(&server)
            .await;
        server
    });
    let client = OAuth2Client::new(
        OAuth2Client::builder()
            .token_endpoint(format!("{}/token", server.uri()))
            .auth(oauth2_client_auth::ClientSecretPost::new("id", "secret"))
            .allow_insecure_http(true)
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap(),
    );
    let started = std::time::Instant::now();
    let err = client.client_credentials().send().unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn secrets_stay_out_of_debug() {
    let client = OAuth2Client::new(
        OAuth2Client::builder()
            .token_endpoint("https://as.example/token")
            .auth(oauth2_client_auth::ClientSecretPost::new("id", "SECRET-CS"))
            .build()
            .unwrap(),
    );
    let request = client.resource_owner_password("alice", "SECRET-PW");
    let manager = TokenManager::client_credentials(client.client_credentials());
    let debug = format!("{client:?} {request:?} {manager:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
}

#[test]
fn blocking_types_go_to_other_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<OAuth2Client>();
    send_sync::<TokenManager>();
    send_sync::<oauth2_grants::blocking::TokenRequest>();
    send_sync::<oauth2_grants::blocking::Poller>();
}
