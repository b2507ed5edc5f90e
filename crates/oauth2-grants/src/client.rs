//! The [`OAuth2Client`]: one client of one authorization server.

use std::fmt;
use std::sync::Arc;

use oauth2_types::{
    AuthenticationContext, AuthorizationServerMetadata, ClientAuthentication, FormRequest,
    HttpClient, HttpRequest, HttpResponse,
};
use url::Url;

use crate::dpop::DpopSettings;
use crate::endpoint::Endpoint;
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
    pub(crate) dpop: DpopSettings,
    #[cfg(feature = "oidc")]
    pub(crate) jwks: crate::jwks_cache::JwksCache,
    pub(crate) require_par: bool,
    #[cfg(feature = "oidc")]
    pub(crate) id_token_alg: oauth2_jose::Algorithm,
    #[cfg(feature = "oidc")]
    pub(crate) id_token_issuer_template: Option<oauth2_pkce_par_jar::IssuerTemplate>,
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

impl OAuth2Client {
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

    /// Who issues this client's tokens, for store keys: the issuer, or the token endpoint
    /// when the issuer is not known.
    pub(crate) fn store_issuer(&self) -> String {
        self.issuer()
            .or(self.metadata().token_endpoint.as_deref())
            .unwrap_or_default()
            .to_owned()
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
    pub(crate) fn jwks_cache(&self) -> &crate::jwks_cache::JwksCache {
        &self.inner.jwks
    }

    /// The DPoP settings: which key a token request proves.
    pub(crate) fn dpop(&self) -> &DpopSettings {
        &self.inner.dpop
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

    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    /// The issuer template ID tokens fill from their own claims, if the client was built
    /// with one ([`OAuth2ClientBuilder::id_token_issuer_template`](crate::OAuth2ClientBuilder::id_token_issuer_template)).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .issuer("https://as.example")
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert!(client.id_token_issuer_template().is_none());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn id_token_issuer_template(&self) -> Option<&oauth2_pkce_par_jar::IssuerTemplate> {
        self.inner.id_token_issuer_template.as_ref()
    }

    /// Whether every authorization request is pushed (RFC 9126): the server's metadata or the
    /// client's registration
    /// ([`require_pushed_authorization_requests`](crate::OAuth2ClientBuilder::require_pushed_authorization_requests))
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
        endpoint.checked_url(&self.inner.metadata, self.inner.allow_insecure_http)
    }

    /// Authenticates `request` as this client and sends it.
    pub(crate) async fn send_authenticated(
        &self,
        endpoint: Endpoint,
        request: FormRequest,
    ) -> Result<HttpResponse, Error> {
        let request = self.authenticated_request(endpoint, request).await?;
        self.send_prepared(endpoint, request).await
    }

    /// `request`, authenticated as this client, as the HTTP request to send (with the
    /// client's default headers): what a prepared call hands out, and what `send` sends.
    pub(crate) async fn authenticated_request(
        &self,
        endpoint: Endpoint,
        mut request: FormRequest,
    ) -> Result<HttpRequest, Error> {
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
        Ok(self.with_default_headers(http))
    }

    /// A GET of `url` that accepts JSON, with the client's default headers.
    #[cfg(feature = "oidc")]
    pub(crate) fn get_json_request(&self, url: &Url) -> Result<HttpRequest, Error> {
        Ok(self.with_default_headers(crate::http::get_json(url.as_str())?))
    }

    /// `request` with the client's default headers (`User-Agent`...).
    pub(crate) fn with_default_headers(&self, mut request: HttpRequest) -> HttpRequest {
        for (name, value) in &self.inner.headers {
            request.headers_mut().insert(name, value.clone());
        }
        request
    }

    /// Sends a request with the client's default headers.
    pub(crate) async fn send(
        &self,
        endpoint: Endpoint,
        request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        self.send_prepared(endpoint, self.with_default_headers(request))
            .await
    }

    /// Sends a request that already has the client's default headers.
    pub(crate) async fn send_prepared(
        &self,
        endpoint: Endpoint,
        request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
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
        send(&client.client_credentials().prepare());
        send(&client.introspect("t").prepare());
        send(&client.prepare_userinfo(&oauth2_types::BearerToken::new("t")));
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
