//! The token source seam: something that yields a valid token when asked.

use std::future::Future;
use std::sync::Arc;

use super::http_client::BoxError;
use crate::error_response::ErrorResponse;
use crate::token::BearerToken;

/// Why a token source could not yield a token.
///
/// ```
/// use oauth2_types::{ErrorResponse, TokenSourceError};
/// let err = TokenSourceError::OAuth {
///     status: http::StatusCode::UNAUTHORIZED,
///     response: Box::new(ErrorResponse::new("invalid_client")),
/// };
/// assert_eq!(err.oauth_error().map(|error| error.error.as_str()), Some("invalid_client"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenSourceError {
    /// The authorization server refused to issue a token (RFC 6749 section 5.2): its status
    /// and error fields, readable without knowing which crate made the source.
    #[error("the authorization server answered {status}: {response}")]
    OAuth {
        /// The HTTP status.
        status: http::StatusCode,
        /// `error`, `error_description`, `error_uri` and the rest of the body.
        response: Box<ErrorResponse>,
    },
    /// Anything else, as the source's own error (a transport failure, a configuration
    /// error, a signer that failed).
    #[error("{0}")]
    Other(#[source] BoxError),
}

impl TokenSourceError {
    /// The authorization server's error fields, if it refused.
    ///
    /// ```
    /// let err = oauth2_types::TokenSourceError::Other("no network".into());
    /// assert!(err.oauth_error().is_none());
    /// ```
    pub fn oauth_error(&self) -> Option<&ErrorResponse> {
        match self {
            Self::OAuth { response, .. } => Some(response),
            Self::Other(_) => None,
        }
    }
}

/// Yields a valid token, obtaining or renewing it when needed.
///
/// Token managers implement it (they cache, refresh and renew); a [`BearerToken`] implements it
/// too, as a fixed token. The API client and the reqwest middleware take any token source.
/// Its methods are `async fn`s whose futures are `Send` (a source is used generically, never
/// as `dyn`, so nothing is boxed); an implementation writes them as plain `async fn`s.
///
/// ```
/// use oauth2_types::{BearerToken, TokenSource, TokenSourceError};
///
/// /// Reads the token from the environment on every request.
/// struct FromEnv;
///
/// impl TokenSource for FromEnv {
///     async fn token(&self) -> Result<BearerToken, TokenSourceError> {
///         let token = std::env::var("ACCESS_TOKEN")
///             .map_err(|err| TokenSourceError::Other(err.into()))?;
///         Ok(BearerToken::new(token))
///     }
/// }
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let source = BearerToken::new("abc");
/// let token = source.token().await.unwrap();
/// assert_eq!(token.access_token().secret(), "abc");
/// # }
/// ```
pub trait TokenSource: Send + Sync {
    /// A token valid now: cached, or freshly obtained. Tokens are cheap to clone (their
    /// members are shared), so a source hands out clones of its cached one.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::TokenSourceError> {
    /// let source = std::sync::Arc::new(BearerToken::new("abc"));
    /// assert_eq!(source.token().await?.access_token().secret(), "abc");
    /// # Ok(()) }
    /// ```
    fn token(&self) -> impl Future<Output = Result<BearerToken, TokenSourceError>> + Send;

    /// Tells the source a resource server rejected `token`, so the next
    /// [`token`](Self::token) call must not yield it again. Does nothing by default.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::TokenSourceError> {
    /// let source = BearerToken::new("abc");
    /// source.token_rejected(&source).await;
    /// // A fixed token has no other to give.
    /// assert_eq!(source.token().await?, source);
    /// # Ok(()) }
    /// ```
    fn token_rejected(&self, token: &BearerToken) -> impl Future<Output = ()> + Send {
        let _ = token;
        std::future::ready(())
    }

    /// Whether [`token`](Self::token) can yield another token after
    /// [`token_rejected`](Self::token_rejected): when it cannot, a rejected token is not
    /// worth a retry, and a request needs no copy kept for one. `true` by default.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// // A fixed token has no other to give.
    /// assert!(!BearerToken::new("abc").renews());
    /// ```
    fn renews(&self) -> bool {
        true
    }
}

impl TokenSource for BearerToken {
    fn token(&self) -> impl Future<Output = Result<BearerToken, TokenSourceError>> + Send {
        std::future::ready(Ok(self.clone()))
    }

    fn renews(&self) -> bool {
        false
    }
}

impl<S: TokenSource> TokenSource for Arc<S> {
    fn token(&self) -> impl Future<Output = Result<BearerToken, TokenSourceError>> + Send {
        (**self).token()
    }

    fn token_rejected(&self, token: &BearerToken) -> impl Future<Output = ()> + Send {
        (**self).token_rejected(token)
    }

    fn renews(&self) -> bool {
        (**self).renews()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// The futures of any source are `Send`, so a middleware can await them in its own
    /// `Send` future.
    #[test]
    fn every_future_of_a_generic_source_is_send() {
        fn check<S: TokenSource>(source: &S, token: &BearerToken) {
            assert_send(&source.token());
            assert_send(&source.token_rejected(token));
        }
        let token = BearerToken::new("abc");
        check(&token, &token);
        check(&Arc::new(token.clone()), &token);
    }
}
