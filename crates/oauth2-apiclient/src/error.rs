//! The errors of authorizing API requests.

use oauth2_types::BoxError;

/// Why an API request could not be authorized or sent.
///
/// ```
/// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
/// assert!(matches!(api.get("../admin"), Err(oauth2_apiclient::Error::Path(_))));
/// # Ok::<(), oauth2_apiclient::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token source could not provide a token.
    #[error("could not obtain a token: {0}")]
    Token(#[source] BoxError),
    /// The token could not be put on the request (DPoP proof signing failed, for example).
    #[error("could not authorize the request: {0}")]
    Authorize(#[source] BoxError),
    /// A path would leave the API's base URL, or the base URL is not usable.
    #[error("{0}")]
    Path(String),
    /// The request failed.
    #[error(transparent)]
    Http(#[from] reqwest::Error),
}
