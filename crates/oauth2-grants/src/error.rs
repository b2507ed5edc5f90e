//! The errors of talking to an authorization server.

use std::sync::Arc;

use oauth2_types::{ErrorCode, ErrorResponse, HttpError};

/// How long a body excerpt in an error may be, in characters.
const EXCERPT_CHARS: usize = 256;

/// An error from an authorization server call.
///
/// It is `Clone` (its sources are shared), so a token manager can hand one failure to every
/// task that waited on the same request.
///
/// ```
/// # async fn demo(client: &oauth2_grants::OAuth2Client) {
/// match client.client_credentials().send().await {
///     Ok(token) => println!("got {:?}", token),
///     Err(err) if err.is_oauth_error("invalid_client") => eprintln!("check the credentials"),
///     Err(err) => eprintln!("{err}"),
/// }
/// # }
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an OAuth error response (RFC 6749 section 5.2).
    #[error("the authorization server answered {status}: {response}")]
    OAuth {
        /// The HTTP status.
        status: http::StatusCode,
        /// `error`, `error_description`, `error_uri` and the rest of the body.
        response: Box<ErrorResponse>,
    },
    /// The server's answer is not what the protocol says: not JSON, or not the expected shape.
    #[error("unexpected response from {endpoint} ({status}): {reason}; body: {excerpt:?}")]
    UnexpectedResponse {
        /// Which endpoint answered.
        endpoint: String,
        /// The HTTP status.
        status: http::StatusCode,
        /// What was wrong.
        reason: String,
        /// The start of the body, its secrets masked (see [`oauth2_types::redact`]).
        excerpt: String,
    },
    /// The server answered with a redirect (3xx). No call to an authorization server follows
    /// one, whatever HTTP client sends it: the request and its credentials go nowhere else.
    #[error(
        "the {endpoint} answered {status}, a redirect to {}; calls to the authorization server do not follow redirects",
        .location.as_deref().unwrap_or("no Location")
    )]
    Redirect {
        /// Which endpoint answered.
        endpoint: String,
        /// The HTTP status (3xx).
        status: http::StatusCode,
        /// The `Location` header, when there was one.
        location: Option<String>,
    },
    /// The request could not be sent, or got no answer.
    #[error("{endpoint}: {source}")]
    Http {
        /// Which endpoint was called.
        endpoint: String,
        /// The transport failure.
        #[source]
        source: Arc<HttpError>,
    },
    /// The client needs an endpoint the server metadata does not have.
    #[error("no {0} is configured or discovered for this client")]
    MissingEndpoint(&'static str),
    /// A URL is not https, and the client was not built to allow plain http.
    #[error(
        "{0} is not https; build the client with allow_insecure_http(true) for local development"
    )]
    InsecureUrl(String),
    /// A URL or parameter given to the client is not valid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The discovered metadata's issuer is not the one asked for (RFC 8414 section 3.3).
    #[error("the discovery document says issuer {found:?}, expected {expected:?}")]
    IssuerMismatch {
        /// The issuer asked for.
        expected: String,
        /// The issuer in the document.
        found: String,
    },
    /// Client authentication could not be done, typed: a signed assertion's failure is
    /// [`ClientAuthError::Assertion`](oauth2_types::ClientAuthError::Assertion) with
    /// oauth2-client-auth's `AssertionError` in it.
    #[error("client authentication failed: {0}")]
    ClientAuthentication(#[source] oauth2_types::ClientAuthError),
    /// The token has no refresh token to refresh with.
    #[error("the token has no refresh token")]
    NoRefreshToken,
    /// The server asked for a DPoP nonce (`use_dpop_nonce`) without giving a new one, or
    /// asked again after the retry with its nonce (RFC 9449 section 8).
    #[error(
        "the authorization server keeps asking for a DPoP nonce ({status}, retried: {retried}): {response}"
    )]
    DpopNonce {
        /// The HTTP status.
        status: http::StatusCode,
        /// The error response.
        response: Box<ErrorResponse>,
        /// Whether the request had been retried with a nonce already.
        retried: bool,
    },
    /// A DPoP request got a token that is not DPoP-bound (`token_type` is not `DPoP`).
    #[error(
        "asked for a DPoP-bound token, got token_type {token_type:?}; allow it with require_dpop_token_type(false)"
    )]
    NotDpopBound {
        /// The token type received.
        token_type: String,
    },
    /// A request must prove a DPoP key that is not at hand: the refresh of a DPoP-bound token
    /// loaded from storage (which does not carry its key), or the exchange of a code bound to
    /// a key the pending authorization does not carry (a KMS key): give it with
    /// `.dpop_key(key)`.
    #[error("the DPoP key this request must prove is not attached; give it with .dpop_key(key)")]
    DpopKeyMissing,
    /// The device code or CIBA request expired before the user approved.
    #[error("the request expired before the user approved")]
    PollingExpired,
    /// The polling was cancelled through its [`PollCancel`](crate::PollCancel).
    #[error("the polling was cancelled")]
    PollingCancelled,
    /// The ID token that came with the tokens is not acceptable.
    #[cfg(feature = "oidc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
    #[error("ID token: {0}")]
    IdToken(#[source] Box<oauth2_pkce_par_jar::IdTokenError>),
    /// A DPoP key or proof could not be made.
    #[cfg(feature = "dpop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
    #[error("DPoP: {0}")]
    Dpop(#[source] Arc<oauth2_dpop::Error>),
    /// A blocking call could not run: it was made from inside an async runtime (use the
    /// async API there), or the blocking runtime could not start.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    #[error(transparent)]
    Blocking(#[from] oauth2_types::blocking::BlockingError),
    /// A token could not be put on a request.
    #[error("could not authorize the request: {0}")]
    Authorization(#[source] Arc<oauth2_types::AuthorizeError>),
    /// Code run by a shared fetch (a [`TokenFetcher`](crate::TokenFetcher), an HTTP client, a
    /// signer) panicked. The panic is caught: the callers waiting on that fetch get this
    /// error, and the next call starts a new fetch.
    #[error("{what} panicked: {}", .message.as_deref().unwrap_or("(no message)"))]
    Panicked {
        /// What was running: `"token renewal"`, `"JWKS fetch"`.
        what: &'static str,
        /// The panic message, when it is a string. It is the panicking code's own message,
        /// the one the panic hook has already printed; never a server's response.
        message: Option<String>,
    },
}

impl Error {
    /// The OAuth error response, if the server sent one.
    ///
    /// ```
    /// use oauth2_grants::Error;
    /// let response = Box::new(oauth2_types::ErrorResponse::new("invalid_grant"));
    /// let err = Error::OAuth { status: http::StatusCode::BAD_REQUEST, response };
    /// assert_eq!(err.oauth_error().map(|response| response.error.as_str()), Some("invalid_grant"));
    /// assert!(Error::NoRefreshToken.oauth_error().is_none());
    /// ```
    pub fn oauth_error(&self) -> Option<&ErrorResponse> {
        match self {
            Self::OAuth { response, .. } | Self::DpopNonce { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The OAuth error code, if the server sent one.
    ///
    /// ```
    /// use oauth2_grants::Error;
    /// let response = Box::new(oauth2_types::ErrorResponse::new("invalid_scope"));
    /// let err = Error::OAuth { status: http::StatusCode::BAD_REQUEST, response };
    /// assert_eq!(err.error_code().map(|code| code.as_str()), Some("invalid_scope"));
    /// ```
    pub fn error_code(&self) -> Option<&ErrorCode> {
        self.oauth_error().map(|response| &response.error)
    }

    /// Whether the server sent this OAuth error code.
    ///
    /// ```
    /// use oauth2_grants::Error;
    /// let response = Box::new(oauth2_types::ErrorResponse::new("invalid_client"));
    /// let err = Error::OAuth { status: http::StatusCode::BAD_REQUEST, response };
    /// assert!(err.is_oauth_error("invalid_client"));
    /// assert!(!err.is_oauth_error("invalid_grant"));
    /// ```
    pub fn is_oauth_error(&self, code: &str) -> bool {
        self.error_code()
            .is_some_and(|found| found.as_str() == code)
    }

    /// The HTTP status of the server's answer, if there was one (also when its body then
    /// was too large or too slow).
    ///
    /// ```
    /// use oauth2_grants::Error;
    /// let response = Box::new(oauth2_types::ErrorResponse::new("invalid_client"));
    /// let err = Error::OAuth { status: http::StatusCode::UNAUTHORIZED, response };
    /// assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    /// assert_eq!(Error::NoRefreshToken.status(), None);
    /// ```
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::OAuth { status, .. }
            | Self::UnexpectedResponse { status, .. }
            | Self::DpopNonce { status, .. }
            | Self::Redirect { status, .. } => Some(*status),
            Self::Http { source, .. } => source.status(),
            _ => None,
        }
    }

    /// Whether no answer came in time.
    ///
    /// ```
    /// use oauth2_types::HttpError;
    /// let source = std::sync::Arc::new(HttpError::Timeout("no answer".into()));
    /// let err = oauth2_grants::Error::Http { endpoint: "token endpoint".into(), source };
    /// assert!(err.is_timeout());
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Http { source, .. } if source.is_timeout())
    }

    pub(crate) fn unexpected(
        endpoint: &str,
        status: http::StatusCode,
        reason: impl Into<String>,
        body: &[u8],
    ) -> Self {
        Self::UnexpectedResponse {
            endpoint: endpoint.to_owned(),
            status,
            reason: reason.into(),
            excerpt: oauth2_types::redact::excerpt(body, EXCERPT_CHARS),
        }
    }

    pub(crate) fn client_auth(err: oauth2_types::ClientAuthError) -> Self {
        Self::ClientAuthentication(err)
    }

    #[cfg(feature = "oidc")]
    pub(crate) fn id_token(err: oauth2_pkce_par_jar::IdTokenError) -> Self {
        Self::IdToken(Box::new(err))
    }

    #[cfg(feature = "dpop")]
    pub(crate) fn dpop(err: oauth2_dpop::Error) -> Self {
        Self::Dpop(Arc::new(err))
    }

    pub(crate) fn authorization(err: oauth2_types::AuthorizeError) -> Self {
        Self::Authorization(Arc::new(err))
    }
}

/// A token manager's failure as the token source seam's error: the authorization server's
/// refusal keeps its status and error fields, readable without a downcast.
impl From<Error> for oauth2_types::TokenSourceError {
    fn from(err: Error) -> Self {
        match err {
            Error::OAuth { status, response } => Self::OAuth { status, response },
            other => Self::Other(Box::new(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_masks_tokens() {
        let body = br#"{"access_token":"eyJ.secret\"x","token_type":"Bearer","refresh_token" : "rt-secret","scope":"a"}"#;
        let err = Error::unexpected("token endpoint", http::StatusCode::OK, "bad", body);
        let Error::UnexpectedResponse { excerpt, .. } = &err else {
            panic!("wrong variant")
        };
        assert!(!excerpt.contains("secret"), "{excerpt}");
        assert!(excerpt.contains(r#""token_type":"Bearer""#), "{excerpt}");
        assert!(
            excerpt.contains(r#""access_token":"<redacted>""#),
            "{excerpt}"
        );
        assert!(excerpt.contains(r#""scope":"a""#), "{excerpt}");
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = "x".repeat(1000);
        let err = Error::unexpected(
            "token endpoint",
            http::StatusCode::OK,
            "bad",
            long.as_bytes(),
        );
        let Error::UnexpectedResponse { excerpt, .. } = err else {
            panic!("wrong variant")
        };
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn error_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Error>();
    }
}
