//! The typed failures of the client authentication seam.
//!
//! The signed-assertion failures (RFC 7523) are the seam's own vocabulary, so that they reach
//! a caller typed through any crate that only knows the seam (the grants hold a
//! `dyn ClientAuthentication`); an implementation with failures of its own (a vendor's
//! signing service) hands them over as [`ClientAuthError::Other`].

use std::error::Error as StdError;
use std::sync::Arc;

/// Why a client could not authenticate a request.
///
/// ```
/// use oauth2_types::{AssertionError, ClientAuthError};
/// let err = ClientAuthError::from(AssertionError::Clock);
/// assert!(matches!(err, ClientAuthError::Assertion(AssertionError::Clock)));
/// // A foreign implementation's own failure:
/// let other = ClientAuthError::other(std::io::Error::other("the signing service is down"));
/// assert!(other.to_string().contains("signing service"));
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ClientAuthError {
    /// A signed client assertion (`client_secret_jwt`, `private_key_jwt`) could not be made.
    #[error(transparent)]
    Assertion(#[from] AssertionError),
    /// The credentials cannot be put on the request (say, a header value they do not fit in).
    #[error("the client credentials cannot be sent: {0}")]
    InvalidCredentials(String),
    /// An implementation's own failure (a vendor's method, a remote signer); the source is
    /// its error.
    #[error("client authentication failed: {0}")]
    Other(#[source] Arc<dyn StdError + Send + Sync>),
}

impl ClientAuthError {
    /// Wraps an implementation's own error as [`ClientAuthError::Other`].
    ///
    /// ```
    /// let err = oauth2_types::ClientAuthError::other(std::fmt::Error);
    /// assert!(std::error::Error::source(&err).is_some());
    /// ```
    pub fn other(err: impl StdError + Send + Sync + 'static) -> Self {
        Self::Other(Arc::new(err))
    }
}

/// Why a signed JWT assertion could not be made: a client assertion (RFC 7523 section 2.2,
/// OpenID Connect Core section 9) or a JWT bearer grant's (section 2.1).
///
/// ```
/// use oauth2_types::AssertionError;
/// let err = AssertionError::SymmetricKey("HS256".into());
/// assert!(err.to_string().contains("ClientSecretJwt"));
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AssertionError {
    /// The signer failed (a key its crypto provider cannot use, a KMS or HSM that refused);
    /// the source is the signer's error (an `oauth2_jose::Error` for keys in memory).
    #[error("could not sign the JWT assertion: {0}")]
    Signing(#[source] Arc<dyn StdError + Send + Sync>),
    /// The clock is before 1970.
    #[error("the clock is before the Unix epoch")]
    Clock,
    /// private_key_jwt was given a symmetric key (client_secret_jwt is the method for those);
    /// the key's algorithm.
    #[error("private_key_jwt needs an asymmetric key, not {0}; use ClientSecretJwt for HS256")]
    SymmetricKey(String),
}

impl AssertionError {
    /// Wraps a signer's error as [`AssertionError::Signing`].
    ///
    /// ```
    /// let err = oauth2_types::AssertionError::signing(std::fmt::Error);
    /// assert!(err.to_string().starts_with("could not sign"));
    /// ```
    pub fn signing(err: impl StdError + Send + Sync + 'static) -> Self {
        Self::Signing(Arc::new(err))
    }
}
