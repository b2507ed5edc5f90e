//! The pure-Rust backend (RustCrypto): key parsing, generation, signing and verification.

use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use p256::elliptic_curve::Generate as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::pkcs8::EncodePrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use rsa::{BoxedUint, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha2::Sha256;

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::{Error, invalid_key};
use crate::jwk::Jwk;

/// The smallest RSA modulus accepted (RFC 7518 section 3.3).
pub(crate) const MIN_RSA_BITS: usize = 2048;

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

fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| Error::Random(err.to_string()))?;
    Ok(bytes)
}

fn uint(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

fn check_rsa_size(bits: usize) -> Result<(), Error> {
    if bits < MIN_RSA_BITS {
        return Err(Error::InvalidKey(format!(
            "RSA keys need at least {MIN_RSA_BITS} bits, this one has {bits}"
        )));
    }
    Ok(())
}

impl PrivateKey {
    pub(crate) fn generate(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error> {
        let rng = &mut getrandom::SysRng;
        let random = |err: getrandom::Error| Error::Random(err.to_string());
        Ok(match alg {
            Algorithm::ES256 => {
                Self::P256(p256::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(random)?)
            }
            Algorithm::ES384 => {
                Self::P384(p384::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(random)?)
            }
            Algorithm::RS256 | Algorithm::PS256 => {
                check_rsa_size(rsa_bits)?;
                Self::Rsa(RsaKey::new(
                    RsaPrivateKey::new(rng, rsa_bits).map_err(invalid_key)?,
                )?)
            }
            Algorithm::EdDSA => {
                Self::Ed25519(ed25519_dalek::SigningKey::from_bytes(&random_bytes()?))
            }
            Algorithm::HS256 => return Err(Error::AlgorithmMismatch("an asymmetric key".into())),
        })
    }

    pub(crate) fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        let d = b64::decode_member("d", jwk.d.as_deref())?;
        match (jwk.kty.as_str(), jwk.crv.as_deref()) {
            ("EC", Some("P-256")) => p256::ecdsa::SigningKey::from_slice(&d)
                .map(Self::P256)
                .map_err(invalid_key),
            ("EC", Some("P-384")) => p384::ecdsa::SigningKey::from_slice(&d)
                .map(Self::P384)
                .map_err(invalid_key),
            ("OKP", Some("Ed25519")) => {
                let bytes: [u8; 32] = d
                    .try_into()
                    .map_err(|_| Error::InvalidKey("an Ed25519 key has 32 bytes".into()))?;
                Ok(Self::Ed25519(ed25519_dalek::SigningKey::from_bytes(&bytes)))
            }
            ("RSA", _) => {
                let n = b64::decode_member("n", jwk.n.as_deref())?;
                let e = b64::decode_member("e", jwk.e.as_deref())?;
                let p = b64::decode_member("p", jwk.p.as_deref())?;
                let q = b64::decode_member("q", jwk.q.as_deref())?;
                check_rsa_size(n.iter().skip_while(|b| **b == 0).count() * 8)?;
                let key = RsaPrivateKey::from_components(
                    uint(&n),
                    uint(&e),
                    uint(&d),
                    vec![uint(&p), uint(&q)],
                )
                .map_err(invalid_key)?;
                Ok(Self::Rsa(RsaKey::new(key)?))
            }
            (kty, crv) => Err(Error::InvalidKey(format!(
                "unsupported private key: kty {kty:?}, crv {crv:?}"
            ))),
        }
    }

    /// Reads a PEM private key: PKCS#8 (any type), PKCS#1 (RSA) or SEC1 (EC).
    pub(crate) fn from_pem(pem: &str) -> Result<Self, Error> {
        let label = pem
            .lines()
            .find_map(|line| line.trim().strip_prefix("-----BEGIN "))
            .and_then(|rest| rest.strip_suffix("-----"))
            .ok_or_else(|| Error::InvalidKey("not a PEM document".into()))?;
        let key = match label {
            "PRIVATE KEY" => {
                if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(pem) {
                    Self::P256(key)
                } else if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_pem(pem) {
                    Self::P384(key)
                } else if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
                    Self::Ed25519(key)
                } else {
                    Self::Rsa(RsaKey::new(
                        RsaPrivateKey::from_pkcs8_pem(pem).map_err(invalid_key)?,
                    )?)
                }
            }
            "RSA PRIVATE KEY" => Self::Rsa(RsaKey::new(
                RsaPrivateKey::from_pkcs1_pem(pem).map_err(invalid_key)?,
            )?),
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_pem(pem)
                .map(|k| Self::P256(k.into()))
                .or_else(|_| p384::SecretKey::from_sec1_pem(pem).map(|k| Self::P384(k.into())))
                .map_err(invalid_key)?,
            other => return Err(Error::InvalidKey(format!("unsupported PEM type {other:?}"))),
        };
        Ok(key)
    }

    /// The algorithm a key of this type signs with when none is said.
    pub(crate) fn default_algorithm(&self) -> Algorithm {
        match self {
            Self::P256(_) => Algorithm::ES256,
            Self::P384(_) => Algorithm::ES384,
            Self::Rsa(_) => Algorithm::RS256,
            Self::Ed25519(_) => Algorithm::EdDSA,
        }
    }

    /// Whether the key can sign with `alg`.
    pub(crate) fn supports(&self, alg: Algorithm) -> bool {
        matches!(
            (self, alg),
            (Self::P256(_), Algorithm::ES256)
                | (Self::P384(_), Algorithm::ES384)
                | (Self::Rsa(_), Algorithm::RS256 | Algorithm::PS256)
                | (Self::Ed25519(_), Algorithm::EdDSA)
        )
    }

    pub(crate) fn public_key(&self) -> PublicKey {
        match self {
            Self::P256(key) => PublicKey::P256(*key.verifying_key()),
            Self::P384(key) => PublicKey::P384(*key.verifying_key()),
            Self::Rsa(rsa) => PublicKey::Rsa(Box::new(rsa.key.to_public_key())),
            Self::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
        }
    }

    /// The key as a PKCS#8 document.
    fn to_pkcs8(&self) -> Result<p256::pkcs8::SecretDocument, Error> {
        match self {
            Self::P256(key) => key.to_pkcs8_der(),
            Self::P384(key) => key.to_pkcs8_der(),
            Self::Rsa(rsa) => rsa.key.to_pkcs8_der(),
            Self::Ed25519(key) => key.to_pkcs8_der(),
        }
        .map_err(invalid_key)
    }

    /// The key as PKCS#8 DER, for handing it to another backend.
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    pub(crate) fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        Ok(self.to_pkcs8()?.as_bytes().to_vec())
    }

    /// The key as a PKCS#8 PEM document (`PRIVATE KEY`), which [`Self::from_pem`] reads.
    pub(crate) fn to_pkcs8_pem(&self) -> Result<String, Error> {
        let pem = self
            .to_pkcs8()?
            .to_pem("PRIVATE KEY", p256::pkcs8::LineEnding::LF)
            .map_err(invalid_key)?;
        Ok(pem.as_str().to_owned())
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
    pub(crate) fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        match (jwk.kty.as_str(), jwk.crv.as_deref()) {
            ("EC", Some(crv @ ("P-256" | "P-384"))) => {
                let size = if crv == "P-256" { 32 } else { 48 };
                let mut point = vec![0x04];
                for (name, member) in [("x", &jwk.x), ("y", &jwk.y)] {
                    let coordinate = b64::decode_member(name, member.as_deref())?;
                    if coordinate.len() != size {
                        return Err(Error::InvalidKey(format!(
                            "a {crv} coordinate has {size} bytes, {name:?} has {}",
                            coordinate.len()
                        )));
                    }
                    point.extend(coordinate);
                }
                if crv == "P-256" {
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                        .map(Self::P256)
                        .map_err(invalid_key)
                } else {
                    p384::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                        .map(Self::P384)
                        .map_err(invalid_key)
                }
            }
            ("OKP", Some("Ed25519")) => {
                let x: [u8; 32] = b64::decode_member("x", jwk.x.as_deref())?
                    .try_into()
                    .map_err(|_| Error::InvalidKey("an Ed25519 key has 32 bytes".into()))?;
                ed25519_dalek::VerifyingKey::from_bytes(&x)
                    .map(Self::Ed25519)
                    .map_err(invalid_key)
            }
            ("RSA", _) => {
                let n = b64::decode_member("n", jwk.n.as_deref())?;
                let e = b64::decode_member("e", jwk.e.as_deref())?;
                if n.first() == Some(&0) || e.first() == Some(&0) {
                    return Err(Error::InvalidKey(
                        "an RSA integer has no leading zero octet (RFC 7518 section 6.3.1)".into(),
                    ));
                }
                check_rsa_size(n.len() * 8)?;
                RsaPublicKey::new(uint(&n), uint(&e))
                    .map(|key| Self::Rsa(Box::new(key)))
                    .map_err(invalid_key)
            }
            (kty, crv) => Err(Error::InvalidKey(format!(
                "unsupported public key: kty {kty:?}, crv {crv:?}"
            ))),
        }
    }

    /// The public JWK members of the key (no `kid`, no `alg`).
    pub(crate) fn to_jwk(&self) -> Jwk {
        let mut jwk = Jwk::default();
        match self {
            Self::P256(key) => {
                let point = key.to_sec1_bytes();
                jwk.kty = "EC".into();
                jwk.crv = Some("P-256".into());
                jwk.x = point.get(1..33).map(b64::encode);
                jwk.y = point.get(33..65).map(b64::encode);
            }
            Self::P384(key) => {
                let point = key.to_sec1_bytes();
                jwk.kty = "EC".into();
                jwk.crv = Some("P-384".into());
                jwk.x = point.get(1..49).map(b64::encode);
                jwk.y = point.get(49..97).map(b64::encode);
            }
            Self::Rsa(key) => {
                jwk.kty = "RSA".into();
                jwk.n = Some(b64::encode(&key.n().to_be_bytes_trimmed_vartime()));
                jwk.e = Some(b64::encode(&key.e().to_be_bytes_trimmed_vartime()));
            }
            Self::Ed25519(key) => {
                jwk.kty = "OKP".into();
                jwk.crv = Some("Ed25519".into());
                jwk.x = Some(b64::encode(&key.to_bytes()));
            }
        }
        jwk
    }

    pub(crate) fn supports(&self, alg: Algorithm) -> bool {
        matches!(
            (self, alg),
            (Self::P256(_), Algorithm::ES256)
                | (Self::P384(_), Algorithm::ES384)
                | (Self::Rsa(_), Algorithm::RS256 | Algorithm::PS256)
                | (Self::Ed25519(_), Algorithm::EdDSA)
        )
    }

    /// Verifies `signature` over `input` with `alg`.
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
