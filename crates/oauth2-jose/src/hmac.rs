//! HS256 keys (RFC 7518 section 3.2): client_secret_jwt and symmetric ID tokens.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::Error;

/// An HMAC-SHA-256 key. `Debug` never shows it; verification compares in constant time.
///
/// ```
/// let key = oauth2_jose::HmacKey::new("a shared secret of at least 32 bytes!!");
/// let mac = key.sign(b"input")?;
/// assert!(key.verify(b"input", &mac).is_ok());
/// assert!(key.verify(b"other", &mac).is_err());
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Clone)]
pub struct HmacKey {
    secret: Vec<u8>,
    kid: Option<String>,
}

impl HmacKey {
    /// A key from a shared secret (a client secret, for client_secret_jwt).
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            secret: secret.into(),
            kid: None,
        }
    }

    /// The same key with a key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key identifier, if any.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn mac(&self) -> Result<Hmac<Sha256>, Error> {
        Hmac::<Sha256>::new_from_slice(&self.secret)
            .map_err(|err| Error::InvalidKey(err.to_string()))
    }

    /// The HS256 MAC of `input`.
    pub fn sign(&self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut mac = self.mac()?;
        mac.update(input);
        Ok(mac.finalize().into_bytes().to_vec())
    }

    /// Checks a MAC in constant time.
    pub fn verify(&self, input: &[u8], signature: &[u8]) -> Result<(), Error> {
        let mut mac = self.mac()?;
        mac.update(input);
        mac.verify_slice(signature)
            .map_err(|_| Error::InvalidSignature)
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
