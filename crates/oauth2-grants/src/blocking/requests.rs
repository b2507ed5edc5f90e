//! The blocking requests: each holds the async request, forwards its setters (one line each,
//! made by [`blocking_request!`]) and sends it on the blocking runtime.

use std::ops::Deref;

use oauth2_types::token_type::ExchangeableToken;
use oauth2_types::{BearerToken, Scope};

use super::run;
use crate::{
    BackchannelAuthenticationResponse, DeviceAuthorizationResponse, Error, IntrospectionResponse,
};

/// A blocking request type over an async one: the setters listed, each forwarded, `send()`
/// run on the blocking runtime, the async request's getters through `Deref`, and `From`
/// both ways.
macro_rules! blocking_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident(crate::$inner:ident);
        $(#[$send_meta:meta])*
        fn send() -> $output:ty;
        $(
            $(#[$setter_meta:meta])*
            fn $setter:ident($($arg:ident: $arg_ty:ty),*);
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until sent"]
        pub struct $name(crate::$inner);

        impl $name {
            $(
                $(#[$setter_meta])*
                pub fn $setter(self, $($arg: $arg_ty),*) -> Self {
                    Self(self.0.$setter($($arg),*))
                }
            )*

            $(#[$send_meta])*
            pub fn send(self) -> Result<$output, Error> {
                run(self.0.send())
            }
        }

        #[doc = concat!("The async request's getters (`crate::", stringify!($inner), "`).")]
        impl Deref for $name {
            type Target = crate::$inner;

            fn deref(&self) -> &crate::$inner {
                &self.0
            }
        }

        impl From<crate::$inner> for $name {
            fn from(request: crate::$inner) -> Self {
                Self(request)
            }
        }

        impl From<$name> for crate::$inner {
            fn from(request: $name) -> Self {
                request.0
            }
        }
    };
}

blocking_request! {
    /// A blocking request to the token endpoint: [`crate::TokenRequest`], made by the grant
    /// methods of the blocking [`OAuth2Client`](super::OAuth2Client).
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client
    ///     .client_credentials()
    ///     .scope("api:read api:write")
    ///     .resource("https://api.example")
    ///     .param("tenant", "blue")
    ///     .send()?;
    /// # Ok(()) }
    /// ```
    pub struct TokenRequest(crate::TokenRequest);

    /// Sends the request and reads the token: [`crate::TokenRequest::send`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.client_credentials().send()?;
    /// # Ok(()) }
    /// ```
    fn send() -> BearerToken;

    /// Adds any form parameter: [`crate::TokenRequest::param`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().param("tenant", "blue");
    /// assert_eq!(request.get("tenant"), Some("blue"));
    /// # }
    /// ```
    fn param(name: impl Into<String>, value: impl Into<String>);

    /// Sets `scope`: [`crate::TokenRequest::scope`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().scope(["api:read", "api:write"]);
    /// # }
    /// ```
    fn scope(scope: impl Into<Scope>);

    /// Adds a `resource` indicator (RFC 8707): [`crate::TokenRequest::resource`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().resource("https://api.example");
    /// # }
    /// ```
    fn resource(resource: impl Into<String>);

    /// Sets `audience`: [`crate::TokenRequest::audience`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().audience("https://api.example");
    /// # }
    /// ```
    fn audience(audience: impl Into<String>);

    /// Sets `redirect_uri`: [`crate::TokenRequest::redirect_uri`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.authorization_code("SplxlOBeZQQYbYS6WxSbIA").redirect_uri("https://app.example/cb");
    /// # }
    /// ```
    fn redirect_uri(redirect_uri: impl Into<String>);

    /// Sets the PKCE `code_verifier`: [`crate::TokenRequest::code_verifier`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.authorization_code("SplxlOBeZQQYbYS6WxSbIA").code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    /// # }
    /// ```
    fn code_verifier(code_verifier: impl Into<String>);

    /// Sets an `actor_token` and its type: [`crate::TokenRequest::actor_token`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.token_exchange("subject", "access_token").actor_token("actor", "jwt");
    /// # }
    /// ```
    fn actor_token(actor_token: &str, actor_token_type: &str);

    /// Sets the actor token, its type inferred: [`crate::TokenRequest::actor`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client, actor: oauth2_types::BearerToken) {
    /// let request = client.token_exchange("subject", "access_token").actor(&actor);
    /// # }
    /// ```
    fn actor(actor: &impl ExchangeableToken);

    /// Sets `requested_token_type`: [`crate::TokenRequest::requested_token_type`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.token_exchange("subject", "access_token").requested_token_type("jwt");
    /// # }
    /// ```
    fn requested_token_type(token_type: &str);
}

impl TokenRequest {
    /// Sets `scope` from a list of scopes: [`crate::TokenRequest::scopes`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().scopes(["api:read", "api:write"]);
    /// # }
    /// ```
    pub fn scopes<I, S>(self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self(self.0.scopes(scopes))
    }

    /// Asks for a DPoP-bound token (or not): [`crate::TokenRequest::dpop`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.client_credentials().dpop(true);
    /// # }
    /// ```
    #[cfg(feature = "dpop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
    pub fn dpop(self, enabled: bool) -> Self {
        Self(self.0.dpop(enabled))
    }

    /// Proves this DPoP key: [`crate::TokenRequest::dpop_key`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.client_credentials().dpop_key(key);
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "dpop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
    pub fn dpop_key(self, key: oauth2_dpop::DpopKey) -> Self {
        Self(self.0.dpop_key(key))
    }

    /// This request as a blocking [`Poller`](super::Poller): [`crate::TokenRequest::poller`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send()?;
    /// let mut poller = client.device_code(&device).poller(device.interval, device.expires_at())?;
    /// let token = poller.run()?;
    /// # Ok(()) }
    /// ```
    pub fn poller(
        self,
        interval: Option<u64>,
        expires_at: std::time::Instant,
    ) -> Result<super::Poller, Error> {
        self.0.poller(interval, expires_at).map(Into::into)
    }

    /// Sends this request until the user approves, refuses, or `expires_at` passes:
    /// [`crate::TokenRequest::poll`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send()?;
    /// let token = client.device_code(&device).poll(device.interval, device.expires_at())?;
    /// # Ok(()) }
    /// ```
    pub fn poll(
        self,
        interval: Option<u64>,
        expires_at: std::time::Instant,
    ) -> Result<BearerToken, Error> {
        run(self.0.poll(interval, expires_at))
    }
}

blocking_request! {
    /// A blocking device authorization request (RFC 8628):
    /// [`crate::DeviceAuthorizationRequest`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid offline_access").send()?;
    /// println!("go to {} and type {}", device.verification_uri, device.user_code);
    /// # Ok(()) }
    /// ```
    pub struct DeviceAuthorizationRequest(crate::DeviceAuthorizationRequest);

    /// Sends the request: [`crate::DeviceAuthorizationRequest::send`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().send()?;
    /// # Ok(()) }
    /// ```
    fn send() -> DeviceAuthorizationResponse;

    /// Sets `scope`: [`crate::DeviceAuthorizationRequest::scope`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.device_authorization().scope("openid offline_access");
    /// # }
    /// ```
    fn scope(scope: impl Into<Scope>);

    /// Adds a `resource` indicator: [`crate::DeviceAuthorizationRequest::resource`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.device_authorization().resource("https://api.example");
    /// # }
    /// ```
    fn resource(resource: impl Into<String>);

    /// Adds any form parameter: [`crate::DeviceAuthorizationRequest::param`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.device_authorization().param("tenant", "blue");
    /// # }
    /// ```
    fn param(name: impl Into<String>, value: impl Into<String>);
}

blocking_request! {
    /// A blocking CIBA request: [`crate::BackchannelAuthenticationRequest`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().scope("openid").login_hint("alice").send()?;
    /// # Ok(()) }
    /// ```
    pub struct BackchannelAuthenticationRequest(crate::BackchannelAuthenticationRequest);

    /// Sends the request: [`crate::BackchannelAuthenticationRequest::send`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let request = client.backchannel_authentication().login_hint("alice").send()?;
    /// # Ok(()) }
    /// ```
    fn send() -> BackchannelAuthenticationResponse;

    /// Sets `scope`: [`crate::BackchannelAuthenticationRequest::scope`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().scope("openid");
    /// # }
    /// ```
    fn scope(scope: impl Into<Scope>);

    /// Sets `login_hint`: [`crate::BackchannelAuthenticationRequest::login_hint`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().login_hint("alice");
    /// # }
    /// ```
    fn login_hint(hint: impl Into<String>);

    /// Sets `login_hint_token`: [`crate::BackchannelAuthenticationRequest::login_hint_token`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().login_hint_token("eyJ...");
    /// # }
    /// ```
    fn login_hint_token(token: impl Into<String>);

    /// Sets `id_token_hint`: [`crate::BackchannelAuthenticationRequest::id_token_hint`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().id_token_hint("eyJ...");
    /// # }
    /// ```
    fn id_token_hint(id_token: impl Into<String>);

    /// Sets `binding_message`: [`crate::BackchannelAuthenticationRequest::binding_message`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().login_hint("alice").binding_message("W4SCT");
    /// # }
    /// ```
    fn binding_message(message: impl Into<String>);

    /// Sets `requested_expiry`: [`crate::BackchannelAuthenticationRequest::requested_expiry`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().login_hint("alice").requested_expiry(120);
    /// # }
    /// ```
    fn requested_expiry(seconds: u64);

    /// Adds any form parameter: [`crate::BackchannelAuthenticationRequest::param`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.backchannel_authentication().param("acr_values", "mfa");
    /// # }
    /// ```
    fn param(name: impl Into<String>, value: impl Into<String>);
}

blocking_request! {
    /// A blocking token introspection request (RFC 7662): [`crate::IntrospectionRequest`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let answer = client.introspect("2YotnFZFEjr1zCsicMWpAA").token_type_hint("access_token").send()?;
    /// # Ok(()) }
    /// ```
    pub struct IntrospectionRequest(crate::IntrospectionRequest);

    /// Sends the request: [`crate::IntrospectionRequest::send`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let answer = client.introspect("2YotnFZFEjr1zCsicMWpAA").send()?;
    /// println!("active: {}", answer.active);
    /// # Ok(()) }
    /// ```
    fn send() -> IntrospectionResponse;

    /// Sets `token_type_hint`: [`crate::IntrospectionRequest::token_type_hint`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.introspect("2YotnFZFEjr1zCsicMWpAA").token_type_hint("access_token");
    /// # }
    /// ```
    fn token_type_hint(hint: &str);

    /// Adds any form parameter: [`crate::IntrospectionRequest::param`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.introspect("2YotnFZFEjr1zCsicMWpAA").param("tenant", "blue");
    /// # }
    /// ```
    fn param(name: impl Into<String>, value: impl Into<String>);
}

blocking_request! {
    /// A blocking token revocation request (RFC 7009): [`crate::RevocationRequest`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revocation("tGzv3JOkF0XG5Qx2TlKWIA").token_type_hint("refresh_token").send()?;
    /// # Ok(()) }
    /// ```
    pub struct RevocationRequest(crate::RevocationRequest);

    /// Sends the request: [`crate::RevocationRequest::send`].
    ///
    /// ```no_run
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revocation("2YotnFZFEjr1zCsicMWpAA").send()?;
    /// # Ok(()) }
    /// ```
    fn send() -> ();

    /// Sets `token_type_hint`: [`crate::RevocationRequest::token_type_hint`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.revocation("2YotnFZFEjr1zCsicMWpAA").token_type_hint("access_token");
    /// # }
    /// ```
    fn token_type_hint(hint: &str);

    /// Adds any form parameter: [`crate::RevocationRequest::param`].
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::blocking::OAuth2Client) {
    /// let request = client.revocation("2YotnFZFEjr1zCsicMWpAA").param("tenant", "blue");
    /// # }
    /// ```
    fn param(name: impl Into<String>, value: impl Into<String>);
}
