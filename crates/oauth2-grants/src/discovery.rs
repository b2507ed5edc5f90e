//! Discovery: reading an authorization server's metadata from its issuer identifier
//! (OpenID Connect Discovery 1.0 section 4, RFC 8414 section 3).

use oauth2_types::{AuthorizationServerMetadata, HttpClient};

use crate::endpoint::checked_url;
use crate::error::Error;
use crate::response;

const ENDPOINT: &str = "discovery document";

/// Fetches and checks the metadata of the server whose issuer identifier is `issuer`.
///
/// Tries `<issuer>/.well-known/openid-configuration`, then, on a 404, the RFC 8414
/// location. The document's `issuer` must be exactly `issuer`, else
/// [`Error::IssuerMismatch`]: a document that names another issuer could be an attacker's.
///
/// ```no_run
/// # async fn demo() -> Result<(), oauth2_grants::Error> {
/// let http = oauth2_grants::ReqwestHttpClient::with_timeout(std::time::Duration::from_secs(10))
///     .map_err(|e| oauth2_grants::Error::Config(e.to_string()))?;
/// let metadata = oauth2_grants::fetch_metadata(&http, "https://as.example", false).await?;
/// println!("{:?}", metadata.token_endpoint);
/// # Ok(()) }
/// ```
pub async fn fetch_metadata(
    http: &dyn HttpClient,
    issuer: &str,
    allow_insecure_http: bool,
) -> Result<AuthorizationServerMetadata, Error> {
    let issuer_url = checked_url(issuer, allow_insecure_http)?;
    let openid = AuthorizationServerMetadata::openid_configuration_url(issuer);
    let metadata = match get(http, &openid).await {
        Err(err) if err.status() == Some(http::StatusCode::NOT_FOUND) => {
            let rfc8414 = AuthorizationServerMetadata::oauth_authorization_server_url(&issuer_url);
            get(http, rfc8414.as_str()).await?
        }
        other => other?,
    };
    if metadata.issuer != issuer {
        return Err(Error::IssuerMismatch {
            expected: issuer.to_owned(),
            found: metadata.issuer,
        });
    }
    Ok(metadata)
}

async fn get(http: &dyn HttpClient, url: &str) -> Result<AuthorizationServerMetadata, Error> {
    let request = http::Request::get(url)
        .header(http::header::ACCEPT, "application/json")
        .body(Vec::new())
        .map_err(|err| Error::Config(err.to_string()))?;
    tracing::debug!(target: "oauth2", endpoint = ENDPOINT, url, "GET");
    let response = crate::http::exchange(http, ENDPOINT, request).await?;
    response::json(ENDPOINT, response)
}
