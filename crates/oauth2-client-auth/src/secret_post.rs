//! `client_secret_post` (RFC 6749 section 2.3.1): the id and secret as form parameters.

use async_trait::async_trait;
use oauth2_types::{
    AuthenticationContext, ClientAuthError, ClientAuthentication, ClientSecret, FormRequest,
};

/// Sends `client_id` and `client_secret` in the form body.
///
/// ```
/// use oauth2_client_auth::ClientSecretPost;
/// use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let auth = ClientSecretPost::new("s6BhdRkqt3", "gX1fBat3bV");
/// let mut request = FormRequest::new("https://as.example/token".parse()?);
/// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
/// assert_eq!(request.get("client_secret"), Some("gX1fBat3bV"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClientSecretPost {
    client_id: String,
    secret: ClientSecret,
}

impl ClientSecretPost {
    /// Authenticates as `client_id` with `secret`.
    ///
    /// ```
    /// use oauth2_client_auth::ClientSecretPost;
    /// use oauth2_types::ClientAuthentication;
    /// let auth = ClientSecretPost::new("s6BhdRkqt3", "gX1fBat3bV");
    /// assert_eq!(auth.client_id(), "s6BhdRkqt3");
    /// assert_eq!(auth.method(), "client_secret_post");
    /// ```
    pub fn new(client_id: impl Into<String>, secret: impl Into<ClientSecret>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: secret.into(),
        }
    }
}

#[async_trait]
impl ClientAuthentication for ClientSecretPost {
    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn method(&self) -> &str {
        "client_secret_post"
    }

    #[cfg(feature = "jwt")]
    fn secret_mac(&self) -> Option<std::sync::Arc<dyn oauth2_types::ClientSecretMac>> {
        Some(crate::secret_mac::SecretMac::of(&self.secret))
    }

    async fn authenticate(
        &self,
        request: &mut FormRequest,
        _: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        request.remove("client_id");
        request.push("client_id", self.client_id.clone());
        request.push("client_secret", self.secret.secret());
        Ok(())
    }
}
