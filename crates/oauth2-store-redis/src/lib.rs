//! A Redis [`TokenStore`] for the token managers of
//! [reqwest-oauth2-client](https://docs.rs/reqwest-oauth2-client): sessions that survive
//! restarts, and one token renewal per fleet.
//!
//! Give a [`RedisStore`] to a token manager (`TokenManager::with_store` in `oauth2-grants`).
//! Every process of a fleet sharing the store then makes, together, one token request per
//! renewal:
//!
//! - the renewer is elected by a short lock, `SET <key>:lock <random> NX PX <ttl>`, released
//!   only by its owner (a Lua compare-and-delete), so a late renewer never frees another's lock;
//! - the other processes poll the stored token until the renewer's new one is there, and use
//!   it; a renewer that dies holding the lock is replaced once the lock expires
//!   ([`RedisStore::with_lock_ttl`], 10 s by default);
//! - each process renews a little ahead of the others (its leeway is jittered), so a fleet
//!   does not stampede at the same second;
//! - each process keeps its token in memory: a cached request never touches Redis;
//! - when Redis is down, each process renews on its own (its single flight still holds),
//!   warns once, never fails a request for it, and uses Redis again when it is back.
//!
//! Tokens are stored as JSON with their absolute expiry and without their DPoP key, unless the
//! store is wrapped in oauth2-dpop's `DpopSessionStore`: the private key is then stored with
//! the token, and whoever can read the database can use the session.
//!
//! ```no_run
//! use oauth2_grants::TokenManager;
//! use oauth2_store_redis::RedisStore;
//!
//! # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
//! let store = RedisStore::open("redis://127.0.0.1:6379/0")?;
//! let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"))
//!     .with_store(store);
//! let token = manager.token().await?; // one token request for the whole fleet
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use oauth2_types::BearerToken;
use oauth2_types::store::{self, DEFAULT_LOCK_TTL, RenewalLock, StoreError, StoreKey};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Client, Script, SetExpiry, SetOptions};
use tokio::sync::OnceCell;

pub use oauth2_types::store::TokenStore;

/// How long a connection attempt or a command may take before Redis counts as down.
const TIMEOUT: Duration = Duration::from_millis(500);

/// Deletes the lock only if it still holds the caller's token.
const RELEASE: &str = r#"if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0"#;

/// Tokens in Redis, shared by every process that opens the same server (see the
/// [crate docs](crate)). Cheap to clone: clones share one connection.
///
/// ```no_run
/// use oauth2_store_redis::{RedisStore, TokenStore};
/// use oauth2_types::{BearerToken, store::StoreKey};
/// # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisStore::open("redis://127.0.0.1:6379/0")?;
/// store.save(&StoreKey::named("alice"), &BearerToken::new("at")).await?;
/// assert!(store.load(&StoreKey::named("alice")).await?.is_some());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    /// Connected on first use, so a store can be made before Redis is up.
    connection: OnceCell<ConnectionManager>,
    lock_ttl: Duration,
    release: Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The address only: a URL may carry a password.
        let info = self.inner.client.get_connection_info();
        f.debug_struct("RedisStore")
            .field("addr", &info.addr().to_string())
            .field("lock_ttl", &self.inner.lock_ttl)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store on the Redis server at `url` (`redis://[:password@]host:port/db`; TLS,
    /// `rediss://`, is not built in yet); nothing is connected until it is used, so Redis may
    /// be down now.
    ///
    /// ```
    /// let store = oauth2_store_redis::RedisStore::open("redis://127.0.0.1:6379/0")?;
    /// assert!(oauth2_store_redis::RedisStore::open("not a url").is_err());
    /// # Ok::<(), oauth2_types::store::StoreError>(())
    /// ```
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::open(url).map_err(unavailable)?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                connection: OnceCell::new(),
                lock_ttl: DEFAULT_LOCK_TTL,
                release: Script::new(RELEASE),
            }),
        })
    }

    /// Holds renewal locks for `ttl` ([`DEFAULT_LOCK_TTL`] otherwise): longer than a token
    /// request takes, short enough that a renewer that died is replaced soon.
    ///
    /// ```
    /// use oauth2_store_redis::{RedisStore, TokenStore};
    /// let store = RedisStore::open("redis://127.0.0.1/")?.with_lock_ttl(std::time::Duration::from_secs(3));
    /// assert_eq!(store.lock_ttl(), std::time::Duration::from_secs(3));
    /// # Ok::<(), oauth2_types::store::StoreError>(())
    /// ```
    #[must_use]
    pub fn with_lock_ttl(self, ttl: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                client: self.inner.client.clone(),
                connection: OnceCell::new(),
                lock_ttl: ttl,
                release: Script::new(RELEASE),
            }),
        }
    }

    /// The shared connection, made on first use; it reconnects by itself after an outage.
    async fn connection(&self) -> Result<ConnectionManager, StoreError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(TIMEOUT);
        self.inner
            .connection
            .get_or_try_init(|| self.inner.client.get_connection_manager_with_config(config))
            .await
            .cloned()
            .map_err(unavailable)
    }
}

fn unavailable(err: redis::RedisError) -> StoreError {
    StoreError::Unavailable(Box::new(err))
}

fn lock_key(key: &StoreKey) -> String {
    format!("{key}:lock")
}

/// A random owner token for a lock: 128 bits, hex.
fn owner_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| StoreError::Unavailable(Box::new(err)))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
        let mut connection = self.connection().await?;
        let stored: Option<Vec<u8>> = connection.get(key.as_str()).await.map_err(unavailable)?;
        stored.as_deref().map(store::decode).transpose()
    }

    async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError> {
        let value = store::encode(token)?;
        let mut connection = self.connection().await?;
        connection
            .set::<_, _, ()>(key.as_str(), value)
            .await
            .map_err(unavailable)
    }

    async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
        let mut connection = self.connection().await?;
        connection
            .del::<_, ()>(key.as_str())
            .await
            .map_err(unavailable)
    }

    async fn try_lock(&self, key: &StoreKey) -> Result<Option<RenewalLock>, StoreError> {
        let owner = owner_token()?;
        let ttl_ms = u64::try_from(self.inner.lock_ttl.as_millis()).unwrap_or(u64::MAX);
        let options = SetOptions::default()
            .conditional_set(redis::ExistenceCheck::NX)
            .with_expiration(SetExpiry::PX(ttl_ms));
        let mut connection = self.connection().await?;
        let set: Option<String> = connection
            .set_options(lock_key(key), &owner, options)
            .await
            .map_err(unavailable)?;
        Ok(set.map(|_| RenewalLock::new(owner)))
    }

    async fn unlock(&self, key: &StoreKey, lock: RenewalLock) -> Result<(), StoreError> {
        let mut connection = self.connection().await?;
        self.inner
            .release
            .key(lock_key(key))
            .arg(lock.owner())
            .invoke_async::<i64>(&mut connection)
            .await
            .map(drop)
            .map_err(unavailable)
    }

    fn lock_ttl(&self) -> Duration {
        self.inner.lock_ttl
    }
}
