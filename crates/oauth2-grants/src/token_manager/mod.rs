//! Token managers: obtain a token on first use, cache it, renew it before it expires.
//!
//! One [`TokenManager`] type serves every way of getting a token; what differs is its
//! [`TokenFetcher`]: client credentials, refreshing a given token, and (in other modules)
//! authorization codes, device codes, CIBA.
//!
//! Renewal is single-flight: however many tasks ask at once on a cold or expired cache, one
//! request goes to the server and every task gets its result; a failure, or a panic in the
//! fetcher (reported as [`Error::Panicked`]), reaches every waiter and leaves the cache as it
//! was, so the next call tries again.
//!
//! Renewals are traced (target `oauth2`, in a `token_renewal` span with the server's origin
//! and the client id): why each one started, how long it took, the new token's lifetime (never
//! the token), waits on a renewal in flight, invalidations, and failures.

#[cfg(feature = "oidc")]
mod authorization_code;
mod client_credentials;
mod polling;
mod refreshing;
mod renewal;
mod store;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use oauth2_types::store::{StoreKey, TokenStore};
use oauth2_types::{BearerToken, TokenSource, TokenSourceError};

#[cfg(feature = "oidc")]
#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
pub use authorization_code::AuthorizationCodeFetcher;
pub use client_credentials::ClientCredentialsFetcher;
pub use polling::PollingFetcher;
pub use refreshing::RefreshingFetcher;

use crate::client::OAuth2Client;
use crate::error::Error;
use crate::single_flight::{Join, SingleFlight};
use renewal::{Reason, State, Target};
use store::Persistence;

/// How long before its expiry a token is renewed, by default.
///
/// ```
/// assert_eq!(oauth2_grants::DEFAULT_LEEWAY, std::time::Duration::from_secs(20));
/// ```
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(20);

/// Gets a new token; the token manager calls it when its cache is cold or stale.
///
/// `previous` is the token being replaced, if any: a fetcher refreshes it when it can.
///
/// ```
/// use async_trait::async_trait;
/// use oauth2_grants::{Error, TokenFetcher};
/// use oauth2_types::BearerToken;
///
/// /// Reads the token from somewhere else (a sidecar, a file...).
/// #[derive(Debug)]
/// struct FromEnv;
///
/// #[async_trait]
/// impl TokenFetcher for FromEnv {
///     async fn fetch(&self, _previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
///         std::env::var("ACCESS_TOKEN")
///             .map(BearerToken::new)
///             .map_err(|_| Error::Config("ACCESS_TOKEN is not set".into()))
///     }
/// }
/// ```
#[async_trait]
pub trait TokenFetcher: Send + Sync + fmt::Debug {
    /// Obtains a fresh token, refreshing `previous` when that is possible.
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error>;

    /// The client whose server this fetcher asks, if any: the token manager traces its
    /// renewals with that server's origin and the client id. None by default.
    ///
    /// ```
    /// use oauth2_grants::{ClientCredentialsFetcher, TokenFetcher};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let fetcher = ClientCredentialsFetcher::new(client.client_credentials());
    /// assert_eq!(fetcher.client().map(|client| client.client_id()), Some("my-app"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    fn client(&self) -> Option<&OAuth2Client> {
        None
    }

    /// The key its tokens are stored under by [`TokenManager::with_store`]. By default, the
    /// key of the [`client`](Self::client)'s refreshed tokens, or `oauth2:token` without a
    /// client.
    ///
    /// ```
    /// use oauth2_grants::{ClientCredentialsFetcher, TokenFetcher};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials().scope("a");
    /// assert_eq!(ClientCredentialsFetcher::new(request.clone()).store_key(), request.store_key());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    fn store_key(&self) -> StoreKey {
        self.client().map_or_else(
            || StoreKey::named("oauth2:token"),
            |client| {
                StoreKey::derive(
                    &client.store_issuer(),
                    client.client_id(),
                    oauth2_types::grant_type::REFRESH_TOKEN,
                    [],
                )
            },
        )
    }
}

/// What [`Error::Panicked`] calls a renewal that panicked.
const RENEWAL: &str = "token renewal";

struct Inner {
    fetcher: Arc<dyn TokenFetcher>,
    leeway: Duration,
    /// `leeway` with this process's jitter (see [`Persistence::jittered`]), worked out once:
    /// the cached read of every request uses it.
    renew_within: Duration,
    target: Target,
    persistence: Persistence,
    cache: SingleFlight<State, BearerToken>,
}

/// Obtains, caches and renews tokens; the counterpart of the Python original's
/// `OAuth2ClientCredentialsAuth` and `OAuth2AccessTokenAuth`.
///
/// Cheap to clone (clones share the cache), `Send + Sync`, and a [`TokenSource`], so the API
/// client and the reqwest middleware can use it.
///
/// Renewal is single-flight: tasks asking at once share one request and its result. A panic
/// in the fetcher (or its HTTP client, or its signer) reaches that renewal's waiters as
/// [`Error::Panicked`], and the next call starts afresh. A renewal every waiter gave up on is
/// dropped. Renewals are traced under the `oauth2` target in a `token_renewal` span (fields
/// `as_origin`, `client_id`, `reason`): start (debug), end with `elapsed_ms` and
/// `expires_in_secs` (info), failure (warn); waits on a renewal in flight (debug) and
/// invalidations (info) too. No token is ever traced.
///
/// ```no_run
/// use oauth2_grants::TokenManager;
///
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
/// let token = manager.token().await?; // one request
/// let again = manager.token().await?; // cached
/// assert_eq!(token.access_token(), again.access_token());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenManager {
    inner: Arc<Inner>,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("fetcher", &self.inner.fetcher)
            .field("leeway", &self.inner.leeway)
            .field("persistence", &self.inner.persistence)
            .finish_non_exhaustive()
    }
}

impl TokenManager {
    /// A manager that gets its tokens from `fetcher`, with no token yet.
    ///
    /// ```
    /// use oauth2_grants::{ClientCredentialsFetcher, TokenManager};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::new(ClientCredentialsFetcher::new(client.client_credentials()));
    /// assert!(manager.cached().is_none()); // nothing fetched yet
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn new(fetcher: impl TokenFetcher + 'static) -> Self {
        Self::with_initial(fetcher, None)
    }

    /// A manager that starts with `token` (when given) and gets later ones from `fetcher`.
    ///
    /// ```
    /// use oauth2_grants::{RefreshingFetcher, TokenManager};
    /// use oauth2_types::BearerToken;
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let token = BearerToken::new("at-1").with_refresh_token("rt-1");
    /// let manager = TokenManager::with_initial(RefreshingFetcher::new(client), Some(token));
    /// assert!(manager.cached().is_some());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn with_initial(fetcher: impl TokenFetcher + 'static, token: Option<BearerToken>) -> Self {
        Self {
            inner: Arc::new(Inner {
                target: Target::of(&fetcher),
                fetcher: Arc::new(fetcher),
                leeway: DEFAULT_LEEWAY,
                renew_within: Persistence::default().jittered(DEFAULT_LEEWAY),
                persistence: Persistence::default(),
                cache: SingleFlight::new(RENEWAL, State::new(token)),
            }),
        }
    }

    /// Renews tokens this long before they expire (default 20 s), or at half their lifetime
    /// when that comes later (a token that lives 10 s is used for 5 s, not renewed on every
    /// call). Call it before sharing the manager.
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::OAuth2Client) {
    /// let manager = oauth2_grants::TokenManager::client_credentials(client.client_credentials())
    ///     .with_leeway(std::time::Duration::from_secs(60));
    /// # }
    /// ```
    #[must_use]
    pub fn with_leeway(self, leeway: Duration) -> Self {
        let persistence = self.inner.persistence.clone();
        self.rebuilt(leeway, persistence)
    }

    /// This manager with `leeway` and `persistence`, and the state it had.
    fn rebuilt(self, leeway: Duration, persistence: Persistence) -> Self {
        let state = self.inner.cache.with(std::mem::take);
        Self {
            inner: Arc::new(Inner {
                fetcher: self.inner.fetcher.clone(),
                leeway,
                renew_within: persistence.jittered(leeway),
                target: self.inner.target.clone(),
                persistence,
                cache: SingleFlight::new(RENEWAL, state),
            }),
        }
    }

    /// Keeps its tokens in `store` too, under its fetcher's [`store_key`](TokenFetcher::store_key):
    /// a cold manager loads the stored token (refreshing it if it expired), and every new token
    /// is saved before it is handed out, so a rotated refresh token is never lost. A store
    /// shared by many processes (Redis) lets them make one token request per renewal. A store
    /// that cannot be reached never fails a call: the manager renews on its own meanwhile.
    /// Call it before sharing the manager. The derived key names the client and grant, not
    /// the user: for user sessions (authorization code, refreshing) of a multi-user service,
    /// name a key per user with [`with_store_key`](Self::with_store_key).
    ///
    /// ```
    /// use oauth2_grants::TokenManager;
    /// use oauth2_types::store::MemoryStore;
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::client_credentials(client.client_credentials())
    ///     .with_store(MemoryStore::new());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[must_use]
    pub fn with_store(self, store: impl TokenStore + 'static) -> Self {
        let key = self.inner.fetcher.store_key();
        self.with_store_key(store, key)
    }

    /// [`with_store`](Self::with_store) under a key of your own (a user's id, a session
    /// name).
    ///
    /// ```
    /// use oauth2_grants::TokenManager;
    /// use oauth2_types::{BearerToken, store::{MemoryStore, StoreKey}};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::refreshing(client, BearerToken::new("at").with_refresh_token("rt"))
    ///     .with_store_key(MemoryStore::new(), StoreKey::named("alice"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[must_use]
    pub fn with_store_key(self, store: impl TokenStore + 'static, key: StoreKey) -> Self {
        let persistence = self
            .inner
            .persistence
            .clone()
            .with_store(Arc::new(store), key);
        let leeway = self.inner.leeway;
        self.rebuilt(leeway, persistence)
    }

    /// Calls `hook` with each new token the manager gets (after saving it to its store, if
    /// any, and before handing it out), for applications that keep tokens elsewhere. A panic
    /// in the hook is logged and changes nothing else: the token is handed out all the same.
    ///
    /// ```
    /// use oauth2_grants::TokenManager;
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::client_credentials(client.client_credentials())
    ///     .on_renewal(|token| println!("new token, expires at {:?}", token.expires_at()));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[must_use]
    pub fn on_renewal(self, hook: impl Fn(&BearerToken) + Send + Sync + 'static) -> Self {
        let persistence = self.inner.persistence.clone().with_hook(Arc::new(hook));
        let leeway = self.inner.leeway;
        self.rebuilt(leeway, persistence)
    }

    /// The cached token, if any, valid or not; never calls the server.
    ///
    /// ```
    /// use oauth2_grants::{ClientCredentialsFetcher, TokenManager};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::new(ClientCredentialsFetcher::new(client.client_credentials()));
    /// assert!(manager.cached().is_none()); // never calls the server
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn cached(&self) -> Option<BearerToken> {
        self.inner.cache.with(|state| state.token().cloned())
    }

    /// A valid token: the cached one, or a new one (refreshed when possible).
    ///
    /// ```
    /// use oauth2_grants::{RefreshingFetcher, TokenManager};
    /// use oauth2_types::BearerToken;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_grants::Error> {
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let token = BearerToken::new("at-1").with_expires_in(std::time::Duration::from_secs(3600));
    /// let manager = TokenManager::with_initial(RefreshingFetcher::new(client), Some(token));
    /// assert_eq!(manager.token().await?.access_token().secret(), "at-1"); // still valid: cached
    /// # Ok(()) }
    /// ```
    pub async fn token(&self) -> Result<BearerToken, Error> {
        let inner = &self.inner;
        let leeway = inner.renew_within;
        let join = inner.cache.join(
            |state| state.check(leeway),
            |state, reason| {
                renewal::start(
                    inner.fetcher.clone(),
                    inner.persistence.clone(),
                    state.token().cloned(),
                    reason,
                    leeway,
                    &inner.target,
                )
            },
        );
        match join {
            Join::Ready(token) => Ok(token),
            Join::Started(flight) => flight.await,
            Join::Waiting(flight) => {
                let target = &inner.target;
                tracing::debug!(
                    target: "oauth2",
                    as_origin = target.as_origin(),
                    client_id = target.client_id(),
                    "waiting on the token renewal in flight"
                );
                flight.await
            }
        }
    }

    /// Drops the cached token (keeping its refresh token for the next renewal), so the next
    /// [`token`](Self::token) call gets a new one.
    ///
    /// ```
    /// use oauth2_grants::{RefreshingFetcher, TokenManager};
    /// use oauth2_types::BearerToken;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_grants::Error> {
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let manager = TokenManager::with_initial(RefreshingFetcher::new(client), Some(BearerToken::new("at-1")));
    /// manager.invalidate();
    /// // The next token() refreshes; this one has no refresh token.
    /// assert!(matches!(manager.token().await, Err(oauth2_grants::Error::NoRefreshToken)));
    /// # Ok(()) }
    /// ```
    pub fn invalidate(&self) {
        let invalidated = self
            .inner
            .cache
            .with(|state| state.invalidate(None, Reason::Invalidated));
        if invalidated {
            self.inner.target.invalidated(Reason::Invalidated);
        }
    }

    /// Forgets the cached token only if it is still `token` (a newer one stays).
    fn invalidate_if_current(&self, token: &BearerToken) {
        let invalidated = self
            .inner
            .cache
            .with(|state| state.invalidate(Some(token), Reason::Rejected));
        if invalidated {
            self.inner.target.invalidated(Reason::Rejected);
        } else {
            tracing::debug!(
                target: "oauth2",
                as_origin = self.inner.target.as_origin(),
                client_id = self.inner.target.client_id(),
                "a token already replaced was rejected; the cached one stays"
            );
        }
    }
}

impl TokenSource for TokenManager {
    async fn token(&self) -> Result<BearerToken, TokenSourceError> {
        TokenManager::token(self)
            .await
            .map_err(TokenSourceError::from)
    }

    async fn token_rejected(&self, token: &BearerToken) {
        self.invalidate_if_current(token);
    }
}

#[cfg(test)]
mod tests;
