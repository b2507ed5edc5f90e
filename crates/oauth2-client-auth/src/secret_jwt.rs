//! `client_secret_jwt` (OpenID Connect Core section 9): an HS256 assertion keyed by the secret.

use async_trait::async_trait;
use oauth2_jose::HmacKey;
use oauth2_types::{
    AuthenticationContext, ClientAuthError, ClientAuthentication, ClientSecret, FormRequest,
};

use crate::assertion::{AssertionOptions, assertion_builder};

/// Signs a JWT assertion with HS256, the client secret as the key: the secret never crosses
/// the network.
///
/// ```
/// use std::time::Duration;
/// use oauth2_client_auth::{Audience, ClientSecretJwt};
/// let auth = ClientSecretJwt::new("my-client", "a secret of at least 32 bytes, really")
///     .audience(Audience::Endpoint)
///     .lifetime(Duration::from_secs(30));
/// ```
#[derive(Debug, Clone)]
pub struct ClientSecretJwt {
    client_id: String,
    key: HmacKey,
    options: AssertionOptions,
}

impl ClientSecretJwt {
    /// Authenticates as `client_id` with assertions keyed by `secret`.
    ///
    /// ```
    /// use oauth2_client_auth::ClientSecretJwt;
    /// use oauth2_types::ClientAuthentication;
    /// let auth = ClientSecretJwt::new("my-client", "a secret of at least 32 bytes, really");
    /// assert_eq!(auth.method(), "client_secret_jwt");
    /// ```
    pub fn new(client_id: impl Into<String>, secret: impl Into<ClientSecret>) -> Self {
        let secret = secret.into();
        Self {
            client_id: client_id.into(),
            key: HmacKey::new(secret.secret().as_bytes()),
            options: AssertionOptions::default(),
        }
    }
}

assertion_builder!(
    ClientSecretJwt,
    "ClientSecretJwt::new(\"client\", \"a secret of at least 32 bytes, really\")"
);

#[async_trait]
impl ClientAuthentication for ClientSecretJwt {
    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn method(&self) -> &str {
        "client_secret_jwt"
    }

    fn secret_mac(&self) -> Option<std::sync::Arc<dyn oauth2_types::ClientSecretMac>> {
        Some(std::sync::Arc::new(crate::secret_mac::SecretMac(
            self.key.clone(),
        )))
    }

    async fn authenticate(
        &self,
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        self.options
            .authenticate(&self.client_id, &self.key, request, context)
            .await
    }
}
