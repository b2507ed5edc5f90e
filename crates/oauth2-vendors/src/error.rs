//! What can go wrong making a vendor's client.

/// Why a preset could not be made, or its client could not be built.
///
/// ```
/// let err = oauth2_vendors::Site::https("not a host").unwrap_err();
/// assert!(matches!(err, oauth2_vendors::Error::InvalidName(_)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A domain, realm, tenant or other name is not one (it says which and why).
    #[error("invalid name: {0}")]
    InvalidName(String),
    /// The base URL override is not an origin (scheme, host and port only).
    #[error("invalid base URL: {0}")]
    InvalidBaseUrl(String),
    /// What was asked cannot be done safely for this server (it says why and what to do).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The OAuth 2.0 client could not be built, or discovery failed.
    #[error(transparent)]
    Grants(#[from] oauth2_grants::Error),
}
