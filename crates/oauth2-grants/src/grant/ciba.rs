//! Client-Initiated Backchannel Authentication (OpenID Connect CIBA), poll mode: the client
//! asks the server to authenticate a user on their own device, then polls.

use oauth2_types::{BearerToken, FormRequest, grant_type};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::TokenRequest;
use crate::client::{Endpoint, OAuth2Client};
use crate::error::Error;
use crate::response;

/// What the backchannel authentication endpoint answers (CIBA section 7.3).
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
}

impl std::fmt::Debug for BackchannelAuthenticationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationResponse")
            .field("auth_req_id", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// A backchannel authentication request, ready to be completed and sent.
#[derive(Debug, Clone)]
#[must_use = "a backchannel authentication request does nothing until sent"]
pub struct BackchannelAuthenticationRequest {
    client: OAuth2Client,
    params: Vec<(String, String)>,
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
    pub fn ciba(&self, request: &BackchannelAuthenticationResponse) -> TokenRequest {
        self.token_request(grant_type::CIBA)
            .param("auth_req_id", request.auth_req_id.clone())
    }

    /// Polls until the user approves or denies, or the request expires
    /// ([`Error::PollingExpired`]); `slow_down` adds 5 s to the interval. With DPoP, all polls
    /// use one key; to choose DPoP or its key for this request, use [`TokenRequest::poll`] on
    /// [`ciba`](Self::ciba).
    pub async fn poll_backchannel_authentication(
        &self,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<BearerToken, Error> {
        self.ciba(request)
            .poll(request.interval, request.expires_in)
            .await
    }
}

impl BackchannelAuthenticationRequest {
    /// Sets `scope` (must include `openid`).
    pub fn scope(self, scope: impl Into<String>) -> Self {
        self.param("scope", scope)
    }

    /// Sets `login_hint`.
    pub fn login_hint(self, hint: impl Into<String>) -> Self {
        self.param("login_hint", hint)
    }

    /// Sets `login_hint_token`.
    pub fn login_hint_token(self, token: impl Into<String>) -> Self {
        self.param("login_hint_token", token)
    }

    /// Sets `id_token_hint`.
    pub fn id_token_hint(self, id_token: impl Into<String>) -> Self {
        self.param("id_token_hint", id_token)
    }

    /// Sets `binding_message`, shown on both devices.
    pub fn binding_message(self, message: impl Into<String>) -> Self {
        self.param("binding_message", message)
    }

    /// Sets `requested_expiry`, in seconds.
    pub fn requested_expiry(self, seconds: u64) -> Self {
        self.param("requested_expiry", seconds.to_string())
    }

    /// Adds any parameter (`acr_values`, `user_code`, `resource`...).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<BackchannelAuthenticationResponse, Error> {
        let endpoint = Endpoint::BackchannelAuthentication;
        let mut form = FormRequest::new(self.client.endpoint_url(endpoint)?);
        form.form = self.params;
        let response = self.client.send_authenticated(endpoint, form).await?;
        response::json(endpoint.name(), response)
    }
}
