//! Token introspection (RFC 7662).

use oauth2_types::redact;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::TokenCall;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::PreparedCall;
use crate::response;

/// What the server says about a token (RFC 7662 section 2.2). Only `active` is required;
/// every member the server adds is kept in `extra`.
///
/// ```
/// let body = r#"{"active":true,"scope":"read","client_id":"c","exp":1,"cnf":{"jkt":"x"}}"#;
/// let info: oauth2_grants::IntrospectionResponse = serde_json::from_str(body)?;
/// assert!(info.active);
/// assert_eq!(info.extra["cnf"]["jkt"], "x");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IntrospectionResponse {
    /// Whether the token is active.
    pub active: bool,
    /// The token's scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The client the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The resource owner's username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The token type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Expiry, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issue time, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not-before time, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// The subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// The audience: a string or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Value>,
    /// The issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The token identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Every other member (`cnf`, vendor claims...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The extra members are masked where they hold a secret (see [`redact::mask_json`]).
impl std::fmt::Debug for IntrospectionResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut extra = Value::Object(self.extra.clone());
        redact::mask_json(&mut extra);
        f.debug_struct("IntrospectionResponse")
            .field("active", &self.active)
            .field("scope", &self.scope)
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("token_type", &self.token_type)
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("nbf", &self.nbf)
            .field("sub", &self.sub)
            .field("aud", &self.aud)
            .field("iss", &self.iss)
            .field("jti", &self.jti)
            .field("extra", &extra)
            .finish()
    }
}

/// An introspection request, ready to be completed and sent.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client, token: &str) -> Result<(), oauth2_grants::Error> {
/// let info = client.introspect(token).token_type_hint("access_token").send().await?;
/// if info.active { println!("scope: {:?}", info.scope); }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "an introspection request does nothing until sent"]
pub struct IntrospectionRequest(TokenCall);

impl OAuth2Client {
    /// An introspection request for `token`.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.introspect("secret-token");
    /// assert!(!format!("{request:?}").contains("secret-token")); // parameter names only
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn introspect(&self, token: &str) -> IntrospectionRequest {
        IntrospectionRequest(TokenCall::new(self, Endpoint::Introspection, token))
    }
}

impl IntrospectionRequest {
    /// Sets `token_type_hint` (`access_token`, `refresh_token`).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.introspect("secret-token").token_type_hint("refresh_token");
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
    /// let request = client.introspect("secret-token").param("resource", "https://api.example");
    /// assert!(format!("{request:?}").contains("resource"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.push(name, value);
        self
    }

    /// Sends the request and reads the answer.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let info = client.introspect("secret-token").send().await?;
    /// if !info.active { println!("revoked or expired"); }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<IntrospectionResponse, Error> {
        self.0.send(response::json).await
    }

    /// The request, authenticated, to send with any HTTP stack, and the reader of its
    /// response: [`send`](Self::send) without the sending.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().introspection_endpoint("https://as.example/introspect").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.introspect("secret-token").prepare().await?;
    /// assert_eq!(request.uri(), "https://as.example/introspect");
    /// let info = reader.read(http::Response::new(br#"{"active":false}"#.to_vec())).await?;
    /// assert!(!info.active);
    /// # Ok(()) }
    /// ```
    pub async fn prepare(self) -> Result<PreparedCall<IntrospectionResponse>, Error> {
        self.0.prepare(response::json).await
    }
}
