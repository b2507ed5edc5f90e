//! The errors of JOSE operations.

/// Why a key could not be used or a JWS could not be made or checked.
///
/// ```
/// use oauth2_jose::{Algorithm, Error};
/// let err = "none".parse::<Algorithm>().unwrap_err();
/// assert_eq!(err, Error::UnsupportedAlgorithm("none".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The algorithm is not one this crate supports (or is `none`).
    #[error("unsupported algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The key is malformed, of an unsupported type, or too weak.
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// The key cannot be used with this algorithm.
    #[error("the key cannot be used with {0}")]
    AlgorithmMismatch(String),
    /// Signing failed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The JWS is not a well-formed compact serialization.
    #[error("malformed JWS: {0}")]
    Malformed(String),
    /// The JWS's algorithm is not among those allowed.
    #[error("the JWS algorithm {0:?} is not allowed")]
    AlgorithmNotAllowed(String),
    /// No key of the key set has the JWS's `kid`.
    #[error("no key has kid {0:?}")]
    UnknownKeyId(String),
    /// The signature does not verify.
    #[error("the signature is invalid")]
    InvalidSignature,
    /// The system's random number generator failed.
    #[error("no randomness available: {0}")]
    Random(String),
}

pub(crate) fn invalid_key(err: impl std::fmt::Display) -> Error {
    Error::InvalidKey(err.to_string())
}
