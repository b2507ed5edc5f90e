//! Building an [`OAuth2Client`]: endpoints given or discovered, client authentication, HTTP
//! options.

use std::sync::Arc;
use std::time::Duration;

use oauth2_types::{AuthorizationServerMetadata, ClientAuthentication, HttpClient};
use url::Url;

use crate::client::{Inner, OAuth2Client};
use crate::discovery;
use crate::error::Error;
use crate::http::{DEFAULT_TIMEOUT, ReqwestHttpClient, WithDeadline};

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
    http: Option<Arc<dyn HttpClient>>,
    timeout: Option<Duration>,
    allow_insecure_http: bool,
    headers: http::HeaderMap,
    invalid: Option<String>,
    dpop: crate::dpop::DpopSettings,
    id_token_alg: Option<oauth2_jose::Algorithm>,
    require_par: bool,
}

impl OAuth2ClientBuilder {
    /// The client authentication (any method: `oauth2-client-auth` has them all).
    pub fn auth(mut self, auth: impl ClientAuthentication + 'static) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// The client authentication, already shared.
    pub fn auth_arc(mut self, auth: Arc<dyn ClientAuthentication>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The issuer identifier (the default audience of client assertions).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.metadata.issuer = issuer.into();
        self
    }

    /// The whole server metadata, for example fetched and cached by the application.
    pub fn metadata(mut self, metadata: AuthorizationServerMetadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// The token endpoint.
    pub fn token_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.token_endpoint = Some(url.into());
        self
    }

    /// The authorization endpoint.
    pub fn authorization_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.authorization_endpoint = Some(url.into());
        self
    }

    /// The revocation endpoint (RFC 7009).
    pub fn revocation_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.revocation_endpoint = Some(url.into());
        self
    }

    /// The introspection endpoint (RFC 7662).
    pub fn introspection_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.introspection_endpoint = Some(url.into());
        self
    }

    /// The userinfo endpoint (OpenID Connect).
    pub fn userinfo_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.userinfo_endpoint = Some(url.into());
        self
    }

    /// The JWK Set URL of the server's signing keys.
    pub fn jwks_uri(mut self, url: impl Into<String>) -> Self {
        self.metadata.jwks_uri = Some(url.into());
        self
    }

    /// The pushed authorization request endpoint (RFC 9126).
    pub fn pushed_authorization_request_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.pushed_authorization_request_endpoint = Some(url.into());
        self
    }

    /// The device authorization endpoint (RFC 8628).
    pub fn device_authorization_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.device_authorization_endpoint = Some(url.into());
        self
    }

    /// The CIBA backchannel authentication endpoint.
    pub fn backchannel_authentication_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata.backchannel_authentication_endpoint = Some(url.into());
        self
    }

    /// Sends requests through this HTTP client instead of the default reqwest one.
    pub fn http_client(mut self, http: impl HttpClient + 'static) -> Self {
        self.http = Some(Arc::new(http));
        self
    }

    /// Sends requests through this reqwest client (proxies, mTLS, custom roots). The client's
    /// [`timeout`](Self::timeout) bounds each call on top of the reqwest client's own.
    pub fn reqwest_client(self, client: reqwest::Client) -> Self {
        self.http_client(ReqwestHttpClient::new(client))
    }

    /// The time allowed for each call to the server (default 30 s), whatever HTTP client sends
    /// it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A header sent with every request to the server.
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
    pub fn user_agent(self, user_agent: &str) -> Self {
        self.header("user-agent", user_agent)
    }

    /// Allows plain `http://` endpoints and issuers. For local development and tests only:
    /// tokens and secrets would cross the network in clear.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Asks for DPoP-bound access tokens (RFC 9449) on every token request, unless a request
    /// says otherwise with `TokenRequest::dpop(false)`. Keys are ES256 unless
    /// [`dpop_algorithm`](Self::dpop_algorithm) or [`dpop_key_generator`](Self::dpop_key_generator)
    /// say otherwise.
    pub fn dpop_bound_access_tokens(mut self, enabled: bool) -> Self {
        self.dpop.by_default = enabled;
        self
    }

    /// The algorithm of the DPoP keys generated for new tokens (default ES256).
    pub fn dpop_algorithm(mut self, alg: oauth2_jose::Algorithm) -> Self {
        self.dpop.key_generator = std::sync::Arc::new(move || oauth2_dpop::DpopKey::generate(alg));
        self
    }

    /// How DPoP keys are made for new tokens (a KMS, a fixed key...).
    pub fn dpop_key_generator(
        mut self,
        generator: impl Fn() -> Result<oauth2_dpop::DpopKey, oauth2_dpop::Error> + Send + Sync + 'static,
    ) -> Self {
        self.dpop.key_generator = std::sync::Arc::new(generator);
        self
    }

    /// How proofs are made (`typ`, `jti`, clock, header names).
    pub fn dpop_options(mut self, options: oauth2_dpop::DpopOptions) -> Self {
        self.dpop.options = options;
        self
    }

    /// Whether a DPoP request answered with a non-DPoP `token_type` is an error (default:
    /// yes, [`Error::NotDpopBound`]).
    pub fn require_dpop_token_type(mut self, require: bool) -> Self {
        self.dpop.require_dpop_token_type = require;
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
    pub fn id_token_signed_response_alg(mut self, alg: oauth2_jose::Algorithm) -> Self {
        self.id_token_alg = Some(alg);
        self
    }

    /// Fetches the discovery document of `issuer` (OpenID Connect first, then RFC 8414),
    /// checks that its `issuer` is exactly the one asked for, and builds the client with every
    /// endpoint it lists.
    pub async fn discover(mut self, issuer: &str) -> Result<OAuth2Client, Error> {
        if self.http.is_none() {
            self.http = Some(Arc::new(default_http(self.timeout)?));
        }
        let http = self.bounded_http()?;
        self.metadata =
            discovery::fetch_metadata(http.as_ref(), issuer, self.allow_insecure_http).await?;
        self.build()
    }

    /// The HTTP client (the default reqwest one unless one was supplied), each call bounded by
    /// the timeout.
    fn bounded_http(&self) -> Result<Arc<dyn HttpClient>, Error> {
        let inner: Arc<dyn HttpClient> = match &self.http {
            Some(http) => http.clone(),
            None => Arc::new(default_http(self.timeout)?),
        };
        Ok(Arc::new(WithDeadline {
            inner,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
        }))
    }

    /// Builds the client; every endpoint given must be an absolute https URL (or http, when
    /// allowed).
    pub fn build(self) -> Result<OAuth2Client, Error> {
        if let Some(invalid) = self.invalid {
            return Err(Error::Config(invalid));
        }
        let http = self.bounded_http()?;
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
            jwks: crate::id_token::JwksCache::default(),
            pushed_dpop_keys: crate::grant::PushedDpopKeys::default(),
            require_par: self.require_par,
            id_token_alg: self.id_token_alg.unwrap_or(oauth2_jose::Algorithm::RS256),
        }))
    }
}

/// Parses an endpoint URL and checks its scheme: https always, http only when allowed.
pub(crate) fn checked_url(url: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|err| Error::Config(format!("{url:?}: {err}")))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_insecure_http => Ok(parsed),
        "http" => Err(Error::InsecureUrl(url.to_owned())),
        other => Err(Error::Config(format!(
            "{url:?}: unsupported scheme {other:?}"
        ))),
    }
}

/// The default HTTP client: reqwest with the timeout, no redirects, a bounded body.
fn default_http(timeout: Option<Duration>) -> Result<ReqwestHttpClient, Error> {
    ReqwestHttpClient::with_timeout(timeout.unwrap_or(DEFAULT_TIMEOUT))
        .map_err(|err| Error::Config(format!("cannot build the HTTP client: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2_client_auth::NoAuth;

    #[test]
    fn http_needs_opt_in() {
        let build = |allow| {
            OAuth2Client::builder()
                .token_endpoint("http://127.0.0.1:1/token")
                .auth(NoAuth::new("id"))
                .allow_insecure_http(allow)
                .build()
        };
        assert!(matches!(build(false), Err(Error::InsecureUrl(_))));
        assert!(build(true).is_ok());
    }

    #[test]
    fn bad_urls_and_missing_auth_are_config_errors() {
        let err = OAuth2Client::builder()
            .token_endpoint("not a url")
            .auth(NoAuth::new("id"))
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = OAuth2Client::builder()
            .token_endpoint("ftp://as/token")
            .auth(NoAuth::new("id"))
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = OAuth2Client::builder()
            .token_endpoint("https://as/token")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }
}
