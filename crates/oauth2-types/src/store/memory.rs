//! A store in this process's memory: for tests, and as the default of nothing persisted.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::{DEFAULT_LOCK_TTL, RenewalLock, StoreError, StoreKey, TokenStore};
use crate::token::BearerToken;

#[derive(Default)]
struct Entries {
    tokens: HashMap<StoreKey, BearerToken>,
    /// Held renewal locks: owner and expiry.
    locks: HashMap<StoreKey, (String, Instant)>,
}

/// Tokens in memory, shared by the clones of one store; gone with the process. Its renewal
/// locks work like a shared store's, so token managers sharing one `MemoryStore` elect one
/// renewer as a fleet would.
///
/// ```
/// use oauth2_types::{BearerToken, store::{MemoryStore, StoreKey, TokenStore}};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
/// let store = MemoryStore::new();
/// store.clone().save(&StoreKey::named("s"), &BearerToken::new("at")).await?;
/// assert!(store.load(&StoreKey::named("s")).await?.is_some()); // clones share
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct MemoryStore {
    entries: Arc<Mutex<Entries>>,
    next_owner: Arc<AtomicU64>,
    lock_ttl: Option<Duration>,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// ```
    /// let store = oauth2_types::store::MemoryStore::new();
    /// # let _ = store;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Its renewal locks last `ttl` ([`DEFAULT_LOCK_TTL`] otherwise).
    ///
    /// ```
    /// use oauth2_types::store::{MemoryStore, TokenStore};
    /// let store = MemoryStore::new().with_lock_ttl(std::time::Duration::from_secs(1));
    /// assert_eq!(store.lock_ttl(), std::time::Duration::from_secs(1));
    /// ```
    #[must_use]
    pub fn with_lock_ttl(mut self, ttl: Duration) -> Self {
        self.lock_ttl = Some(ttl);
        self
    }

    fn with<T>(&self, f: impl FnOnce(&mut Entries) -> T) -> T {
        // Nothing here panics while holding the lock; a poisoned lock still holds whole values.
        f(&mut self.entries.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.with(|entries| entries.tokens.len());
        f.debug_struct("MemoryStore")
            .field("tokens", &keys)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
        Ok(self.with(|entries| entries.tokens.get(key).cloned()))
    }

    async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError> {
        self.with(|entries| entries.tokens.insert(key.clone(), token.clone()));
        Ok(())
    }

    async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
        self.with(|entries| entries.tokens.remove(key));
        Ok(())
    }

    async fn try_lock(&self, key: &StoreKey) -> Result<Option<RenewalLock>, StoreError> {
        let now = Instant::now();
        let owner = self.next_owner.fetch_add(1, Ordering::Relaxed).to_string();
        let ttl = self.lock_ttl();
        Ok(self.with(|entries| {
            if entries
                .locks
                .get(key)
                .is_some_and(|(_, expires)| *expires > now)
            {
                return None;
            }
            entries
                .locks
                .insert(key.clone(), (owner.clone(), now + ttl));
            Some(RenewalLock::new(owner))
        }))
    }

    async fn unlock(&self, key: &StoreKey, lock: RenewalLock) -> Result<(), StoreError> {
        self.with(|entries| {
            if entries
                .locks
                .get(key)
                .is_some_and(|(owner, _)| owner == lock.owner())
            {
                entries.locks.remove(key);
            }
        });
        Ok(())
    }

    fn lock_ttl(&self) -> Duration {
        self.lock_ttl.unwrap_or(DEFAULT_LOCK_TTL)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn only_the_owner_releases_a_lock_and_an_expired_one_is_taken_over() {
        let store = MemoryStore::new().with_lock_ttl(Duration::from_millis(50));
        let key = StoreKey::named("k");
        let first = store.try_lock(&key).await.unwrap().unwrap();
        assert!(store.try_lock(&key).await.unwrap().is_none());
        // Another's release does nothing.
        store
            .unlock(&key, RenewalLock::new("intruder"))
            .await
            .unwrap();
        assert!(store.try_lock(&key).await.unwrap().is_none());
        // A holder that never releases is replaced once the lock expires.
        tokio::time::sleep(Duration::from_millis(60)).await;
        let second = store.try_lock(&key).await.unwrap().unwrap();
        // The first owner's late release does not free the second's lock.
        store.unlock(&key, first).await.unwrap();
        assert!(store.try_lock(&key).await.unwrap().is_none());
        store.unlock(&key, second).await.unwrap();
        assert!(store.try_lock(&key).await.unwrap().is_some());
    }
}
