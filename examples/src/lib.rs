//! Shared set-up for the examples: where the local authorization server is, and the
//! credentials of its test clients.
//!
//! `cargo xtask demo` starts the server and passes its address in `OAUTH2_ISSUER` and
//! `OAUTH2_RESOURCE`; an example run on its own starts one itself.

use std::error::Error;

use oauth2_test_server::{TestClient, TestServer};
use reqwest_oauth2_client::types::Url;

/// The result type of the examples.
pub type Result<T = ()> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// The local authorization server and protected resource.
#[derive(Debug, Clone)]
pub struct LocalServer {
    /// The issuer identifier.
    pub issuer: String,
    /// The protected resource's base URL (no trailing slash).
    pub resource: String,
}

/// Finds the local authorization server: the one the demo started, or a new one.
pub fn local_server() -> Result<LocalServer> {
    if let (Ok(issuer), Ok(resource)) = (
        std::env::var("OAUTH2_ISSUER"),
        std::env::var("OAUTH2_RESOURCE"),
    ) {
        return Ok(LocalServer { issuer, resource });
    }
    let server = TestServer::shared()?;
    Ok(LocalServer {
        issuer: server.issuer().as_str().trim_end_matches('/').to_owned(),
        resource: server.resource().as_str().trim_end_matches('/').to_owned(),
    })
}

/// A test client registered at the local server (credentials from its fixed configuration).
pub fn test_client(client_id: &str) -> Result<TestClient> {
    oauth2_test_server::clients()?
        .into_iter()
        .find(|client| client.client_id == client_id)
        .ok_or_else(|| format!("no test client {client_id}").into())
}

/// Follows the authorization redirects as a user who logs in and consents would, and
/// returns the callback URL (the local server approves test users automatically).
pub async fn log_in_and_consent(authorization_url: &Url) -> Result<Url> {
    Ok(oauth2_test_server::complete_authorization(authorization_url).await?)
}

/// Approves a device code as the user would, on the local server's device pages.
pub async fn approve_device(verification_uri_complete: &str) -> Result {
    let url = Url::parse(verification_uri_complete)?;
    Ok(oauth2_test_server::complete_device_authorization(&url, true).await?)
}

/// How many token requests the local server has answered for `client_id`, by its own count.
pub async fn token_requests(client_id: &str) -> Result<u64> {
    let issuer = Url::parse(&local_server()?.issuer)?;
    Ok(oauth2_test_server::token_requests(&issuer, client_id).await?)
}
