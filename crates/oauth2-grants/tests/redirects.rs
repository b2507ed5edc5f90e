//! No call to an authorization server follows a redirect, whatever HTTP client sends it: a
//! redirect is `Error::Redirect` with its status and `Location`, and the other origin never
//! hears from us (a healthy server never redirects these calls, so wiremock plays both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use async_trait::async_trait;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client, OAuth2ClientBuilder};
use oauth2_types::{BearerToken, HttpClient, HttpError, HttpRequest, HttpResponse};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The other origin: answers anything with a token, and must never be asked.
async fn elsewhere() -> MockServer {
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"from-elsewhere","token_type":"Bearer","issuer":"x","keys":[]}"#,
            "application/json",
        ))
        .mount(&other)
        .await;
    other
}

fn builder(server: &MockServer) -> OAuth2ClientBuilder {
    let uri = server.uri();
    OAuth2Client::builder()
        .issuer(&uri)
        .token_endpoint(format!("{uri}/token"))
        .userinfo_endpoint(format!("{uri}/userinfo"))
        .revocation_endpoint(format!("{uri}/revoke"))
        .jwks_uri(format!("{uri}/jwks"))
        .auth(ClientSecretPost::new("client", "client-secret-value"))
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(5))
}

/// Checks `err` is the redirect to `location` with `status`, and that nobody was asked at
/// `other`.
async fn assert_refused(err: Error, status: u16, location: &str, other: &MockServer) {
    match &err {
        Error::Redirect {
            status: got,
            location: Some(got_location),
            ..
        } => {
            assert_eq!(got.as_u16(), status, "{err}");
            assert_eq!(got_location, location, "{err}");
        }
        other => panic!("not a redirect error: {other:?}"),
    }
    assert_eq!(err.status().map(|status| status.as_u16()), Some(status));
    assert!(err.to_string().contains(location), "{err}");
    assert!(!err.to_string().contains("client-secret-value"), "{err}");
    let asked = other.received_requests().await.unwrap();
    assert!(asked.is_empty(), "the other origin was asked: {asked:?}");
}

/// The token endpoint answers 307 or 302 to another origin; the client was built over a
/// reqwest builder that follows redirects.
#[tokio::test]
async fn a_token_endpoint_redirect_is_refused_through_a_redirect_following_reqwest_builder() {
    for status in [307, 302, 301, 303, 308] {
        let server = MockServer::start().await;
        let other = elsewhere().await;
        let location = format!("{}/token", other.uri());
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(status).insert_header("location", &location))
            .expect(1)
            .mount(&server)
            .await;
        let client = builder(&server)
            .reqwest_client(
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10)),
            )
            .build()
            .unwrap();
        let err = client.client_credentials().send().await.unwrap_err();
        assert_refused(err, status, &location, &other).await;
    }
}

/// Every kind of call refuses a redirect with the default client too.
#[tokio::test]
async fn every_endpoint_refuses_redirects() {
    type Call = fn(OAuth2Client) -> futures_util::future::BoxFuture<'static, Error>;
    let calls: [(&str, &str, Call); 4] = [
        ("POST", "/token", |client| {
            Box::pin(async move { client.client_credentials().send().await.unwrap_err() })
        }),
        ("GET", "/userinfo", |client| {
            Box::pin(async move { client.userinfo(&BearerToken::new("at")).await.unwrap_err() })
        }),
        ("POST", "/revoke", |client| {
            Box::pin(async move { client.revoke_access_token("at").await.unwrap_err() })
        }),
        ("GET", "/jwks", |client| {
            Box::pin(async move { client.jwks(false).await.unwrap_err() })
        }),
    ];
    for (verb, endpoint, call) in calls {
        let server = MockServer::start().await;
        let other = elsewhere().await;
        let location = format!("{}{endpoint}", other.uri());
        Mock::given(method(verb))
            .and(path(endpoint))
            .respond_with(ResponseTemplate::new(307).insert_header("location", &location))
            .expect(1)
            .mount(&server)
            .await;
        let err = call(builder(&server).build().unwrap()).await;
        assert_refused(err, 307, &location, &other).await;
    }
}

#[tokio::test]
async fn discovery_refuses_redirects() {
    let server = MockServer::start().await;
    let other = elsewhere().await;
    let location = format!("{}/.well-known/openid-configuration", other.uri());
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", &location))
        .expect(1)
        .mount(&server)
        .await;
    let err = builder(&server)
        .reqwest_client(reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10)))
        .discover(&server.uri())
        .await
        .unwrap_err();
    assert_refused(err, 302, &location, &other).await;
}

/// An HTTP stack of the caller's that hands back every 3xx as it is.
#[derive(Debug)]
struct AlwaysRedirects;

#[async_trait]
impl HttpClient for AlwaysRedirects {
    async fn execute(&self, _request: HttpRequest) -> Result<HttpResponse, HttpError> {
        http::Response::builder()
            .status(303)
            .header("location", "https://elsewhere.example/token")
            .body(Vec::new())
            .map_err(|err| HttpError::Transport(err.into()))
    }
}

#[tokio::test]
async fn a_redirect_from_a_custom_http_client_is_refused() {
    let client = OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(ClientSecretPost::new("client", "client-secret-value"))
        .http_client(AlwaysRedirects)
        .build()
        .unwrap();
    let err = client.client_credentials().send().await.unwrap_err();
    let Error::Redirect {
        status, location, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 303);
    assert_eq!(location.as_deref(), Some("https://elsewhere.example/token"));
}

/// A 3xx without `Location` is refused as well.
#[tokio::test]
async fn a_redirect_without_location_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let err = builder(&server)
        .build()
        .unwrap()
        .client_credentials()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status, location: None, .. } if status == 302),
        "{err:?}"
    );
}

/// The `Location` is the server's to choose and may carry anything (a code, a session): the
/// error and the log line show it without its query or fragment.
#[tokio::test]
async fn a_redirect_location_is_shown_without_its_query() {
    let server = MockServer::start().await;
    for (location, shown) in [
        (
            "https://elsewhere.example/cb?code=SECRET-CODE#SECRET-FRAGMENT",
            "https://elsewhere.example/cb",
        ),
        ("/login?session=SECRET-SESSION", "/login"),
    ] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", location))
            .mount(&server)
            .await;
        let err = builder(&server)
            .build()
            .unwrap()
            .client_credentials()
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Redirect { location: Some(got), .. } if got == shown),
            "{err:?}"
        );
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!text.contains("SECRET-"), "{text}");
        }
    }
}
