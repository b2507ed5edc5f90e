//! The [`OAuth2Client`]: one client of one authorization server.

use std::fmt;
use std::sync::Arc;

use oauth2_types::{
    AuthenticationContext, AuthorizationServerMetadata, ClientAuthentication, FormRequest,
    HttpClient, HttpRequest, HttpResponse,
};
use url::Url;

use crate::builder::OAuth2ClientBuilder;
use crate::error::Error;

/// A client of one authorization server: its endpoints, the client's authentication, and the
/// HTTP client that talks to it. Cheap to clone (it is an `Arc` inside), `Send + Sync`, and has
/// no type parameters, so it fits in any struct or application state.
///
/// ```no_run
/// use oauth2_client_auth::ClientSecretPost;
/// use oauth2_grants::OAuth2Client;
///
/// # async fn demo() -> Result<(), oauth2_grants::Error> {
/// let client = OAuth2Client::discover(
///     "https://as.example",
///     ClientSecretPost::new("my-client", "my-secret"),
/// )
/// .await?;
/// let token = client.client_credentials().scope("api:read").send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct OAuth2Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) metadata: AuthorizationServerMetadata,
    pub(crate) auth: Arc<dyn ClientAuthentication>,
    pub(crate) http: Arc<dyn HttpClient>,
    pub(crate) allow_insecure_http: bool,
    pub(crate) headers: http::HeaderMap,
    #[cfg(feature = "dpop")]
    pub(crate) dpop: crate::dpop::DpopSettings,
    #[cfg(feature = "oidc")]
    pub(crate) jwks: crate::id_token::JwksCache,
    #[cfg(all(feature = "dpop", feature = "oidc"))]
    pub(crate) pushed_dpop_keys: crate::grant::PushedDpopKeys,
    pub(crate) require_par: bool,
    #[cfg(feature = "oidc")]
    pub(crate) id_token_alg: oauth2_jose::Algorithm,
    #[cfg(any(feature = "dpop", feature = "oidc"))]
    pub(crate) crypto_provider: Option<oauth2_jose::CryptoProvider>,
}

impl fmt::Debug for OAuth2Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Client")
            .field("issuer", &self.inner.metadata.issuer)
            .field("token_endpoint", &self.inner.metadata.token_endpoint)
            .field("auth", &self.inner.auth)
            .field("allow_insecure_http", &self.inner.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

/// The endpoints a client may call, by metadata member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "oidc"), allow(dead_code))]
pub(crate) enum Endpoint {
    Authorization,
    PushedAuthorization,
    Token,
    Revocation,
    Introspection,
    Userinfo,
    Jwks,
    DeviceAuthorization,
    BackchannelAuthentication,
}

impl Endpoint {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Authorization => "authorization endpoint",
            Self::PushedAuthorization => "pushed authorization request endpoint",
            Self::Token => "token endpoint",
            Self::Revocation => "revocation endpoint",
            Self::Introspection => "introspection endpoint",
            Self::Userinfo => "userinfo endpoint",
            Self::Jwks => "jwks_uri",
            Self::DeviceAuthorization => "device authorization endpoint",
            Self::BackchannelAuthentication => "backchannel authentication endpoint",
        }
    }

    fn url(self, metadata: &AuthorizationServerMetadata) -> Option<&str> {
        match self {
            Self::Authorization => metadata.authorization_endpoint.as_deref(),
            Self::PushedAuthorization => metadata.pushed_authorization_request_endpoint.as_deref(),
            Self::Token => metadata.token_endpoint.as_deref(),
            Self::Revocation => metadata.revocation_endpoint.as_deref(),
            Self::Introspection => metadata.introspection_endpoint.as_deref(),
            Self::Userinfo => metadata.userinfo_endpoint.as_deref(),
            Self::Jwks => metadata.jwks_uri.as_deref(),
            Self::DeviceAuthorization => metadata.device_authorization_endpoint.as_deref(),
            Self::BackchannelAuthentication => {
                metadata.backchannel_authentication_endpoint.as_deref()
            }
        }
    }
}

impl OAuth2Client {
    /// Starts a builder: set endpoints (or discover them), the client authentication, and
    /// options.
    ///
    /// ```
    /// use oauth2_client_auth::ClientSecretBasic;
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .token_endpoint("https://as.example/token")
    ///     .auth(ClientSecretBasic::new("my-client", "my-secret"))
    ///     .build()?;
    /// assert_eq!(client.client_id(), "my-client");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn builder() -> OAuth2ClientBuilder {
        OAuth2ClientBuilder::default()
    }

    /// A client of the server with this issuer, its endpoints read from its discovery
    /// document (https only; see [`OAuth2ClientBuilder::discover`] for options).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), oauth2_grants::Error> {
    /// let client = oauth2_grants::OAuth2Client::discover(
    ///     "https://as.example",
    ///     oauth2_client_auth::ClientSecretPost::new("my-client", "my-secret"),
    /// ).await?;
    /// assert_eq!(client.issuer(), Some("https://as.example"));
    /// # Ok(()) }
    /// ```
    pub async fn discover(
        issuer: &str,
        auth: impl ClientAuthentication + 'static,
    ) -> Result<Self, Error> {
        Self::builder().auth(auth).discover(issuer).await
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The server metadata this client uses (discovered, or built from the endpoints given).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.metadata().token_endpoint.as_deref(), Some("https://as.example/token"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn metadata(&self) -> &AuthorizationServerMetadata {
        &self.inner.metadata
    }

    /// The issuer identifier, when known.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.issuer(), None); // no issuer was given
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn issuer(&self) -> Option<&str> {
        Some(self.inner.metadata.issuer.as_str()).filter(|issuer| !issuer.is_empty())
    }

    /// The client identifier.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.client_id(), "my-app");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn client_id(&self) -> &str {
        self.inner.auth.client_id()
    }

    /// The client authentication.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.auth().client_id(), "my-app");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn auth(&self) -> &Arc<dyn ClientAuthentication> {
        &self.inner.auth
    }

    /// The HTTP client.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let http: std::sync::Arc<dyn oauth2_types::HttpClient> = client.http_client().clone();
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn http_client(&self) -> &Arc<dyn HttpClient> {
        &self.inner.http
    }

    #[cfg(feature = "oidc")]
    pub(crate) fn jwks_cache(&self) -> &crate::id_token::JwksCache {
        &self.inner.jwks
    }

    #[cfg(feature = "dpop")]
    pub(crate) fn dpop_settings(&self) -> &crate::dpop::DpopSettings {
        &self.inner.dpop
    }

    #[cfg(all(feature = "dpop", feature = "oidc"))]
    pub(crate) fn pushed_dpop_keys(&self) -> &crate::grant::PushedDpopKeys {
        &self.inner.pushed_dpop_keys
    }

    /// The crypto provider of this client's DPoP keys and ID-token checks: the builder's
    /// [`crypto_provider`](crate::OAuth2ClientBuilder::crypto_provider), else the process
    /// default.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.crypto_provider()?, oauth2_jose::CryptoProvider::get_default()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(any(feature = "dpop", feature = "oidc"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "dpop", feature = "oidc"))))]
    pub fn crypto_provider(&self) -> Result<oauth2_jose::CryptoProvider, Error> {
        match self.inner.crypto_provider {
            Some(provider) => Ok(provider),
            None => oauth2_jose::CryptoProvider::get_default()
                .map_err(|err| Error::Config(err.to_string())),
        }
    }

    #[cfg(feature = "oidc")]
    pub(crate) fn id_token_alg(&self) -> oauth2_jose::Algorithm {
        self.inner.id_token_alg
    }

    /// Whether every authorization request is pushed (RFC 9126): the server's metadata or the
    /// client's registration
    /// ([`require_pushed_authorization_requests`](OAuth2ClientBuilder::require_pushed_authorization_requests))
    /// requires it.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert!(!client.requires_pushed_authorization_requests());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn requires_pushed_authorization_requests(&self) -> bool {
        self.inner.require_par
            || self.inner.metadata.require_pushed_authorization_requests == Some(true)
    }

    /// Whether plain http endpoints are allowed (local development and tests only).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert!(!client.allows_insecure_http());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn allows_insecure_http(&self) -> bool {
        self.inner.allow_insecure_http
    }

    /// The URL of an endpoint, or [`Error::MissingEndpoint`].
    pub(crate) fn endpoint_url(&self, endpoint: Endpoint) -> Result<Url, Error> {
        let url = endpoint
            .url(&self.inner.metadata)
            .ok_or(Error::MissingEndpoint(endpoint.name()))?;
        crate::builder::checked_url(url, self.inner.allow_insecure_http)
    }

    /// Authenticates `request` as this client and sends it.
    pub(crate) async fn send_authenticated(
        &self,
        endpoint: Endpoint,
        mut request: FormRequest,
    ) -> Result<HttpResponse, Error> {
        let context = AuthenticationContext::new(self.issuer())
            .with_token_endpoint(self.inner.metadata.token_endpoint.as_deref());
        self.inner
            .auth
            .authenticate(&mut request, &context)
            .await
            .map_err(Error::client_auth)?;
        if tracing::enabled!(target: "oauth2", tracing::Level::DEBUG) {
            let names: Vec<&str> = request.form.iter().map(|(name, _)| name.as_str()).collect();
            tracing::debug!(
                target: "oauth2",
                endpoint = endpoint.name(),
                url = %request.url,
                params = ?names,
                auth = self.inner.auth.method(),
                "POST"
            );
        }
        let http = request
            .into_http()
            .map_err(|err| Error::Config(err.to_string()))?;
        self.send(endpoint, http).await
    }

    /// Sends a request with the client's default headers.
    pub(crate) async fn send(
        &self,
        endpoint: Endpoint,
        mut request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        for (name, value) in &self.inner.headers {
            request.headers_mut().insert(name, value.clone());
        }
        crate::http::exchange(self.inner.http.as_ref(), endpoint.name(), request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_futures_are_send_sync() {
        fn send_sync<T: Send + Sync + 'static>() {}
        fn send<T: Send>(_: &T) {}
        send_sync::<OAuth2Client>();
        let client = OAuth2Client::builder()
            .token_endpoint("https://as.example/token")
            .auth(oauth2_client_auth::ClientSecretPost::new("id", "secret"))
            .build()
            .unwrap();
        send(&client.client_credentials().send());
        send(&client.refresh_token("r").send());
        send(&client.introspect("t").send());
        send(&client.revoke_access_token("t"));
        send(&OAuth2Client::discover(
            "https://as.example",
            oauth2_client_auth::NoAuth::new("id"),
        ));
        #[cfg(feature = "reqwest")]
        send(
            &OAuth2Client::builder()
                .reqwest_client(reqwest::Client::builder())
                .auth(oauth2_client_auth::NoAuth::new("id"))
                .discover("https://as.example"),
        );
    }
}
