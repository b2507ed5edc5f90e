//! Public keys: [`VerifyingKey`], held by the [`CryptoProvider`] that verifies with it.

use std::fmt;

use crate::algorithm::Algorithm;
use crate::backend::PublicKey;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key_material::PublicParts;
use crate::provider::CryptoProvider;

/// A public key that verifies JWS signatures.
///
/// ```
/// use oauth2_jose::{Algorithm, VerifyingKey};
/// let jwk = serde_json::from_str(r#"{"kty":"OKP","crv":"Ed25519",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#).unwrap();
/// let key = VerifyingKey::from_jwk(&jwk)?;
/// assert!(key.verify(Algorithm::EdDSA, b"x", &[0; 64]).is_err());
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Clone)]
pub struct VerifyingKey {
    key: PublicKey,
    parts: PublicParts,
}

impl VerifyingKey {
    /// Imports a public JWK for the process default provider to verify with (private
    /// members, if any, are ignored). Only its RFC 7518 form is
    /// accepted (full-size EC coordinates, RSA integers without leading zero octets), so one
    /// key never has two thumbprints.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey, VerifyingKey};
    /// let jwk = SigningKey::generate(Algorithm::EdDSA)?.public_jwk().clone();
    /// assert!(VerifyingKey::from_jwk(&jwk)?.supports(Algorithm::EdDSA));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        Self::from_jwk_with(CryptoProvider::get_default()?, jwk)
    }

    /// Imports a public JWK for `provider` to verify with.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, CryptoProvider, SigningKey, VerifyingKey};
    /// let key = SigningKey::generate(Algorithm::ES256)?;
    /// let signature = key.sign(b"input")?;
    /// // Any provider verifies any provider's signature.
    /// for provider in CryptoProvider::available() {
    ///     let public = VerifyingKey::from_jwk_with(*provider, key.public_jwk())?;
    ///     assert_eq!(public.provider(), *provider);
    ///     assert!(public.verify(Algorithm::ES256, b"input", &signature).is_ok());
    /// }
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn from_jwk_with(provider: CryptoProvider, jwk: &Jwk) -> Result<Self, Error> {
        Self::from_parts(provider, PublicParts::from_jwk(jwk)?)
    }

    pub(crate) fn from_parts(provider: CryptoProvider, parts: PublicParts) -> Result<Self, Error> {
        Ok(Self {
            key: PublicKey::from_parts(provider, &parts)?,
            parts,
        })
    }

    /// The provider that verifies with it.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// let key = SigningKey::generate(Algorithm::EdDSA)?;
    /// assert_eq!(key.verifying_key().provider(), key.provider());
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn provider(&self) -> CryptoProvider {
        self.key.provider()
    }

    /// Whether the key can verify `alg` signatures.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// let key = SigningKey::generate(Algorithm::ES256)?.verifying_key();
    /// assert!(key.supports(Algorithm::ES256));
    /// assert!(!key.supports(Algorithm::ES384));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn supports(&self, alg: Algorithm) -> bool {
        self.parts.key_type().supports(alg)
    }

    /// Verifies a signature; refuses an algorithm of another key type.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, Error, SigningKey};
    /// let key = SigningKey::generate(Algorithm::EdDSA)?;
    /// let signature = key.sign(b"input")?;
    /// assert!(key.verifying_key().verify(Algorithm::EdDSA, b"input", &signature).is_ok());
    /// let tampered = key.verifying_key().verify(Algorithm::EdDSA, b"other", &signature);
    /// assert_eq!(tampered, Err(Error::InvalidSignature));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn verify(
        &self,
        alg: Algorithm,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        if !self.supports(alg) {
            return Err(Error::AlgorithmMismatch(alg.to_string()));
        }
        self.key.verify(alg, signing_input, signature)
    }

    /// The key as a public JWK.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// let jwk = SigningKey::generate(Algorithm::EdDSA)?.verifying_key().to_jwk();
    /// assert_eq!((jwk.kty.as_str(), jwk.crv.as_deref()), ("OKP", Some("Ed25519")));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn to_jwk(&self) -> Jwk {
        self.parts.to_jwk()
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("jwk", &self.parts.to_jwk())
            .field("provider", &self.provider())
            .finish()
    }
}
