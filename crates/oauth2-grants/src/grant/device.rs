//! The device authorization grant (RFC 8628): a device without a browser shows a code, the
//! user approves on another device, and the client polls the token endpoint.

use std::time::Instant;

use oauth2_types::redact::{FormParams, Redacted};
use oauth2_types::{BearerToken, Scope, grant_type};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::TokenRequest;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::PreparedCall;
use crate::response;

/// What the device authorization endpoint answers (RFC 8628 section 3.2).
///
/// ```
/// let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{
///   "device_code":"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS","user_code":"WDJB-MJHT",
///   "verification_uri":"https://example.com/device","expires_in":1800,"interval":5}"#)?;
/// assert_eq!((device.user_code.as_str(), device.interval), ("WDJB-MJHT", Some(5)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeviceAuthorizationResponse {
    /// The code the client polls with (secret).
    pub device_code: String,
    /// The code the user types.
    pub user_code: String,
    /// Where the user goes.
    pub verification_uri: String,
    /// Where the user goes with the code already filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_uri_complete: Option<String>,
    /// How long the codes are valid, in seconds.
    pub expires_in: u64,
    /// The minimum time between polls, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u64>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// When the response was read: `expires_in` counts from here (not serialized: a response
    /// read back from storage counts from when it was read).
    #[serde(skip, default = "Instant::now")]
    received_at: Instant,
}

/// The codes are redacted: the device code is polled with, and the user code (also in
/// `verification_uri_complete`) approves the device for whoever types it.
impl std::fmt::Debug for DeviceAuthorizationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorizationResponse")
            .field("device_code", &Redacted)
            .field("user_code", &Redacted)
            .field("verification_uri", &self.verification_uri)
            .field(
                "verification_uri_complete",
                &self.verification_uri_complete.as_ref().map(|_| Redacted),
            )
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl DeviceAuthorizationResponse {
    /// When the codes expire: `expires_in` counted from when this response arrived (RFC 8628
    /// section 3.2), however late polling starts; at most 24 hours.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{
    ///   "device_code":"dc-1","user_code":"WDJB-MJHT","verification_uri":"https://as.example/device",
    ///   "expires_in":1800}"#)?;
    /// assert!(device.expires_at() <= Instant::now() + Duration::from_secs(1800));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn expires_at(&self) -> Instant {
        super::polling::expiry(self.received_at, self.expires_in)
    }
}

/// A device authorization request, ready to be completed and sent.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let request = client.device_authorization().scope("openid");
/// let device = request.send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a device authorization request does nothing until sent"]
pub struct DeviceAuthorizationRequest {
    client: OAuth2Client,
    params: Vec<(String, String)>,
}

impl std::fmt::Debug for DeviceAuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorizationRequest")
            .field("client", &self.client)
            .field("params", &FormParams(&self.params))
            .finish()
    }
}

impl OAuth2Client {
    /// Starts the device flow (RFC 8628 section 3.1).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send().await?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// let token = client.poll_device_code(&device).await?;
    /// # Ok(()) }
    /// ```
    pub fn device_authorization(&self) -> DeviceAuthorizationRequest {
        DeviceAuthorizationRequest {
            client: self.clone(),
            params: Vec::new(),
        }
    }

    /// One token request with the device code; see [`poll_device_code`](Self::poll_device_code)
    /// for the polling.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{"device_code":"dc-1",
    ///   "user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":1800}"#)?;
    /// let request = client.device_code(&device);
    /// assert_eq!(request.get("grant_type"), Some("urn:ietf:params:oauth:grant-type:device_code"));
    /// assert_eq!(request.get("device_code"), Some("dc-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn device_code(&self, device: &DeviceAuthorizationResponse) -> TokenRequest {
        self.token_request(grant_type::DEVICE_CODE)
            .param("device_code", device.device_code.clone())
    }

    /// Polls the token endpoint until the user approves or denies, the codes expire, or the
    /// server answers anything else: waits `interval` between polls, 5 s more after each
    /// `slow_down` (RFC 8628 section 3.5), and gives up when the codes expire
    /// ([`Error::PollingExpired`]; `expires_in` counts from when the device authorization
    /// response arrived, see [`DeviceAuthorizationResponse::expires_at`]), so it never polls
    /// forever. With DPoP, all polls use one
    /// key; to choose DPoP or its key for this flow, use
    /// [`TokenRequest::poll`] on [`device_code`](Self::device_code).
    ///
    /// ```no_run
    /// use oauth2_grants::{DeviceAuthorizationResponse, OAuth2Client};
    /// # async fn demo(client: OAuth2Client, device: DeviceAuthorizationResponse) -> Result<(), oauth2_grants::Error> {
    /// let token = client.poll_device_code(&device).await?;
    /// println!("approved; the token expires in {:?}", token.expires_in());
    /// # Ok(()) }
    /// ```
    pub async fn poll_device_code(
        &self,
        device: &DeviceAuthorizationResponse,
    ) -> Result<BearerToken, Error> {
        self.device_poller(device)?.run().await
    }

    /// The polling of `device` as a [`Poller`](crate::Poller), to drive step by step
    /// ([`poll_once`](crate::Poller::poll_once)), observe, cancel, or hand to
    /// [`TokenManager::polling`](crate::TokenManager::polling).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send().await?;
    /// let mut poller = client.device_poller(&device)?;
    /// let progress = poller.watch();
    /// let token = poller.run().await?;
    /// # Ok(()) }
    /// ```
    pub fn device_poller(
        &self,
        device: &DeviceAuthorizationResponse,
    ) -> Result<crate::Poller, Error> {
        self.device_code(device)
            .poller(device.interval, device.expires_at())
    }
}

impl DeviceAuthorizationRequest {
    /// Sets `scope`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.device_authorization().scope("openid offline_access");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn scope(self, scope: impl Into<Scope>) -> Self {
        self.param("scope", scope.into().to_string())
    }

    /// Adds a `resource` indicator (RFC 8707).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.device_authorization().resource("https://api.example/");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn resource(self, resource: impl Into<String>) -> Self {
        self.param("resource", resource)
    }

    /// Adds any parameter.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.device_authorization().param("audience", "https://api.example/");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Sends the request.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send().await?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<DeviceAuthorizationResponse, Error> {
        super::send_form(
            &self.client,
            Endpoint::DeviceAuthorization,
            self.params,
            response::json,
        )
        .await
    }

    /// The request, authenticated, to send with any HTTP stack, and the reader of its
    /// response: [`send`](Self::send) without the sending.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().device_authorization_endpoint("https://as.example/device").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.device_authorization().scope("openid").prepare().await?;
    /// assert_eq!(request.method(), http::Method::POST);
    /// let device = reader.read(http::Response::new(br#"{"device_code":"dc-1","user_code":"WDJB-MJHT",
    ///   "verification_uri":"https://as.example/device","expires_in":1800}"#.to_vec())).await?;
    /// assert_eq!(device.user_code, "WDJB-MJHT");
    /// # Ok(()) }
    /// ```
    pub async fn prepare(self) -> Result<PreparedCall<DeviceAuthorizationResponse>, Error> {
        super::prepare_form(
            &self.client,
            Endpoint::DeviceAuthorization,
            self.params,
            response::json,
        )
        .await
    }
}
