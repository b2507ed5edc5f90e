//! The signer seam: anything that signs JWS, a key in memory or one in a KMS or HSM.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;

use crate::algorithm::Algorithm;
use crate::error::Error;
use crate::hmac::HmacKey;
use crate::jwk::Jwk;
use crate::key::SigningKey;

/// Signs JWS signing inputs. Async, so the key can live in a KMS or an HSM.
///
/// ```
/// use async_trait::async_trait;
/// use oauth2_jose::{Algorithm, Error, Jwk, JwsSigner, SigningKey};
///
/// /// Stands for a remote signer: here it just delegates to a local key.
/// #[derive(Debug)]
/// struct Remote(SigningKey);
///
/// #[async_trait]
/// impl JwsSigner for Remote {
///     fn algorithm(&self) -> Algorithm { self.0.algorithm() }
///     fn key_id(&self) -> Option<&str> { Some("kms-key-1") }
///     fn public_jwk(&self) -> Option<Jwk> { Some(self.0.public_jwk().clone()) }
///     async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, Error> { self.0.sign(input) }
/// }
/// ```
#[async_trait]
pub trait JwsSigner: Send + Sync + fmt::Debug {
    /// The JWS algorithm of the signatures.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, HmacKey, JwsSigner};
    /// assert_eq!(JwsSigner::algorithm(&HmacKey::new("secret")), Algorithm::HS256);
    /// ```
    fn algorithm(&self) -> Algorithm;

    /// The key identifier, sent as `kid`.
    ///
    /// ```
    /// use oauth2_jose::{HmacKey, JwsSigner};
    /// assert_eq!(JwsSigner::key_id(&HmacKey::new("secret").with_key_id("k1")), Some("k1"));
    /// ```
    fn key_id(&self) -> Option<&str>;

    /// The public key as a JWK (none for symmetric keys).
    ///
    /// ```
    /// use oauth2_jose::{HmacKey, JwsSigner};
    /// // A shared secret has no public key to publish.
    /// assert!(JwsSigner::public_jwk(&HmacKey::new("secret")).is_none());
    /// ```
    fn public_jwk(&self) -> Option<Jwk>;

    /// Signs a JWS signing input.
    ///
    /// ```
    /// use oauth2_jose::{HmacKey, JwsSigner};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_jose::Error> {
    /// let key = HmacKey::new("secret");
    /// assert_eq!(JwsSigner::sign(&key, b"input").await?, key.sign(b"input")?);
    /// # Ok(()) }
    /// ```
    async fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, Error>;

    /// Signs at once when the key is in memory; `None` when signing must be awaited. Lets
    /// hot paths skip the future.
    ///
    /// ```
    /// use oauth2_jose::{HmacKey, JwsSigner};
    /// // A key in memory signs at once.
    /// assert!(JwsSigner::sign_now(&HmacKey::new("secret"), b"input").is_some());
    /// ```
    fn sign_now(&self, signing_input: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        let _ = signing_input;
        None
    }
}

#[async_trait]
impl JwsSigner for SigningKey {
    fn algorithm(&self) -> Algorithm {
        SigningKey::algorithm(self)
    }
    fn key_id(&self) -> Option<&str> {
        SigningKey::key_id(self)
    }
    fn public_jwk(&self) -> Option<Jwk> {
        Some(SigningKey::public_jwk(self).clone())
    }
    async fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, Error> {
        SigningKey::sign(self, signing_input)
    }
    fn sign_now(&self, signing_input: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        Some(SigningKey::sign(self, signing_input))
    }
}

#[async_trait]
impl JwsSigner for HmacKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
    fn key_id(&self) -> Option<&str> {
        HmacKey::key_id(self)
    }
    fn public_jwk(&self) -> Option<Jwk> {
        None
    }
    async fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, Error> {
        HmacKey::sign(self, signing_input)
    }
    fn sign_now(&self, signing_input: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        Some(HmacKey::sign(self, signing_input))
    }
}

#[async_trait]
impl<T: JwsSigner + ?Sized> JwsSigner for Arc<T> {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        (**self).key_id()
    }
    fn public_jwk(&self) -> Option<Jwk> {
        (**self).public_jwk()
    }
    async fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, Error> {
        (**self).sign(signing_input).await
    }
    fn sign_now(&self, signing_input: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        (**self).sign_now(signing_input)
    }
}
