//! The key set cache with a scripted key server: a refetch for a rotated key is single-flight,
//! a panicking fetch fails its waiters only, and a failed fetch counts for the rate limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use oauth2_jose::{Algorithm, SigningKey, jws};
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

use super::*;
use crate::MIN_JWKS_REFETCH;

const ISSUER: &str = "https://as.example";

/// What the scripted key server does on a request, by its number (from 0).
#[derive(Debug, Clone, Copy)]
enum Script {
    /// Serves the first key on the first request, both keys afterwards (a rotation).
    Rotate,
    /// Panics on the first request, then serves the first key.
    PanicFirst,
    /// Serves the first key, then fails with 500.
    FailAfterFirst,
}

#[derive(Debug)]
struct KeyServer {
    keys: [SigningKey; 2],
    script: Script,
    requests: AtomicUsize,
}

impl KeyServer {
    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl HttpClient for KeyServer {
    async fn execute(&self, _request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let n = self.requests.fetch_add(1, Ordering::SeqCst);
        // Slow enough for every caller to arrive while the fetch is under way.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let keys = match (self.script, n) {
            (Script::PanicFirst, 0) => panic!("the key server transport broke"),
            (Script::FailAfterFirst, 1..) => {
                return Ok(http::Response::builder()
                    .status(500)
                    .body(Vec::new())
                    .unwrap());
            }
            (Script::Rotate, 1..) => &self.keys[..],
            _ => &self.keys[..1],
        };
        let jwks = Jwks {
            keys: keys.iter().map(|key| key.public_jwk().clone()).collect(),
        };
        Ok(http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&jwks).unwrap())
            .unwrap())
    }
}

fn client(script: Script) -> (OAuth2Client, Arc<KeyServer>) {
    let key = |kid: &str| {
        SigningKey::generate(Algorithm::RS256)
            .unwrap()
            .with_key_id(kid)
    };
    let server = Arc::new(KeyServer {
        keys: [key("k1"), key("k2")],
        script,
        requests: AtomicUsize::new(0),
    });
    let client = OAuth2Client::builder()
        .issuer(ISSUER)
        .token_endpoint(format!("{ISSUER}/token"))
        .jwks_uri(format!("{ISSUER}/jwks"))
        .auth(oauth2_client_auth::NoAuth::new("client-1"))
        .http_client(server.clone())
        .build()
        .unwrap();
    (client, server)
}

/// Makes the last fetch older, as if that much time had passed.
fn backdate(client: &OAuth2Client, by: Duration) {
    client.jwks_cache().backdate(by);
}

async fn id_token(key: &SigningKey) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = serde_json::json!({"iss": ISSUER, "sub": "alice", "aud": "client-1",
                                    "exp": now + 300, "iat": now});
    jws::encode(&jws::Header::new(), &claims, key)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_is_fetched_once_for_every_concurrent_validation() {
    let (client, server) = client(Script::Rotate);
    client.jwks(false).await.unwrap();
    backdate(&client, MIN_JWKS_REFETCH + Duration::from_secs(1));
    let token = id_token(&server.keys[1]).await;
    let expectations = client.id_token_expectations().unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let (client, token, expectations) =
                (client.clone(), token.clone(), expectations.clone());
            tokio::spawn(async move { client.validate_id_token(&token, &expectations).await })
        })
        .collect();
    for task in tasks {
        let id_token = task.await.unwrap().unwrap();
        assert_eq!(id_token.claims().sub, "alice");
    }
    assert_eq!(server.requests(), 2, "the first fetch, and one refetch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_key_set_fetch_fails_its_waiters_only() {
    let (client, server) = client(Script::PanicFirst);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.jwks(false).await })
        })
        .collect();
    for task in tasks {
        let result = tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("every waiter gets an answer")
            .expect("the waiter itself does not panic");
        assert!(
            matches!(
                &result,
                Err(Error::Panicked {
                    what: "JWKS fetch",
                    ..
                })
            ),
            "{result:?}"
        );
    }
    assert_eq!(server.requests(), 1);
    assert_eq!(client.jwks(false).await.unwrap().keys.len(), 1);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_failed_refetch_counts_for_the_rate_limit() {
    let (client, server) = client(Script::FailAfterFirst);
    client.jwks(false).await.unwrap();
    backdate(&client, MIN_JWKS_REFETCH + Duration::from_secs(1));
    assert!(client.jwks(true).await.is_err(), "the server failed");
    assert_eq!(server.requests(), 2);
    // Within the limit of that failed attempt: the cached keys, no request.
    assert_eq!(client.jwks(true).await.unwrap().keys.len(), 1);
    assert_eq!(server.requests(), 2);
}
