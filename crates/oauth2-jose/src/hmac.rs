//! HS256 keys (RFC 7518 section 3.2): client_secret_jwt and symmetric ID tokens.

use std::fmt;

use crate::backend;
use crate::error::Error;
use crate::provider::CryptoProvider;

/// An HMAC-SHA-256 key. `Debug` never shows it; verification compares in constant time.
/// Computed by the process default [`CryptoProvider`] at creation, or the one
/// [`with_provider`](Self::with_provider) names.
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
    /// None only when no provider is compiled in: then every MAC is [`Error::NoProvider`].
    provider: Option<CryptoProvider>,
}

impl HmacKey {
    /// A key from a shared secret (a client secret, for client_secret_jwt).
    ///
    /// ```
    /// let key = oauth2_jose::HmacKey::new("client secret");
    /// assert_eq!(key.sign(b"input")?.len(), 32);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            secret: secret.into(),
            kid: None,
            provider: CryptoProvider::get_default().ok(),
        }
    }

    /// A new random 256-bit key (the size RFC 7518 section 3.2 asks for HS256).
    ///
    /// ```
    /// let key = oauth2_jose::HmacKey::generate()?;
    /// let jwk = key.to_jwk();
    /// assert_eq!(jwk.kty, "oct");
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn generate() -> Result<Self, Error> {
        let mut secret = vec![0u8; 32];
        getrandom::fill(&mut secret).map_err(|err| Error::Random(err.to_string()))?;
        Ok(Self::new(secret))
    }

    /// A key from a symmetric JWK (`kty` `oct`, the secret in `k`), keeping its `kid`.
    ///
    /// ```
    /// let jwk: oauth2_jose::Jwk = serde_json::from_str(
    ///     r#"{"kty":"oct","k":"c2VjcmV0LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLWZvci1oczI1Ng","kid":"k1"}"#,
    /// )?;
    /// let key = oauth2_jose::HmacKey::from_jwk(&jwk)?;
    /// assert_eq!(key.key_id(), Some("k1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_jwk(jwk: &crate::Jwk) -> Result<Self, Error> {
        if jwk.kty != "oct" {
            return Err(Error::InvalidKey(format!(
                "an HS256 key is an `oct` JWK, not `{}`",
                jwk.kty
            )));
        }
        let secret = crate::b64::decode_member("k", jwk.k.as_deref())?;
        if secret.is_empty() {
            return Err(Error::InvalidKey("the `k` member is empty".into()));
        }
        Ok(Self {
            kid: jwk.kid.clone(),
            ..Self::new(secret)
        })
    }

    /// The key as a symmetric JWK (`kty` `oct`, `alg` HS256): it holds the secret, so keep it
    /// as secret as the key.
    ///
    /// ```
    /// let key = oauth2_jose::HmacKey::new("shared secret").with_key_id("k1");
    /// let again = oauth2_jose::HmacKey::from_jwk(&key.to_jwk())?;
    /// assert_eq!(again.sign(b"x")?, key.sign(b"x")?);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn to_jwk(&self) -> crate::Jwk {
        let mut jwk = crate::Jwk {
            kty: "oct".into(),
            ..crate::Jwk::default()
        };
        jwk.k = Some(crate::b64::encode(&self.secret));
        jwk.kid = self.kid.clone();
        jwk.alg = Some("HS256".into());
        jwk
    }

    /// The same key with a key identifier.
    ///
    /// ```
    /// let key = oauth2_jose::HmacKey::new("secret").with_key_id("k1");
    /// assert_eq!(key.key_id(), Some("k1"));
    /// ```
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key identifier, if any.
    ///
    /// ```
    /// assert_eq!(oauth2_jose::HmacKey::new("secret").key_id(), None);
    /// ```
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The same key, computed by `provider`.
    ///
    /// ```
    /// use oauth2_jose::{CryptoProvider, HmacKey};
    /// let macs: Vec<_> = CryptoProvider::available().iter()
    ///     .map(|provider| HmacKey::new("secret").with_provider(*provider).sign(b"input"))
    ///     .collect::<Result<_, _>>()?;
    /// assert!(macs.windows(2).all(|pair| pair[0] == pair[1]));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    #[must_use]
    pub fn with_provider(mut self, provider: CryptoProvider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The provider that computes the MACs.
    ///
    /// ```
    /// use oauth2_jose::{CryptoProvider, HmacKey};
    /// assert_eq!(HmacKey::new("secret").provider()?, CryptoProvider::get_default()?);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn provider(&self) -> Result<CryptoProvider, Error> {
        self.provider.ok_or(Error::NoProvider)
    }

    /// The HS256 MAC of `input`.
    ///
    /// ```
    /// let key = oauth2_jose::HmacKey::new("secret");
    /// let mac = key.sign(b"header.payload")?;
    /// assert_eq!(mac, key.sign(b"header.payload")?);
    /// assert_ne!(mac, oauth2_jose::HmacKey::new("other").sign(b"header.payload")?);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn sign(&self, input: &[u8]) -> Result<Vec<u8>, Error> {
        backend::hmac_sign(self.provider()?, &self.secret, input)
    }

    /// Checks a MAC in constant time.
    ///
    /// ```
    /// use oauth2_jose::{Error, HmacKey};
    /// let key = HmacKey::new("secret");
    /// assert_eq!(key.verify(b"input", &[0; 32]), Err(Error::InvalidSignature));
    /// ```
    pub fn verify(&self, input: &[u8], signature: &[u8]) -> Result<(), Error> {
        backend::hmac_verify(self.provider()?, &self.secret, input, signature)
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("kid", &self.kid)
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}
