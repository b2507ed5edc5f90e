//! Token managers behind the middleware, against the local authorization server and its
//! protected resource.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use oauth2_apiclient::{OAuth2Middleware, RequestBuilderExt};
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, ReqwestHttpClient, TokenManager};
use oauth2_test_server::TestServer;
use oauth2_types::{BearerToken, HttpClient, HttpError, HttpRequest, HttpResponse};

/// Counts the requests that reach the authorization server.
#[derive(Debug)]
struct Counting {
    inner: ReqwestHttpClient,
    token_requests: Arc<AtomicUsize>,
}

#[async_trait]
impl HttpClient for Counting {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        if request.uri().path().ends_with("/token") {
            self.token_requests.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.execute(request).await
    }
}

fn server() -> &'static TestServer {
    TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"))
}

fn resource() -> String {
    server()
        .resource()
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

async fn client(token_requests: Arc<AtomicUsize>) -> OAuth2Client {
    let creds = server().client("client-secret-post").unwrap();
    OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap(),
        ))
        .allow_insecure_http(true)
        .http_client(Counting {
            inner: ReqwestHttpClient::with_timeout(Duration::from_secs(10)).unwrap(),
            token_requests,
        })
        .discover(server().issuer().as_str().trim_end_matches('/'))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_api_calls_cause_one_token_request() {
    let token_requests = Arc::new(AtomicUsize::new(0));
    let client = client(token_requests.clone()).await;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(manager.clone()))
        .build();
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let api = api.clone();
            let url = format!("{}/api/echo?call={i}", resource());
            tokio::spawn(async move { api.get(url).send().await.unwrap().status() })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), 200);
    }
    assert_eq!(token_requests.load(Ordering::SeqCst), 1);
    // Cached afterwards.
    api.get(format!("{}/api/echo", resource()))
        .send()
        .await
        .unwrap();
    assert_eq!(token_requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn rejected_token_is_replaced_and_the_request_retried_once() {
    let token_requests = Arc::new(AtomicUsize::new(0));
    let client = client(token_requests.clone()).await;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(manager.clone()))
        .build();
    let first = manager.token().await.unwrap();
    let key = format!("retry-{}", std::process::id());
    let response = api
        .post(format!("{}/api/reject-once/{key}", resource()))
        .body("payload")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(token_requests.load(Ordering::SeqCst), 2, "one fresh token");
    assert_ne!(
        manager.token().await.unwrap().access_token(),
        first.access_token()
    );
}

#[tokio::test]
async fn expired_token_is_renewed_before_use() {
    let token_requests = Arc::new(AtomicUsize::new(0));
    let client = client(token_requests.clone()).await;
    // A token that expires within the leeway (20 s) is renewed before it is used.
    let expiring = client
        .client_credentials()
        .scope("api:read")
        .send()
        .await
        .unwrap()
        .with_expires_in(Duration::from_secs(10));
    let manager = TokenManager::with_initial(
        oauth2_grants::ClientCredentialsFetcher::new(client.client_credentials().scope("api:read")),
        Some(expiring.clone()),
    );
    let renewed = manager.token().await.unwrap();
    assert_ne!(renewed.access_token(), expiring.access_token());
    assert_eq!(token_requests.load(Ordering::SeqCst), 2);
    // The new one lives an hour: used as it is.
    assert_eq!(
        manager.token().await.unwrap().access_token(),
        renewed.access_token()
    );
    assert_eq!(token_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn plain_bearer_token_authorizes_one_request_and_a_forged_one_is_refused() {
    let client = client(Arc::new(AtomicUsize::new(0))).await;
    let token = client
        .client_credentials()
        .scope("api:read")
        .send()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let ok = http
        .get(format!("{}/api/echo", resource()))
        .send_with(&token)
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let forged = BearerToken::new(format!("{}x", token.access_token().secret()));
    let refused = http
        .get(format!("{}/api/echo", resource()))
        .send_with(&forged)
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let challenge = refused.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.contains("invalid_token"), "{challenge}");
}

#[tokio::test]
async fn api_client_joins_paths_and_sub_clients_keep_the_token() {
    let client = client(Arc::new(AtomicUsize::new(0))).await;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = oauth2_apiclient::ApiClient::new(&format!("{}/api", resource()), manager).unwrap();
    let response = api.get("echo?page=2").unwrap().send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["path"], "/api/echo");
    assert_eq!(body["query"]["page"], "2");

    let nested = api.sub("echo").unwrap();
    let response = nested
        .post("deeper")
        .unwrap()
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the sub-client is authorized too");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["path"], "/api/echo/deeper");

    assert!(api.get("../api/echo").is_err());
}

#[tokio::test]
async fn api_client_segments_stay_one_segment_and_an_error_status_is_an_error() {
    let client = client(Arc::new(AtomicUsize::new(0))).await;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = oauth2_apiclient::ApiClient::new(&format!("{}/api", resource()), manager).unwrap();
    for (id, path) in [
        ("../../admin", "/api/echo/..%2F..%2Fadmin/details"),
        ("a/b", "/api/echo/a%2Fb/details"),
        ("%2e%2e", "/api/echo/%252e%252e/details"),
    ] {
        let response = api
            .get(["echo", id, "details"])
            .unwrap()
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["path"], path, "{id}");
    }

    // The resource refuses a token it did not issue: an error, with the status.
    let forged = oauth2_apiclient::ApiClient::new(
        &format!("{}/api", resource()),
        BearerToken::new("forged"),
    )
    .unwrap();
    let err = forged.get("echo").unwrap().send().await.unwrap_err();
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::UNAUTHORIZED),
        "{err:?}"
    );
    let response = forged
        .get("echo")
        .unwrap()
        .error_for_status(false)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
