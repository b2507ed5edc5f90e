//! The request authorization seam: put a token on an API request, and read the resource
//! server's answer to decide whether one retry is worth it (RFC 6750, RFC 9449).

use std::sync::Arc;

use async_trait::async_trait;
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

/// Authorizes outgoing API requests with a token, and reads responses for retry hints.
///
/// Implemented by [`BearerToken`] here and by the DPoP-bound token of the DPoP crate; the API
/// client and the reqwest middleware work with any implementation.
///
/// ```
/// use oauth2_types::{AuthorizeRequest, BearerToken};
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let token = BearerToken::new("abc");
/// let mut headers = http::HeaderMap::new();
/// token.authorize(&http::Method::GET, &"https://api.example/x".parse().unwrap(), &mut headers)
///     .await
///     .unwrap();
/// assert_eq!(headers["authorization"], "Bearer abc");
/// # }
/// ```
#[async_trait]
pub trait AuthorizeRequest: Send + Sync {
    /// Adds `Authorization` (and whatever else the token type needs, such as a DPoP proof)
    /// to a request about to be sent.
    ///
    /// ```
    /// use oauth2_types::{AuthorizeRequest, BearerToken};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::BoxError> {
    /// let (url, mut headers) = ("https://api.example/".parse()?, http::HeaderMap::new());
    /// BearerToken::new("abc").authorize(&http::Method::GET, &url, &mut headers).await?;
    /// assert_eq!(headers["authorization"], "Bearer abc");
    /// // A DPoP token without its key cannot authorize anything.
    /// let dpop = BearerToken::new("abc").with_token_type("DPoP");
    /// assert!(dpop.authorize(&http::Method::GET, &url, &mut headers).await.is_err());
    /// # Ok(()) }
    /// ```
    async fn authorize(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), BoxError>;

    /// Reads a response to a request this token authorized: remembers what must be remembered
    /// (a DPoP nonce) and says whether one retry is worth it. `request_headers` are the
    /// headers the request was sent with, so the advice can depend on what this very request
    /// carried (the nonce in its DPoP proof). The default asks for a fresh token on a 401
    /// `invalid_token`.
    ///
    /// ```
    /// use oauth2_types::{AuthorizeRequest, BearerToken, RetryAdvice};
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("www-authenticate", r#"Bearer error="invalid_token""#.parse()?);
    /// let (method, url) = (http::Method::GET, "https://api.example/".parse()?);
    /// let sent = http::HeaderMap::new();
    /// let advice = BearerToken::new("abc")
    ///     .on_response(&method, &url, &sent, http::StatusCode::UNAUTHORIZED, &headers);
    /// assert_eq!(advice, RetryAdvice::RetryWithFreshToken);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn on_response(
        &self,
        method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        let _ = (method, url, request_headers);
        retry_advice(status, headers)
    }
}

#[async_trait]
impl AuthorizeRequest for BearerToken {
    async fn authorize(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), BoxError> {
        if let Some(binding) = self.binding() {
            return binding
                .authorize(self.access_token(), method, url, headers)
                .await;
        }
        if self.is_dpop() {
            return Err(
                "a DPoP token needs its DPoP key to authorize a request; this one has none".into(),
            );
        }
        headers.insert(http::header::AUTHORIZATION, self.authorization_header()?);
        Ok(())
    }

    fn on_response(
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

#[async_trait]
impl<T: AuthorizeRequest + ?Sized> AuthorizeRequest for Arc<T> {
    async fn authorize(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), BoxError> {
        (**self).authorize(method, url, headers).await
    }

    fn on_response(
        &self,
        method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        (**self).on_response(method, url, request_headers, status, headers)
    }
}
