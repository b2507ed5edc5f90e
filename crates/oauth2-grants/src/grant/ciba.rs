//! Client-Initiated Backchannel Authentication (OpenID Connect CIBA), poll mode: the client
//! asks the server to authenticate a user on their own device, then polls.

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

/// What the backchannel authentication endpoint answers (CIBA section 7.3).
///
/// ```
/// let response: oauth2_grants::BackchannelAuthenticationResponse = serde_json::from_str(
///     r#"{"auth_req_id":"1c266114-a1be-4252-8ad1-04986c5b9ac1","expires_in":120,"interval":2}"#,
/// )?;
/// assert_eq!((response.expires_in, response.interval), (120, Some(2)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BackchannelAuthenticationResponse {
    /// The request's identifier, polled with (secret).
    pub auth_req_id: String,
    /// How long the request is valid, in seconds.
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

impl std::fmt::Debug for BackchannelAuthenticationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationResponse")
            .field("auth_req_id", &Redacted)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl BackchannelAuthenticationResponse {
    /// When the request expires: `expires_in` counted from when this response arrived,
    /// however late polling starts; at most 24 hours.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let response: oauth2_grants::BackchannelAuthenticationResponse =
    ///     serde_json::from_str(r#"{"auth_req_id":"req-1","expires_in":120}"#)?;
    /// assert!(response.expires_at() <= Instant::now() + Duration::from_secs(120));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn expires_at(&self) -> Instant {
        super::polling::expiry(self.received_at, self.expires_in)
    }
}

/// A backchannel authentication request, ready to be completed and sent.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let request = client.backchannel_authentication().scope("openid").login_hint("alice@example.com");
/// let response = request.send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a backchannel authentication request does nothing until sent"]
pub struct BackchannelAuthenticationRequest {
    client: OAuth2Client,
    params: Vec<(String, String)>,
}

/// Hints that are tokens (`login_hint_token`, `id_token_hint`) and a `user_code` are redacted
/// with every other value that does not just say what is asked for.
impl std::fmt::Debug for BackchannelAuthenticationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationRequest")
            .field("client", &self.client)
            .field("params", &FormParams(&self.params))
            .finish()
    }
}

impl OAuth2Client {
    /// Starts a CIBA request: name the user with `login_hint` (or `login_hint_token`,
    /// `id_token_hint`).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client
    ///     .backchannel_authentication()
    ///     .scope("openid")
    ///     .login_hint("alice@example.com")
    ///     .binding_message("W4SCT")
    ///     .send()
    ///     .await?;
    /// let token = client.poll_backchannel_authentication(&request).await?;
    /// # Ok(()) }
    /// ```
    pub fn backchannel_authentication(&self) -> BackchannelAuthenticationRequest {
        BackchannelAuthenticationRequest {
            client: self.clone(),
            params: Vec::new(),
        }
    }

    /// One token request for a CIBA request.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let response: oauth2_grants::BackchannelAuthenticationResponse =
    ///     serde_json::from_str(r#"{"auth_req_id":"req-1","expires_in":120}"#)?;
    /// let request = client.ciba(&response);
    /// assert_eq!(request.get("grant_type"), Some("urn:openid:params:grant-type:ciba"));
    /// assert_eq!(request.get("auth_req_id"), Some("req-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ciba(&self, request: &BackchannelAuthenticationResponse) -> TokenRequest {
        self.token_request(grant_type::CIBA)
            .param("auth_req_id", request.auth_req_id.clone())
    }

    /// Polls until the user approves or denies, or the request expires
    /// ([`Error::PollingExpired`]; counted from when the response arrived, see
    /// [`BackchannelAuthenticationResponse::expires_at`]); `slow_down` adds 5 s to the
    /// interval. With DPoP, all polls
    /// use one key; to choose DPoP or its key for this request, use [`TokenRequest::poll`] on
    /// [`ciba`](Self::ciba).
    ///
    /// ```no_run
    /// use oauth2_grants::{BackchannelAuthenticationResponse, OAuth2Client};
    /// # async fn demo(client: OAuth2Client, request: BackchannelAuthenticationResponse) -> Result<(), oauth2_grants::Error> {
    /// let token = client.poll_backchannel_authentication(&request).await?;
    /// println!("signed in; the token expires in {:?}", token.expires_in());
    /// # Ok(()) }
    /// ```
    pub async fn poll_backchannel_authentication(
        &self,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<BearerToken, Error> {
        self.ciba_poller(request)?.run().await
    }

    /// The polling of `request` as a [`Poller`](crate::Poller), to drive step by step
    /// ([`poll_once`](crate::Poller::poll_once)), observe, cancel, or hand to
    /// [`TokenManager::polling`](crate::TokenManager::polling).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().scope("openid").login_hint("alice").send().await?;
    /// let mut poller = client.ciba_poller(&request)?;
    /// let token = poller.run().await?;
    /// # Ok(()) }
    /// ```
    pub fn ciba_poller(
        &self,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<crate::Poller, Error> {
        self.ciba(request)
            .poller(request.interval, request.expires_at())
    }
}

impl BackchannelAuthenticationRequest {
    /// Sets `scope` (must include `openid`).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().scope("openid email");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn scope(self, scope: impl Into<Scope>) -> Self {
        self.param("scope", scope.into().to_string())
    }

    /// Sets `login_hint`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().login_hint("alice@example.com");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn login_hint(self, hint: impl Into<String>) -> Self {
        self.param("login_hint", hint)
    }

    /// Sets `login_hint_token`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().login_hint_token("eyJhbGciOi...");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn login_hint_token(self, token: impl Into<String>) -> Self {
        self.param("login_hint_token", token)
    }

    /// Sets `id_token_hint`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().id_token_hint("eyJhbGciOi...");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn id_token_hint(self, id_token: impl Into<String>) -> Self {
        self.param("id_token_hint", id_token)
    }

    /// Sets `binding_message`, shown on both devices.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().binding_message("W4SCT");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn binding_message(self, message: impl Into<String>) -> Self {
        self.param("binding_message", message)
    }

    /// Sets `requested_expiry`, in seconds.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().requested_expiry(300);
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn requested_expiry(self, seconds: u64) -> Self {
        self.param("requested_expiry", seconds.to_string())
    }

    /// Adds any parameter (`acr_values`, `user_code`, `resource`...).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.backchannel_authentication().param("acr_values", "urn:mace:incommon:iap:silver");
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
    /// let response = client.backchannel_authentication().scope("openid").login_hint("alice").send().await?;
    /// println!("approve on your phone within {} s", response.expires_in);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<BackchannelAuthenticationResponse, Error> {
        super::send_form(
            &self.client,
            Endpoint::BackchannelAuthentication,
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
    /// # let client = oauth2_grants::OAuth2Client::builder().backchannel_authentication_endpoint("https://as.example/bc").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.backchannel_authentication().scope("openid").login_hint("alice").prepare().await?;
    /// assert_eq!(request.method(), http::Method::POST);
    /// let response = reader.read(http::Response::new(br#"{"auth_req_id":"req-1","expires_in":120}"#.to_vec())).await?;
    /// assert_eq!(response.expires_in, 120);
    /// # Ok(()) }
    /// ```
    pub async fn prepare(self) -> Result<PreparedCall<BackchannelAuthenticationResponse>, Error> {
        super::prepare_form(
            &self.client,
            Endpoint::BackchannelAuthentication,
            self.params,
            response::json,
        )
        .await
    }
}
