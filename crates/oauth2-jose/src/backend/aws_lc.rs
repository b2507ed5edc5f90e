//! The aws-lc-rs provider: generates, loads, signs and verifies by itself, several times
//! faster than the pure-Rust crates. A key it cannot load is an error naming it.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPairComponents, KeySize};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED,
    ECDSA_P384_SHA384_FIXED_SIGNING, ED25519, EcdsaKeyPair, EcdsaSigningAlgorithm, Ed25519KeyPair,
    KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
    RSA_PSS_2048_8192_SHA256, RSA_PSS_SHA256, RsaKeyPair, RsaPublicKeyComponents,
};

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key_material::{KeyType, Pem, PublicParts, check_rsa_size, trim_leading_zeros};

/// This provider's name in errors.
const NAME: &str = "aws-lc-rs";

fn rejected(reason: impl Into<String>) -> Error {
    Error::KeyRejected {
        provider: NAME,
        reason: reason.into(),
    }
}

/// A private key of one of the supported types.
pub(crate) enum PrivateKey {
    Ecdsa(KeyType, EcdsaKeyPair),
    Rsa(RsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

/// A public key, parsed (and so checked) once.
#[derive(Clone)]
pub(crate) enum PublicKey {
    Parsed(KeyType, ParsedPublicKey),
    Rsa(RsaPublicKeyComponents<Vec<u8>>),
}

fn ecdsa_signing(key_type: KeyType) -> &'static EcdsaSigningAlgorithm {
    if key_type == KeyType::P384 {
        &ECDSA_P384_SHA384_FIXED_SIGNING
    } else {
        &ECDSA_P256_SHA256_FIXED_SIGNING
    }
}

fn rsa(key: RsaKeyPair) -> Result<PrivateKey, Error> {
    check_rsa_size(key.public_modulus_len() * 8)?;
    Ok(PrivateKey::Rsa(key))
}

impl PrivateKey {
    pub(crate) fn generate(key_type: KeyType, rsa_bits: usize) -> Result<Self, Error> {
        let failed = |err: aws_lc_rs::error::Unspecified| Error::Random(err.to_string());
        Ok(match key_type {
            KeyType::P256 | KeyType::P384 => Self::Ecdsa(
                key_type,
                EcdsaKeyPair::generate(ecdsa_signing(key_type)).map_err(failed)?,
            ),
            KeyType::Rsa => {
                check_rsa_size(rsa_bits)?;
                let size = match rsa_bits {
                    2048 => KeySize::Rsa2048,
                    3072 => KeySize::Rsa3072,
                    4096 => KeySize::Rsa4096,
                    8192 => KeySize::Rsa8192,
                    other => {
                        return Err(rejected(format!(
                            "it generates RSA keys of 2048, 3072, 4096 or 8192 bits, not {other}"
                        )));
                    }
                };
                Self::Rsa(RsaKeyPair::generate(size).map_err(failed)?)
            }
            KeyType::Ed25519 => Self::Ed25519(Ed25519KeyPair::generate().map_err(failed)?),
        })
    }

    pub(crate) fn from_jwk(jwk: &Jwk, key_type: KeyType) -> Result<Self, Error> {
        let d = b64::decode_member("d", jwk.d.as_deref())?;
        let public = PublicParts::from_jwk(jwk)?;
        let reject = |err: aws_lc_rs::error::KeyRejected| rejected(err.to_string());
        match (key_type, public) {
            (KeyType::P256 | KeyType::P384, PublicParts::Ec { point, .. }) => {
                EcdsaKeyPair::from_private_key_and_public_key(ecdsa_signing(key_type), &d, &point)
                    .map(|key| Self::Ecdsa(key_type, key))
                    .map_err(reject)
            }
            (KeyType::Ed25519, PublicParts::Ed25519 { x }) => {
                Ed25519KeyPair::from_seed_and_public_key(&d, &x)
                    .map(Self::Ed25519)
                    .map_err(reject)
            }
            (KeyType::Rsa, PublicParts::Rsa { n, e }) => {
                let member = |name: &str, value: &Option<String>| match value {
                    Some(_) => b64::decode_member(name, value.as_deref()),
                    None => Err(rejected(format!(
                        "it loads an RSA JWK only with its CRT members (p, q, dp, dq, qi); \
                         this one has no {name:?}"
                    ))),
                };
                let components = KeyPairComponents {
                    public_key: RsaPublicKeyComponents { n, e },
                    d,
                    p: member("p", &jwk.p)?,
                    q: member("q", &jwk.q)?,
                    dP: member("dp", &jwk.dp)?,
                    dQ: member("dq", &jwk.dq)?,
                    qInv: member("qi", &jwk.qi)?,
                };
                rsa(RsaKeyPair::from_components(&components).map_err(reject)?)
            }
            _ => Err(Error::InvalidKey(
                "the JWK's members do not match its kty".into(),
            )),
        }
    }

    /// Reads a PEM private key: PKCS#8 (any type), PKCS#1 (RSA) or SEC1 (EC).
    pub(crate) fn from_pem(pem: &Pem) -> Result<Self, Error> {
        let der = pem.der.as_slice();
        let reject = |err: aws_lc_rs::error::KeyRejected| rejected(err.to_string());
        match pem.label.as_str() {
            "PRIVATE KEY" => {
                for key_type in [KeyType::P256, KeyType::P384] {
                    if let Ok(key) = EcdsaKeyPair::from_pkcs8(ecdsa_signing(key_type), der) {
                        return Ok(Self::Ecdsa(key_type, key));
                    }
                }
                if let Ok(key) = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
                    return Ok(Self::Ed25519(key));
                }
                rsa(RsaKeyPair::from_pkcs8(der).map_err(reject)?)
            }
            "RSA PRIVATE KEY" => rsa(RsaKeyPair::from_der(der).map_err(reject)?),
            "EC PRIVATE KEY" => {
                let mut last = None;
                for key_type in [KeyType::P256, KeyType::P384] {
                    match EcdsaKeyPair::from_private_key_der(ecdsa_signing(key_type), der) {
                        Ok(key) => return Ok(Self::Ecdsa(key_type, key)),
                        Err(err) => last = Some(err),
                    }
                }
                Err(rejected(
                    last.map(|err| err.to_string()).unwrap_or_default(),
                ))
            }
            other => Err(Error::InvalidKey(format!("unsupported PEM type {other:?}"))),
        }
    }

    /// The key as PKCS#8 (v1) DER.
    pub(crate) fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        use aws_lc_rs::encoding::{AsDer as _, Pkcs8V1Der};
        let failed = |_| Error::InvalidKey("aws-lc-rs cannot write the key as PKCS#8".into());
        Ok(match self {
            Self::Ecdsa(_, key) => key.to_pkcs8v1().map_err(failed)?.as_ref().to_vec(),
            Self::Rsa(key) => {
                let der: Pkcs8V1Der<'static> = key.as_der().map_err(failed)?;
                der.as_ref().to_vec()
            }
            Self::Ed25519(key) => key.to_pkcs8v1().map_err(failed)?.as_ref().to_vec(),
        })
    }

    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            Self::Ecdsa(key_type, _) => *key_type,
            Self::Rsa(_) => KeyType::Rsa,
            Self::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// The public key as raw bytes.
    pub(crate) fn public_parts(&self) -> PublicParts {
        match self {
            Self::Ecdsa(key_type, key) => PublicParts::Ec {
                key_type: *key_type,
                point: key.public_key().as_ref().to_vec(),
            },
            Self::Rsa(key) => PublicParts::Rsa {
                n: trim_leading_zeros(key.public_key().modulus().big_endian_without_leading_zero())
                    .to_vec(),
                e: trim_leading_zeros(
                    key.public_key()
                        .exponent()
                        .big_endian_without_leading_zero(),
                )
                .to_vec(),
            },
            Self::Ed25519(key) => PublicParts::Ed25519 {
                x: key.public_key().as_ref().to_vec(),
            },
        }
    }

    /// Signs `input` with `alg`: ECDSA as fixed-size `r || s`.
    pub(crate) fn sign(&self, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>, Error> {
        let failed = |err: aws_lc_rs::error::Unspecified| Error::Signing(err.to_string());
        match (self, alg) {
            (Self::Ecdsa(KeyType::P256, key), Algorithm::ES256)
            | (Self::Ecdsa(KeyType::P384, key), Algorithm::ES384) => Ok(key
                .sign(&SystemRandom::new(), input)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            (Self::Rsa(key), Algorithm::RS256 | Algorithm::PS256) => {
                let padding: &'static dyn aws_lc_rs::signature::RsaEncoding =
                    if alg == Algorithm::PS256 {
                        &RSA_PSS_SHA256
                    } else {
                        &RSA_PKCS1_SHA256
                    };
                let mut signature = vec![0; key.public_modulus_len()];
                key.sign(padding, &SystemRandom::new(), input, &mut signature)
                    .map_err(failed)?;
                Ok(signature)
            }
            (Self::Ed25519(key), Algorithm::EdDSA) => Ok(key.sign(input).as_ref().to_vec()),
            (_, alg) => Err(Error::AlgorithmMismatch(alg.to_string())),
        }
    }
}

impl PublicKey {
    pub(crate) fn from_parts(parts: &PublicParts) -> Result<Self, Error> {
        let reject = |err: aws_lc_rs::error::KeyRejected| rejected(err.to_string());
        match parts {
            PublicParts::Ec { key_type, point } => {
                let alg = if *key_type == KeyType::P384 {
                    &ECDSA_P384_SHA384_FIXED
                } else {
                    &ECDSA_P256_SHA256_FIXED
                };
                ParsedPublicKey::new(alg, point)
                    .map(|key| Self::Parsed(*key_type, key))
                    .map_err(reject)
            }
            PublicParts::Ed25519 { x } => ParsedPublicKey::new(&ED25519, x)
                .map(|key| Self::Parsed(KeyType::Ed25519, key))
                .map_err(reject),
            PublicParts::Rsa { n, e } => Ok(Self::Rsa(RsaPublicKeyComponents {
                n: n.clone(),
                e: e.clone(),
            })),
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
            (Self::Parsed(KeyType::P256, key), Algorithm::ES256)
            | (Self::Parsed(KeyType::P384, key), Algorithm::ES384)
            | (Self::Parsed(KeyType::Ed25519, key), Algorithm::EdDSA) => {
                key.verify_sig(input, signature).map_err(bad)
            }
            (Self::Rsa(key), Algorithm::RS256) => key
                .verify(&RSA_PKCS1_2048_8192_SHA256, input, signature)
                .map_err(bad),
            (Self::Rsa(key), Algorithm::PS256) => key
                .verify(&RSA_PSS_2048_8192_SHA256, input, signature)
                .map_err(bad),
            (_, alg) => Err(Error::AlgorithmMismatch(alg.to_string())),
        }
    }
}

/// The HMAC-SHA-256 of `input`.
pub(crate) fn hmac_sign(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    aws_lc_rs::hmac::sign(&key, input).as_ref().to_vec()
}

/// Checks an HMAC-SHA-256 in constant time.
pub(crate) fn hmac_verify(secret: &[u8], input: &[u8], mac: &[u8]) -> Result<(), Error> {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    aws_lc_rs::hmac::verify(&key, input, mac).map_err(|_| Error::InvalidSignature)
}
