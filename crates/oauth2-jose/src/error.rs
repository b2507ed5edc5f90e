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
    /// The crypto provider cannot load or make this key (one provider may take a key the
    /// other refuses: aws-lc-rs needs an RSA JWK's CRT members). Never silently handed to
    /// another provider.
    #[error("the {provider} crypto provider cannot use this key: {reason}")]
    KeyRejected {
        /// The provider's name ([`CryptoProvider::name`](crate::CryptoProvider::name)).
        provider: &'static str,
        /// Why it refused the key.
        reason: String,
    },
    /// No crypto provider is compiled in: turn on oauth2-jose's `rust-crypto` or `aws-lc`
    /// feature.
    #[error("no crypto provider: turn on oauth2-jose's `rust-crypto` or `aws-lc` feature")]
    NoProvider,
    /// The system's random number generator failed.
    #[error("no randomness available: {0}")]
    Random(String),
}
