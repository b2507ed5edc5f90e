//! Tokens obtained elsewhere, kept fresh with their refresh token (RFC 6749 section 6).

use async_trait::async_trait;
use oauth2_types::BearerToken;
use oauth2_types::redact::FormParams;

use super::{TokenFetcher, TokenManager};
use crate::client::OAuth2Client;
use crate::error::Error;

/// Refreshes the previous token with its refresh token; there is no other way to get one,
/// so a token without a refresh token cannot be renewed ([`Error::NoRefreshToken`]).
///
/// ```
/// # fn demo(client: oauth2_grants::OAuth2Client) {
/// let fetcher = oauth2_grants::RefreshingFetcher::new(client);
/// # }
/// ```
#[derive(Clone)]
pub struct RefreshingFetcher {
    client: OAuth2Client,
    extra: Vec<(String, String)>,
}

impl std::fmt::Debug for RefreshingFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingFetcher")
            .field("client", &self.client)
            .field("extra", &FormParams(&self.extra))
            .finish()
    }
}

impl RefreshingFetcher {
    /// Refreshes through `client`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let fetcher = oauth2_grants::RefreshingFetcher::new(client);
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn new(client: OAuth2Client) -> Self {
        Self {
            client,
            extra: Vec::new(),
        }
    }

    /// Adds a parameter to every refresh request (`scope`, `resource`...).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let fetcher = oauth2_grants::RefreshingFetcher::new(client).param("scope", "api:read");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[must_use]
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }
}

#[async_trait]
impl TokenFetcher for RefreshingFetcher {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        let previous = previous.ok_or(Error::NoRefreshToken)?;
        let mut request = self.client.refresh(previous)?;
        for (name, value) in &self.extra {
            request = request.param(name.clone(), value.clone());
        }
        request.send().await
    }

    fn client(&self) -> Option<&OAuth2Client> {
        Some(&self.client)
    }
}

impl TokenManager {
    /// A manager that starts with `token` and refreshes it when it expires; the counterpart
    /// of the Python original's `OAuth2AccessTokenAuth`.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, token: oauth2_types::BearerToken)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let manager = oauth2_grants::TokenManager::refreshing(client, token);
    /// let fresh = manager.token().await?;
    /// # Ok(()) }
    /// ```
    pub fn refreshing(client: OAuth2Client, token: BearerToken) -> Self {
        Self::with_initial(RefreshingFetcher::new(client), Some(token))
    }
}
