//! The blocking [`OAuth2Client`]: the async client, its calls run to completion.

use std::ops::Deref;

use oauth2_types::token_type::ExchangeableToken;
use oauth2_types::{BearerToken, ClientAuthentication, RefreshToken};
use serde_json::Value;

use super::{
    BackchannelAuthenticationRequest, DeviceAuthorizationRequest, IntrospectionRequest, Poller,
    RevocationRequest, TokenRequest, run,
};
use crate::{
    BackchannelAuthenticationResponse, DeviceAuthorizationResponse, Error, OAuth2ClientBuilder,
};

/// A blocking client of one authorization server: [`crate::OAuth2Client`] with methods that
/// return values. Cheap to clone, `Send + Sync`; the async client's methods that call no
/// server are reached through `Deref`: the read-only ones (`metadata()`, `issuer()`,
/// `client_id()`, `authorization_request()`...), and the sans-IO pairs for your own HTTP
/// stack, among them the async `prepare_userinfo` and
/// `prepare_push_authorization_request(_with_dpop)`, run with
/// [`block_on`](oauth2_types::blocking::block_on).
///
/// ```no_run
/// use oauth2_client_auth::ClientSecretPost;
/// use oauth2_grants::blocking::OAuth2Client;
///
/// let client = OAuth2Client::discover(
///     "https://as.example",
///     ClientSecretPost::new("my-client", "my-secret"),
/// )?;
/// let token = client.client_credentials().scope("api:read").send()?;
/// println!("token endpoint: {:?}", client.metadata().token_endpoint);
/// # Ok::<(), oauth2_grants::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OAuth2Client(crate::OAuth2Client);

impl OAuth2Client {
    /// The blocking face of `client`.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .token_endpoint("https://as.example/token")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// let client = oauth2_grants::blocking::OAuth2Client::new(client);
    /// assert_eq!(client.client_id(), "my-app");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn new(client: crate::OAuth2Client) -> Self {
        Self(client)
    }

    /// A builder of the async client ([`crate::OAuth2Client::builder`]), for
    /// [`discover_with`](Self::discover_with), or [`new`](Self::new) after its `build()`.
    ///
    /// ```
    /// use oauth2_grants::blocking::OAuth2Client;
    /// let client = OAuth2Client::new(
    ///     OAuth2Client::builder()
    ///         .token_endpoint("https://as.example/token")
    ///         .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///         .build()?,
    /// );
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn builder() -> OAuth2ClientBuilder {
        crate::OAuth2Client::builder()
    }

    /// A client of the server at `issuer`, from its discovery document, authenticating with
    /// `auth`: [`crate::OAuth2Client::discover`].
    ///
    /// ```no_run
    /// let client = oauth2_grants::blocking::OAuth2Client::discover(
    ///     "https://as.example",
    ///     oauth2_client_auth::ClientSecretPost::new("my-client", "my-secret"),
    /// )?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn discover(
        issuer: &str,
        auth: impl ClientAuthentication + 'static,
    ) -> Result<Self, Error> {
        run(crate::OAuth2Client::discover(issuer, auth)).map(Self)
    }

    /// A client of the server at `issuer`, from its discovery document, with the rest of its
    /// configuration from `builder`: [`OAuth2ClientBuilder::discover`].
    ///
    /// ```no_run
    /// use oauth2_grants::blocking::OAuth2Client;
    /// let builder = OAuth2Client::builder()
    ///     .auth(oauth2_client_auth::ClientSecretPost::new("my-client", "my-secret"))
    ///     .allow_insecure_http(true); // a local development server
    /// let client = OAuth2Client::discover_with(builder, "http://localhost:8080")?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn discover_with(builder: OAuth2ClientBuilder, issuer: &str) -> Result<Self, Error> {
        run(builder.discover(issuer)).map(Self)
    }

    /// The async client.
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let async_client: &oauth2_grants::OAuth2Client = client.as_async();
    /// # }
    /// ```
    pub fn as_async(&self) -> &crate::OAuth2Client {
        &self.0
    }

    /// A token request with any `grant_type`: [`crate::OAuth2Client::token_request`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.token_request("urn:example:grant").param("ticket", "t").send()?;
    /// # Ok(()) }
    /// ```
    pub fn token_request(&self, grant_type: &str) -> TokenRequest {
        self.0.token_request(grant_type).into()
    }

    /// A client credentials request: [`crate::OAuth2Client::client_credentials`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.client_credentials().scope("api:read").send()?;
    /// # Ok(()) }
    /// ```
    pub fn client_credentials(&self) -> TokenRequest {
        self.0.client_credentials().into()
    }

    /// A refresh token request: [`crate::OAuth2Client::refresh_token`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.refresh_token("tGzv3JOkF0XG5Qx2TlKWIA").send()?;
    /// # Ok(()) }
    /// ```
    pub fn refresh_token(&self, refresh_token: impl Into<RefreshToken>) -> TokenRequest {
        self.0.refresh_token(refresh_token).into()
    }

    /// The refresh of `token` with its refresh token (and its DPoP key, when bound):
    /// [`crate::OAuth2Client::refresh`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, token: oauth2_types::BearerToken) -> Result<(), oauth2_grants::Error> {
    /// let fresh = client.refresh(&token)?.send()?;
    /// # Ok(()) }
    /// ```
    pub fn refresh(&self, token: &BearerToken) -> Result<TokenRequest, Error> {
        self.0.refresh(token).map(Into::into)
    }

    /// A token exchange request (RFC 8693): [`crate::OAuth2Client::token_exchange`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.token_exchange("subject-token", "access_token").audience("https://api.example").send()?;
    /// # Ok(()) }
    /// ```
    pub fn token_exchange(&self, subject_token: &str, subject_token_type: &str) -> TokenRequest {
        self.0
            .token_exchange(subject_token, subject_token_type)
            .into()
    }

    /// A token exchange of `subject`, its type inferred: [`crate::OAuth2Client::exchange_token`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, token: oauth2_types::BearerToken) -> Result<(), oauth2_grants::Error> {
    /// let exchanged = client.exchange_token(&token).audience("https://api.example").send()?;
    /// # Ok(()) }
    /// ```
    pub fn exchange_token(&self, subject: &impl ExchangeableToken) -> TokenRequest {
        self.0.exchange_token(subject).into()
    }

    /// A JWT bearer request (RFC 7523): [`crate::OAuth2Client::jwt_bearer`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, assertion: &str) -> Result<(), oauth2_grants::Error> {
    /// let token = client.jwt_bearer(assertion).send()?;
    /// # Ok(()) }
    /// ```
    pub fn jwt_bearer(&self, assertion: impl AsRef<str>) -> TokenRequest {
        self.0.jwt_bearer(assertion).into()
    }

    /// A resource owner password request: [`crate::OAuth2Client::resource_owner_password`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.resource_owner_password("alice", "wonderland").send()?;
    /// # Ok(()) }
    /// ```
    pub fn resource_owner_password(&self, username: &str, password: &str) -> TokenRequest {
        self.0.resource_owner_password(username, password).into()
    }

    /// An authorization code request, completed by hand: [`crate::OAuth2Client::authorization_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client
    ///     .authorization_code("SplxlOBeZQQYbYS6WxSbIA")
    ///     .redirect_uri("https://app.example/cb")
    ///     .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    ///     .send()?;
    /// # Ok(()) }
    /// ```
    pub fn authorization_code(&self, code: impl Into<String>) -> TokenRequest {
        self.0.authorization_code(code).into()
    }

    /// The exchange of a validated authorization response: [`crate::OAuth2Client::exchange_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, callback_url: url::Url) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let request = client.prepare_authorization(request)?;
    /// println!("send the user to {}", request.url());
    /// let response = request.pending().validate_callback(&callback_url)?;
    /// let token = client.exchange_code(&response).send()?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn exchange_code(
        &self,
        response: &oauth2_pkce_par_jar::AuthorizationResponse,
    ) -> TokenRequest {
        self.0.exchange_code(response).into()
    }

    /// The request pushed when the server or the registration requires it, unchanged
    /// otherwise: [`crate::OAuth2Client::prepare_authorization`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let request = client.prepare_authorization(request)?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn prepare_authorization(
        &self,
        request: oauth2_pkce_par_jar::AuthorizationRequest,
    ) -> Result<oauth2_pkce_par_jar::AuthorizationRequest, Error> {
        run(self.0.prepare_authorization(request))
    }

    /// Pushes the request to the PAR endpoint (RFC 9126):
    /// [`crate::OAuth2Client::push_authorization_request`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let pushed = client.push_authorization_request(request)?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn push_authorization_request(
        &self,
        request: oauth2_pkce_par_jar::AuthorizationRequest,
    ) -> Result<oauth2_pkce_par_jar::AuthorizationRequest, Error> {
        run(self.0.push_authorization_request(request))
    }

    /// Pushes the request with a DPoP proof by `dpop_key`, binding the code to it:
    /// [`crate::OAuth2Client::push_authorization_request_with_dpop`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let pushed = client.push_authorization_request_with_dpop(request, &key)?;
    /// # Ok(()) }
    /// ```
    #[cfg(all(feature = "oidc", feature = "dpop"))]
    #[cfg_attr(docsrs, doc(cfg(all(feature = "dpop", feature = "oidc"))))]
    pub fn push_authorization_request_with_dpop(
        &self,
        request: oauth2_pkce_par_jar::AuthorizationRequest,
        dpop_key: &oauth2_dpop::DpopKey,
    ) -> Result<oauth2_pkce_par_jar::AuthorizationRequest, Error> {
        run(self
            .0
            .push_authorization_request_with_dpop(request, dpop_key))
    }

    /// A device authorization request (RFC 8628): [`crate::OAuth2Client::device_authorization`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send()?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// let token = client.poll_device_code(&device)?;
    /// # Ok(()) }
    /// ```
    pub fn device_authorization(&self) -> DeviceAuthorizationRequest {
        self.0.device_authorization().into()
    }

    /// One device code token request, for those who poll themselves:
    /// [`crate::OAuth2Client::device_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, device: oauth2_grants::DeviceAuthorizationResponse) {
    /// match client.device_code(&device).send() {
    ///     Err(err) if err.is_oauth_error("authorization_pending") => println!("not yet"),
    ///     other => println!("{other:?}"),
    /// }
    /// # }
    /// ```
    pub fn device_code(&self, device: &DeviceAuthorizationResponse) -> TokenRequest {
        self.0.device_code(device).into()
    }

    /// Polls the device code until the user approves, refuses, or it expires:
    /// [`crate::OAuth2Client::poll_device_code`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, device: oauth2_grants::DeviceAuthorizationResponse) -> Result<(), oauth2_grants::Error> {
    /// let token = client.poll_device_code(&device)?;
    /// # Ok(()) }
    /// ```
    pub fn poll_device_code(
        &self,
        device: &DeviceAuthorizationResponse,
    ) -> Result<BearerToken, Error> {
        run(self.0.poll_device_code(device))
    }

    /// The polling of `device`, to drive, observe or cancel: [`crate::OAuth2Client::device_poller`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, device: oauth2_grants::DeviceAuthorizationResponse) -> Result<(), oauth2_grants::Error> {
    /// let mut poller = client.device_poller(&device)?;
    /// let token = poller.run()?;
    /// # Ok(()) }
    /// ```
    pub fn device_poller(&self, device: &DeviceAuthorizationResponse) -> Result<Poller, Error> {
        self.0.device_poller(device).map(Into::into)
    }

    /// A CIBA request (OpenID CIBA Core): [`crate::OAuth2Client::backchannel_authentication`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().scope("openid").login_hint("alice").send()?;
    /// let token = client.poll_backchannel_authentication(&request)?;
    /// # Ok(()) }
    /// ```
    pub fn backchannel_authentication(&self) -> BackchannelAuthenticationRequest {
        self.0.backchannel_authentication().into()
    }

    /// One CIBA token request, for those who poll themselves: [`crate::OAuth2Client::ciba`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, request: oauth2_grants::BackchannelAuthenticationResponse) {
    /// let answer = client.ciba(&request).send();
    /// # }
    /// ```
    pub fn ciba(&self, request: &BackchannelAuthenticationResponse) -> TokenRequest {
        self.0.ciba(request).into()
    }

    /// Polls the CIBA request until the user approves, refuses, or it expires:
    /// [`crate::OAuth2Client::poll_backchannel_authentication`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, request: oauth2_grants::BackchannelAuthenticationResponse) -> Result<(), oauth2_grants::Error> {
    /// let token = client.poll_backchannel_authentication(&request)?;
    /// # Ok(()) }
    /// ```
    pub fn poll_backchannel_authentication(
        &self,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<BearerToken, Error> {
        run(self.0.poll_backchannel_authentication(request))
    }

    /// The polling of a CIBA request, to drive, observe or cancel:
    /// [`crate::OAuth2Client::ciba_poller`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, request: oauth2_grants::BackchannelAuthenticationResponse) -> Result<(), oauth2_grants::Error> {
    /// let token = client.ciba_poller(&request)?.run()?;
    /// # Ok(()) }
    /// ```
    pub fn ciba_poller(
        &self,
        request: &BackchannelAuthenticationResponse,
    ) -> Result<Poller, Error> {
        self.0.ciba_poller(request).map(Into::into)
    }

    /// A token introspection request (RFC 7662): [`crate::OAuth2Client::introspect`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let answer = client.introspect("2YotnFZFEjr1zCsicMWpAA").send()?;
    /// println!("active: {}", answer.active);
    /// # Ok(()) }
    /// ```
    pub fn introspect(&self, token: &str) -> IntrospectionRequest {
        self.0.introspect(token).into()
    }

    /// A token revocation request (RFC 7009): [`crate::OAuth2Client::revocation`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revocation("2YotnFZFEjr1zCsicMWpAA").token_type_hint("access_token").send()?;
    /// # Ok(()) }
    /// ```
    pub fn revocation(&self, token: &str) -> RevocationRequest {
        self.0.revocation(token).into()
    }

    /// Revokes an access token: [`crate::OAuth2Client::revoke_access_token`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revoke_access_token("2YotnFZFEjr1zCsicMWpAA")?;
    /// # Ok(()) }
    /// ```
    pub fn revoke_access_token(&self, token: &str) -> Result<(), Error> {
        run(self.0.revoke_access_token(token))
    }

    /// Revokes a refresh token: [`crate::OAuth2Client::revoke_refresh_token`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revoke_refresh_token("tGzv3JOkF0XG5Qx2TlKWIA")?;
    /// # Ok(()) }
    /// ```
    pub fn revoke_refresh_token(&self, token: &str) -> Result<(), Error> {
        run(self.0.revoke_refresh_token(token))
    }

    /// The userinfo of the user `token` was issued for: [`crate::OAuth2Client::userinfo`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, token: oauth2_types::BearerToken) -> Result<(), oauth2_grants::Error> {
    /// let userinfo = client.userinfo(&token)?;
    /// println!("hello {}", userinfo["sub"]);
    /// # Ok(()) }
    /// ```
    pub fn userinfo(&self, token: &BearerToken) -> Result<Value, Error> {
        run(self.0.userinfo(token))
    }

    /// Validates an ID token from elsewhere against the server's key set and returns it with
    /// its claims typed: [`crate::OAuth2Client::validate_id_token`]. The ID token of a code
    /// exchange, a refresh or another grant was validated on arrival: read it with
    /// [`IdToken::of`](crate::IdToken::of).
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, id_token: &str) -> Result<(), oauth2_grants::Error> {
    /// let expectations = client.id_token_expectations()?.nonce("n-0S6_WzA2Mj");
    /// let id_token = client.validate_id_token(id_token, &expectations)?;
    /// println!("signed in as {}", id_token.claims().sub);
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn validate_id_token(
        &self,
        id_token: &str,
        expectations: &oauth2_pkce_par_jar::IdTokenExpectations,
    ) -> Result<oauth2_pkce_par_jar::IdToken, Error> {
        run(self.0.validate_id_token(id_token, expectations))
    }

    /// The server's key set, cached (`refresh` fetches it again): [`crate::OAuth2Client::jwks`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let jwks = client.jwks(false)?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn jwks(&self, refresh: bool) -> Result<oauth2_jose::Jwks, Error> {
        run(self.0.jwks(refresh))
    }
}

/// The async client's methods that call no server: the read-only ones (`metadata()`,
/// `client_id()`, `authorization_request()`...), and the sans-IO pairs that prepare a request
/// for your own HTTP stack and read its answer. Some of those are async, as they may sign (a
/// DPoP proof, a client assertion) with an async signer: `prepare_userinfo`,
/// `prepare_push_authorization_request(_with_dpop)` and their readers' `read`. Run them with
/// [`block_on`](oauth2_types::blocking::block_on); the methods that send are this type's own.
///
/// ```
/// use oauth2_types::blocking::block_on;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let client = oauth2_grants::OAuth2Client::builder().userinfo_endpoint("https://as.example/userinfo").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
/// let client = oauth2_grants::blocking::OAuth2Client::new(client);
/// let token = oauth2_types::BearerToken::new("at-1");
/// let (request, reader) = block_on(client.prepare_userinfo(&token))??;
/// assert_eq!(request.headers()["authorization"], "Bearer at-1");
/// let answer = http::Response::new(br#"{"sub":"alice"}"#.to_vec()); // sent your way
/// let claims = block_on(reader.read(answer))??;
/// assert_eq!(claims["sub"], "alice");
/// # Ok(()) }
/// ```
impl Deref for OAuth2Client {
    type Target = crate::OAuth2Client;

    fn deref(&self) -> &crate::OAuth2Client {
        &self.0
    }
}

impl From<crate::OAuth2Client> for OAuth2Client {
    fn from(client: crate::OAuth2Client) -> Self {
        Self(client)
    }
}

impl From<OAuth2Client> for crate::OAuth2Client {
    fn from(client: OAuth2Client) -> Self {
        client.0
    }
}
