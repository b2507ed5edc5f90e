//! Key material in the providers' common terms: the key type, and a public key as raw
//! big-endian bytes. The JWK rules (RFC 7518 section 6) live here once, whatever provider
//! then loads the key.

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::Error;
use crate::jwk::Jwk;

/// The smallest RSA modulus accepted (RFC 7518 section 3.3).
pub(crate) const MIN_RSA_BITS: usize = 2048;

/// The asymmetric key types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    P256,
    P384,
    Rsa,
    Ed25519,
}

impl KeyType {
    /// The key type that signs with `alg`; none for HS256.
    pub(crate) fn for_algorithm(alg: Algorithm) -> Result<Self, Error> {
        match alg {
            Algorithm::ES256 => Ok(Self::P256),
            Algorithm::ES384 => Ok(Self::P384),
            Algorithm::RS256 | Algorithm::PS256 => Ok(Self::Rsa),
            Algorithm::EdDSA => Ok(Self::Ed25519),
            Algorithm::HS256 => Err(Error::AlgorithmMismatch("an asymmetric key".into())),
        }
    }

    /// The key type a JWK's `kty` and `crv` name.
    pub(crate) fn of_jwk(jwk: &Jwk) -> Result<Self, Error> {
        match (jwk.kty.as_str(), jwk.crv.as_deref()) {
            ("EC", Some("P-256")) => Ok(Self::P256),
            ("EC", Some("P-384")) => Ok(Self::P384),
            ("RSA", _) => Ok(Self::Rsa),
            ("OKP", Some("Ed25519")) => Ok(Self::Ed25519),
            (kty, crv) => Err(Error::InvalidKey(format!(
                "unsupported key: kty {kty:?}, crv {crv:?}"
            ))),
        }
    }

    /// The algorithm a key of this type signs with when none is said.
    pub(crate) fn default_algorithm(self) -> Algorithm {
        match self {
            Self::P256 => Algorithm::ES256,
            Self::P384 => Algorithm::ES384,
            Self::Rsa => Algorithm::RS256,
            Self::Ed25519 => Algorithm::EdDSA,
        }
    }

    /// Whether a key of this type signs and verifies `alg`.
    pub(crate) fn supports(self, alg: Algorithm) -> bool {
        Self::for_algorithm(alg) == Ok(self)
    }

    /// The size of an EC coordinate, in bytes.
    pub(crate) fn coordinate_len(self) -> usize {
        if self == Self::P384 { 48 } else { 32 }
    }
}

/// A public key as raw bytes: EC as the uncompressed SEC1 point, RSA as `n` and `e` without
/// leading zeros, Ed25519 as its 32 bytes.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum PublicParts {
    Ec { key_type: KeyType, point: Vec<u8> },
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ed25519 { x: Vec<u8> },
}

impl PublicParts {
    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            Self::Ec { key_type, .. } => *key_type,
            Self::Rsa { .. } => KeyType::Rsa,
            Self::Ed25519 { .. } => KeyType::Ed25519,
        }
    }

    /// The public members of a JWK, in their RFC 7518 form only (full-size EC coordinates,
    /// RSA integers without leading zero octets), so one key never has two thumbprints.
    pub(crate) fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        let key_type = KeyType::of_jwk(jwk)?;
        match key_type {
            KeyType::P256 | KeyType::P384 => {
                let size = key_type.coordinate_len();
                let mut point = vec![0x04];
                for (name, member) in [("x", &jwk.x), ("y", &jwk.y)] {
                    let coordinate = b64::decode_member(name, member.as_deref())?;
                    if coordinate.len() != size {
                        return Err(Error::InvalidKey(format!(
                            "a {key_type:?} coordinate has {size} bytes, {name:?} has {}",
                            coordinate.len()
                        )));
                    }
                    point.extend(coordinate);
                }
                Ok(Self::Ec { key_type, point })
            }
            KeyType::Ed25519 => {
                let x = b64::decode_member("x", jwk.x.as_deref())?;
                if x.len() != 32 {
                    return Err(Error::InvalidKey("an Ed25519 key has 32 bytes".into()));
                }
                Ok(Self::Ed25519 { x })
            }
            KeyType::Rsa => {
                let n = b64::decode_member("n", jwk.n.as_deref())?;
                let e = b64::decode_member("e", jwk.e.as_deref())?;
                if n.first() == Some(&0) || e.first() == Some(&0) || e.is_empty() {
                    return Err(Error::InvalidKey(
                        "an RSA integer has no leading zero octet (RFC 7518 section 6.3.1)".into(),
                    ));
                }
                check_rsa_size(n.len() * 8)?;
                Ok(Self::Rsa { n, e })
            }
        }
    }

    /// The public JWK members of the key (no `kid`, no `alg`).
    pub(crate) fn to_jwk(&self) -> Jwk {
        let mut jwk = Jwk::default();
        match self {
            Self::Ec { key_type, point } => {
                let size = key_type.coordinate_len();
                jwk.kty = "EC".into();
                jwk.crv = Some(
                    if *key_type == KeyType::P384 {
                        "P-384"
                    } else {
                        "P-256"
                    }
                    .into(),
                );
                jwk.x = point.get(1..=size).map(b64::encode);
                jwk.y = point.get(size + 1..=2 * size).map(b64::encode);
            }
            Self::Rsa { n, e } => {
                jwk.kty = "RSA".into();
                jwk.n = Some(b64::encode(n));
                jwk.e = Some(b64::encode(e));
            }
            Self::Ed25519 { x } => {
                jwk.kty = "OKP".into();
                jwk.crv = Some("Ed25519".into());
                jwk.x = Some(b64::encode(x));
            }
        }
        jwk
    }
}

/// Refuses RSA keys under [`MIN_RSA_BITS`].
pub(crate) fn check_rsa_size(bits: usize) -> Result<(), Error> {
    if bits < MIN_RSA_BITS {
        return Err(Error::InvalidKey(format!(
            "RSA keys need at least {MIN_RSA_BITS} bits, this one has {bits}"
        )));
    }
    Ok(())
}

/// `bytes` without its leading zero octets (a big-endian integer's minimal form).
pub(crate) fn trim_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// A PEM document's label and DER contents.
pub(crate) struct Pem {
    pub(crate) label: String,
    pub(crate) der: Vec<u8>,
}

impl Pem {
    /// A PKCS#8 private key as a PEM document (`PRIVATE KEY`, RFC 7468), which [`Self::parse`]
    /// reads back.
    pub(crate) fn encode_private_key(der: &[u8]) -> Result<String, Error> {
        pem_rfc7468::encode_string("PRIVATE KEY", pem_rfc7468::LineEnding::LF, der)
            .map_err(|err| Error::InvalidKey(format!("cannot write the key as PEM: {err}")))
    }

    /// Reads the first PEM block of `text`.
    pub(crate) fn parse(text: &str) -> Result<Self, Error> {
        use base64ct::{Base64, Encoding as _};
        let mut lines = text.lines().map(str::trim);
        let label = lines
            .by_ref()
            .find_map(|line| line.strip_prefix("-----BEGIN "))
            .and_then(|rest| rest.strip_suffix("-----"))
            .ok_or_else(|| Error::InvalidKey("not a PEM document".into()))?
            .to_owned();
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == end {
                let der = Base64::decode_vec(&body)
                    .map_err(|_| Error::InvalidKey("the PEM body is not base64".into()))?;
                return Ok(Self { label, der });
            }
            body.push_str(line);
        }
        Err(Error::InvalidKey(format!("the PEM has no {end:?} line")))
    }
}
