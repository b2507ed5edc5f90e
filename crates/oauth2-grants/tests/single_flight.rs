//! Single flight against the local authorization server: many concurrent ID token
//! validations fetch the key set once, and a panicking HTTP client fails only the renewal it
//! was part of.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use oauth2_grants::{Error, OAuth2Client, ReqwestHttpClient, TokenManager};
use oauth2_jose::{Algorithm, SigningKey, jws};
use oauth2_pkce_par_jar::IdTokenError;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

const CLIENT: &str = "client-secret-post";
const CONCURRENT: usize = 200;

/// The real transport, counting the requests to the key set and panicking on the first
/// request to the token endpoint when told to.
#[derive(Debug)]
struct Transport {
    inner: ReqwestHttpClient,
    jwks_requests: AtomicUsize,
    token_requests: AtomicUsize,
    panic_on_first_token_request: bool,
}

impl Transport {
    fn new(panic_on_first_token_request: bool) -> Arc<Self> {
        Arc::new(Self {
            inner: ReqwestHttpClient::with_timeout(Duration::from_secs(10)).unwrap(),
            jwks_requests: AtomicUsize::new(0),
            token_requests: AtomicUsize::new(0),
            panic_on_first_token_request,
        })
    }

    fn jwks_requests(&self) -> usize {
        self.jwks_requests.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl HttpClient for Transport {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        if request.uri().path().ends_with("/jwks") {
            self.jwks_requests.fetch_add(1, Ordering::SeqCst);
        }
        if request.uri().path().ends_with("/token")
            && self.token_requests.fetch_add(1, Ordering::SeqCst) == 0
            && self.panic_on_first_token_request
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
            panic!("the HTTP stack broke");
        }
        self.inner.execute(request).await
    }
}

/// A client of the local server with nothing cached, over `transport`.
async fn cold_client(transport: &Arc<Transport>) -> OAuth2Client {
    let client = OAuth2Client::builder()
        .auth(common::auth_for(CLIENT))
        .allow_insecure_http(true)
        .http_client(transport.clone())
        .discover(&common::issuer())
        .await
        .unwrap();
    assert!(
        client
            .metadata()
            .jwks_uri
            .as_deref()
            .unwrap()
            .ends_with("/jwks"),
        "the counter must recognise the key set URL"
    );
    client
}

/// Validates `id_token` from `CONCURRENT` tasks at once.
async fn validate_concurrently(
    client: &OAuth2Client,
    id_token: &str,
) -> Vec<Result<oauth2_grants::IdToken, Error>> {
    let expectations = client.id_token_expectations().unwrap();
    let tasks: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let (client, id_token, expectations) =
                (client.clone(), id_token.to_owned(), expectations.clone());
            tokio::spawn(async move { client.validate_id_token(&id_token, &expectations).await })
        })
        .collect();
    let mut results = Vec::with_capacity(CONCURRENT);
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_validations_on_a_cold_client_fetch_the_key_set_once() {
    let id_token = common::user_token(&common::client_for(CLIENT).await)
        .await
        .id_token()
        .expect("an ID token")
        .to_owned();
    let transport = Transport::new(false);
    let client = cold_client(&transport).await;
    for result in validate_concurrently(&client, &id_token).await {
        assert!(result.is_ok(), "{result:?}");
    }
    assert_eq!(transport.jwks_requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_kid_fetches_the_key_set_once_and_the_rate_limit_holds() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = serde_json::json!({"iss": common::issuer(), "sub": "mallory", "aud": CLIENT,
                                    "exp": now + 300, "iat": now});
    let stranger = SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_key_id("not-the-server's");
    let id_token = jws::encode(&jws::Header::new(), &claims, &stranger)
        .await
        .unwrap();

    let transport = Transport::new(false);
    let client = cold_client(&transport).await;
    for result in validate_concurrently(&client, &id_token).await {
        assert!(
            matches!(
                &result,
                Err(Error::IdToken(err))
                    if matches!(**err, IdTokenError::Signature(oauth2_jose::Error::UnknownKeyId(_)))
            ),
            "{result:?}"
        );
    }
    // The cold fetch; the refetch for the unknown kid is within the rate limit.
    assert_eq!(transport.jwks_requests(), 1);
    let expectations = client.id_token_expectations().unwrap();
    assert!(
        client
            .validate_id_token(&id_token, &expectations)
            .await
            .is_err()
    );
    assert_eq!(transport.jwks_requests(), 1, "still rate limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_http_client_fails_that_renewal_only() {
    let transport = Transport::new(true);
    let client = cold_client(&transport).await;
    let manager = TokenManager::client_credentials(client.client_credentials());
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    for task in tasks {
        let result = tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("every waiter gets an answer")
            .expect("the waiter itself does not panic");
        assert!(
            matches!(
                &result,
                Err(Error::Panicked { message: Some(message), .. })
                    if message == "the HTTP stack broke"
            ),
            "{result:?}"
        );
    }
    let token = tokio::time::timeout(Duration::from_secs(10), manager.token())
        .await
        .expect("not stuck on the panicked renewal")
        .unwrap();
    assert!(!token.access_token().secret().is_empty());
}
