//! Redirects of authorized requests: the token and the DPoP proof never reach another origin
//! (the 3xx comes back as it is), a same-origin hop is authorized afresh for its own URL, and a
//! redirect the caller's own reqwest client followed is an error. A healthy resource server
//! never redirects these calls, so wiremock plays both origins.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixed, dpop_token};

use std::time::Duration;

use oauth2_apiclient::{ApiClient, OAuth2Middleware, RequestBuilderExt};
use oauth2_types::BearerToken;
use serde_json::{Map, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The three ways to send an authorized request.
#[derive(Debug, Clone, Copy)]
enum Route {
    ApiClient,
    Middleware,
    SendWith,
}

const ROUTES: [Route; 3] = [Route::ApiClient, Route::Middleware, Route::SendWith];

/// A middleware client built the way the documentation says.
fn middleware_client(token: BearerToken) -> reqwest_middleware::ClientWithMiddleware {
    oauth2_apiclient::authorized_client(reqwest::Client::builder(), Fixed(token)).unwrap()
}

/// A plain reqwest client for `send_with`, built the way the documentation says.
fn plain_client() -> reqwest::Client {
    oauth2_apiclient::reqwest_client(reqwest::Client::builder()).unwrap()
}

/// What sending by one route or another fails with.
#[derive(Debug)]
enum Failure {
    Middleware(reqwest_middleware::Error),
    /// From `send_with` or an `ApiClient` request.
    Ours(oauth2_apiclient::Error),
}

impl Failure {
    /// The error of this crate, whichever route it came by.
    fn ours(&self) -> Option<&oauth2_apiclient::Error> {
        match self {
            Self::Middleware(reqwest_middleware::Error::Middleware(err)) => err.downcast_ref(),
            Self::Middleware(_) => None,
            Self::Ours(err) => Some(err),
        }
    }
}

/// Sends `verb` to `base/api/<path>` with a body (unless GET) by `route`.
async fn send(
    route: Route,
    base: &str,
    verb: reqwest::Method,
    path: &str,
    token: BearerToken,
) -> Result<reqwest::Response, Failure> {
    let url = format!("{base}/api/{path}");
    let body = |has_body: bool| if has_body { "payload" } else { "" };
    let has_body = verb != reqwest::Method::GET;
    match route {
        Route::ApiClient => {
            let api = ApiClient::new(&format!("{base}/api"), Fixed(token)).unwrap();
            let mut request = api.request(verb, path).unwrap();
            if has_body {
                request = request.body(body(has_body));
            }
            request.send().await.map_err(Failure::Ours)
        }
        Route::Middleware => {
            let mut request = middleware_client(token).request(verb, url);
            if has_body {
                request = request.body(body(has_body));
            }
            request.send().await.map_err(Failure::Middleware)
        }
        Route::SendWith => {
            let mut request = plain_client().request(verb, url);
            if has_body {
                request = request.body(body(has_body));
            }
            request.send_with(&token).await.map_err(Failure::Ours)
        }
    }
}

/// The other origin: answers anything, and must never be asked.
async fn elsewhere() -> MockServer {
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("thanks for the token"))
        .mount(&other)
        .await;
    other
}

/// The claims of the DPoP proof a request carries.
fn proof_claims(request: &wiremock::Request) -> Map<String, Value> {
    let proof = request.headers.get("dpop").unwrap().to_str().unwrap();
    let jws = oauth2_jose::jws::decode_unverified(proof).unwrap();
    jws.claims().unwrap()
}

#[tokio::test]
async fn a_cross_origin_redirect_is_not_followed_and_carries_neither_token_nor_proof() {
    for route in ROUTES {
        for status in [301, 302, 303, 307, 308] {
            let server = MockServer::start().await;
            let other = elsewhere().await;
            let location = format!("{}/steal", other.uri());
            Mock::given(path("/api/orders"))
                .respond_with(ResponseTemplate::new(status).insert_header("location", &location))
                .expect(2)
                .mount(&server)
                .await;
            for verb in [reqwest::Method::GET, reqwest::Method::POST] {
                let response = send(
                    route,
                    &server.uri(),
                    verb,
                    "orders",
                    dpop_token("the-access-token"),
                )
                .await
                .unwrap();
                assert_eq!(response.status(), status, "{route:?}");
                assert_eq!(response.headers()["location"], location.as_str());
            }
            let asked = other.received_requests().await.unwrap();
            assert!(asked.is_empty(), "{route:?} {status}: {asked:?}");
        }
    }
}

#[tokio::test]
async fn a_same_origin_307_is_followed_with_a_fresh_proof_for_its_own_url() {
    for route in ROUTES {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/old"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", "/api/new?page=2"))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/new"))
            .respond_with(ResponseTemplate::new(200).set_body_string("moved"))
            .expect(1)
            .mount(&server)
            .await;
        let response = send(
            route,
            &server.uri(),
            reqwest::Method::POST,
            "old",
            dpop_token("the-access-token"),
        )
        .await
        .unwrap();
        assert_eq!(response.status(), 200, "{route:?}");
        assert_eq!(response.text().await.unwrap(), "moved");
        let requests = server.received_requests().await.unwrap();
        let [first, second] = requests.as_slice() else {
            panic!("{route:?}: {requests:?}")
        };
        let (first_proof, second_proof) = (proof_claims(first), proof_claims(second));
        assert_eq!(
            second_proof["htu"],
            format!("{}/api/new", server.uri()),
            "{route:?}"
        );
        assert_eq!(second_proof["htm"], "POST");
        assert_ne!(first_proof["jti"], second_proof["jti"], "a fresh proof");
        assert_eq!(second.headers["authorization"], "DPoP the-access-token");
        assert_eq!(second.body, b"payload", "307 keeps the body");
    }
}

#[tokio::test]
async fn a_same_origin_303_turns_a_post_into_a_get_without_body() {
    for route in ROUTES {
        for status in [301, 302, 303] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/api/orders"))
                .respond_with(ResponseTemplate::new(status).insert_header("location", "42"))
                .expect(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/api/42"))
                .respond_with(ResponseTemplate::new(200))
                .expect(1)
                .mount(&server)
                .await;
            let response = send(
                route,
                &server.uri(),
                reqwest::Method::POST,
                "orders",
                dpop_token("the-access-token"),
            )
            .await
            .unwrap();
            assert_eq!(response.status(), 200, "{route:?} {status}");
            let requests = server.received_requests().await.unwrap();
            let second = &requests[1];
            assert!(second.body.is_empty());
            assert!(!second.headers.contains_key("content-type"));
            assert_eq!(proof_claims(second)["htm"], "GET");
        }
    }
}

#[tokio::test]
async fn a_redirect_loop_ends_in_an_error() {
    for route in ROUTES {
        let server = MockServer::start().await;
        Mock::given(path("/api/loop"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", "loop"))
            .mount(&server)
            .await;
        let err = send(
            route,
            &server.uri(),
            reqwest::Method::GET,
            "loop",
            dpop_token("the-access-token"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err.ours(),
                Some(oauth2_apiclient::Error::TooManyRedirects { .. })
            ),
            "{route:?}: {err:?}"
        );
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 11, "the first request and 10 hops");
    }
}

/// The caller's own reqwest client follows redirects: the token is already gone, but the
/// response is refused with an error that says how to build the client.
#[tokio::test]
async fn a_redirect_the_callers_client_followed_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/api/new"))
        .mount(&server)
        .await;
    Mock::given(path("/api/new"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let url = format!("{}/api/old", server.uri());
    let following = reqwest::Client::new();

    let middleware = reqwest_middleware::ClientBuilder::new(following.clone())
        .with(OAuth2Middleware::new(Fixed(dpop_token("the-access-token"))))
        .build();
    let err = middleware.get(&url).send().await.unwrap_err();
    let reqwest_middleware::Error::Middleware(err) = err else {
        panic!("{err:?}")
    };
    let err = err.downcast_ref::<oauth2_apiclient::Error>().unwrap();
    assert!(
        matches!(err, oauth2_apiclient::Error::RedirectFollowed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("Policy::none()"), "{err}");

    let err = following
        .get(&url)
        .send_with(&dpop_token("the-access-token"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, oauth2_apiclient::Error::RedirectFollowed { .. }),
        "{err:?}"
    );
    assert!(!format!("{err:?}").contains("the-access-token"));
}

#[tokio::test]
async fn an_api_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(path("/api/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let api = ApiClient::new(
        &format!("{}/api", server.uri()),
        Fixed(dpop_token("the-access-token")),
    )
    .unwrap()
    .timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let err = api.get("slow").unwrap().send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}
