//! The default [`HttpClient`]: reqwest, with a timeout and a bound on response size.

use std::time::Duration;

use async_trait::async_trait;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

use crate::http::MAX_BODY_BYTES;

/// The longest connect timeout [`ReqwestHttpClient::with_timeout_from`] sets, whatever the
/// call's timeout: a server that does not accept a connection in this time is unreachable.
const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An [`HttpClient`] over reqwest. Bring your own `reqwest::ClientBuilder` for proxies, mTLS or
/// custom roots; redirects are never followed, whatever the builder says.
///
/// ```
/// use std::time::Duration;
/// let http = oauth2_grants::ReqwestHttpClient::new(
///     reqwest::Client::builder().connect_timeout(Duration::from_secs(5)),
/// )?
/// .timeout(Duration::from_secs(10));
/// # Ok::<(), reqwest::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReqwestHttpClient {
    client: reqwest::Client,
    max_body_bytes: usize,
    timeout: Option<Duration>,
}

impl ReqwestHttpClient {
    /// Builds the client from `builder` (your proxies, mTLS, roots, timeouts), with its
    /// redirect policy set to [`none`](reqwest::redirect::Policy::none): a call to an
    /// authorization server never follows a redirect (it would carry the request, client
    /// secret included, elsewhere). A redirect is then `Error::Redirect`. Give it a timeout,
    /// here or with [`timeout`](Self::timeout).
    ///
    /// ```
    /// let http = oauth2_grants::ReqwestHttpClient::new(reqwest::Client::builder())?
    ///     .timeout(std::time::Duration::from_secs(10));
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .http_client(http)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(builder: reqwest::ClientBuilder) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: builder
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            max_body_bytes: MAX_BODY_BYTES,
            timeout: None,
        })
    }

    /// A client with `timeout` for each call, no redirects and a `User-Agent` naming this
    /// crate: [`with_timeout_from`](Self::with_timeout_from) a default builder.
    ///
    /// ```
    /// let http = oauth2_grants::ReqwestHttpClient::with_timeout(std::time::Duration::from_secs(10))?;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn with_timeout(timeout: Duration) -> Result<Self, reqwest::Error> {
        Self::with_timeout_from(
            reqwest::Client::builder()
                .user_agent(concat!("reqwest-oauth2-client/", env!("CARGO_PKG_VERSION"))),
            timeout,
        )
    }

    /// A client from `builder` (your roots, proxies, mTLS, `User-Agent`) with `timeout` for
    /// each call, a connect timeout of `timeout` but at most 10 s (an unreachable
    /// server fails fast; these replace the builder's), and no redirects (see
    /// [`new`](Self::new)).
    ///
    /// ```
    /// use std::time::Duration;
    /// let http = oauth2_grants::ReqwestHttpClient::with_timeout_from(
    ///     reqwest::Client::builder().user_agent("my-app/1.0"),
    ///     Duration::from_secs(30),
    /// )?;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn with_timeout_from(
        builder: reqwest::ClientBuilder,
        timeout: Duration,
    ) -> Result<Self, reqwest::Error> {
        let builder = builder.connect_timeout(timeout.min(MAX_CONNECT_TIMEOUT));
        Ok(Self::new(builder)?.timeout(timeout))
    }

    /// The time allowed for each call, from connecting to the end of the body. It replaces a
    /// timeout set on the reqwest builder.
    ///
    /// ```
    /// use std::time::Duration;
    /// let http = oauth2_grants::ReqwestHttpClient::new(reqwest::Client::builder())?
    ///     .timeout(Duration::from_secs(5));
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
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

/// A failure before the response arrived.
fn transport(err: reqwest::Error) -> HttpError {
    if err.is_timeout() {
        HttpError::Timeout(err.into())
    } else if err.is_connect() {
        HttpError::Connect(err.into())
    } else {
        HttpError::Transport(err.into())
    }
}

/// A failure while reading the body of a response whose status had arrived.
fn body_failure(err: reqwest::Error, status: http::StatusCode) -> HttpError {
    if err.is_timeout() {
        HttpError::BodyTimeout {
            status,
            source: err.into(),
        }
    } else {
        HttpError::Transport(err.into())
    }
}

#[async_trait]
impl HttpClient for ReqwestHttpClient {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let mut request = reqwest::Request::try_from(request).map_err(transport)?;
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        let url = request.url().clone();
        let mut response = self.client.execute(request).await.map_err(transport)?;
        // Never true with the redirect policy `new` sets; kept so that a client that follows
        // redirects can never slip in unnoticed.
        if *response.url() != url {
            return Err(HttpError::Redirected {
                location: oauth2_types::redact::url(response.url().as_str()),
            });
        }
        let status = response.status();
        let too_large = HttpError::BodyTooLarge {
            limit: self.max_body_bytes,
            status,
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.max_body_bytes as u64)
        {
            return Err(too_large);
        }
        let mut builder = http::Response::builder()
            .status(status)
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| body_failure(err, status))?
        {
            if body.len() + chunk.len() > self.max_body_bytes {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        builder
            .body(body)
            .map_err(|err| HttpError::Transport(err.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A reqwest client that follows redirects cannot be given to `ReqwestHttpClient`; were one
    /// inside anyway, the redirect it followed would still be an error.
    #[tokio::test]
    async fn a_followed_redirect_is_an_error() {
        let (server, other) = (MockServer::start().await, MockServer::start().await);
        let location = format!("{}/token", other.uri());
        Mock::given(path("/token"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", &location))
            .mount(&server)
            .await;
        Mock::given(path("/token"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&other)
            .await;
        let following = ReqwestHttpClient {
            client: reqwest::Client::new(),
            max_body_bytes: MAX_BODY_BYTES,
            timeout: None,
        };
        let request = || {
            http::Request::post(format!("{}/token", server.uri()))
                .body(b"grant_type=client_credentials".to_vec())
                .unwrap()
        };
        let err = following.execute(request()).await.unwrap_err();
        assert!(
            matches!(&err, HttpError::Redirected { location: to } if *to == location),
            "{err:?}"
        );
        // The same builder through `new` does not follow at all.
        let safe = ReqwestHttpClient::new(reqwest::Client::builder()).unwrap();
        let response = safe.execute(request()).await.unwrap();
        assert_eq!(response.status(), http::StatusCode::TEMPORARY_REDIRECT);
    }

    /// `with_timeout_from` keeps the builder's own settings (its User-Agent) and adds ours:
    /// no redirect followed, whatever the builder says, and the call's timeout.
    #[tokio::test]
    async fn with_timeout_from_keeps_the_builders_settings_and_adds_the_guarantees() {
        let server = MockServer::start().await;
        Mock::given(path("/redirect"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("{}/slow", server.uri())),
            )
            .mount(&server)
            .await;
        Mock::given(path("/slow"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let http = ReqwestHttpClient::with_timeout_from(
            reqwest::Client::builder()
                .user_agent("my-app/1.0")
                .redirect(reqwest::redirect::Policy::limited(5)),
            Duration::from_millis(300),
        )
        .unwrap();
        let get = |to: &str| {
            http::Request::get(format!("{}{to}", server.uri()))
                .body(Vec::new())
                .unwrap()
        };
        let response = http.execute(get("/redirect")).await.unwrap();
        assert_eq!(response.status(), http::StatusCode::FOUND);
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 1, "not followed");
        assert_eq!(received[0].headers["user-agent"], "my-app/1.0");
        let started = std::time::Instant::now();
        let err = http.execute(get("/slow")).await.unwrap_err();
        assert!(matches!(err, HttpError::Timeout(_)), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
