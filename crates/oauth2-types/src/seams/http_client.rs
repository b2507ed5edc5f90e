//! The one seam through which requests are sent.
//!
//! Protocol code builds an [`HttpRequest`] and reads an [`HttpResponse`], so it can be tested
//! without a socket; an [`HttpClient`] sends one. The grants crate implements it for
//! `reqwest::Client`.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;

/// A boxed error, for the errors of implementations behind the seams.
///
/// ```
/// let err: oauth2_types::BoxError = "no route to host".into();
/// assert_eq!(err.to_string(), "no route to host");
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A request with its whole body.
///
/// ```
/// let request: oauth2_types::HttpRequest = http::Request::get("https://as.example/jwks").body(Vec::new())?;
/// assert!(request.body().is_empty());
/// # Ok::<(), http::Error>(())
/// ```
pub type HttpRequest = http::Request<Vec<u8>>;

/// A response with its whole body.
///
/// ```
/// let response: oauth2_types::HttpResponse = http::Response::new(b"{}".to_vec());
/// assert_eq!(response.status(), http::StatusCode::OK);
/// ```
pub type HttpResponse = http::Response<Vec<u8>>;

/// Why a request got no response, or no whole response.
///
/// ```
/// let err = oauth2_types::HttpError::BodyTooLarge { limit: 1024, status: http::StatusCode::OK };
/// assert_eq!(err.to_string(), "the response body (status 200 OK) is larger than 1024 bytes");
/// assert_eq!(err.status(), Some(http::StatusCode::OK));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// No response within the time allowed.
    #[error("the request timed out: {0}")]
    Timeout(#[source] BoxError),
    /// The server could not be reached.
    #[error("could not connect: {0}")]
    Connect(#[source] BoxError),
    /// The response body was larger than allowed.
    #[error("the response body (status {status}) is larger than {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The status of the response, which had arrived.
        status: http::StatusCode,
    },
    /// The status and headers arrived, but not the whole body in the time allowed (a server
    /// that sends it slowly, or stops).
    #[error("the response body (status {status}) did not arrive in time: {source}")]
    BodyTimeout {
        /// The status of the response, which had arrived.
        status: http::StatusCode,
        /// The timeout.
        #[source]
        source: BoxError,
    },
    /// The HTTP stack followed a redirect by itself, to `location`, where a redirect must
    /// come back as a response (the request may have carried credentials there).
    #[error(
        "the HTTP client followed a redirect to {location}; build it so that it does not follow redirects"
    )]
    Redirected {
        /// Where the request went.
        location: String,
    },
    /// Any other transport failure.
    #[error("HTTP transport error: {0}")]
    Transport(#[source] BoxError),
}

impl HttpError {
    /// The status of the response, when it had arrived before the failure.
    ///
    /// ```
    /// use oauth2_types::HttpError;
    /// let slow = HttpError::BodyTimeout { status: http::StatusCode::OK, source: "30 s".into() };
    /// assert_eq!(slow.status(), Some(http::StatusCode::OK));
    /// assert_eq!(HttpError::Timeout("30 s".into()).status(), None);
    /// ```
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::BodyTooLarge { status, .. } | Self::BodyTimeout { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the time allowed ran out, before the response or during its body.
    ///
    /// ```
    /// use oauth2_types::HttpError;
    /// assert!(HttpError::Timeout("30 s".into()).is_timeout());
    /// let slow = HttpError::BodyTimeout { status: http::StatusCode::OK, source: "30 s".into() };
    /// assert!(slow.is_timeout());
    /// assert!(!HttpError::Connect("refused".into()).is_timeout());
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_) | Self::BodyTimeout { .. })
    }
}

/// Sends one HTTP request and returns its response, whatever the status.
///
/// Implement it to use another HTTP stack, or to add tracing, proxies or mTLS.
///
/// An implementation must not follow redirects: it returns a 3xx response as it is. The
/// callers refuse every redirect of an authorization server call themselves, but only one
/// they see; a stack that follows redirects on its own would re-send the request, and the
/// client credentials in it, to wherever the `Location` points.
///
/// ```
/// use async_trait::async_trait;
/// use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};
///
/// /// Answers every request with 204, for tests.
/// #[derive(Debug)]
/// struct NoContent;
///
/// #[async_trait]
/// impl HttpClient for NoContent {
///     async fn execute(&self, _request: HttpRequest) -> Result<HttpResponse, HttpError> {
///         let response = http::Response::builder().status(204).body(Vec::new());
///         response.map_err(|e| HttpError::Transport(e.into()))
///     }
/// }
/// ```
#[async_trait]
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request`; any status is a response, only transport failures are errors.
    ///
    /// ```
    /// # use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};
    /// # #[derive(Debug)] struct NoContent;
    /// # #[async_trait::async_trait] impl HttpClient for NoContent {
    /// #     async fn execute(&self, _: HttpRequest) -> Result<HttpResponse, HttpError> {
    /// #         let response = http::Response::builder().status(204).body(Vec::new());
    /// #         response.map_err(|err| HttpError::Transport(err.into()))
    /// #     }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::BoxError> {
    /// let client: std::sync::Arc<dyn HttpClient> = std::sync::Arc::new(NoContent);
    /// let response = client.execute(http::Request::get("https://as.example/").body(Vec::new())?).await?;
    /// assert_eq!(response.status(), http::StatusCode::NO_CONTENT);
    /// # Ok(()) }
    /// ```
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError>;
}

#[async_trait]
impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        (**self).execute(request).await
    }
}
