//! Building an [`OAuth2Client`]: endpoints given or discovered, client authentication, HTTP
//! options.

use std::sync::Arc;
use std::time::Duration;

use oauth2_types::{AuthorizationServerMetadata, ClientAuthentication, HttpClient};

use crate::client::{Inner, OAuth2Client};
use crate::discovery;
use crate::endpoint::checked_url;
use crate::error::Error;
use crate::http::{DEFAULT_TIMEOUT, WithDeadline};
#[cfg(feature = "reqwest")]
use crate::reqwest_http::ReqwestHttpClient;

/// Builds an [`OAuth2Client`]. Start with [`OAuth2Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use oauth2_client_auth::ClientSecretPost;
/// let client = oauth2_grants::OAuth2Client::builder()
///     .issuer("https://as.example")
///     .token_endpoint("https://as.example/token")
///     .revocation_endpoint("https://as.example/revoke")
///     .timeout(Duration::from_secs(10))
///     .user_agent("my-app/1.0")
///     .auth(ClientSecretPost::new("my-client", "my-secret"))
///     .build()?;
/// # Ok::<(), oauth2_grants::Error>(())
/// ```
#[derive(Default)]
#[must_use]
pub struct OAuth2ClientBuilder {
    metadata: AuthorizationServerMetadata,
    auth: Option<Arc<dyn ClientAuthentication>>,
    http: HttpChoice,
    timeout: Option<Duration>,
    allow_insecure_http: bool,
    headers: http::HeaderMap,
    invalid: Option<String>,
    pub(crate) dpop: crate::dpop::DpopSettings,
    #[cfg(feature = "oidc")]
    id_token_alg: Option<oauth2_jose::Algorithm>,
    #[cfg(feature = "oidc")]
    pub(crate) id_token_issuer_template: Option<oauth2_pkce_par_jar::IssuerTemplate>,
    #[cfg(any(feature = "dpop", feature = "oidc"))]
    crypto_provider: Option<oauth2_jose::CryptoProvider>,
    require_par: bool,
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
}

impl OAuth2ClientBuilder {
    /// The client authentication (any method: `oauth2-client-auth` has them all).
    ///
    /// ```
    /// use oauth2_client_auth::ClientSecretBasic;
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .auth(ClientSecretBasic::new("my-client", "my-secret"))
    ///     .build()?;
    /// assert_eq!(client.client_id(), "my-client");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn auth(mut self, auth: impl ClientAuthentication + 'static) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// The client authentication, already shared.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use oauth2_types::ClientAuthentication;
    /// let auth: Arc<dyn ClientAuthentication> = Arc::new(oauth2_client_auth::NoAuth::new("my-app"));
    /// let client = oauth2_grants::OAuth2Client::builder().auth_arc(auth.clone()).build()?;
    /// assert_eq!(client.client_id(), "my-app");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn auth_arc(mut self, auth: Arc<dyn ClientAuthentication>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The issuer identifier (the default audience of client assertions).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .issuer("https://as.example")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.issuer(), Some("https://as.example"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.metadata.issuer = issuer.into();
        self
    }

    /// The whole server metadata, for example fetched and cached by the application.
    ///
    /// ```
    /// let mut metadata = oauth2_types::AuthorizationServerMetadata::new("https://as.example");
    /// metadata.token_endpoint = Some("https://as.example/token".into());
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .metadata(metadata)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.issuer(), Some("https://as.example"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn metadata(mut self, metadata: AuthorizationServerMetadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// The token endpoint.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .token_endpoint("https://as.example/token")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().token_endpoint.as_deref(), Some("https://as.example/token"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn token_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.token_endpoint = Some(url.into());
        self
    }

    /// The authorization endpoint.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .authorization_endpoint("https://as.example/authorize")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// let request = client.authorization_request()?.build()?;
    /// assert!(request.url().as_str().starts_with("https://as.example/authorize?client_id=my-app"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorization_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.authorization_endpoint = Some(url.into());
        self
    }

    /// The revocation endpoint (RFC 7009).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .revocation_endpoint("https://as.example/revocation")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().revocation_endpoint.as_deref(), Some("https://as.example/revocation"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn revocation_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.revocation_endpoint = Some(url.into());
        self
    }

    /// The introspection endpoint (RFC 7662).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .introspection_endpoint("https://as.example/introspection")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().introspection_endpoint.as_deref(), Some("https://as.example/introspection"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn introspection_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.introspection_endpoint = Some(url.into());
        self
    }

    /// The userinfo endpoint (OpenID Connect).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .userinfo_endpoint("https://as.example/userinfo")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().userinfo_endpoint.as_deref(), Some("https://as.example/userinfo"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn userinfo_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.userinfo_endpoint = Some(url.into());
        self
    }

    /// The JWK Set URL of the server's signing keys.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .jwks_uri("https://as.example/jwks.json")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().jwks_uri.as_deref(), Some("https://as.example/jwks.json"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn jwks_uri(mut self, url: impl Into<String>) -> Self {
        self.metadata.jwks_uri = Some(url.into());
        self
    }

    /// The pushed authorization request endpoint (RFC 9126).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .pushed_authorization_request_endpoint("https://as.example/pushed_authorization_request")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().pushed_authorization_request_endpoint.as_deref(), Some("https://as.example/pushed_authorization_request"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn pushed_authorization_request_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.pushed_authorization_request_endpoint = Some(url.into());
        self
    }

    /// The device authorization endpoint (RFC 8628).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .device_authorization_endpoint("https://as.example/device_authorization")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().device_authorization_endpoint.as_deref(), Some("https://as.example/device_authorization"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn device_authorization_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.device_authorization_endpoint = Some(url.into());
        self
    }

    /// The CIBA backchannel authentication endpoint.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .backchannel_authentication_endpoint("https://as.example/backchannel_authentication")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.metadata().backchannel_authentication_endpoint.as_deref(), Some("https://as.example/backchannel_authentication"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn backchannel_authentication_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.backchannel_authentication_endpoint = Some(url.into());
        self
    }

    /// Sends requests through this HTTP client instead of the default reqwest one.
    ///
    /// Without the `reqwest` feature, this is how calls are sent.
    ///
    /// ```
    /// # #[cfg(feature = "reqwest")] {
    /// use std::time::Duration;
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .http_client(oauth2_grants::ReqwestHttpClient::with_timeout(Duration::from_secs(5))?)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http_client(mut self, http: impl HttpClient + 'static) -> Self {
        self.http = HttpChoice::Supplied(Arc::new(http));
        self
    }

    /// Sends requests through a reqwest client built from `builder` (proxies, mTLS, custom
    /// roots). Its redirect policy is set to none, whatever the builder says: no call to the
    /// authorization server follows a redirect. The client's [`timeout`](Self::timeout)
    /// (30 s by default) replaces one set on the builder.
    ///
    /// ```
    /// let reqwest = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(3));
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .reqwest_client(reqwest)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "reqwest")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
    pub fn reqwest_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = HttpChoice::Reqwest(Box::new(builder));
        self
    }

    /// The time allowed for each call to the server (default 30 s), whatever HTTP client sends
    /// it.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .timeout(std::time::Duration::from_secs(5))
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A header sent with every request to the server.
    ///
    /// ```
    /// use oauth2_grants::{Error, OAuth2Client};
    /// let auth = || oauth2_client_auth::NoAuth::new("my-app");
    /// assert!(OAuth2Client::builder().header("x-tenant", "blue").auth(auth()).build().is_ok());
    /// let bad = OAuth2Client::builder().header("x tenant", "blue").auth(auth()).build();
    /// assert!(matches!(bad, Err(Error::Config(_))));
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            http::HeaderName::try_from(name),
            http::HeaderValue::try_from(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.invalid = Some(format!("invalid header {name:?}")),
        }
        self
    }

    /// The `User-Agent` sent with every request.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .user_agent("my-app/1.0")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn user_agent(self, user_agent: &str) -> Self {
        self.header("user-agent", user_agent)
    }

    /// Allows plain `http://` endpoints and issuers. For local development and tests only:
    /// tokens and secrets would cross the network in clear.
    ///
    /// ```
    /// use oauth2_grants::{Error, OAuth2Client};
    /// let builder = || OAuth2Client::builder().token_endpoint("http://localhost:8080/token")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"));
    /// assert!(matches!(builder().build(), Err(Error::InsecureUrl(_))));
    /// assert!(builder().allow_insecure_http(true).build()?.allows_insecure_http());
    /// # Ok::<(), Error>(())
    /// ```
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Says the client is registered with `require_pushed_authorization_requests` (RFC 9126
    /// section 6): [`OAuth2Client::prepare_authorization`] then pushes every request, as it
    /// does when the server's metadata requires it for all clients.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .authorization_endpoint("https://as.example/authorize")
    ///     .pushed_authorization_request_endpoint("https://as.example/par")
    ///     .token_endpoint("https://as.example/token")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .require_pushed_authorization_requests(true)
    ///     .build()?;
    /// assert!(client.requires_pushed_authorization_requests());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn require_pushed_authorization_requests(mut self, require: bool) -> Self {
        self.require_par = require;
        self
    }

    /// The algorithm ID tokens are signed with (`id_token_signed_response_alg`, RS256 by
    /// default). `none` is never accepted; HS256 only with the client secret.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .issuer("https://as.example")
    ///     .id_token_signed_response_alg(oauth2_jose::Algorithm::ES256)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// let expectations = client.id_token_expectations()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    pub fn id_token_signed_response_alg(mut self, alg: oauth2_jose::Algorithm) -> Self {
        self.id_token_alg = Some(alg);
        self
    }

    /// The crypto provider that makes this client's DPoP keys and verifies its ID tokens
    /// (the process default, `oauth2_jose::CryptoProvider::get_default`, unless named).
    ///
    /// ```
    /// let provider = oauth2_jose::CryptoProvider::available()[0];
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .crypto_provider(provider)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.crypto_provider()?, provider);
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    #[cfg(any(feature = "dpop", feature = "oidc"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "dpop", feature = "oidc"))))]
    pub fn crypto_provider(mut self, provider: oauth2_jose::CryptoProvider) -> Self {
        self.crypto_provider = Some(provider);
        #[cfg(feature = "dpop")]
        {
            self.dpop.provider = Some(provider);
        }
        self
    }

    /// Fetches the discovery document of `issuer` (OpenID Connect first, then RFC 8414),
    /// checks that its `issuer` is exactly the one asked for, and builds the client with every
    /// endpoint it lists.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), oauth2_grants::Error> {
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .timeout(std::time::Duration::from_secs(5))
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .discover("https://as.example")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn discover(mut self, issuer: &str) -> Result<OAuth2Client, Error> {
        let http = self.resolve_http()?;
        self.metadata =
            discovery::fetch_metadata(http.as_ref(), issuer, self.allow_insecure_http).await?;
        self.build()
    }

    /// The HTTP client calls go through, made once: reqwest (the default, or from the
    /// caller's builder) with the timeout on each call, or the supplied one with each call
    /// bounded by the timeout.
    fn resolve_http(&mut self) -> Result<Arc<dyn HttpClient>, Error> {
        let http: Arc<dyn HttpClient> = match std::mem::take(&mut self.http) {
            HttpChoice::Ready(http) => http,
            HttpChoice::Supplied(inner) => Arc::new(WithDeadline {
                inner,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            }),
            #[cfg(feature = "reqwest")]
            HttpChoice::Reqwest(builder) => Arc::new(
                ReqwestHttpClient::new(*builder)
                    .map_err(cannot_build)?
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT)),
            ),
            #[cfg(feature = "reqwest")]
            HttpChoice::Default => Arc::new(
                ReqwestHttpClient::with_timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .map_err(cannot_build)?,
            ),
            #[cfg(not(feature = "reqwest"))]
            HttpChoice::Default => {
                return Err(Error::Config(
                    "no HTTP client: give one with http_client, or enable the reqwest feature"
                        .into(),
                ));
            }
        };
        self.http = HttpChoice::Ready(http.clone());
        Ok(http)
    }

    /// Builds the client; every endpoint given must be an absolute https URL (or http, when
    /// allowed).
    ///
    /// ```
    /// use oauth2_grants::{Error, OAuth2Client};
    /// let client = OAuth2Client::builder().auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.client_id(), "my-app");
    /// let no_auth = OAuth2Client::builder().token_endpoint("https://as.example/token").build();
    /// assert!(matches!(no_auth, Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn build(mut self) -> Result<OAuth2Client, Error> {
        if let Some(invalid) = self.invalid {
            return Err(Error::Config(invalid));
        }
        let http = self.resolve_http()?;
        let auth = self
            .auth
            .ok_or_else(|| Error::Config("no client authentication was given".into()))?;
        let meta = &self.metadata;
        if !meta.issuer.is_empty() {
            checked_url(&meta.issuer, self.allow_insecure_http)?;
        }
        for url in [
            &meta.authorization_endpoint,
            &meta.token_endpoint,
            &meta.revocation_endpoint,
            &meta.introspection_endpoint,
            &meta.userinfo_endpoint,
            &meta.jwks_uri,
            &meta.pushed_authorization_request_endpoint,
            &meta.device_authorization_endpoint,
            &meta.backchannel_authentication_endpoint,
        ]
        .into_iter()
        .flatten()
        {
            checked_url(url, self.allow_insecure_http)?;
        }
        Ok(OAuth2Client::from_inner(Inner {
            metadata: self.metadata,
            auth,
            http,
            allow_insecure_http: self.allow_insecure_http,
            headers: self.headers,
            dpop: self.dpop,
            #[cfg(feature = "oidc")]
            jwks: crate::jwks_cache::JwksCache::default(),
            require_par: self.require_par,
            #[cfg(feature = "oidc")]
            id_token_alg: self.id_token_alg.unwrap_or(oauth2_jose::Algorithm::RS256),
            #[cfg(feature = "oidc")]
            id_token_issuer_template: self.id_token_issuer_template,
            #[cfg(any(feature = "dpop", feature = "oidc"))]
            crypto_provider: self.crypto_provider,
        }))
    }
}

/// Which HTTP client the built client sends through.
#[derive(Default)]
enum HttpChoice {
    /// reqwest with the timeout, made at build time.
    #[default]
    Default,
    /// The caller's, to be bounded by the timeout.
    Supplied(Arc<dyn HttpClient>),
    /// reqwest from the caller's builder, with the timeout, made at build time.
    #[cfg(feature = "reqwest")]
    Reqwest(Box<reqwest::ClientBuilder>),
    /// Made (or bounded) already, by discovery.
    Ready(Arc<dyn HttpClient>),
}

#[cfg(feature = "reqwest")]
fn cannot_build(err: reqwest::Error) -> Error {
    Error::Config(format!("cannot build the HTTP client: {err}"))
}

#[cfg(test)]
#[path = "builder_tests.rs"]
mod tests;
