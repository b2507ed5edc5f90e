//! `none`: public clients, which have no credentials (RFC 6749 section 2.1).

use async_trait::async_trait;
use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};

/// Sends only `client_id`: for native and browser apps, which cannot keep a secret (they use
/// PKCE, and DPoP, instead).
///
/// ```
/// use oauth2_client_auth::NoAuth;
/// use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut request = FormRequest::new("https://as.example/token".parse()?);
/// NoAuth::new("my-app").authenticate(&mut request, &AuthenticationContext::default()).await?;
/// assert_eq!(request.get("client_id"), Some("my-app"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct NoAuth {
    client_id: String,
}

impl NoAuth {
    /// A public client with this id.
    ///
    /// ```
    /// use oauth2_types::ClientAuthentication;
    /// let auth = oauth2_client_auth::NoAuth::new("my-app");
    /// assert_eq!(auth.client_id(), "my-app");
    /// assert!(auth.secret_mac().is_none());
    /// ```
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
        }
    }
}

#[async_trait]
impl ClientAuthentication for NoAuth {
    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn method(&self) -> &str {
        "none"
    }

    async fn authenticate(
        &self,
        request: &mut FormRequest,
        _: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        request.remove("client_id");
        request.push("client_id", self.client_id.clone());
        Ok(())
    }
}
