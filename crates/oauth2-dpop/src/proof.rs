//! DPoP proofs (RFC 9449 section 4): a JWT signed by the DPoP key for one HTTP request.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use oauth2_jose::base64url;
use oauth2_types::AccessToken;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::Error;
use crate::htu::htu;
use crate::key::DpopKey;

/// The `typ` of DPoP proofs.
///
/// ```
/// assert_eq!(oauth2_dpop::DPOP_JWT_TYPE, "dpop+jwt");
/// ```
pub const DPOP_JWT_TYPE: &str = "dpop+jwt";

/// Produces `jti` values.
///
/// ```
/// let jti: oauth2_dpop::JtiGenerator = std::sync::Arc::new(oauth2_dpop::random_jti);
/// assert_eq!(jti().len(), 22); // 128 bits, base64url
/// ```
pub type JtiGenerator = Arc<dyn Fn() -> String + Send + Sync>;
/// Tells the time, for `iat`.
///
/// ```
/// let clock: oauth2_dpop::Clock = std::sync::Arc::new(std::time::SystemTime::now);
/// assert!(clock() > std::time::UNIX_EPOCH);
/// ```
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// How proofs are made and sent: `typ`, `jti`, clock, header names. The defaults are RFC 9449's;
/// change them for servers that differ, or for tests.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let options = oauth2_dpop::DpopOptions::default()
///     .jti_generator(|| "fixed-jti".into())
///     .clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// ```
#[derive(Clone)]
pub struct DpopOptions {
    pub(crate) typ: String,
    pub(crate) jti: JtiGenerator,
    pub(crate) clock: Clock,
    pub(crate) proof_header: http::HeaderName,
    pub(crate) nonce_header: http::HeaderName,
    pub(crate) authorization_header: http::HeaderName,
}

impl Default for DpopOptions {
    fn default() -> Self {
        Self {
            typ: DPOP_JWT_TYPE.to_owned(),
            jti: Arc::new(random_jti),
            clock: Arc::new(SystemTime::now),
            proof_header: http::HeaderName::from_static("dpop"),
            nonce_header: http::HeaderName::from_static("dpop-nonce"),
            authorization_header: http::header::AUTHORIZATION,
        }
    }
}

impl fmt::Debug for DpopOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopOptions")
            .field("typ", &self.typ)
            .field("proof_header", &self.proof_header)
            .field("nonce_header", &self.nonce_header)
            .field("authorization_header", &self.authorization_header)
            .finish_non_exhaustive()
    }
}

impl DpopOptions {
    /// Sets the proof `typ` (default `dpop+jwt`).
    ///
    /// ```
    /// let options = oauth2_dpop::DpopOptions::default().typ("application/dpop+jwt");
    /// assert!(format!("{options:?}").contains("application/dpop+jwt"));
    /// ```
    #[must_use]
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = typ.into();
        self
    }

    /// Sets how `jti` values are made (default: 128 random bits, base64url).
    ///
    /// ```
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let options = DpopOptions::default().jti_generator(|| "jti-1".into());
    /// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?, options)?;
    /// let proof = signer.proof(&http::Method::GET, &"https://rs.example/".parse()?, None, None).await?;
    /// assert_eq!(oauth2_jose::jws::decode_unverified(&proof)?.claims()?["jti"], "jti-1");
    /// # Ok(()) }) }
    /// ```
    #[must_use]
    pub fn jti_generator(mut self, jti: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.jti = Arc::new(jti);
        self
    }

    /// Sets the clock of `iat` (for tests, or a server with a skewed clock).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let options = DpopOptions::default().clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    /// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?, options)?;
    /// let proof = signer.proof(&http::Method::GET, &"https://rs.example/".parse()?, None, None).await?;
    /// assert_eq!(oauth2_jose::jws::decode_unverified(&proof)?.claims()?["iat"], 1_700_000_000);
    /// # Ok(()) }) }
    /// ```
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sets the names of the proof and nonce headers (default `DPoP`, `DPoP-Nonce`).
    ///
    /// ```
    /// let options = oauth2_dpop::DpopOptions::default().header_names("X-DPoP", "X-DPoP-Nonce")?;
    /// assert_eq!(options.proof_header(), "x-dpop");
    /// assert_eq!(options.nonce_header(), "x-dpop-nonce");
    /// assert!(oauth2_dpop::DpopOptions::default().header_names("no spaces", "x").is_err());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn header_names(mut self, proof: &str, nonce: &str) -> Result<Self, Error> {
        let name = |text: &str| {
            http::HeaderName::try_from(text).map_err(|err| Error::Header(err.to_string()))
        };
        self.proof_header = name(proof)?;
        self.nonce_header = name(nonce)?;
        Ok(self)
    }

    /// Sends the token in another header than `Authorization` (for resource servers that
    /// differ; the value is still `DPoP <token>`).
    ///
    /// ```
    /// let options = oauth2_dpop::DpopOptions::default().authorization_header("X-Access-Token")?;
    /// assert_eq!(options.authorization_header_name(), "x-access-token");
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn authorization_header(mut self, name: &str) -> Result<Self, Error> {
        self.authorization_header =
            http::HeaderName::try_from(name).map_err(|err| Error::Header(err.to_string()))?;
        Ok(self)
    }

    /// The header the token goes in.
    ///
    /// ```
    /// let options = oauth2_dpop::DpopOptions::default();
    /// assert_eq!(options.authorization_header_name(), "authorization");
    /// ```
    pub fn authorization_header_name(&self) -> &http::HeaderName {
        &self.authorization_header
    }

    /// The proof header's name.
    ///
    /// ```
    /// assert_eq!(oauth2_dpop::DpopOptions::default().proof_header(), "dpop");
    /// ```
    pub fn proof_header(&self) -> &http::HeaderName {
        &self.proof_header
    }

    /// The nonce header's name.
    ///
    /// ```
    /// assert_eq!(oauth2_dpop::DpopOptions::default().nonce_header(), "dpop-nonce");
    /// ```
    pub fn nonce_header(&self) -> &http::HeaderName {
        &self.nonce_header
    }
}

/// A `jti` of 128 random bits, base64url.
///
/// ```
/// assert_ne!(oauth2_dpop::random_jti(), oauth2_dpop::random_jti());
/// ```
pub fn random_jti() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Uniqueness, not secrecy, is what jti needs.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_be_bytes();
    }
    base64url(&bytes)
}

/// `ath`: base64url(SHA-256(access token)) (RFC 9449 section 4.2).
///
/// ```
/// // RFC 9449 section 7.1.
/// assert_eq!(oauth2_dpop::access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
///            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
/// ```
pub fn access_token_hash(access_token: &str) -> String {
    base64url(&Sha256::digest(access_token.as_bytes()))
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: String,
    htm: &'a str,
    htu: String,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

/// Makes proofs with one key: the JOSE header is encoded once, so a proof costs one claims
/// serialization and one signature.
///
/// ```
/// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
/// # fn main() -> Result<(), oauth2_dpop::Error> { pollster::block_on(async {
/// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?, DpopOptions::default())?;
/// let url = url::Url::parse("https://as.example/token").unwrap();
/// let proof = signer.proof(&http::Method::POST, &url, None, None).await?;
/// assert_eq!(proof.split('.').count(), 3);
/// # Ok(()) }) }
/// ```
#[derive(Clone)]
pub struct ProofSigner {
    key: DpopKey,
    options: Arc<DpopOptions>,
    encoded_header: Arc<str>,
}

impl fmt::Debug for ProofSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProofSigner")
            .field("key", &self.key)
            .field("options", &self.options)
            .finish()
    }
}

impl ProofSigner {
    /// Proofs by `key`, made as `options` say.
    ///
    /// ```
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let signer = ProofSigner::new(key.clone(), DpopOptions::default())?;
    /// assert_eq!(signer.key().thumbprint(), key.thumbprint());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn new(key: DpopKey, options: DpopOptions) -> Result<Self, Error> {
        let header = serde_json::json!({
            "typ": options.typ,
            "alg": key.algorithm().as_str(),
            "jwk": key.public_jwk(),
        });
        let header_json =
            serde_json::to_vec(&header).map_err(|err| Error::Header(err.to_string()))?;
        Ok(Self {
            key,
            options: Arc::new(options),
            encoded_header: base64url(&header_json).into(),
        })
    }

    /// The key.
    ///
    /// ```
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
    /// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::EdDSA)?, DpopOptions::default())?;
    /// assert_eq!(signer.key().algorithm(), oauth2_jose::Algorithm::EdDSA);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn key(&self) -> &DpopKey {
        &self.key
    }

    /// The options.
    ///
    /// ```
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
    /// let options = DpopOptions::default().header_names("X-DPoP", "X-DPoP-Nonce")?;
    /// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?, options)?;
    /// assert_eq!(signer.options().proof_header(), "x-dpop");
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn options(&self) -> &DpopOptions {
        &self.options
    }

    /// A proof for one request: `htm` = `method`, `htu` = `url` normalized, `ath` when an access
    /// token goes with the request, `nonce` when the server gave one.
    ///
    /// ```
    /// use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner, access_token_hash};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let signer = ProofSigner::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?, DpopOptions::default())?;
    /// let (url, token) = ("https://rs.example/api?q=1".parse()?, oauth2_types::AccessToken::new("at"));
    /// let proof = signer.proof(&http::Method::GET, &url, Some(&token), Some("n1")).await?;
    /// let claims = oauth2_jose::jws::decode_unverified(&proof)?.claims()?;
    /// assert_eq!((claims["htm"].as_str(), claims["htu"].as_str()), (Some("GET"), Some("https://rs.example/api")));
    /// assert_eq!((claims["ath"].as_str(), claims["nonce"].as_str()), (Some(&*access_token_hash("at")), Some("n1")));
    /// # Ok(()) }) }
    /// ```
    pub async fn proof(
        &self,
        method: &http::Method,
        url: &Url,
        access_token: Option<&AccessToken>,
        nonce: Option<&str>,
    ) -> Result<String, Error> {
        let iat = (self.options.clock)()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::Clock)?
            .as_secs();
        let claims = Claims {
            jti: (self.options.jti)(),
            htm: method.as_str(),
            htu: htu(url),
            iat,
            ath: access_token.map(|token| access_token_hash(token.secret())),
            nonce,
        };
        let claims_json =
            serde_json::to_vec(&claims).map_err(|err| Error::Header(err.to_string()))?;
        let mut proof =
            String::with_capacity(self.encoded_header.len() + claims_json.len() * 4 / 3 + 120);
        proof.push_str(&self.encoded_header);
        proof.push('.');
        proof.push_str(&base64url(&claims_json));
        let signer = self.key.signer();
        let signature = match signer.sign_now(proof.as_bytes()) {
            Some(signature) => signature?,
            None => signer.sign(proof.as_bytes()).await?,
        };
        proof.push('.');
        proof.push_str(&base64url(&signature));
        Ok(proof)
    }
}
