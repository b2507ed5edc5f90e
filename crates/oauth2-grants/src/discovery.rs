//! Discovery: reading an authorization server's metadata from its issuer identifier
//! (OpenID Connect Discovery 1.0 section 4, RFC 8414 section 3).

use oauth2_types::{AuthorizationServerMetadata, HttpClient};

use crate::endpoint::{Endpoint, checked_url};
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};
use crate::response;

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
    let [openid, rfc8414] = prepare_discovery(issuer, allow_insecure_http)?;
    match get(http, openid).await {
        Err(err) if err.status() == Some(http::StatusCode::NOT_FOUND) => get(http, rfc8414).await,
        other => other,
    }
}

/// [`fetch_metadata`] without the sending: the two requests for the metadata of `issuer`,
/// to send with any HTTP stack, each with the reader of its response (which checks that
/// the document's `issuer` is exactly `issuer`). Send the first (OpenID Connect's
/// location); when it answers 404 (an error whose `status()` is 404), the second (RFC 8414's).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let [(openid, reader), (rfc8414, _)] = oauth2_grants::prepare_discovery("https://as.example", false)?;
/// assert_eq!(openid.uri(), "https://as.example/.well-known/openid-configuration");
/// assert_eq!(rfc8414.uri(), "https://as.example/.well-known/oauth-authorization-server");
/// let metadata = reader
///     .read(http::Response::new(br#"{"issuer":"https://as.example"}"#.to_vec()))
///     .await?;
/// assert_eq!(metadata.issuer, "https://as.example");
/// # Ok(()) }
/// ```
pub fn prepare_discovery(
    issuer: &str,
    allow_insecure_http: bool,
) -> Result<[PreparedCall<AuthorizationServerMetadata>; 2], Error> {
    let issuer_url = checked_url(issuer, allow_insecure_http)?;
    let openid = AuthorizationServerMetadata::openid_configuration_url(issuer);
    let rfc8414 = AuthorizationServerMetadata::oauth_authorization_server_url(&issuer_url);
    Ok([
        prepare_get(&openid, issuer)?,
        prepare_get(rfc8414.as_str(), issuer)?,
    ])
}

/// The GET of the document at `url`, and the reader that checks it names `issuer`.
fn prepare_get(
    url: &str,
    issuer: &str,
) -> Result<PreparedCall<AuthorizationServerMetadata>, Error> {
    let endpoint = Endpoint::Discovery;
    let request = crate::http::get_json(url)?;
    let issuer = issuer.to_owned();
    let reader = ResponseReader::new(endpoint, move |response| {
        let metadata: AuthorizationServerMetadata = response::json(endpoint.name(), response)?;
        if metadata.issuer != issuer {
            return Err(Error::IssuerMismatch {
                expected: issuer,
                found: metadata.issuer,
            });
        }
        Ok(metadata)
    });
    Ok((request, reader))
}

async fn get(
    http: &dyn HttpClient,
    (request, reader): PreparedCall<AuthorizationServerMetadata>,
) -> Result<AuthorizationServerMetadata, Error> {
    let endpoint = Endpoint::Discovery.name();
    tracing::debug!(target: "oauth2", endpoint, url = %request.uri(), "GET");
    let response = crate::http::exchange(http, endpoint, request).await?;
    reader.read(response).await
}
