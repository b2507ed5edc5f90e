//! A token manager with a store: cold starts, saves before hand-out, one renewal among
//! managers sharing a store, a store that fails, the on-renewal hook.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use oauth2_types::store::{MemoryStore, RenewalLock};

use super::super::TokenManager;
use super::*;

/// Counts its fetches; each token lives `lifetime`.
#[derive(Debug)]
struct Counting {
    calls: Arc<AtomicUsize>,
    lifetime: Duration,
}

#[async_trait]
impl TokenFetcher for Counting {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(30)).await;
        let refreshed = previous
            .and_then(BearerToken::refresh_token)
            .map_or(String::new(), |rt| format!("-from-{}", rt.secret()));
        Ok(BearerToken::new(format!("token-{call}{refreshed}"))
            .with_refresh_token(format!("rt-{call}"))
            .with_expires_at(std::time::SystemTime::now() + self.lifetime))
    }
}

fn counting(lifetime: Duration) -> (Counting, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    (
        Counting {
            calls: calls.clone(),
            lifetime,
        },
        calls,
    )
}

fn key() -> StoreKey {
    StoreKey::named("session")
}

#[tokio::test]
async fn a_cold_manager_uses_the_stored_token_without_fetching() {
    let store = MemoryStore::new();
    let stored = BearerToken::new("stored").with_expires_in(Duration::from_secs(3600));
    store.save(&key(), &stored).await.unwrap();
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::new(fetcher).with_store_key(store, key());
    assert_eq!(manager.token().await.unwrap(), stored);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_expired_stored_token_is_refreshed_with_its_refresh_token_and_the_new_one_saved() {
    let store = MemoryStore::new();
    let expired = BearerToken::new("old")
        .with_refresh_token("stored-rt")
        .with_expires_at(std::time::UNIX_EPOCH);
    store.save(&key(), &expired).await.unwrap();
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::new(fetcher).with_store_key(store.clone(), key());
    let token = manager.token().await.unwrap();
    assert_eq!(token.access_token().secret(), "token-0-from-stored-rt");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Saved before it was handed out: a new process starts from it.
    assert_eq!(store.load(&key()).await.unwrap(), Some(token.clone()));
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let restarted = TokenManager::new(fetcher).with_store_key(store, key());
    assert_eq!(restarted.token().await.unwrap(), token);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

/// Many managers (a fleet's processes) on one store, many tasks each: one fetch when cold,
/// one more at expiry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_sharing_a_store_renew_once_cold_and_once_at_expiry() {
    let store = MemoryStore::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let managers: Vec<_> = (0..8)
        .map(|_| {
            let fetcher = Counting {
                calls: calls.clone(),
                lifetime: Duration::from_secs(2),
            };
            TokenManager::new(fetcher).with_store_key(store.clone(), key())
        })
        .collect();
    let run_all = || {
        let tasks: Vec<_> = managers
            .iter()
            .flat_map(|manager| (0..20).map(move |_| manager.clone()))
            .map(|manager| tokio::spawn(async move { manager.token().await }))
            .collect();
        async move {
            for task in tasks {
                task.await.unwrap().unwrap();
            }
        }
    };
    run_all().await;
    assert_eq!(calls.load(Ordering::SeqCst), 1, "cold");
    // Past half the lifetime (the leeway of a short-lived token), every manager renews.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    run_all().await;
    assert_eq!(calls.load(Ordering::SeqCst), 2, "at expiry");
}

#[tokio::test]
async fn a_renewer_that_never_releases_the_lock_is_replaced_once_it_expires() {
    let store = MemoryStore::new().with_lock_ttl(Duration::from_millis(200));
    // A process took the lock and died.
    let _dead: RenewalLock = store.try_lock(&key()).await.unwrap().unwrap();
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::new(fetcher).with_store_key(store, key());
    let started = std::time::Instant::now();
    manager.token().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A store that always fails, and counts how often it was asked.
#[derive(Debug, Default)]
struct Down {
    asked: AtomicUsize,
}

#[async_trait]
impl TokenStore for Down {
    async fn load(&self, _: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Err(StoreError::Unavailable("connection refused".into()))
    }
    async fn save(&self, _: &StoreKey, _: &BearerToken) -> Result<(), StoreError> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Err(StoreError::Unavailable("connection refused".into()))
    }
    async fn delete(&self, _: &StoreKey) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("connection refused".into()))
    }
}

#[tokio::test]
async fn a_store_that_fails_never_fails_a_call_and_cached_calls_never_ask_it() {
    let store = Arc::new(Down::default());
    #[derive(Debug)]
    struct Shared(Arc<Down>);
    #[async_trait]
    impl TokenStore for Shared {
        async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
            self.0.load(key).await
        }
        async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError> {
            self.0.save(key, token).await
        }
        async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
            self.0.delete(key).await
        }
    }
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::new(fetcher).with_store_key(Shared(store.clone()), key());
    manager.token().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let asked = store.asked.load(Ordering::SeqCst);
    for _ in 0..10 {
        manager.token().await.unwrap();
    }
    assert_eq!(
        store.asked.load(Ordering::SeqCst),
        asked,
        "cached: the store is not asked"
    );
}

#[tokio::test]
async fn the_hook_hears_each_new_token_and_its_panic_changes_nothing() {
    let heard = Arc::new(AtomicUsize::new(0));
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let counter = heard.clone();
    let manager = TokenManager::new(fetcher).on_renewal(move |token| {
        counter.fetch_add(1, Ordering::SeqCst);
        panic!("the hook of {} fails", token.access_token().secret().len());
    });
    let first = manager.token().await.unwrap();
    assert_eq!(
        manager.token().await.unwrap(),
        first,
        "cached, not poisoned"
    );
    manager.invalidate();
    let second = manager.token().await.unwrap();
    assert_ne!(second, first);
    assert_eq!(heard.load(Ordering::SeqCst), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[cfg(feature = "dpop")]
#[tokio::test]
async fn a_stored_bound_token_without_its_key_cannot_be_refreshed() {
    let client = crate::OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(oauth2_client_auth::NoAuth::new("app"))
        .build()
        .unwrap();
    let store = MemoryStore::new();
    let bound = BearerToken::new("at")
        .with_token_type("DPoP")
        .with_refresh_token("rt")
        .with_expires_at(std::time::UNIX_EPOCH);
    store.save(&key(), &bound).await.unwrap();
    let manager = TokenManager::new(super::super::RefreshingFetcher::new(client))
        .with_store_key(store, key());
    let err = manager.token().await.unwrap_err();
    assert!(matches!(err, Error::DpopKeyMissing), "{err:?}");
}

/// A memory store that can be switched off, as Redis is stopped and started.
#[derive(Debug, Default, Clone)]
struct Switchable {
    store: MemoryStore,
    down: Arc<std::sync::atomic::AtomicBool>,
}

impl Switchable {
    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("connection refused".into()));
        }
        Ok(())
    }
}

#[async_trait]
impl TokenStore for Switchable {
    async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
        self.check()?;
        self.store.load(key).await
    }
    async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError> {
        self.check()?;
        self.store.save(key, token).await
    }
    async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
        self.check()?;
        self.store.delete(key).await
    }
}

/// Everything a subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_outage_is_warned_about_once_and_its_end_is_told() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let store = Switchable::default();
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::new(fetcher).with_store_key(store.clone(), key());
    store.down.store(true, Ordering::SeqCst);
    for _ in 0..3 {
        manager.invalidate();
        manager.token().await.unwrap();
    }
    store.down.store(false, Ordering::SeqCst);
    manager.invalidate();
    let back = manager.token().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(
        store.store.load(&key()).await.unwrap(),
        Some(back),
        "saved again"
    );

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let count = |message: &str| text.lines().filter(|line| line.contains(message)).count();
    assert_eq!(count("token store unreachable"), 1, "{text}");
    assert_eq!(count("token store reachable again"), 1, "{text}");
    assert!(text.contains("WARN"), "{text}");
}

#[test]
fn the_leeway_is_jittered_by_up_to_a_quarter_only_with_a_store() {
    let leeway = Duration::from_secs(20);
    assert_eq!(Persistence::default().jittered(leeway), leeway);
    let jittered: Vec<Duration> = (0..16)
        .map(|_| {
            Persistence::default()
                .with_store(Arc::new(MemoryStore::new()), key())
                .jittered(leeway)
        })
        .collect();
    assert!(
        jittered
            .iter()
            .all(|jittered| (leeway..=leeway.mul_f64(1.25)).contains(jittered)),
        "{jittered:?}"
    );
    // Random per store (per process): not all the same.
    let first = jittered[0];
    assert!(jittered.iter().any(|other| *other != first), "{jittered:?}");
}

/// After an outage, the store may hold a token older than this process's: it is neither used
/// nor refreshed from (its refresh token may be spent).
#[tokio::test]
async fn an_older_stored_token_is_neither_used_nor_refreshed_from() {
    let store = MemoryStore::new();
    let now = std::time::SystemTime::now();
    let stale = BearerToken::new("stale")
        .with_refresh_token("rt-stale")
        .with_expires_at(now + Duration::from_secs(600));
    store.save(&key(), &stale).await.unwrap();
    let own = BearerToken::new("own")
        .with_refresh_token("rt-own")
        .with_expires_at(now + Duration::from_secs(3000));
    let (fetcher, calls) = counting(Duration::from_secs(3600));
    let manager = TokenManager::with_initial(fetcher, Some(own)).with_store_key(store, key());
    manager.invalidate();
    let token = manager.token().await.unwrap();
    assert_eq!(token.access_token().secret(), "token-0-from-rt-own");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
