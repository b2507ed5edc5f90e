//! Single-flight and caching behaviour, with a fetcher that counts its calls.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::*;

#[derive(Debug, Default)]
struct Counting {
    calls: AtomicUsize,
    fail_first: bool,
    lifetime_secs: u64,
}

#[async_trait]
impl TokenFetcher for Counting {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        if self.fail_first && call == 0 {
            return Err(Error::Config("first call fails".into()));
        }
        let refreshed = previous.map_or("", |_| "-refreshed");
        Ok(BearerToken::new(format!("token-{call}{refreshed}"))
            .with_expires_in(Duration::from_secs(self.lifetime_secs)))
    }
}

fn manager(fetcher: Counting) -> (TokenManager, Arc<Counting>) {
    let fetcher = Arc::new(fetcher);
    #[derive(Debug)]
    struct Shared(Arc<Counting>);
    #[async_trait]
    impl TokenFetcher for Shared {
        async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
            self.0.fetch(previous).await
        }
    }
    (TokenManager::new(Shared(fetcher.clone())), fetcher)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_cold_cache_makes_one_request() {
    let (manager, fetcher) = manager(Counting {
        lifetime_secs: 3600,
        ..Counting::default()
    });
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    for task in tasks {
        let token = task.await.unwrap().unwrap();
        assert_eq!(token.access_token().secret(), "token-0");
    }
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1);
    manager.token().await.unwrap();
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1, "cached");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_reaches_every_waiter_and_does_not_poison() {
    let (manager, fetcher) = manager(Counting {
        fail_first: true,
        lifetime_secs: 3600,
        ..Counting::default()
    });
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_err());
    }
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1);
    let token = manager.token().await.unwrap();
    assert_eq!(token.access_token().secret(), "token-1");
}

#[tokio::test]
async fn renews_within_leeway_with_previous_token() {
    let fetcher = Arc::new(Counting {
        lifetime_secs: 3600,
        ..Counting::default()
    });
    #[derive(Debug)]
    struct Shared(Arc<Counting>);
    #[async_trait]
    impl TokenFetcher for Shared {
        async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
            self.0.fetch(previous).await
        }
    }
    // A token with 10 s left is within the default 20 s leeway: renewed, from itself.
    let expiring = BearerToken::new("initial").with_expires_in(Duration::from_secs(10));
    let manager = TokenManager::with_initial(Shared(fetcher.clone()), Some(expiring));
    assert_eq!(
        manager.token().await.unwrap().access_token().secret(),
        "token-0-refreshed"
    );
    // The new one lives an hour: cached.
    manager.token().await.unwrap();
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1);
    // With a leeway longer than half its life, a token is renewed at half its life.
    let manager = manager.with_leeway(Duration::from_secs(3000));
    manager.token().await.unwrap();
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1, "still cached");
}

#[tokio::test]
async fn rejected_token_is_replaced_once() {
    let (manager, fetcher) = manager(Counting {
        lifetime_secs: 3600,
        ..Counting::default()
    });
    let first = manager.token().await.unwrap();
    TokenSource::token_rejected(&manager, &first).await;
    let second = manager.token().await.unwrap();
    assert_ne!(first.access_token(), second.access_token());
    // A late rejection of the old token leaves the new one alone.
    TokenSource::token_rejected(&manager, &first).await;
    assert_eq!(
        manager.token().await.unwrap().access_token(),
        second.access_token()
    );
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 2);
}

#[test]
fn futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let (manager, _) = manager(Counting::default());
    send(&manager.token());
    send(&TokenSource::token(&manager));
}

#[tokio::test]
async fn a_token_shorter_lived_than_the_leeway_is_still_cached() {
    let (manager, fetcher) = manager(Counting {
        lifetime_secs: 10, // under the 20 s default leeway
        ..Counting::default()
    });
    let first = manager.token().await.unwrap();
    let again = manager.token().await.unwrap();
    assert_eq!(first.access_token(), again.access_token());
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_abandoned_renewal_does_not_keep_the_manager_alive() {
    let (manager, _fetcher) = manager(Counting {
        lifetime_secs: 3600,
        ..Counting::default()
    });
    let weak = Arc::downgrade(&manager.inner);
    // Start a renewal, then give up on it before it ends.
    let waiting = manager.token();
    let _ = tokio::time::timeout(Duration::from_millis(5), waiting).await;
    drop(manager);
    assert!(weak.upgrade().is_none(), "the manager was freed");
}

/// Panics on its first call (after a pause, so that several callers wait on it), then gives
/// tokens.
#[derive(Debug, Default)]
struct PanicsOnce {
    calls: AtomicUsize,
}

#[async_trait]
impl TokenFetcher for PanicsOnce {
    async fn fetch(&self, _previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        if call == 0 {
            panic!("the fetcher broke");
        }
        Ok(BearerToken::new(format!("token-{call}")))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_fetch_is_an_error_for_its_waiters_only() {
    let manager = TokenManager::new(PanicsOnce::default());
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    for task in tasks {
        // Before the fix, the waiters other than the one that polled the panic hung.
        let result = tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("every waiter gets an answer")
            .expect("the waiter itself does not panic");
        assert!(
            matches!(
                &result,
                Err(Error::Panicked { what: "token renewal", message: Some(message) })
                    if message == "the fetcher broke"
            ),
            "{result:?}"
        );
    }
    // The next call starts afresh.
    let token = tokio::time::timeout(Duration::from_secs(5), manager.token())
        .await
        .expect("not stuck on the panicked renewal")
        .unwrap();
    assert_eq!(token.access_token().secret(), "token-1");
}

/// The authorization server's refusal reaches a user of the token source seam with its status
/// and error fields, without a downcast.
#[tokio::test]
async fn a_refusal_reaches_the_token_source_typed() {
    #[derive(Debug)]
    struct Refused;
    #[async_trait]
    impl TokenFetcher for Refused {
        async fn fetch(&self, _: Option<&BearerToken>) -> Result<BearerToken, Error> {
            Err(Error::OAuth {
                status: http::StatusCode::UNAUTHORIZED,
                response: Box::new(oauth2_types::ErrorResponse::new("invalid_client")),
            })
        }
    }
    let manager = TokenManager::new(Refused);
    let err = TokenSource::token(&manager).await.unwrap_err();
    match err {
        TokenSourceError::OAuth { status, response } => {
            assert_eq!(status, http::StatusCode::UNAUTHORIZED);
            assert_eq!(response.error.as_str(), "invalid_client");
        }
        other => panic!("{other:?}"),
    }
}
