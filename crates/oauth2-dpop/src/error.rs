//! The errors of making DPoP proofs.

/// Why a DPoP key or proof could not be made.
///
/// ```
/// use oauth2_dpop::{DpopKey, Error};
/// assert!(matches!(DpopKey::from_jwk_json("not a JWK"), Err(Error::Key(_))));
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The key could not be made, read or used.
    #[error("DPoP key: {0}")]
    Key(#[from] oauth2_jose::Error),
    /// The signer has no public key to put in proofs (DPoP needs an asymmetric key).
    #[error("a DPoP key needs a public JWK (an asymmetric key)")]
    NoPublicKey,
    /// The clock is before 1970.
    #[error("the clock is before the Unix epoch")]
    Clock,
    /// The key is held by a signer (a KMS or HSM) that does not give its private key out.
    #[error("this DPoP key's signer does not export its private key")]
    NotExportable,
    /// The key is not the one the token is bound to.
    #[error("the DPoP key is not the one the token is bound to")]
    KeyMismatch,
    /// A stored session could not be written or read (the stored text is not quoted: it
    /// holds the key).
    #[error("the stored DPoP session is not a token with a private JWK")]
    Session,
    /// A header value could not be made.
    #[error("invalid header value: {0}")]
    Header(String),
}
