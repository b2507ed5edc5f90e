//! The client authentication seam (RFC 6749 section 2.3).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use url::Url;

use super::client_auth_error::ClientAuthError;
use super::http_client::HttpRequest;
use crate::redact;

/// A POST of form parameters to an authorization server endpoint (token, PAR, revocation,
/// introspection, device, CIBA), before it is sent: client authentication adds its
/// credentials here.
///
/// ```
/// use oauth2_types::FormRequest;
/// let mut request = FormRequest::new("https://as.example/token".parse()?);
/// request.push("grant_type", "client_credentials");
/// request.push("client_secret", "hunter2");
/// assert_eq!(request.get("grant_type"), Some("client_credentials"));
/// assert!(!format!("{request:?}").contains("hunter2"));
/// let http = request.into_http()?;
/// assert_eq!(http.body(), b"grant_type=client_credentials&client_secret=hunter2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct FormRequest {
    /// The endpoint.
    pub url: Url,
    /// The form parameters, in order; a name may repeat (e.g. `resource`).
    pub form: Vec<(String, String)>,
    /// Extra headers (`Authorization`, `DPoP`, `User-Agent`...).
    pub headers: http::HeaderMap,
}

impl FormRequest {
    /// An empty form POST to `url`.
    ///
    /// ```
    /// let request = oauth2_types::FormRequest::new("https://as.example/token".parse()?);
    /// assert!(request.form.is_empty());
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn new(url: Url) -> Self {
        Self {
            url,
            form: Vec::new(),
            headers: http::HeaderMap::new(),
        }
    }

    /// Adds a parameter.
    ///
    /// ```
    /// let mut request = oauth2_types::FormRequest::new("https://as.example/token".parse()?);
    /// request.push("resource", "https://a.example");
    /// request.push("resource", "https://b.example");
    /// assert_eq!(request.form.len(), 2);
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.form.push((name.into(), value.into()));
    }

    /// Adds a parameter, builder style.
    ///
    /// ```
    /// let request = oauth2_types::FormRequest::new("https://as.example/token".parse()?)
    ///     .with("grant_type", "client_credentials");
    /// assert_eq!(request.get("grant_type"), Some("client_credentials"));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(name, value);
        self
    }

    /// The first value of a parameter.
    ///
    /// ```
    /// let request = oauth2_types::FormRequest::new("https://as.example/token".parse()?)
    ///     .with("scope", "a").with("scope", "b");
    /// assert_eq!(request.get("scope"), Some("a"));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Removes every value of a parameter.
    ///
    /// ```
    /// let mut request = oauth2_types::FormRequest::new("https://as.example/token".parse()?)
    ///     .with("client_id", "c").with("client_id", "d");
    /// request.remove("client_id");
    /// assert_eq!(request.get("client_id"), None);
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn remove(&mut self, name: &str) {
        self.form.retain(|(key, _)| key != name);
    }

    /// The form body, `application/x-www-form-urlencoded`.
    ///
    /// ```
    /// let request = oauth2_types::FormRequest::new("https://as.example/token".parse()?)
    ///     .with("scope", "read write");
    /// assert_eq!(request.encoded_body(), "scope=read+write");
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn encoded_body(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.form)
            .finish()
    }

    /// The HTTP request to send: POST, form body, `Accept: application/json`.
    ///
    /// ```
    /// let request = oauth2_types::FormRequest::new("https://as.example/token".parse()?);
    /// let http = request.with("grant_type", "client_credentials").into_http()?;
    /// assert_eq!(http.method(), http::Method::POST);
    /// assert_eq!(http.headers()["accept"], "application/json");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_http(self) -> Result<HttpRequest, http::Error> {
        let body = self.encoded_body().into_bytes();
        let mut builder = http::Request::post(self.url.as_str())
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "application/json");
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(body)
    }
}

/// Parameter values are shown only for what a request asks for (see
/// [`redact::FormParams`]); secret or sensitive headers are redacted, and other header
/// values masked where they hold a secret.
impl fmt::Debug for FormRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = match value.to_str() {
                    Ok(_) if value.is_sensitive() || redact::is_secret_name(name.as_str()) => {
                        redact::REDACTED.to_owned()
                    }
                    Ok(value) => redact::mask_text(value),
                    Err(_) => "<binary>".to_owned(),
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("FormRequest")
            .field("url", &self.url.as_str())
            .field("form", &redact::FormParams(&self.form))
            .field("headers", &headers)
            .finish()
    }
}

/// What client authentication may need to know beyond the request itself.
///
/// ```
/// let context = oauth2_types::AuthenticationContext::new(Some("https://as.example"));
/// assert_eq!(context.issuer(), Some("https://as.example"));
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AuthenticationContext {
    issuer: Option<String>,
    token_endpoint: Option<String>,
}

impl AuthenticationContext {
    /// A context for a server with this issuer identifier, if known.
    ///
    /// ```
    /// let context = oauth2_types::AuthenticationContext::new(None);
    /// assert_eq!((context.issuer(), context.token_endpoint()), (None, None));
    /// ```
    pub fn new(issuer: Option<&str>) -> Self {
        Self {
            issuer: issuer.map(str::to_owned),
            token_endpoint: None,
        }
    }

    /// The same context with the server's token endpoint, for assertions whose `aud` is the
    /// token endpoint whatever endpoint they go to.
    ///
    /// ```
    /// let context = oauth2_types::AuthenticationContext::new(Some("https://as.example"))
    ///     .with_token_endpoint(Some("https://as.example/token"));
    /// assert_eq!(context.token_endpoint(), Some("https://as.example/token"));
    /// ```
    #[must_use]
    pub fn with_token_endpoint(mut self, token_endpoint: Option<&str>) -> Self {
        self.token_endpoint = token_endpoint.map(str::to_owned);
        self
    }

    /// The server's token endpoint, if known.
    ///
    /// ```
    /// let context = oauth2_types::AuthenticationContext::new(Some("https://as.example"));
    /// assert_eq!(context.token_endpoint(), None);
    /// ```
    pub fn token_endpoint(&self) -> Option<&str> {
        self.token_endpoint.as_deref()
    }

    /// The issuer identifier of the authorization server, the default `aud` of assertions.
    ///
    /// ```
    /// let context = oauth2_types::AuthenticationContext::new(Some("https://as.example"));
    /// assert_eq!(context.issuer(), Some("https://as.example"));
    /// ```
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }
}

/// Adds a client's credentials to a request (RFC 6749 section 2.3, RFC 7523, OIDC Core 9).
///
/// Async, so an assertion can be signed by a key in a KMS or HSM; the grants hold it as
/// `dyn ClientAuthentication`, hence `async_trait`. Failures are typed
/// ([`ClientAuthError`]): the signed-assertion methods answer
/// [`ClientAuthError::Assertion`], so an [`AssertionError`](crate::AssertionError) reaches the
/// caller as it is; an implementation with failures of its own (a vendor's signing service)
/// wraps them with [`ClientAuthError::other`]. The client secret never leaves the method:
/// where it is also a key (HS256 ID tokens), the method checks MACs itself
/// ([`secret_mac`](Self::secret_mac)).
///
/// ```
/// use async_trait::async_trait;
/// use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
///
/// /// A public client: sends its id, no secret (`none`).
/// #[derive(Debug)]
/// struct Public(String);
///
/// #[async_trait]
/// impl ClientAuthentication for Public {
///     fn client_id(&self) -> &str { &self.0 }
///     fn method(&self) -> &str { "none" }
///     async fn authenticate(&self, request: &mut FormRequest, _: &AuthenticationContext)
///         -> Result<(), ClientAuthError> {
///         request.push("client_id", self.0.clone());
///         Ok(())
///     }
/// }
/// ```
#[async_trait]
pub trait ClientAuthentication: Send + Sync + fmt::Debug {
    /// The client identifier.
    ///
    /// ```
    /// # use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
    /// # #[derive(Debug)] struct Public;
    /// # #[async_trait::async_trait] impl ClientAuthentication for Public {
    /// #     fn client_id(&self) -> &str { "my-app" }
    /// #     fn method(&self) -> &str { "none" }
    /// #     async fn authenticate(&self, request: &mut FormRequest, _: &AuthenticationContext)
    /// #         -> Result<(), ClientAuthError> { request.push("client_id", "my-app"); Ok(()) }
    /// # }
    /// let auth: Box<dyn ClientAuthentication> = Box::new(Public);
    /// assert_eq!(auth.client_id(), "my-app");
    /// ```
    fn client_id(&self) -> &str;

    /// The method's registered name (`client_secret_basic`, `private_key_jwt`, ...).
    ///
    /// ```
    /// # use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
    /// # #[derive(Debug)] struct Public;
    /// # #[async_trait::async_trait] impl ClientAuthentication for Public {
    /// #     fn client_id(&self) -> &str { "my-app" }
    /// #     fn method(&self) -> &str { "none" }
    /// #     async fn authenticate(&self, request: &mut FormRequest, _: &AuthenticationContext)
    /// #         -> Result<(), ClientAuthError> { request.push("client_id", "my-app"); Ok(()) }
    /// # }
    /// let auth: std::sync::Arc<dyn ClientAuthentication> = std::sync::Arc::new(Public);
    /// assert_eq!(auth.method(), "none");
    /// ```
    fn method(&self) -> &str;

    /// A check of HS256 MACs keyed with the client secret, for methods that have one: where
    /// the secret is also a key (HS256 ID tokens, OpenID Connect Core section 10.1), the
    /// caller hands the MAC to the method, which never hands the secret out.
    ///
    /// ```
    /// # use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
    /// # #[derive(Debug)] struct Public;
    /// # #[async_trait::async_trait] impl ClientAuthentication for Public {
    /// #     fn client_id(&self) -> &str { "my-app" }
    /// #     fn method(&self) -> &str { "none" }
    /// #     async fn authenticate(&self, request: &mut FormRequest, _: &AuthenticationContext)
    /// #         -> Result<(), ClientAuthError> { request.push("client_id", "my-app"); Ok(()) }
    /// # }
    /// // By default a method has no secret to check MACs with.
    /// assert!(Public.secret_mac().is_none());
    /// ```
    fn secret_mac(&self) -> Option<Arc<dyn ClientSecretMac>> {
        None
    }

    /// Adds the credentials to `request`.
    ///
    /// ```
    /// # use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
    /// # #[derive(Debug)] struct Public;
    /// # #[async_trait::async_trait] impl ClientAuthentication for Public {
    /// #     fn client_id(&self) -> &str { "my-app" }
    /// #     fn method(&self) -> &str { "none" }
    /// #     async fn authenticate(&self, request: &mut FormRequest, _: &AuthenticationContext)
    /// #         -> Result<(), ClientAuthError> { request.push("client_id", "my-app"); Ok(()) }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut request = FormRequest::new("https://as.example/token".parse()?);
    /// Public.authenticate(&mut request, &AuthenticationContext::new(Some("https://as.example"))).await?;
    /// assert_eq!(request.get("client_id"), Some("my-app"));
    /// # Ok(()) }
    /// ```
    async fn authenticate(
        &self,
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError>;
}

#[async_trait]
impl<T: ClientAuthentication + ?Sized> ClientAuthentication for Arc<T> {
    fn client_id(&self) -> &str {
        (**self).client_id()
    }
    fn method(&self) -> &str {
        (**self).method()
    }
    fn secret_mac(&self) -> Option<Arc<dyn ClientSecretMac>> {
        (**self).secret_mac()
    }
    async fn authenticate(
        &self,
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        (**self).authenticate(request, context).await
    }
}

#[async_trait]
impl<T: ClientAuthentication + ?Sized> ClientAuthentication for Box<T> {
    fn client_id(&self) -> &str {
        (**self).client_id()
    }
    fn method(&self) -> &str {
        (**self).method()
    }
    fn secret_mac(&self) -> Option<Arc<dyn ClientSecretMac>> {
        (**self).secret_mac()
    }
    async fn authenticate(
        &self,
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        (**self).authenticate(request, context).await
    }
}

/// Checks HS256 MACs (HMAC-SHA-256, RFC 7518 section 3.2) keyed with a client secret, so the
/// secret stays inside the client authentication method.
///
/// ```
/// use oauth2_types::ClientSecretMac;
///
/// /// Stands for a method holding its secret; a real one compares in constant time.
/// #[derive(Debug)]
/// struct Fixed(Vec<u8>);
///
/// impl ClientSecretMac for Fixed {
///     fn verify_hs256(&self, _signing_input: &[u8], mac: &[u8]) -> bool {
///         oauth2_types::constant_time_eq(mac, &self.0)
///     }
/// }
/// assert!(Fixed(vec![1, 2]).verify_hs256(b"input", &[1, 2]));
/// ```
pub trait ClientSecretMac: Send + Sync + fmt::Debug {
    /// Whether `mac` is the HS256 MAC of `signing_input` under the client secret (compared
    /// in constant time).
    ///
    /// ```
    /// # use oauth2_types::ClientSecretMac;
    /// # #[derive(Debug)] struct Never;
    /// # impl ClientSecretMac for Never { fn verify_hs256(&self, _: &[u8], _: &[u8]) -> bool { false } }
    /// let mac: &dyn ClientSecretMac = &Never;
    /// assert!(!mac.verify_hs256(b"header.payload", &[0; 32]));
    /// ```
    fn verify_hs256(&self, signing_input: &[u8], mac: &[u8]) -> bool;
}
