//! What can go wrong making an Auth0 client.

/// Why an Auth0 client could not be made.
///
/// ```
/// let err = oauth2_auth0::Auth0::tenant("not a tenant").unwrap_err();
/// assert!(matches!(err, oauth2_auth0::Error::InvalidTenant(_)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The tenant name or domain is not one (it says why).
    #[error("invalid Auth0 tenant: {0}")]
    InvalidTenant(String),
    /// The base URL override is not an origin, or is http without `allow_insecure_http`.
    #[error("invalid Auth0 base URL: {0}")]
    InvalidBaseUrl(String),
    /// The OAuth 2.0 client could not be built (an endpoint, the HTTP client...).
    #[error(transparent)]
    Grants(#[from] oauth2_grants::Error),
    /// The Management API client could not be built.
    #[error(transparent)]
    Api(#[from] oauth2_apiclient::Error),
}
