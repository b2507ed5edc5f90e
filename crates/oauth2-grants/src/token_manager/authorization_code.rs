//! Tokens from an authorization code (the counterpart of the Python original's
//! `OAuth2AuthorizationCodeAuth`): the code is exchanged on first use, until an exchange
//! succeeds (a transient failure keeps it for the next try); later tokens come from the
//! refresh token.

use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use oauth2_pkce_par_jar::AuthorizationResponse;
use oauth2_types::BearerToken;

use super::{TokenFetcher, TokenManager};
use crate::client::OAuth2Client;
use crate::error::Error;
use crate::grant::TokenRequest;

/// Exchanges the code the first time, refreshes afterwards.
///
/// ```
/// # let client = oauth2_grants::OAuth2Client::builder().authorization_endpoint("https://as.example/authorize").token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
/// let request = client.authorization_request()?.state("state-1234").build()?;
/// let response = request.pending().validate_query("code=abc&state=state-1234")?;
/// let fetcher = oauth2_grants::AuthorizationCodeFetcher::new(client, &response);
/// let manager = oauth2_grants::TokenManager::new(fetcher); // exchanges the code on first use
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AuthorizationCodeFetcher {
    client: OAuth2Client,
    exchange: Mutex<Option<TokenRequest>>,
}

impl AuthorizationCodeFetcher {
    /// Will exchange the code of `response` (with its verifier and redirect URI, and its ID
    /// token checked).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().authorization_endpoint("https://as.example/authorize").token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_request()?.state("state-1234").build()?;
    /// let response = request.pending().validate_query("code=abc&state=state-1234")?;
    /// let fetcher = oauth2_grants::AuthorizationCodeFetcher::new(client, &response);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(client: OAuth2Client, response: &AuthorizationResponse) -> Self {
        Self {
            exchange: Mutex::new(Some(client.exchange_code(response))),
            client,
        }
    }
}

#[async_trait]
impl TokenFetcher for AuthorizationCodeFetcher {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        // Cloned, not taken: the code stays until an exchange settles it.
        let exchange = self
            .exchange
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match (exchange, previous) {
            (Some(exchange), _) => {
                let result = exchange.send().await;
                // The code is spent exactly when a decoupled grant is settled.
                if super::polling::grant_is_settled(&result) {
                    *self.exchange.lock().unwrap_or_else(PoisonError::into_inner) = None;
                }
                result
            }
            (None, Some(previous)) => self.client.refresh(previous)?.send().await,
            (None, None) => Err(Error::NoRefreshToken),
        }
    }

    fn client(&self) -> Option<&OAuth2Client> {
        Some(&self.client)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
impl TokenManager {
    /// A manager that exchanges the code of `response` on first use, then keeps the token
    /// fresh with its refresh token (single flight included). An exchange that fails
    /// transiently (transport error, timeout, 5xx) is tried again on the next call; one the
    /// server refuses (`invalid_grant`...) is not.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, response: oauth2_pkce_par_jar::AuthorizationResponse)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let manager = oauth2_grants::TokenManager::authorization_code(client, &response);
    /// let token = manager.token().await?; // the exchange
    /// # Ok(()) }
    /// ```
    pub fn authorization_code(client: OAuth2Client, response: &AuthorizationResponse) -> Self {
        Self::new(AuthorizationCodeFetcher::new(client, response))
    }
}
