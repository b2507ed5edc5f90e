//! Compact JWS (RFC 7515): signing, decoding, verification.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::Error;
use crate::hmac::HmacKey;
use crate::jwk::Jwks;
use crate::provider::CryptoProvider;
use crate::signer::JwsSigner;
use crate::verifying_key::VerifyingKey;

/// A JWS header.
///
/// ```
/// let mut header = oauth2_jose::jws::Header::new();
/// header.insert("typ".into(), "dpop+jwt".into());
/// assert_eq!(header["typ"], "dpop+jwt");
/// ```
pub type Header = Map<String, Value>;

/// Signs `claims` as a compact JWS. `alg` comes from the signer, and `kid` too unless the
/// header has one; the other header members are kept in order.
///
/// ```
/// use oauth2_jose::{Algorithm, SigningKey, jws};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_jose::Error> {
/// let key = SigningKey::generate(Algorithm::ES256)?;
/// let mut header = jws::Header::new();
/// header.insert("typ".into(), "JWT".into());
/// let token = jws::encode(&header, &serde_json::json!({"sub": "alice"}), &key).await?;
/// let verified = jws::verify(&token, &key.verifying_key(), &[Algorithm::ES256])?;
/// assert_eq!(verified.claims()?["sub"], "alice");
/// # Ok(()) }
/// ```
pub async fn encode(
    header: &Header,
    claims: &(impl Serialize + ?Sized),
    signer: &(impl JwsSigner + ?Sized),
) -> Result<String, Error> {
    let mut signing_input = signing_input(header, claims, signer)?;
    let signature = match signer.sign_now(signing_input.as_bytes()) {
        Some(signature) => signature?,
        None => signer.sign(signing_input.as_bytes()).await?,
    };
    signing_input.push('.');
    signing_input.push_str(&b64::encode(&signature));
    Ok(signing_input)
}

/// `base64url(header) . base64url(claims)`, with `alg` and `kid` from the signer.
fn signing_input(
    header: &Header,
    claims: &(impl Serialize + ?Sized),
    signer: &(impl JwsSigner + ?Sized),
) -> Result<String, Error> {
    let mut full = Header::new();
    full.insert("alg".into(), signer.algorithm().as_str().into());
    for (name, value) in header {
        if name != "alg" {
            full.insert(name.clone(), value.clone());
        }
    }
    if let (Some(kid), false) = (signer.key_id(), full.contains_key("kid")) {
        full.insert("kid".into(), kid.into());
    }
    let header_json = serde_json::to_vec(&full).map_err(|err| Error::Signing(err.to_string()))?;
    let claims_json = serde_json::to_vec(claims).map_err(|err| Error::Signing(err.to_string()))?;
    let mut input = b64::encode(&header_json);
    input.push('.');
    input.push_str(&b64::encode(&claims_json));
    Ok(input)
}

/// A JWS split into its parts, not verified.
///
/// ```
/// let decoded = oauth2_jose::jws::decode_unverified("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")?;
/// assert_eq!(decoded.payload, br#"{"sub":"a"}"#);
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Clone)]
pub struct Decoded {
    /// The protected header.
    pub header: Header,
    /// The payload bytes.
    pub payload: Vec<u8>,
    signing_input_len: usize,
    signature: Vec<u8>,
}

/// The header, and the payload's length only: the claims of an ID token or a request object
/// carry a nonce, a state, a code hash.
impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("header", &self.header)
            .field("payload_len", &self.payload.len())
            .finish_non_exhaustive()
    }
}

impl Decoded {
    /// The header's `alg`, parsed; `none` and unknown algorithms are errors.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, jws};
    /// let decoded = jws::decode_unverified("eyJhbGciOiJIUzI1NiJ9.e30.c2ln")?;
    /// assert_eq!(decoded.algorithm()?, Algorithm::HS256);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn algorithm(&self) -> Result<Algorithm, Error> {
        match self.header.get("alg").and_then(Value::as_str) {
            Some(alg) => alg.parse(),
            None => Err(Error::Malformed("the header has no alg".into())),
        }
    }

    /// The header's `kid`.
    ///
    /// ```
    /// let header = oauth2_jose::base64url(br#"{"alg":"ES256","kid":"k1"}"#);
    /// let decoded = oauth2_jose::jws::decode_unverified(&format!("{header}.e30.c2ln"))?;
    /// assert_eq!(decoded.key_id(), Some("k1"));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn key_id(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The payload as a JSON object.
    ///
    /// ```
    /// use oauth2_jose::jws::decode_unverified;
    /// assert_eq!(decode_unverified("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")?.claims()?["sub"], "a");
    /// // The payload `[1]` is JSON, but not an object.
    /// assert!(decode_unverified("eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln")?.claims().is_err());
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn claims(&self) -> Result<Map<String, Value>, Error> {
        serde_json::from_slice(&self.payload)
            .map_err(|err| Error::Malformed(format!("the payload is not a JSON object: {err}")))
    }
}

/// Splits and decodes a compact JWS WITHOUT verifying it: for display, or to read the header
/// before choosing a key.
///
/// ```
/// let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
/// let decoded = oauth2_jose::jws::decode_unverified(token)?;
/// assert_eq!(decoded.header["alg"], "HS256");
/// assert_eq!(decoded.claims()?["sub"], "a");
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
pub fn decode_unverified(token: &str) -> Result<Decoded, Error> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::Malformed("a compact JWS has three parts".into()));
    };
    let header: Header = serde_json::from_slice(&b64::decode(header)?)
        .map_err(|err| Error::Malformed(format!("the header is not a JSON object: {err}")))?;
    Ok(Decoded {
        header,
        payload: b64::decode(payload)?,
        signing_input_len: token.len() - signature.len() - 1,
        signature: b64::decode(signature)?,
    })
}

/// A key that verifies: a public key, or a shared HMAC key.
///
/// ```
/// use oauth2_jose::{HmacKey, jws::VerificationKey};
/// let key = HmacKey::new("secret");
/// assert!(matches!(VerificationKey::from(&key), VerificationKey::Hmac(_)));
/// ```
#[derive(Debug, Clone, Copy)]
pub enum VerificationKey<'a> {
    /// An asymmetric public key.
    Public(&'a VerifyingKey),
    /// A shared secret (HS256).
    Hmac(&'a HmacKey),
}

impl<'a> From<&'a VerifyingKey> for VerificationKey<'a> {
    fn from(key: &'a VerifyingKey) -> Self {
        Self::Public(key)
    }
}

impl<'a> From<&'a HmacKey> for VerificationKey<'a> {
    fn from(key: &'a HmacKey) -> Self {
        Self::Hmac(key)
    }
}

/// Verifies a compact JWS with `key`. Refuses `alg: none`, an algorithm not in `allowed`, and
/// an algorithm of another key type (an HMAC `alg` is only checked with an [`HmacKey`], so a
/// public key can never be used as an HMAC secret).
///
/// ```
/// use oauth2_jose::{Algorithm, Error, HmacKey, jws};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Error> {
/// let key = HmacKey::new("a shared secret of at least 32 bytes!!");
/// let token = jws::encode(&jws::Header::new(), &serde_json::json!({"sub": "a"}), &key).await?;
/// assert_eq!(jws::verify(&token, &key, &[Algorithm::HS256])?.claims()?["sub"], "a");
/// let refused = jws::verify(&token, &key, &[Algorithm::ES256]);
/// assert_eq!(refused.unwrap_err(), Error::AlgorithmNotAllowed("HS256".into()));
/// # Ok(()) }
/// ```
pub fn verify<'a>(
    token: &str,
    key: impl Into<VerificationKey<'a>>,
    allowed: &[Algorithm],
) -> Result<Decoded, Error> {
    let decoded = decode_unverified(token)?;
    let alg = allowed_algorithm(&decoded, allowed)?;
    let input = &token.as_bytes()[..decoded.signing_input_len];
    match (key.into(), alg) {
        (VerificationKey::Hmac(key), Algorithm::HS256) => key.verify(input, &decoded.signature)?,
        (VerificationKey::Public(key), alg) if alg.is_asymmetric() => {
            key.verify(alg, input, &decoded.signature)?;
        }
        (_, alg) => return Err(Error::AlgorithmMismatch(alg.to_string())),
    }
    Ok(decoded)
}

fn allowed_algorithm(decoded: &Decoded, allowed: &[Algorithm]) -> Result<Algorithm, Error> {
    let name = decoded
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("");
    match name.parse::<Algorithm>() {
        Ok(alg) if allowed.contains(&alg) => Ok(alg),
        _ => Err(Error::AlgorithmNotAllowed(name.to_owned())),
    }
}

/// Verifies a compact JWS with the key of a JWK Set that has its `kid` (or, without `kid`,
/// the one key of a matching type). An unknown `kid` is [`Error::UnknownKeyId`], so the
/// caller can fetch the key set again. The process default provider verifies; see
/// [`verify_with_jwks_using`] to name one.
///
/// ```
/// use oauth2_jose::{Algorithm, Jwks, SigningKey, jws};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_jose::Error> {
/// let key = SigningKey::generate(Algorithm::ES256)?.with_key_id("k1");
/// let jwks = Jwks { keys: vec![key.public_jwk().clone()] };
/// let token = jws::encode(&jws::Header::new(), &serde_json::json!({}), &key).await?;
/// assert_eq!(jws::verify_with_jwks(&token, &jwks, &[Algorithm::ES256])?.key_id(), Some("k1"));
/// # Ok(()) }
/// ```
pub fn verify_with_jwks(token: &str, jwks: &Jwks, allowed: &[Algorithm]) -> Result<Decoded, Error> {
    verify_with_jwks_using(CryptoProvider::get_default()?, token, jwks, allowed)
}

/// [`verify_with_jwks`], with `provider` verifying.
///
/// ```
/// use oauth2_jose::{Algorithm, CryptoProvider, Jwks, SigningKey, jws};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_jose::Error> {
/// let key = SigningKey::generate(Algorithm::EdDSA)?.with_key_id("k1");
/// let jwks = Jwks { keys: vec![key.public_jwk().clone()] };
/// let token = jws::encode(&jws::Header::new(), &serde_json::json!({}), &key).await?;
/// for provider in CryptoProvider::available() {
///     jws::verify_with_jwks_using(*provider, &token, &jwks, &[Algorithm::EdDSA])?;
/// }
/// # Ok(()) }
/// ```
pub fn verify_with_jwks_using(
    provider: CryptoProvider,
    token: &str,
    jwks: &Jwks,
    allowed: &[Algorithm],
) -> Result<Decoded, Error> {
    let decoded = decode_unverified(token)?;
    let alg = allowed_algorithm(&decoded, allowed)?;
    let jwk = match decoded.key_id() {
        Some(kid) => jwks
            .find(kid)
            .ok_or_else(|| Error::UnknownKeyId(kid.to_owned()))?,
        None => {
            let mut candidates = jwks.keys.iter().filter(|jwk| {
                crate::key_material::PublicParts::from_jwk(jwk)
                    .is_ok_and(|parts| parts.key_type().supports(alg))
            });
            match (candidates.next(), candidates.next()) {
                (Some(only), None) => only,
                (None, _) => return Err(Error::UnknownKeyId(String::new())),
                (Some(_), Some(_)) => {
                    return Err(Error::Malformed(
                        "no kid, and several keys could match".into(),
                    ));
                }
            }
        }
    };
    verify(token, &VerifyingKey::from_jwk_with(provider, jwk)?, allowed)
}
