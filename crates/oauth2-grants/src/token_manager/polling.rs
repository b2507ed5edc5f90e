//! Tokens from a decoupled grant (the counterpart of the Python original's
//! `OAuth2DeviceCodeAuth`): the device or CIBA authorization is polled on first use, until
//! the server settles it; later tokens come from the refresh token.

use async_trait::async_trait;
use oauth2_types::BearerToken;
use tokio::sync::Mutex;

use super::{RefreshingFetcher, TokenFetcher, TokenManager};
use crate::client::OAuth2Client;
use crate::error::Error;
use crate::grant::{BackchannelAuthenticationResponse, DeviceAuthorizationResponse, Poller};

/// Polls a device or CIBA authorization the first time, refreshes afterwards.
///
/// ```
/// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
/// # let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{"device_code":"dc-1",
/// #   "user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":1800}"#)?;
/// let poller = client.device_poller(&device)?;
/// let fetcher = oauth2_grants::PollingFetcher::new(client, poller);
/// let manager = oauth2_grants::TokenManager::new(fetcher); // polls on first use
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PollingFetcher {
    refresher: RefreshingFetcher,
    /// Kept until the server settles the authorization (approved, denied, expired...): a
    /// transient failure polls on with it on the next call.
    poller: Mutex<Option<Poller>>,
}

impl PollingFetcher {
    /// Will run `poller` (made by [`OAuth2Client::device_poller`] or
    /// [`OAuth2Client::ciba_poller`]), then refresh through `client`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// # let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{"device_code":"dc-1",
    /// #   "user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":1800}"#)?;
    /// let fetcher = oauth2_grants::PollingFetcher::new(client.clone(), client.device_poller(&device)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(client: OAuth2Client, poller: Poller) -> Self {
        Self {
            refresher: RefreshingFetcher::new(client),
            poller: Mutex::new(Some(poller)),
        }
    }
}

/// Whether the server settled the authorization, so polling again is pointless: a token, or
/// an OAuth error other than a server-side one (`access_denied`, `expired_token`...), or a
/// response that came but was refused. A transport failure, a timeout or a 5xx keeps it;
/// an expiry or a cancellation keeps it too, so that later calls say so again.
pub(super) fn grant_is_settled(result: &Result<BearerToken, Error>) -> bool {
    let Err(err) = result else {
        return true;
    };
    match err {
        Error::OAuth { status, .. } | Error::UnexpectedResponse { status, .. } => {
            !status.is_server_error()
        }
        #[cfg(feature = "oidc")]
        Error::IdToken(_) => true,
        Error::NotDpopBound { .. } => true,
        _ => false,
    }
}

#[async_trait]
impl TokenFetcher for PollingFetcher {
    async fn fetch(&self, previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        let mut poller = self.poller.lock().await;
        let Some(running) = poller.as_mut() else {
            drop(poller);
            return self.refresher.fetch(previous).await;
        };
        let result = running.run().await;
        if grant_is_settled(&result) {
            *poller = None;
        }
        result
    }

    fn client(&self) -> Option<&OAuth2Client> {
        self.refresher.client()
    }
}

impl TokenManager {
    /// A manager that runs `poller` on first use (waiting for the user's approval), then
    /// keeps the token fresh with its refresh token. Observe the polling with
    /// [`Poller::watch`] and stop it with [`Poller::cancel_handle`] before handing it over.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid offline_access").send().await?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// let poller = client.device_poller(&device)?;
    /// let cancel = poller.cancel_handle();
    /// let manager = oauth2_grants::TokenManager::polling(client, poller);
    /// let token = manager.token().await?; // polls until approved
    /// # Ok(()) }
    /// ```
    pub fn polling(client: OAuth2Client, poller: Poller) -> Self {
        Self::new(PollingFetcher::new(client, poller))
    }

    /// A manager that polls the device authorization `device` on first use, then refreshes:
    /// the counterpart of the Python original's `OAuth2DeviceCodeAuth`.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid offline_access").send().await?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// let manager = oauth2_grants::TokenManager::device_code(client, &device)?;
    /// let token = manager.token().await?; // polls until approved
    /// # Ok(()) }
    /// ```
    pub fn device_code(
        client: OAuth2Client,
        device: &DeviceAuthorizationResponse,
    ) -> Result<Self, Error> {
        let poller = client.device_poller(device)?;
        Ok(Self::polling(client, poller))
    }

    /// A manager that polls the CIBA request `request` on first use, then refreshes.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().scope("openid").login_hint("alice").send().await?;
    /// let manager = oauth2_grants::TokenManager::ciba(client, &request)?;
    /// let token = manager.token().await?; // polls until the user approves
    /// # Ok(()) }
    /// ```
    pub fn ciba(
        client: OAuth2Client,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<Self, Error> {
        let poller = client.ciba_poller(request)?;
        Ok(Self::polling(client, poller))
    }
}
