//! Client credentials tokens (RFC 6749 section 4.4), renewed by asking again.

use async_trait::async_trait;
use oauth2_types::BearerToken;

use super::{TokenFetcher, TokenManager};
use crate::client::OAuth2Client;
use crate::error::Error;
use crate::grant::TokenRequest;

/// Sends the same client credentials request each time; refreshes instead when the server
/// issued a refresh token, and asks again if the refresh is refused.
///
/// ```
/// # fn demo(client: oauth2_grants::OAuth2Client) {
/// let fetcher = oauth2_grants::ClientCredentialsFetcher::new(client.client_credentials().scope("a"));
/// let manager = oauth2_grants::TokenManager::new(fetcher);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClientCredentialsFetcher {
    request: TokenRequest,
}

impl ClientCredentialsFetcher {
    /// Uses `request` (made by `OAuth2Client::client_credentials`) as the template.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let fetcher = oauth2_grants::ClientCredentialsFetcher::new(client.client_credentials().scope("api:read"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn new(request: TokenRequest) -> Self {
        Self { request }
    }
}

#[async_trait]
impl TokenFetcher for ClientCredentialsFetcher {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        if let Some(previous) = previous.filter(|token| token.refresh_token().is_some()) {
            match self.request.client().refresh(previous)?.send().await {
                Ok(token) => return Ok(token),
                Err(err) if err.is_oauth_error("invalid_grant") => {}
                Err(err) => return Err(err),
            }
        }
        // A new token for the same DPoP key: the key is the client's identity to the APIs.
        let request = match previous {
            Some(previous) => self.request.clone().bound_like(previous),
            None => self.request.clone(),
        };
        request.send().await
    }

    fn client(&self) -> Option<&OAuth2Client> {
        Some(self.request.client())
    }

    fn store_key(&self) -> oauth2_types::store::StoreKey {
        self.request.store_key()
    }
}

impl TokenManager {
    /// A manager of client credentials tokens obtained with `request`.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let manager = oauth2_grants::TokenManager::client_credentials(
    ///     client.client_credentials().scope("api:read").resource("https://api.example"),
    /// );
    /// let token = manager.token().await?;
    /// # Ok(()) }
    /// ```
    pub fn client_credentials(request: TokenRequest) -> Self {
        Self::new(ClientCredentialsFetcher::new(request))
    }
}
