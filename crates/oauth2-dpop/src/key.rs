//! DPoP keys: the key pair a client proves possession of.

use std::fmt;
use std::sync::Arc;

use oauth2_jose::{Algorithm, CryptoProvider, Jwk, JwsSigner, SigningKey};

use crate::error::Error;

struct Inner {
    signer: Arc<dyn JwsSigner>,
    /// The key in memory, when it is one (it can then be exported).
    signing_key: Option<SigningKey>,
    public_jwk: Jwk,
    thumbprint: String,
}

/// A DPoP key: any asymmetric signer with its public JWK and RFC 7638 thumbprint (the `jkt`
/// tokens are bound to). Cheap to clone.
///
/// ```
/// use oauth2_dpop::DpopKey;
/// use oauth2_jose::Algorithm;
/// let key = DpopKey::generate(Algorithm::ES256)?;
/// assert_eq!(key.algorithm(), Algorithm::ES256);
/// assert_eq!(key.thumbprint().len(), 43);
/// assert!(!key.public_jwk().is_private());
/// # Ok::<(), oauth2_dpop::Error>(())
/// ```
#[derive(Clone)]
pub struct DpopKey {
    inner: Arc<Inner>,
}

impl DpopKey {
    /// A new random key (ES256 is the usual choice; also ES384, RS256, PS256, EdDSA), made
    /// by the process default crypto provider.
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// let key = oauth2_dpop::DpopKey::generate(Algorithm::EdDSA)?;
    /// assert_eq!(key.algorithm(), Algorithm::EdDSA);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn generate(alg: Algorithm) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::generate(alg)?))
    }

    /// A new random key made (and signed with) by `provider`.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, CryptoProvider};
    /// let provider = CryptoProvider::available()[0];
    /// let key = oauth2_dpop::DpopKey::generate_with(provider, Algorithm::ES256)?;
    /// assert_eq!(key.algorithm(), Algorithm::ES256);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn generate_with(provider: CryptoProvider, alg: Algorithm) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::generate_with(
            provider, alg,
        )?))
    }

    /// A key in memory.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// let signing_key = SigningKey::generate(Algorithm::ES256)?;
    /// let key = oauth2_dpop::DpopKey::from_signing_key(signing_key.clone());
    /// assert_eq!(key.thumbprint(), signing_key.thumbprint());
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn from_signing_key(key: SigningKey) -> Self {
        let public_jwk = key.public_jwk().clone();
        let thumbprint = key.thumbprint().to_owned();
        Self::build(Arc::new(key.clone()), Some(key), public_jwk, thumbprint)
    }

    /// Any signer (a KMS or HSM key) that can tell its public JWK.
    ///
    /// Only the public members of the JWK the signer tells go into proofs: a signer that
    /// answers with its private JWK (`d`, `p`, `q`, `dp`, `dq`, `qi`) has them stripped, and a
    /// symmetric key (`k`, nothing public) is refused with [`Error::NoPublicKey`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use oauth2_dpop::{DpopKey, Error};
    /// use oauth2_jose::{Algorithm, HmacKey, SigningKey};
    /// let key = DpopKey::from_signer(Arc::new(SigningKey::generate(Algorithm::ES256)?))?;
    /// assert!(!key.public_jwk().is_private());
    /// let hmac = HmacKey::new(b"a-secret-of-at-least-32-bytes-for-hs256".to_vec());
    /// assert!(matches!(DpopKey::from_signer(Arc::new(hmac)), Err(Error::NoPublicKey)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_signer(signer: Arc<dyn JwsSigner>) -> Result<Self, Error> {
        let public_jwk = signer
            .public_jwk()
            .map(|jwk| jwk.to_public())
            .filter(|jwk| jwk.kty != "oct")
            .ok_or(Error::NoPublicKey)?;
        let thumbprint = oauth2_jose::thumbprint(&public_jwk)?;
        Ok(Self::build(signer, None, public_jwk, thumbprint))
    }

    /// Imports a private JWK.
    ///
    /// ```
    /// let key = oauth2_dpop::DpopKey::from_jwk_json(r#"{"kty":"OKP","crv":"Ed25519",
    ///   "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
    ///   "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
    /// assert_eq!(key.algorithm(), oauth2_jose::Algorithm::EdDSA);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_jwk_json(json: &str) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::from_jwk_json(json)?))
    }

    /// Imports a private JWK (as [`to_private_jwk`](Self::to_private_jwk) writes it) with the
    /// process default provider.
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let back = DpopKey::from_jwk(&key.to_private_jwk()?)?;
    /// assert_eq!(back.thumbprint(), key.thumbprint());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::from_jwk(jwk)?))
    }

    /// Imports a private JWK with `provider`; a key it cannot load is an error naming it.
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// use oauth2_jose::{Algorithm, CryptoProvider};
    /// let jwk = DpopKey::generate(Algorithm::EdDSA)?.to_private_jwk()?;
    /// for provider in CryptoProvider::available() {
    ///     assert_eq!(DpopKey::from_jwk_with(*provider, &jwk)?.algorithm(), Algorithm::EdDSA);
    /// }
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_jwk_with(provider: CryptoProvider, jwk: &Jwk) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::from_jwk_with(
            provider, jwk,
        )?))
    }

    /// Imports a PEM private key (RSA keys sign with RS256 unless `alg` says PS256).
    ///
    /// ```
    /// let pem = "-----BEGIN PRIVATE KEY-----
    /// MC4CAQAwBQYDK2VwBCIEIKhouaHoo/wRuhc8jKHV3MmXgwTkKuPHJ671pxoyVB4b
    /// -----END PRIVATE KEY-----";
    /// let key = oauth2_dpop::DpopKey::from_pem(pem, None)?;
    /// assert_eq!(key.algorithm(), oauth2_jose::Algorithm::EdDSA);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: Option<Algorithm>) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::from_pem(pem, alg)?))
    }

    /// Imports a PEM private key with `provider`.
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// use oauth2_jose::{Algorithm, CryptoProvider};
    /// let pem = DpopKey::generate(Algorithm::ES384)?.to_pkcs8_pem()?;
    /// for provider in CryptoProvider::available() {
    ///     assert_eq!(DpopKey::from_pem_with(*provider, &pem, None)?.algorithm(), Algorithm::ES384);
    /// }
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_pem_with(
        provider: CryptoProvider,
        pem: &str,
        alg: Option<Algorithm>,
    ) -> Result<Self, Error> {
        Ok(Self::from_signing_key(SigningKey::from_pem_with(
            provider, pem, alg,
        )?))
    }

    fn build(
        signer: Arc<dyn JwsSigner>,
        signing_key: Option<SigningKey>,
        mut public_jwk: Jwk,
        thumbprint: String,
    ) -> Self {
        // Proofs carry the bare public key, never a private member.
        public_jwk = public_jwk.to_public();
        public_jwk.kid = None;
        public_jwk.use_ = None;
        public_jwk.alg = None;
        public_jwk.extra.clear();
        Self {
            inner: Arc::new(Inner {
                signer,
                signing_key,
                public_jwk,
                thumbprint,
            }),
        }
    }

    /// The proof algorithm.
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// let key = oauth2_dpop::DpopKey::generate(Algorithm::ES384)?;
    /// assert_eq!(key.algorithm(), Algorithm::ES384);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn algorithm(&self) -> Algorithm {
        self.inner.signer.algorithm()
    }

    /// The public key, as proofs carry it.
    ///
    /// ```
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// assert_eq!(key.public_jwk().kty, "EC");
    /// assert!(!key.public_jwk().is_private());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn public_jwk(&self) -> &Jwk {
        &self.inner.public_jwk
    }

    /// The RFC 7638 thumbprint: the `dpop_jkt` parameter and the `cnf.jkt` of bound tokens.
    ///
    /// ```
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// assert_eq!(key.thumbprint(), oauth2_jose::thumbprint(key.public_jwk())?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn thumbprint(&self) -> &str {
        &self.inner.thumbprint
    }

    /// The private key as a PKCS#8 PEM document, read back with
    /// [`from_pem`](Self::from_pem) and [`algorithm`](Self::algorithm): for a key that must
    /// outlive this process, such as the one a pending authorization carries to the code
    /// exchange. Only this explicit call exports the key (`Debug` never shows it); a key held
    /// by a signer of its own (a KMS) is [`Error::NotExportable`].
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::PS256)?;
    /// let pem = key.to_pkcs8_pem()?;
    /// let back = DpopKey::from_pem(&pem, Some(key.algorithm()))?;
    /// assert_eq!((back.thumbprint(), back.algorithm()), (key.thumbprint(), key.algorithm()));
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn to_pkcs8_pem(&self) -> Result<String, Error> {
        match &self.inner.signing_key {
            Some(key) => Ok(key.to_pkcs8_pem()?),
            None => Err(Error::NotExportable),
        }
    }

    /// The private key as a JWK with its `alg`, read back with [`from_jwk`](Self::from_jwk):
    /// for a session stored with its key (see [`BoundSession`](crate::BoundSession)). Only
    /// this explicit call exports the key; neither this key's `Debug` nor the JWK's shows the
    /// private members. A key held by a signer of its own (a KMS) is
    /// [`Error::NotExportable`].
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::RS256)?;
    /// let jwk = key.to_private_jwk()?;
    /// assert!(jwk.is_private() && !format!("{jwk:?}").contains(jwk.d.as_deref().unwrap_or("-")));
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn to_private_jwk(&self) -> Result<Jwk, Error> {
        match &self.inner.signing_key {
            Some(key) => Ok(key.to_private_jwk()?),
            None => Err(Error::NotExportable),
        }
    }

    /// The signer.
    ///
    /// ```
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// assert_eq!(key.signer().algorithm(), key.algorithm());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn signer(&self) -> &Arc<dyn JwsSigner> {
        &self.inner.signer
    }
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("alg", &self.algorithm())
            .field("jkt", &self.inner.thumbprint)
            .finish()
    }
}

impl From<SigningKey> for DpopKey {
    fn from(key: SigningKey) -> Self {
        Self::from_signing_key(key)
    }
}
