//! Token revocation (RFC 7009).

use oauth2_types::HttpResponse;
use oauth2_types::token_type::hint;

use super::TokenCall;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::PreparedCall;
use crate::response;

/// A revocation request, ready to be completed and sent.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client, token: oauth2_types::BearerToken)
/// # -> Result<(), oauth2_grants::Error> {
/// client.revoke_access_token(token.access_token().secret()).await?;
/// client.revocation(token.access_token().secret()).param("reason", "logout").send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a revocation request does nothing until sent"]
pub struct RevocationRequest(TokenCall);

impl OAuth2Client {
    /// A revocation request for `token`, with no type hint.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.revocation("secret-token");
    /// assert!(!format!("{request:?}").contains("secret-token")); // parameter names only
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn revocation(&self, token: &str) -> RevocationRequest {
        RevocationRequest(TokenCall::new(self, Endpoint::Revocation, token))
    }

    /// Revokes an access token.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, token: oauth2_types::BearerToken) -> Result<(), oauth2_grants::Error> {
    /// client.revoke_access_token(token.access_token().secret()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_access_token(&self, token: &str) -> Result<(), Error> {
        self.revocation(token)
            .token_type_hint(hint::ACCESS_TOKEN)
            .send()
            .await
    }

    /// Revokes a refresh token (and, at most servers, the access tokens issued with it).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, refresh_token: &str) -> Result<(), oauth2_grants::Error> {
    /// client.revoke_refresh_token(refresh_token).await?; // at sign-out
    /// # Ok(()) }
    /// ```
    pub async fn revoke_refresh_token(&self, token: &str) -> Result<(), Error> {
        self.revocation(token)
            .token_type_hint(hint::REFRESH_TOKEN)
            .send()
            .await
    }
}

impl RevocationRequest {
    /// Sets `token_type_hint` (`access_token`, `refresh_token`).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.revocation("secret-token").token_type_hint("refresh_token");
    /// assert!(format!("{request:?}").contains("token_type_hint"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn token_type_hint(mut self, hint: &str) -> Self {
        self.0.push("token_type_hint", hint);
        self
    }

    /// Adds any form parameter.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.revocation("secret-token").param("reason", "logout");
    /// assert!(format!("{request:?}").contains("reason"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.push(name, value);
        self
    }

    /// Sends the request. Success is any 2xx: the server answers 200 whether or not the token
    /// was valid (RFC 7009 section 2.2).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// client.revocation("secret-token").token_type_hint("access_token").send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<(), Error> {
        self.0.send(read_revocation).await
    }

    /// The request, authenticated, to send with any HTTP stack, and the reader of its
    /// response: [`send`](Self::send) without the sending.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().revocation_endpoint("https://as.example/revoke").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.revocation("secret-token").prepare().await?;
    /// assert_eq!(request.uri(), "https://as.example/revoke");
    /// reader.read(http::Response::new(Vec::new())).await?; // 200: revoked
    /// # Ok(()) }
    /// ```
    pub async fn prepare(self) -> Result<PreparedCall<()>, Error> {
        self.0.prepare(read_revocation).await
    }
}

/// Any 2xx is success (RFC 7009 section 2.2).
fn read_revocation(endpoint: &str, response: HttpResponse) -> Result<(), Error> {
    response::check_status(endpoint, response)?;
    Ok(())
}
