//! `private_key_jwt` (RFC 7523, OpenID Connect Core section 9): an assertion signed with the
//! client's private key.

use std::sync::Arc;

use async_trait::async_trait;
use oauth2_jose::JwsSigner;
use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};

use crate::assertion::{AssertionOptions, assertion_builder};

/// Signs a JWT assertion with a private key: RS256, PS256, ES256, ES384 or EdDSA, or any
/// [`JwsSigner`] (a key in a KMS or an HSM). The header carries the key's `kid`.
///
/// ```
/// use oauth2_client_auth::PrivateKeyJwt;
/// use oauth2_jose::{Algorithm, SigningKey};
/// let key = SigningKey::generate(Algorithm::ES256)?.with_key_id("key-1");
/// let auth = PrivateKeyJwt::new("my-client", key);
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Clone)]
pub struct PrivateKeyJwt {
    client_id: String,
    signer: Arc<dyn JwsSigner>,
    options: AssertionOptions,
}

/// The signer is shown by its algorithm and key id only: a signer's own `Debug` (a KMS
/// adapter's, say) may tell more than it should.
impl std::fmt::Debug for PrivateKeyJwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKeyJwt")
            .field("client_id", &self.client_id)
            .field("algorithm", &self.signer.algorithm())
            .field("key_id", &self.signer.key_id())
            .field("options", &self.options)
            .finish()
    }
}

impl PrivateKeyJwt {
    /// Authenticates as `client_id` with assertions signed by `signer`.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// use oauth2_types::ClientAuthentication;
    /// let auth = oauth2_client_auth::PrivateKeyJwt::new("my-client", SigningKey::generate(Algorithm::ES256)?);
    /// assert_eq!(auth.method(), "private_key_jwt");
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn new(client_id: impl Into<String>, signer: impl JwsSigner + 'static) -> Self {
        Self::from_arc(client_id, Arc::new(signer))
    }

    /// Like [`new`](Self::new), with a shared signer.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use oauth2_jose::{Algorithm, JwsSigner, SigningKey};
    /// let key: Arc<dyn JwsSigner> = Arc::new(SigningKey::generate(Algorithm::ES256)?);
    /// let auth = oauth2_client_auth::PrivateKeyJwt::from_arc("my-client", key.clone());
    /// assert!(Arc::ptr_eq(auth.signer(), &key));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn from_arc(client_id: impl Into<String>, signer: Arc<dyn JwsSigner>) -> Self {
        Self {
            client_id: client_id.into(),
            signer,
            options: AssertionOptions::default(),
        }
    }

    /// The signer.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, JwsSigner, SigningKey};
    /// let auth = oauth2_client_auth::PrivateKeyJwt::new("my-client", SigningKey::generate(Algorithm::EdDSA)?);
    /// assert_eq!(auth.signer().algorithm(), Algorithm::EdDSA);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn signer(&self) -> &Arc<dyn JwsSigner> {
        &self.signer
    }
}

assertion_builder!(
    PrivateKeyJwt,
    "PrivateKeyJwt::new(\"client\", oauth2_jose::SigningKey::generate(oauth2_jose::Algorithm::EdDSA)?)"
);

#[async_trait]
impl ClientAuthentication for PrivateKeyJwt {
    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn method(&self) -> &str {
        "private_key_jwt"
    }

    async fn authenticate(
        &self,
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        let alg = self.signer.algorithm();
        if alg == oauth2_jose::Algorithm::HS256 {
            return Err(crate::AssertionError::SymmetricKey(alg.to_string()).into());
        }
        self.options
            .authenticate(&self.client_id, self.signer.as_ref(), request, context)
            .await
    }
}
