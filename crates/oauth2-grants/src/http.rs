//! The default [`HttpClient`]: reqwest, with a timeout and a bound on response size.

use std::time::Duration;

use async_trait::async_trait;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

/// The default time allowed for one call to the authorization server.
///
/// ```
/// assert_eq!(oauth2_grants::DEFAULT_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read from an authorization server (1 MiB): metadata, tokens and
/// errors are far smaller, and a bound keeps a broken server from exhausting memory.
///
/// ```
/// assert_eq!(oauth2_grants::MAX_BODY_BYTES, 1 << 20);
/// ```
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An [`HttpClient`] over a `reqwest::Client`: bring your own client for proxies, mTLS or
/// custom roots.
///
/// ```
/// use std::time::Duration;
/// let http = oauth2_grants::ReqwestHttpClient::new(
///     reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?,
/// );
/// # Ok::<(), reqwest::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReqwestHttpClient {
    client: reqwest::Client,
    max_body_bytes: usize,
}

impl ReqwestHttpClient {
    /// Uses `client` as it is; make sure it has a timeout.
    ///
    /// ```
    /// let http = oauth2_grants::ReqwestHttpClient::new(reqwest::Client::new());
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .http_client(http)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn new(client: reqwest::Client) -> Self {
        Self {
            client,
            max_body_bytes: MAX_BODY_BYTES,
        }
    }

    /// A client with [`DEFAULT_TIMEOUT`], no redirects (an OAuth endpoint never redirects a
    /// POST legitimately) and a `User-Agent` naming this crate.
    ///
    /// ```
    /// let http = oauth2_grants::ReqwestHttpClient::with_timeout(std::time::Duration::from_secs(10))?;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn with_timeout(timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("reqwest-oauth2-client/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self::new(client))
    }

    /// Changes the response size bound.
    ///
    /// ```
    /// use oauth2_grants::{DEFAULT_TIMEOUT, ReqwestHttpClient};
    /// let http = ReqwestHttpClient::with_timeout(DEFAULT_TIMEOUT)?.max_body_bytes(64 * 1024);
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }
}

fn transport(err: reqwest::Error) -> HttpError {
    if err.is_timeout() {
        HttpError::Timeout(err.into())
    } else if err.is_connect() {
        HttpError::Connect(err.into())
    } else {
        HttpError::Transport(err.into())
    }
}

#[async_trait]
impl HttpClient for ReqwestHttpClient {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let request = reqwest::Request::try_from(request).map_err(transport)?;
        let mut response = self.client.execute(request).await.map_err(transport)?;
        if response
            .content_length()
            .is_some_and(|length| length > self.max_body_bytes as u64)
        {
            return Err(HttpError::BodyTooLarge {
                limit: self.max_body_bytes,
            });
        }
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > self.max_body_bytes {
                return Err(HttpError::BodyTooLarge {
                    limit: self.max_body_bytes,
                });
            }
            body.extend_from_slice(&chunk);
        }
        builder
            .body(body)
            .map_err(|err| HttpError::Transport(err.into()))
    }
}

/// Bounds every call of a supplied [`HttpClient`] by the client's timeout, so that an HTTP
/// stack without one of its own cannot hang a token request.
#[derive(Debug)]
pub(crate) struct WithDeadline {
    pub(crate) inner: std::sync::Arc<dyn HttpClient>,
    pub(crate) timeout: Duration,
}

#[async_trait]
impl HttpClient for WithDeadline {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        tokio::time::timeout(self.timeout, self.inner.execute(request))
            .await
            .map_err(|_| {
                HttpError::Timeout(format!("no response within {:?}", self.timeout).into())
            })?
    }
}
