//! Authorizing a request with a token, and reading the resource server's answer to decide
//! whether one retry is worth it (RFC 6750, RFC 9449). What a bound token adds is its
//! [`TokenBinding`](super::TokenBinding)'s work.

use url::Url;

use super::http_client::BoxError;
use crate::token::BearerToken;
use crate::www_authenticate::Challenge;

/// What to do after a resource server answered.
///
/// ```
/// use oauth2_types::RetryAdvice;
/// assert_eq!(RetryAdvice::default(), RetryAdvice::Done);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAdvice {
    /// Keep the response.
    #[default]
    Done,
    /// The server asked for a fresh DPoP nonce (RFC 9449 section 9); it has been remembered,
    /// so authorizing the request again and resending it once will use it.
    RetryWithNonce,
    /// The server rejected the token (`invalid_token`): get a fresh token and resend once.
    RetryWithFreshToken,
}

/// Whether a response is a 401 whose `WWW-Authenticate` says `error="invalid_token"`.
///
/// ```
/// let mut headers = http::HeaderMap::new();
/// headers.insert("www-authenticate", r#"Bearer error="invalid_token""#.parse().unwrap());
/// assert!(oauth2_types::invalid_token_challenge(http::StatusCode::UNAUTHORIZED, &headers));
/// assert!(!oauth2_types::invalid_token_challenge(http::StatusCode::FORBIDDEN, &headers));
/// ```
pub fn invalid_token_challenge(status: http::StatusCode, headers: &http::HeaderMap) -> bool {
    status == http::StatusCode::UNAUTHORIZED
        && Challenge::from_headers(headers)
            .any(|challenge| challenge.error() == Some("invalid_token"))
}

/// The advice for a response when the token type has nothing of its own to say: a fresh
/// token after a 401 `invalid_token`, else keep the response.
///
/// ```
/// use oauth2_types::{RetryAdvice, retry_advice};
/// assert_eq!(retry_advice(http::StatusCode::OK, &http::HeaderMap::new()), RetryAdvice::Done);
/// ```
pub fn retry_advice(status: http::StatusCode, headers: &http::HeaderMap) -> RetryAdvice {
    if invalid_token_challenge(status, headers) {
        RetryAdvice::RetryWithFreshToken
    } else {
        RetryAdvice::Done
    }
}

/// Why a token could not be put on a request.
///
/// ```
/// use oauth2_types::{AuthorizeError, BearerToken};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let (url, mut headers) = ("https://api.example/".parse()?, http::HeaderMap::new());
/// let dpop = BearerToken::new("abc").with_token_type("DPoP");
/// let err = dpop.authorize(&http::Method::GET, &url, &mut headers).await.unwrap_err();
/// assert!(matches!(err, AuthorizeError::KeyMissing { .. }));
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizeError {
    /// A sender-constrained token (DPoP) without its binding: sent as it is, it would be
    /// refused, so it is not sent at all. Attach the key again (`DpopBinding::bind`).
    #[error("a {token_type} token needs its key to authorize a request; this one has none")]
    KeyMissing {
        /// The token's `token_type`.
        token_type: String,
    },
    /// The access token cannot be an HTTP header value (a control character in it).
    #[error("the access token is not a valid HTTP header value")]
    InvalidHeader(#[source] http::header::InvalidHeaderValue),
    /// The binding could not make its proof (a signer that failed, a key store that is not
    /// reachable): its own error, boxed, since bindings live in other crates.
    #[error("the token binding failed: {0}")]
    Binding(#[source] BoxError),
}

impl BearerToken {
    /// Adds `Authorization` (and, for a bound token, what its [`TokenBinding`](crate::TokenBinding) adds: a DPoP
    /// proof) to a request about to be sent to a resource server.
    ///
    /// A plain bearer token puts its cached header value there, with no allocation beyond the
    /// header map's; only a bound token awaits its binding.
    ///
    /// ```
    /// use oauth2_types::BearerToken;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let (url, mut headers) = ("https://api.example/".parse()?, http::HeaderMap::new());
    /// BearerToken::new("abc").authorize(&http::Method::GET, &url, &mut headers).await?;
    /// assert_eq!(headers["authorization"], "Bearer abc");
    /// // A DPoP token without its key cannot authorize anything.
    /// let dpop = BearerToken::new("abc").with_token_type("DPoP");
    /// assert!(dpop.authorize(&http::Method::GET, &url, &mut headers).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn authorize(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        if let Some(binding) = self.binding() {
            return binding
                .authorize(self.access_token(), method, url, headers)
                .await;
        }
        self.authorize_unbound(headers)
    }

    /// [`authorize`](Self::authorize) without a future, when the token needs none: `None`
    /// for a bound token, whose proof is made by [`authorize`](Self::authorize). A path that
    /// runs on every request uses it to keep the plain bearer case out of its future.
    ///
    /// ```
    /// use oauth2_types::BearerToken;
    /// let mut headers = http::HeaderMap::new();
    /// let authorized = BearerToken::new("abc").authorize_now(&mut headers);
    /// assert!(matches!(authorized, Some(Ok(()))));
    /// assert_eq!(headers["authorization"], "Bearer abc");
    /// ```
    pub fn authorize_now(
        &self,
        headers: &mut http::HeaderMap,
    ) -> Option<Result<(), AuthorizeError>> {
        if self.binding().is_some() {
            return None;
        }
        Some(self.authorize_unbound(headers))
    }

    /// The plain bearer path of [`authorize`](Self::authorize), without a future: for a
    /// caller that knows the token has no binding.
    fn authorize_unbound(&self, headers: &mut http::HeaderMap) -> Result<(), AuthorizeError> {
        if self.has_dpop_type() {
            return Err(AuthorizeError::KeyMissing {
                token_type: self.token_type().to_owned(),
            });
        }
        let value = self
            .authorization_header()
            .map_err(AuthorizeError::InvalidHeader)?;
        headers.insert(http::header::AUTHORIZATION, value);
        Ok(())
    }

    /// Reads a resource server's response to a request this token authorized: the binding
    /// remembers what must be remembered (a DPoP nonce), and the advice says whether one
    /// retry is worth it (see [`exchange`](crate::exchange) for who decides). `request_headers`
    /// are the headers the request was sent with, so the advice can depend on what this very
    /// request carried (the nonce in its DPoP proof). Without a binding: a fresh token after a
    /// 401 `invalid_token`, else keep the response.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, RetryAdvice};
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("www-authenticate", r#"Bearer error="invalid_token""#.parse()?);
    /// let (method, url) = (http::Method::GET, "https://api.example/".parse()?);
    /// let sent = http::HeaderMap::new();
    /// let advice = BearerToken::new("abc")
    ///     .on_response(&method, &url, &sent, http::StatusCode::UNAUTHORIZED, &headers);
    /// assert_eq!(advice, RetryAdvice::RetryWithFreshToken);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_response(
        &self,
        method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        match self.binding() {
            Some(binding) => binding.on_response(method, url, request_headers, status, headers),
            None => retry_advice(status, headers),
        }
    }
}
