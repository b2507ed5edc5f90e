//! The token store seam: where tokens outlive a process, and how processes sharing a store
//! elect one renewer.
//!
//! A token manager given a [`TokenStore`] loads its token from it on a cold start and saves
//! every new token there before handing it out, so a rotated refresh token is never lost.
//! Stores shared by many processes (Redis) also lend a short renewal lock, so a fleet makes one
//! token request per renewal instead of one per process.
//!
//! Tokens are stored as their JSON form (see [`BearerToken`]'s `Serialize`): with their
//! absolute expiry (`expires_at`), without their DPoP key. A bound token loaded from a store
//! needs its key again before it can be refreshed: oauth2-dpop's `DpopSessionStore`, wrapped
//! around any store, is the opt-in that saves the key with the token (in the same document,
//! so wherever the store keeps it: a file of mode 0600, Redis).

mod key;
mod memory;

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;

use crate::redact::Redacted;
use crate::seams::BoxError;
use crate::token::BearerToken;

pub use key::StoreKey;
pub use memory::MemoryStore;

/// How long a renewal lock is held at most, by default: a renewer that dies holding it is
/// replaced after this long.
///
/// ```
/// assert_eq!(oauth2_types::store::DEFAULT_LOCK_TTL, std::time::Duration::from_secs(10));
/// ```
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(10);

/// Why a store could not do what was asked.
///
/// ```
/// let err = oauth2_types::store::StoreError::Unavailable("connection refused".into());
/// assert!(err.to_string().contains("connection refused"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be reached or did not answer (I/O error, Redis down...).
    #[error("token store unavailable: {0}")]
    Unavailable(#[source] BoxError),
    /// What the store holds under the key is not a stored token. The parser's message is not
    /// kept: it may quote the value, a secret.
    #[error("the token store holds something that is not a token (line {line}, column {column})")]
    Corrupt {
        /// The line of the stored document where parsing failed.
        line: usize,
        /// The column of the stored document where parsing failed.
        column: usize,
    },
}

impl StoreError {
    /// The error for a stored document that does not parse, without the parser's message.
    ///
    /// ```
    /// use oauth2_types::store::StoreError;
    /// let err = serde_json::from_str::<serde_json::Value>("{\"access_token\": SECRET").unwrap_err();
    /// let err = StoreError::corrupt(&err);
    /// assert!(!err.to_string().contains("SECRET"));
    /// ```
    pub fn corrupt(err: &serde_json::Error) -> Self {
        Self::Corrupt {
            line: err.line(),
            column: err.column(),
        }
    }
}

/// A token in its stored form: JSON with `expires_at` (seconds since the Unix epoch).
///
/// ```
/// use oauth2_types::{BearerToken, store};
/// let token = BearerToken::new("at").with_expires_in(std::time::Duration::from_secs(60));
/// let stored = store::encode(&token)?;
/// assert_eq!(store::decode(&stored)?, token);
/// # Ok::<(), store::StoreError>(())
/// ```
pub fn encode(token: &BearerToken) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(token).map_err(|err| StoreError::corrupt(&err))
}

/// Reads a token stored by [`encode`]; [`StoreError::Corrupt`] (without the stored text) when
/// it is not one.
///
/// ```
/// let err = oauth2_types::store::decode(b"{\"access_token\": SECRET}").unwrap_err();
/// assert!(!err.to_string().contains("SECRET"));
/// ```
pub fn decode(stored: &[u8]) -> Result<BearerToken, StoreError> {
    serde_json::from_slice(stored).map_err(|err| StoreError::corrupt(&err))
}

/// A held renewal lock: proof that this process is the one renewing a key until it unlocks
/// or the lock expires. Its token tells the owner apart, so only the owner can release it.
///
/// ```
/// let lock = oauth2_types::store::RenewalLock::new("random-owner-token");
/// assert_eq!(lock.owner(), "random-owner-token");
/// assert!(!format!("{lock:?}").contains("random-owner-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RenewalLock {
    owner: String,
}

impl RenewalLock {
    /// A lock held by `owner` (a random token the store made when it took the lock).
    ///
    /// ```
    /// let lock = oauth2_types::store::RenewalLock::new("owner");
    /// # let _ = lock;
    /// ```
    pub fn new(owner: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
        }
    }

    /// The lock of a store that only this process uses: nobody else to elect.
    ///
    /// ```
    /// let lock = oauth2_types::store::RenewalLock::unshared();
    /// assert_eq!(lock.owner(), "");
    /// ```
    pub fn unshared() -> Self {
        Self::new("")
    }

    /// The owner's token.
    ///
    /// ```
    /// assert_eq!(oauth2_types::store::RenewalLock::new("o").owner(), "o");
    /// ```
    pub fn owner(&self) -> &str {
        &self.owner
    }
}

impl fmt::Debug for RenewalLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenewalLock")
            .field("owner", &Redacted)
            .finish()
    }
}

/// Keeps tokens across restarts, and (for stores shared by many processes) elects one renewer.
///
/// Token managers call [`load`](Self::load) on a cold start and [`save`](Self::save) with each
/// new token before handing it out. Before renewing they [`try_lock`](Self::try_lock) the key:
/// the one that gets the lock renews and saves; the others poll [`load`](Self::load) until the
/// new token is there, or the lock expired ([`lock_ttl`](Self::lock_ttl)) and they try again.
/// A store that only one process uses keeps the default lock methods: always granted.
///
/// ```
/// use oauth2_types::BearerToken;
/// use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
/// let store = MemoryStore::new();
/// let key = StoreKey::named("my-session");
/// store.save(&key, &BearerToken::new("at")).await?;
/// assert_eq!(store.load(&key).await?, Some(BearerToken::new("at")));
/// store.delete(&key).await?;
/// assert_eq!(store.load(&key).await?, None);
/// # Ok(()) }
/// ```
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The token stored under `key`, if any.
    ///
    /// ```
    /// # use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
    /// assert!(MemoryStore::new().load(&StoreKey::named("none")).await?.is_none());
    /// # Ok(()) }
    /// ```
    async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError>;

    /// Stores `token` under `key`, replacing what was there.
    ///
    /// ```
    /// # use oauth2_types::{BearerToken, store::{MemoryStore, StoreKey, TokenStore}};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
    /// MemoryStore::new().save(&StoreKey::named("s"), &BearerToken::new("at")).await?;
    /// # Ok(()) }
    /// ```
    async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError>;

    /// Forgets the token stored under `key` (signing out); nothing there is fine.
    ///
    /// ```
    /// # use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
    /// MemoryStore::new().delete(&StoreKey::named("s")).await?;
    /// # Ok(()) }
    /// ```
    async fn delete(&self, key: &StoreKey) -> Result<(), StoreError>;

    /// Tries to become the one renewer of `key` among the processes sharing this store, for
    /// at most [`lock_ttl`](Self::lock_ttl); `None` when another holds the lock. Always
    /// granted by default (a store of one process).
    ///
    /// ```
    /// # use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
    /// let store = MemoryStore::new();
    /// assert!(store.try_lock(&StoreKey::named("s")).await?.is_some());
    /// # Ok(()) }
    /// ```
    async fn try_lock(&self, key: &StoreKey) -> Result<Option<RenewalLock>, StoreError> {
        let _ = key;
        Ok(Some(RenewalLock::unshared()))
    }

    /// Releases `lock` on `key` if it is still held by its owner (it may have expired and
    /// been taken by another). Nothing to do by default.
    ///
    /// ```
    /// # use oauth2_types::store::{MemoryStore, StoreKey, TokenStore, RenewalLock};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::store::StoreError> {
    /// MemoryStore::new().unlock(&StoreKey::named("s"), RenewalLock::unshared()).await?;
    /// # Ok(()) }
    /// ```
    async fn unlock(&self, key: &StoreKey, lock: RenewalLock) -> Result<(), StoreError> {
        let _ = (key, lock);
        Ok(())
    }

    /// How long a renewal lock lasts: how long the others wait for a renewer before trying
    /// to renew themselves. [`DEFAULT_LOCK_TTL`] by default.
    ///
    /// ```
    /// # use oauth2_types::store::{MemoryStore, TokenStore};
    /// assert_eq!(MemoryStore::new().lock_ttl(), oauth2_types::store::DEFAULT_LOCK_TTL);
    /// ```
    fn lock_ttl(&self) -> Duration {
        DEFAULT_LOCK_TTL
    }
}
