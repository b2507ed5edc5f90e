//! A token manager's store and on-renewal hook: tokens loaded on a cold start, saved before
//! they are handed out, and one renewal per fleet for stores that lend a renewal lock.
//!
//! A store is help, never a new way to fail: when it cannot be reached, the manager renews on
//! its own (its single flight still holds in this process), warns once per outage, and says
//! so when the store answers again.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use oauth2_types::BearerToken;
use oauth2_types::store::{StoreError, StoreKey, TokenStore};

use super::TokenFetcher;
use crate::error::Error;

/// Called with each new token, after it is saved and before it is handed out.
pub(super) type RenewalHook = Arc<dyn Fn(&BearerToken) + Send + Sync>;

/// How often a process waiting on another's renewal looks for its token, at most.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// How many lock lifetimes a renewal waits on others before renewing on its own.
const MAX_WAITS: u32 = 3;

/// Where a manager's tokens are kept besides its cache, and who hears of new ones.
#[derive(Clone, Default)]
pub(super) struct Persistence {
    store: Option<(Arc<dyn TokenStore>, StoreKey)>,
    hook: Option<RenewalHook>,
    /// Set while the store is unreachable, so an outage is warned about once.
    degraded: Arc<AtomicBool>,
    /// This process's share of leeway jitter, in [0, 1): a fleet sharing a token does not
    /// renew it at the same second.
    jitter: f64,
}

impl fmt::Debug for Persistence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Persistence")
            .field("store", &self.store)
            .field("hook", &self.hook.as_ref().map(|_| "Fn"))
            .finish_non_exhaustive()
    }
}

impl Persistence {
    pub(super) fn with_store(mut self, store: Arc<dyn TokenStore>, key: StoreKey) -> Self {
        self.store = Some((store, key));
        // A random number per process: std seeds each RandomState afresh.
        let random = RandomState::new().hash_one(std::process::id());
        #[allow(clippy::cast_precision_loss)]
        let jitter = (random >> 11) as f64 / (1u64 << 53) as f64;
        self.jitter = jitter;
        self
    }

    pub(super) fn with_hook(mut self, hook: RenewalHook) -> Self {
        self.hook = Some(hook);
        self
    }

    /// `leeway`, lengthened by up to a quarter by this process's jitter when a store is
    /// shared.
    pub(super) fn jittered(&self, leeway: Duration) -> Duration {
        leeway.mul_f64(1.0 + self.jitter / 4.0)
    }

    /// A new token for a manager whose cached one (`previous`) must be replaced: one the
    /// store already holds, or one `fetcher` gets (by this process, or by the one elected
    /// through the store's lock), saved and announced before it is returned.
    pub(super) async fn renew(
        &self,
        fetcher: &dyn TokenFetcher,
        previous: Option<BearerToken>,
    ) -> Result<BearerToken, Error> {
        let Some((store, key)) = &self.store else {
            return self.fetch(fetcher, previous.as_ref()).await;
        };
        let started = Instant::now();
        let give_up = store.lock_ttl() * MAX_WAITS;
        let mut previous = previous;
        loop {
            let stored = match store.load(key).await {
                Ok(stored) => stored,
                Err(error) => return self.renew_alone(fetcher, previous, &error).await,
            };
            if let Some(stored) = stored {
                if is_newer(&stored, previous.as_ref()) {
                    self.reachable();
                    return Ok(stored);
                }
                // The store's copy carries the fleet's latest (rotated) refresh token, unless
                // this process renewed while the store was down.
                previous = Some(fresher(stored, previous));
            }
            let lock = match store.try_lock(key).await {
                Ok(lock) => lock,
                Err(error) => return self.renew_alone(fetcher, previous, &error).await,
            };
            self.reachable();
            if let Some(lock) = lock {
                let result = self
                    .renew_locked(store.as_ref(), key, fetcher, previous)
                    .await;
                if let Err(error) = store.unlock(key, lock).await {
                    self.unreachable(&error);
                }
                return result;
            }
            // Another process renews: wait for its token, or for its lock to expire.
            match self
                .wait_for_newer(store.as_ref(), key, previous.as_ref())
                .await
            {
                Ok(Some(token)) => return Ok(token),
                Ok(None) if started.elapsed() < give_up => {}
                Ok(None) => {
                    tracing::warn!(
                        target: "oauth2",
                        key = %key,
                        "no token from the renewer holding the store's lock; renewing alone"
                    );
                    return self.fetch(fetcher, previous.as_ref()).await;
                }
                Err(error) => return self.renew_alone(fetcher, previous, &error).await,
            }
        }
    }

    /// The renewal of the lock holder: unless the token came while it took the lock, fetch it
    /// and save it.
    async fn renew_locked(
        &self,
        store: &dyn TokenStore,
        key: &StoreKey,
        fetcher: &dyn TokenFetcher,
        previous: Option<BearerToken>,
    ) -> Result<BearerToken, Error> {
        // The previous holder may have saved between our load and our lock.
        match store.load(key).await {
            Ok(Some(stored)) if is_newer(&stored, previous.as_ref()) => return Ok(stored),
            Ok(_) => {}
            Err(error) => self.unreachable(&error),
        }
        self.fetch(fetcher, previous.as_ref()).await
    }

    /// Polls the store until it holds a token newer than `previous` (`Some`), or one lock
    /// lifetime has passed (`None`).
    async fn wait_for_newer(
        &self,
        store: &dyn TokenStore,
        key: &StoreKey,
        previous: Option<&BearerToken>,
    ) -> Result<Option<BearerToken>, StoreError> {
        let ttl = store.lock_ttl();
        let until = Instant::now() + ttl;
        let interval = POLL_INTERVAL.min(ttl / 10).max(Duration::from_millis(1));
        tracing::debug!(target: "oauth2", key = %key, "waiting on another process's renewal");
        while Instant::now() < until {
            tokio::time::sleep(interval).await;
            if let Some(stored) = store.load(key).await?
                && is_newer(&stored, previous)
            {
                return Ok(Some(stored));
            }
        }
        Ok(None)
    }

    /// Renews without the store, which failed with `error`.
    async fn renew_alone(
        &self,
        fetcher: &dyn TokenFetcher,
        previous: Option<BearerToken>,
        error: &StoreError,
    ) -> Result<BearerToken, Error> {
        self.unreachable(error);
        self.fetch(fetcher, previous.as_ref()).await
    }

    /// Fetches a token, saves it (a failure is warned about, not returned: the token is
    /// good, and the refresh token it may replace is spent), and calls the hook.
    async fn fetch(
        &self,
        fetcher: &dyn TokenFetcher,
        previous: Option<&BearerToken>,
    ) -> Result<BearerToken, Error> {
        let token = fetcher.fetch(previous).await?;
        if let Some((store, key)) = &self.store {
            match store.save(key, &token).await {
                Ok(()) => self.reachable(),
                Err(error) => self.unreachable(&error),
            }
        }
        if let Some(hook) = &self.hook
            && catch_unwind(AssertUnwindSafe(|| hook(&token))).is_err()
        {
            tracing::error!(
                target: "oauth2",
                "the on-renewal hook panicked; the new token is used all the same"
            );
        }
        Ok(token)
    }

    fn unreachable(&self, error: &StoreError) {
        if !self.degraded.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                target: "oauth2",
                %error,
                "token store unreachable; renewing tokens in this process alone until it answers"
            );
        }
    }

    fn reachable(&self) {
        if self.degraded.swap(false, Ordering::Relaxed) {
            tracing::info!(target: "oauth2", "token store reachable again");
        }
    }
}

/// Whether `stored` can replace `previous`: another token, not yet expired, and not one
/// that expires before it (a copy left in the store while this process renewed without it).
fn is_newer(stored: &BearerToken, previous: Option<&BearerToken>) -> bool {
    !stored.is_expired(Duration::ZERO)
        && previous.is_none_or(|previous| {
            previous.access_token() != stored.access_token() && !expires_before(stored, previous)
        })
}

/// Whether `a` expires before `b` (both known).
fn expires_before(a: &BearerToken, b: &BearerToken) -> bool {
    matches!((a.expires_at(), b.expires_at()), (Some(a), Some(b)) if a < b)
}

/// The token to renew from: the stored copy (with this process's key, see [`keep_binding`]),
/// or this process's own when the stored one is older.
fn fresher(stored: BearerToken, previous: Option<BearerToken>) -> BearerToken {
    match previous {
        Some(previous) if expires_before(&stored, &previous) => previous,
        previous => keep_binding(stored, previous.as_ref()),
    }
}

/// `stored`, bound to the key of `previous` when the store's copy lost it (stores keep no
/// keys): this process refreshes with the key it holds.
fn keep_binding(stored: BearerToken, previous: Option<&BearerToken>) -> BearerToken {
    match previous.and_then(BearerToken::binding) {
        Some(binding) if stored.binding().is_none() && stored.has_dpop_type() => {
            stored.with_binding(binding.clone())
        }
        _ => stored,
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
