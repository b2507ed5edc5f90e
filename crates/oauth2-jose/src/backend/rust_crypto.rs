//! The RustCrypto provider: p256, p384, ed25519-dalek, rsa and hmac, pure Rust.

use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use hmac::{Hmac, KeyInit as _, Mac as _};
use p256::elliptic_curve::Generate as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use rsa::{BoxedUint, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha2::Sha256;

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key_material::{KeyType, Pem, PublicParts, check_rsa_size};

/// This provider's name in errors.
const NAME: &str = "rust-crypto";

fn rejected(err: impl std::fmt::Display) -> Error {
    Error::KeyRejected {
        provider: NAME,
        reason: err.to_string(),
    }
}

/// A private key of one of the supported types.
pub(crate) enum PrivateKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Rsa(Box<RsaKey>),
    Ed25519(ed25519_dalek::SigningKey),
}

/// An RSA key with its two signers built once (building one clones the key).
pub(crate) struct RsaKey {
    key: RsaPrivateKey,
    pkcs1: rsa::pkcs1v15::SigningKey<Sha256>,
    pss: rsa::pss::SigningKey<Sha256>,
}

impl RsaKey {
    fn new(key: RsaPrivateKey) -> Result<Box<Self>, Error> {
        check_rsa_size(key.size() * 8)?;
        Ok(Box::new(Self {
            pkcs1: rsa::pkcs1v15::SigningKey::new(key.clone()),
            pss: rsa::pss::SigningKey::new(key.clone()),
            key,
        }))
    }
}

/// A public key of one of the supported types.
#[derive(Clone)]
pub(crate) enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Rsa(Box<RsaPublicKey>),
    Ed25519(ed25519_dalek::VerifyingKey),
}

fn uint(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

impl PrivateKey {
    pub(crate) fn generate(key_type: KeyType, rsa_bits: usize) -> Result<Self, Error> {
        let rng = &mut getrandom::SysRng;
        let random = |err: getrandom::Error| Error::Random(err.to_string());
        Ok(match key_type {
            KeyType::P256 => {
                Self::P256(p256::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(random)?)
            }
            KeyType::P384 => {
                Self::P384(p384::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(random)?)
            }
            KeyType::Rsa => {
                check_rsa_size(rsa_bits)?;
                Self::Rsa(RsaKey::new(
                    RsaPrivateKey::new(rng, rsa_bits).map_err(rejected)?,
                )?)
            }
            KeyType::Ed25519 => {
                let mut seed = [0u8; 32];
                getrandom::fill(&mut seed).map_err(|err| Error::Random(err.to_string()))?;
                Self::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
        })
    }

    pub(crate) fn from_jwk(jwk: &Jwk, key_type: KeyType) -> Result<Self, Error> {
        let d = b64::decode_member("d", jwk.d.as_deref())?;
        match key_type {
            KeyType::P256 => p256::ecdsa::SigningKey::from_slice(&d)
                .map(Self::P256)
                .map_err(rejected),
            KeyType::P384 => p384::ecdsa::SigningKey::from_slice(&d)
                .map(Self::P384)
                .map_err(rejected),
            KeyType::Ed25519 => {
                let seed: [u8; 32] = d
                    .try_into()
                    .map_err(|_| Error::InvalidKey("an Ed25519 key has 32 bytes".into()))?;
                Ok(Self::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed)))
            }
            KeyType::Rsa => {
                let n = b64::decode_member("n", jwk.n.as_deref())?;
                let e = b64::decode_member("e", jwk.e.as_deref())?;
                let p = b64::decode_member("p", jwk.p.as_deref())?;
                let q = b64::decode_member("q", jwk.q.as_deref())?;
                check_rsa_size(crate::key_material::trim_leading_zeros(&n).len() * 8)?;
                let key = RsaPrivateKey::from_components(
                    uint(&n),
                    uint(&e),
                    uint(&d),
                    vec![uint(&p), uint(&q)],
                )
                .map_err(rejected)?;
                Ok(Self::Rsa(RsaKey::new(key)?))
            }
        }
    }

    /// Reads a PEM private key: PKCS#8 (any type), PKCS#1 (RSA) or SEC1 (EC).
    pub(crate) fn from_pem(pem: &Pem) -> Result<Self, Error> {
        let der = pem.der.as_slice();
        Ok(match pem.label.as_str() {
            "PRIVATE KEY" => {
                if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
                    Self::P256(key)
                } else if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
                    Self::P384(key)
                } else if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
                    Self::Ed25519(key)
                } else {
                    Self::Rsa(RsaKey::new(
                        RsaPrivateKey::from_pkcs8_der(der).map_err(rejected)?,
                    )?)
                }
            }
            "RSA PRIVATE KEY" => Self::Rsa(RsaKey::new(
                RsaPrivateKey::from_pkcs1_der(der).map_err(rejected)?,
            )?),
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(der)
                .map(|k| Self::P256(k.into()))
                .or_else(|_| p384::SecretKey::from_sec1_der(der).map(|k| Self::P384(k.into())))
                .map_err(rejected)?,
            other => return Err(Error::InvalidKey(format!("unsupported PEM type {other:?}"))),
        })
    }

    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            Self::P256(_) => KeyType::P256,
            Self::P384(_) => KeyType::P384,
            Self::Rsa(_) => KeyType::Rsa,
            Self::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// The public key as raw bytes.
    pub(crate) fn public_parts(&self) -> PublicParts {
        self.public_key().parts()
    }

    fn public_key(&self) -> PublicKey {
        match self {
            Self::P256(key) => PublicKey::P256(*key.verifying_key()),
            Self::P384(key) => PublicKey::P384(*key.verifying_key()),
            Self::Rsa(rsa) => PublicKey::Rsa(Box::new(rsa.key.to_public_key())),
            Self::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
        }
    }

    /// The key as PKCS#8 DER.
    pub(crate) fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        use p256::pkcs8::EncodePrivateKey as _;
        let document = match self {
            Self::P256(key) => key.to_pkcs8_der(),
            Self::P384(key) => key.to_pkcs8_der(),
            Self::Rsa(rsa) => rsa.key.to_pkcs8_der(),
            Self::Ed25519(key) => key.to_pkcs8_der(),
        }
        .map_err(|err| Error::InvalidKey(format!("cannot write the key as PKCS#8: {err}")))?;
        Ok(document.as_bytes().to_vec())
    }

    /// Signs `input` with `alg` (checked by the caller): ECDSA as fixed-size `r || s`.
    pub(crate) fn sign(&self, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>, Error> {
        let failed = |err: rsa::signature::Error| Error::Signing(err.to_string());
        match (self, alg) {
            (Self::P256(key), Algorithm::ES256) => {
                let signature: p256::ecdsa::Signature = key.try_sign(input).map_err(failed)?;
                Ok(signature.to_bytes().to_vec())
            }
            (Self::P384(key), Algorithm::ES384) => {
                let signature: p384::ecdsa::Signature = key.try_sign(input).map_err(failed)?;
                Ok(signature.to_bytes().to_vec())
            }
            (Self::Rsa(rsa), Algorithm::RS256) => {
                Ok(rsa.pkcs1.try_sign(input).map_err(failed)?.to_vec())
            }
            (Self::Rsa(rsa), Algorithm::PS256) => {
                Ok(rsa.pss.try_sign(input).map_err(failed)?.to_vec())
            }
            (Self::Ed25519(key), Algorithm::EdDSA) => Ok(key.sign(input).to_bytes().to_vec()),
            (_, alg) => Err(Error::AlgorithmMismatch(alg.to_string())),
        }
    }
}

impl PublicKey {
    pub(crate) fn from_parts(parts: &PublicParts) -> Result<Self, Error> {
        match parts {
            PublicParts::Ec {
                key_type: KeyType::P384,
                point,
            } => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Self::P384)
                .map_err(rejected),
            PublicParts::Ec { point, .. } => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Self::P256)
                .map_err(rejected),
            PublicParts::Ed25519 { x } => {
                let x: [u8; 32] = x
                    .as_slice()
                    .try_into()
                    .map_err(|_| Error::InvalidKey("an Ed25519 key has 32 bytes".into()))?;
                ed25519_dalek::VerifyingKey::from_bytes(&x)
                    .map(Self::Ed25519)
                    .map_err(rejected)
            }
            PublicParts::Rsa { n, e } => RsaPublicKey::new(uint(n), uint(e))
                .map(|key| Self::Rsa(Box::new(key)))
                .map_err(rejected),
        }
    }

    /// The key as raw bytes.
    fn parts(&self) -> PublicParts {
        match self {
            Self::P256(key) => PublicParts::Ec {
                key_type: KeyType::P256,
                point: key.to_sec1_bytes().to_vec(),
            },
            Self::P384(key) => PublicParts::Ec {
                key_type: KeyType::P384,
                point: key.to_sec1_bytes().to_vec(),
            },
            Self::Rsa(key) => PublicParts::Rsa {
                n: key.n().to_be_bytes_trimmed_vartime().to_vec(),
                e: key.e().to_be_bytes_trimmed_vartime().to_vec(),
            },
            Self::Ed25519(key) => PublicParts::Ed25519 {
                x: key.to_bytes().to_vec(),
            },
        }
    }

    /// Verifies `signature` over `input` with `alg` (checked by the caller).
    pub(crate) fn verify(
        &self,
        alg: Algorithm,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let bad = |_| Error::InvalidSignature;
        match (self, alg) {
            (Self::P256(key), Algorithm::ES256) => {
                let signature = p256::ecdsa::Signature::from_slice(signature).map_err(bad)?;
                key.verify(input, &signature).map_err(bad)
            }
            (Self::P384(key), Algorithm::ES384) => {
                let signature = p384::ecdsa::Signature::from_slice(signature).map_err(bad)?;
                key.verify(input, &signature).map_err(bad)
            }
            (Self::Rsa(key), Algorithm::RS256) => {
                let signature = rsa::pkcs1v15::Signature::try_from(signature).map_err(bad)?;
                rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.as_ref().clone())
                    .verify(input, &signature)
                    .map_err(bad)
            }
            (Self::Rsa(key), Algorithm::PS256) => {
                let signature = rsa::pss::Signature::try_from(signature).map_err(bad)?;
                rsa::pss::VerifyingKey::<Sha256>::new(key.as_ref().clone())
                    .verify(input, &signature)
                    .map_err(bad)
            }
            (Self::Ed25519(key), Algorithm::EdDSA) => {
                let signature = ed25519_dalek::Signature::from_slice(signature).map_err(bad)?;
                key.verify_strict(input, &signature).map_err(bad)
            }
            (_, alg) => Err(Error::AlgorithmMismatch(alg.to_string())),
        }
    }
}

fn hmac(secret: &[u8], input: &[u8]) -> Result<Hmac<Sha256>, Error> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(rejected)?;
    mac.update(input);
    Ok(mac)
}

/// The HMAC-SHA-256 of `input`.
pub(crate) fn hmac_sign(secret: &[u8], input: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(hmac(secret, input)?.finalize().into_bytes().to_vec())
}

/// Checks an HMAC-SHA-256 in constant time.
pub(crate) fn hmac_verify(secret: &[u8], input: &[u8], mac: &[u8]) -> Result<(), Error> {
    hmac(secret, input)?
        .verify_slice(mac)
        .map_err(|_| Error::InvalidSignature)
}
