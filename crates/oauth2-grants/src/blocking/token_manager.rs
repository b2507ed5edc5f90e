//! The blocking [`TokenManager`]: the async manager, its `token()` run to completion. Its
//! single-flight renewal works across threads: the threads that want a token while one is
//! being fetched wait for that one.

use std::time::Duration;

use oauth2_types::store::{StoreKey, TokenStore};
use oauth2_types::{BearerToken, TokenSource, TokenSourceError};

use super::{OAuth2Client, Poller, TokenRequest, run};
use crate::{BackchannelAuthenticationResponse, DeviceAuthorizationResponse, Error, TokenFetcher};

/// A blocking [`crate::TokenManager`]: gets a token when needed, caches it, and renews it
/// before it expires, once for all the threads that share it (it is cheap to clone). It is
/// also a [`TokenSource`], for the blocking `ApiClient` of oauth2-apiclient.
///
/// ```no_run
/// use oauth2_grants::blocking::{OAuth2Client, TokenManager};
/// # fn demo(client: OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
/// let token = manager.token()?; // one request
/// let again = manager.token()?; // cached
/// assert_eq!(token.access_token(), again.access_token());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TokenManager(crate::TokenManager);

impl TokenManager {
    /// A manager that gets its tokens from `fetcher`: [`crate::TokenManager::new`].
    ///
    /// ```
    /// use oauth2_grants::ClientCredentialsFetcher;
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let fetcher = ClientCredentialsFetcher::new(client.client_credentials().into());
    /// let manager = oauth2_grants::blocking::TokenManager::new(fetcher);
    /// # }
    /// ```
    pub fn new(fetcher: impl TokenFetcher + 'static) -> Self {
        crate::TokenManager::new(fetcher).into()
    }

    /// A manager that starts with `token`: [`crate::TokenManager::with_initial`].
    ///
    /// ```
    /// use oauth2_grants::RefreshingFetcher;
    /// use oauth2_types::BearerToken;
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let token = BearerToken::new("at-1").with_refresh_token("rt-1");
    /// let fetcher = RefreshingFetcher::new(client.into());
    /// let manager = oauth2_grants::blocking::TokenManager::with_initial(fetcher, Some(token));
    /// # }
    /// ```
    pub fn with_initial(fetcher: impl TokenFetcher + 'static, token: Option<BearerToken>) -> Self {
        crate::TokenManager::with_initial(fetcher, token).into()
    }

    /// A manager of client credentials tokens: [`crate::TokenManager::client_credentials`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let manager = oauth2_grants::blocking::TokenManager::client_credentials(
    ///     client.client_credentials().scope("api:read"),
    /// );
    /// # }
    /// ```
    pub fn client_credentials(request: TokenRequest) -> Self {
        crate::TokenManager::client_credentials(request.into()).into()
    }

    /// A manager that keeps `token` fresh with its refresh token:
    /// [`crate::TokenManager::refreshing`].
    ///
    /// ```
    /// use oauth2_types::BearerToken;
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let token = BearerToken::new("at").with_refresh_token("rt");
    /// let manager = oauth2_grants::blocking::TokenManager::refreshing(client, token);
    /// # }
    /// ```
    pub fn refreshing(client: OAuth2Client, token: BearerToken) -> Self {
        crate::TokenManager::refreshing(client.into(), token).into()
    }

    /// A manager that exchanges a validated authorization response on first use, then
    /// refreshes: [`crate::TokenManager::authorization_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, response: oauth2_pkce_par_jar::AuthorizationResponse) -> Result<(), oauth2_grants::Error> {
    /// let manager = oauth2_grants::blocking::TokenManager::authorization_code(client, &response);
    /// let token = manager.token()?; // the code exchange
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn authorization_code(
        client: OAuth2Client,
        response: &oauth2_pkce_par_jar::AuthorizationResponse,
    ) -> Self {
        crate::TokenManager::authorization_code(client.into(), response).into()
    }

    /// A manager that runs `poller` on first use, then refreshes:
    /// [`crate::TokenManager::polling`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid offline_access").send()?;
    /// let poller = client.device_poller(&device)?;
    /// let cancel = poller.cancel_handle();
    /// let manager = oauth2_grants::blocking::TokenManager::polling(client, poller);
    /// let token = manager.token()?; // polls until approved
    /// # Ok(()) }
    /// ```
    pub fn polling(client: OAuth2Client, poller: Poller) -> Self {
        crate::TokenManager::polling(client.into(), poller.into()).into()
    }

    /// A manager that polls the device authorization `device` on first use, then refreshes:
    /// [`crate::TokenManager::device_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid offline_access").send()?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// let manager = oauth2_grants::blocking::TokenManager::device_code(client, &device)?;
    /// let token = manager.token()?; // polls until approved
    /// # Ok(()) }
    /// ```
    pub fn device_code(
        client: OAuth2Client,
        device: &DeviceAuthorizationResponse,
    ) -> Result<Self, Error> {
        crate::TokenManager::device_code(client.into(), device).map(Into::into)
    }

    /// A manager that polls the CIBA request on first use, then refreshes:
    /// [`crate::TokenManager::ciba`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().scope("openid").login_hint("alice").send()?;
    /// let manager = oauth2_grants::blocking::TokenManager::ciba(client, &request)?;
    /// let token = manager.token()?; // polls until the user approves
    /// # Ok(()) }
    /// ```
    pub fn ciba(
        client: OAuth2Client,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<Self, Error> {
        crate::TokenManager::ciba(client.into(), request).map(Into::into)
    }

    /// Renews tokens this long before they expire: [`crate::TokenManager::with_leeway`].
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let manager = manager.with_leeway(std::time::Duration::from_secs(60));
    /// # }
    /// ```
    #[must_use]
    pub fn with_leeway(self, leeway: Duration) -> Self {
        self.0.with_leeway(leeway).into()
    }

    /// Keeps its tokens in `store` too: [`crate::TokenManager::with_store`].
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let manager = manager.with_store(oauth2_grants::FileStore::new("tokens.json"));
    /// # }
    /// ```
    #[must_use]
    pub fn with_store(self, store: impl TokenStore + 'static) -> Self {
        self.0.with_store(store).into()
    }

    /// Keeps its tokens in `store` under `key`: [`crate::TokenManager::with_store_key`].
    ///
    /// ```
    /// use oauth2_types::store::{MemoryStore, StoreKey};
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let manager = manager.with_store_key(MemoryStore::new(), StoreKey::named("alice"));
    /// # }
    /// ```
    #[must_use]
    pub fn with_store_key(self, store: impl TokenStore + 'static, key: StoreKey) -> Self {
        self.0.with_store_key(store, key).into()
    }

    /// Calls `hook` with each new token: [`crate::TokenManager::on_renewal`]. A panic in the
    /// hook changes nothing else. The hook runs inside the renewal, on the blocking runtime: a
    /// blocking call from it is
    /// [`InAsyncContext`](oauth2_types::blocking::BlockingError::InAsyncContext); send the
    /// token to a thread of your own for such work.
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let manager = manager.on_renewal(|token| println!("new token, expires at {:?}", token.expires_at()));
    /// # }
    /// ```
    #[must_use]
    pub fn on_renewal(self, hook: impl Fn(&BearerToken) + Send + Sync + 'static) -> Self {
        self.0.on_renewal(hook).into()
    }

    /// The cached token, if any, valid or not; never calls the server.
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let cached = manager.cached();
    /// # }
    /// ```
    pub fn cached(&self) -> Option<BearerToken> {
        self.0.cached()
    }

    /// A valid token: the cached one, or a new one (refreshed when possible), fetched once
    /// for every thread that asks meanwhile: [`crate::TokenManager::token`].
    ///
    /// ```no_run
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) -> Result<(), oauth2_grants::Error> {
    /// let token = manager.token()?;
    /// # Ok(()) }
    /// ```
    pub fn token(&self) -> Result<BearerToken, Error> {
        run(self.0.token())
    }

    /// Drops the cached token, so the next [`token`](Self::token) gets a new one.
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// manager.invalidate();
    /// # }
    /// ```
    pub fn invalidate(&self) {
        self.0.invalidate();
    }

    /// The async manager (the same cache: a token fetched by one is the other's).
    ///
    /// ```
    /// # fn demo(manager: oauth2_grants::blocking::TokenManager) {
    /// let async_manager: &oauth2_grants::TokenManager = manager.as_async();
    /// # }
    /// ```
    pub fn as_async(&self) -> &crate::TokenManager {
        &self.0
    }
}

/// The async manager's token source, so a blocking manager authorizes API calls (the
/// blocking `ApiClient` runs them on the blocking runtime).
impl TokenSource for TokenManager {
    async fn token(&self) -> Result<BearerToken, TokenSourceError> {
        TokenSource::token(&self.0).await
    }

    async fn token_rejected(&self, token: &BearerToken) {
        self.0.token_rejected(token).await;
    }
}

impl From<crate::TokenManager> for TokenManager {
    fn from(manager: crate::TokenManager) -> Self {
        Self(manager)
    }
}

impl From<TokenManager> for crate::TokenManager {
    fn from(manager: TokenManager) -> Self {
        manager.0
    }
}
