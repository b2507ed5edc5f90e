//! Token managers: obtain a token on first use, cache it, renew it before it expires.
//!
//! One [`TokenManager`] type serves every way of getting a token; what differs is its
//! [`TokenFetcher`]: client credentials, refreshing a given token, and (in other modules)
//! authorization codes, device codes, CIBA.
//!
//! Renewal is single-flight: however many tasks ask at once on a cold or expired cache, one
//! request goes to the server and every task gets its result; a failure reaches every waiter
//! and leaves the cache as it was, so the next call tries again.

mod authorization_code;
mod client_credentials;
mod refreshing;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use oauth2_types::{BearerToken, BoxError, TokenSource};

pub use authorization_code::AuthorizationCodeFetcher;
pub use client_credentials::ClientCredentialsFetcher;
pub use refreshing::RefreshingFetcher;

use crate::error::Error;

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
}

type Flight = Shared<BoxFuture<'static, Result<BearerToken, Error>>>;

#[derive(Default)]
struct State {
    token: Option<BearerToken>,
    /// Set when the cached token was rejected: it is kept only for its refresh token.
    stale: bool,
    /// The leeway for this token: the manager's, or half the token's lifetime when that is
    /// shorter, so that a token living less than the leeway is still used for a while.
    token_leeway: Option<Duration>,
    flight: Option<Flight>,
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The lock is never held across an await or user code, so poisoning cannot leave
        // the state half-written; recover it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Inner {
    fetcher: Arc<dyn TokenFetcher>,
    leeway: Duration,
    state: Mutex<State>,
}

/// Obtains, caches and renews tokens; the counterpart of the Python original's
/// `OAuth2ClientCredentialsAuth` and `OAuth2AccessTokenAuth`.
///
/// Cheap to clone (clones share the cache), `Send + Sync`, and a [`TokenSource`], so the API
/// client and the reqwest middleware can use it.
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
                fetcher: Arc::new(fetcher),
                leeway: DEFAULT_LEEWAY,
                state: Mutex::new(State {
                    token,
                    ..State::default()
                }),
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
        let state = std::mem::take(&mut *self.lock());
        Self {
            inner: Arc::new(Inner {
                fetcher: self.inner.fetcher.clone(),
                leeway,
                state: Mutex::new(state),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.lock()
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
        self.lock().token.clone()
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
        let flight = {
            let mut state = self.lock();
            if let Some(token) = &state.token
                && !state.stale
                && !token.is_expired(state.token_leeway.unwrap_or(self.inner.leeway))
            {
                return Ok(token.clone());
            }
            match &state.flight {
                Some(flight) => flight.clone(),
                None => {
                    let flight = self.start_flight(state.token.clone());
                    state.flight = Some(flight.clone());
                    flight
                }
            }
        };
        flight.await
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
        let mut state = self.lock();
        if state.token.is_some() {
            state.stale = true;
        }
    }

    /// Forgets the cached token only if it is still `token` (a newer one stays).
    fn invalidate_if_current(&self, token: &BearerToken) {
        let mut state = self.lock();
        if state
            .token
            .as_ref()
            .is_some_and(|current| current.access_token() == token.access_token())
        {
            state.stale = true;
        }
    }

    /// The one renewal under way. It holds the manager weakly: a flight nobody awaits any
    /// more does not keep a dropped manager alive.
    fn start_flight(&self, previous: Option<BearerToken>) -> Flight {
        let fetcher = self.inner.fetcher.clone();
        let manager = Arc::downgrade(&self.inner);
        async move {
            let result = fetcher.fetch(previous.as_ref()).await;
            if let Some(inner) = manager.upgrade() {
                let mut state = inner.lock();
                state.flight = None;
                if let Ok(token) = &result {
                    state.token_leeway = token
                        .expires_in()
                        .map(|lifetime| inner.leeway.min(lifetime / 2));
                    state.token = Some(token.clone());
                    state.stale = false;
                }
            }
            result
        }
        .boxed()
        .shared()
    }
}

#[async_trait]
impl TokenSource for TokenManager {
    type Token = BearerToken;

    async fn token(&self) -> Result<BearerToken, BoxError> {
        TokenManager::token(self).await.map_err(BoxError::from)
    }

    async fn token_rejected(&self, token: &BearerToken) {
        self.invalidate_if_current(token);
    }
}

#[cfg(test)]
mod tests;
