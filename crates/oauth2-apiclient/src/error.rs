//! The errors of authorizing API requests.

use oauth2_types::{AuthorizeError, TokenSourceError};

/// Why an API request could not be authorized or sent.
///
/// ```
/// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
/// assert!(matches!(api.get("../admin"), Err(oauth2_apiclient::Error::Path(_))));
/// # Ok::<(), oauth2_apiclient::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token source could not provide a token.
    #[error("could not obtain a token: {0}")]
    Token(#[source] TokenSourceError),
    /// The token could not be put on the request (DPoP proof signing failed, for example).
    #[error("could not authorize the request: {0}")]
    Authorize(#[source] AuthorizeError),
    /// A path would leave the API's base URL, or the base URL is not usable.
    #[error("{0}")]
    Path(String),
    /// The reqwest client followed a redirect by itself, with the request's token (and DPoP
    /// proof) on it. Build it with `redirect::Policy::none()`, as
    /// [`reqwest_client`](crate::reqwest_client) does: same-origin redirects are then followed
    /// and authorized afresh, and no token goes to another origin.
    #[error(
        "the HTTP client followed a redirect to {location} by itself, with the token on the request; build it with redirect::Policy::none() (oauth2_apiclient::reqwest_client does)"
    )]
    RedirectFollowed {
        /// Where the request went (origin and path).
        location: String,
    },
    /// More than [`MAX_REDIRECTS`](crate::MAX_REDIRECTS) same-origin redirects.
    #[error(
        "more than {} redirects, the last from {location}",
        crate::MAX_REDIRECTS
    )]
    TooManyRedirects {
        /// The URL that redirected once too often (origin and path).
        location: String,
    },
    /// The API answered with a 4xx or 5xx status (an [`ApiRequest`](crate::ApiRequest) sent
    /// without `error_for_status(false)`).
    #[error("the API answered {status}: {excerpt}")]
    Status {
        /// The response's status.
        status: reqwest::StatusCode,
        /// The start of its body, secrets masked (see [`oauth2_types::redact::excerpt`]).
        excerpt: String,
    },
    /// The request failed. Its URL keeps origin and path only (a query can carry a secret:
    /// an API key, a code).
    #[error(transparent)]
    Http(reqwest::Error),
    /// A blocking call could not run: it was made from inside an async runtime (use the
    /// async API there), or the blocking runtime could not start.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    #[error(transparent)]
    Blocking(#[from] oauth2_types::blocking::BlockingError),
    /// A blocking response's body is not the JSON asked for
    /// ([`Response::json`](crate::blocking::Response::json)). It holds the parser's message
    /// without the value it quotes ([`oauth2_types::redact::json_error`]): a token where a
    /// number was expected is not shown.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    #[error("the response body is not the JSON expected: {0}")]
    Json(String),
    /// A blocking response's body is longer than the request allows
    /// ([`ApiClient::max_body_bytes`](crate::blocking::ApiClient::max_body_bytes)); none of
    /// it is kept.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    #[error("the response body is longer than {limit} bytes")]
    BodyTooLarge {
        /// The most bytes allowed.
        limit: usize,
    },
    /// Another middleware of the client failed.
    #[error(transparent)]
    Middleware(reqwest_middleware::Error),
}

impl Error {
    /// Whether the request got no answer in the time allowed.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert!(!api.get("../admin").unwrap_err().is_timeout());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Http(err) if err.is_timeout())
    }

    /// The API's answer status, when it answered with an error status.
    ///
    /// ```
    /// let err = oauth2_apiclient::Error::Status { status: reqwest::StatusCode::NOT_FOUND, excerpt: String::new() };
    /// assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    /// ```
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// This crate's error inside a reqwest-middleware one, or the reqwest error, or else the
    /// middleware error as it is.
    pub(crate) fn from_middleware(err: reqwest_middleware::Error) -> Self {
        match err {
            reqwest_middleware::Error::Reqwest(err) => Self::from(err),
            reqwest_middleware::Error::Middleware(err) => match err.downcast::<Self>() {
                Ok(ours) => ours,
                Err(other) => Self::Middleware(reqwest_middleware::Error::Middleware(other)),
            },
        }
    }
}

/// reqwest's error names the whole URL in `Display` and `Debug`: only its origin and path are
/// kept.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// // Nothing listens on port 1: the connection is refused.
/// let err = reqwest::get("http://127.0.0.1:1/orders?api_key=K-3f9a").await.unwrap_err();
/// let err = oauth2_apiclient::Error::from(err);
/// assert!(!err.to_string().contains("K-3f9a") && !format!("{err:?}").contains("K-3f9a"));
/// assert!(format!("{err:?}").contains("/orders"));
/// # }
/// ```
impl From<reqwest::Error> for Error {
    fn from(err: reqwest::Error) -> Self {
        let redacted = err
            .url()
            .map(|url| oauth2_types::redact::url(url.as_str()))
            .and_then(|url| reqwest::Url::parse(&url).ok());
        Self::Http(match redacted {
            Some(url) => err.with_url(url),
            None => err.without_url(),
        })
    }
}
