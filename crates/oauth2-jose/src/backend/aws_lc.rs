//! The aws-lc-rs signing backend: the same keys, signed several times faster.
//!
//! Keys are parsed by the RustCrypto backend and handed over as PKCS#8, so both backends
//! accept exactly the same keys and give the same signatures' formats.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair,
    RSA_PKCS1_SHA256, RSA_PSS_SHA256, RsaKeyPair,
};

use super::rust_crypto::PrivateKey;
use crate::algorithm::Algorithm;
use crate::error::{Error, invalid_key};

/// A key ready to sign with aws-lc-rs, for one algorithm.
pub(crate) enum Signer {
    Ecdsa(EcdsaKeyPair),
    Rsa(RsaKeyPair, &'static dyn aws_lc_rs::signature::RsaEncoding),
    Ed25519(Ed25519KeyPair),
}

impl Signer {
    pub(crate) fn new(key: &PrivateKey, alg: Algorithm) -> Result<Self, Error> {
        let der = key.to_pkcs8_der()?;
        Ok(match alg {
            Algorithm::ES256 => Self::Ecdsa(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der)
                    .map_err(invalid_key)?,
            ),
            Algorithm::ES384 => Self::Ecdsa(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &der)
                    .map_err(invalid_key)?,
            ),
            Algorithm::RS256 => Self::Rsa(
                RsaKeyPair::from_pkcs8(&der).map_err(invalid_key)?,
                &RSA_PKCS1_SHA256,
            ),
            Algorithm::PS256 => Self::Rsa(
                RsaKeyPair::from_pkcs8(&der).map_err(invalid_key)?,
                &RSA_PSS_SHA256,
            ),
            Algorithm::EdDSA => Self::Ed25519(
                Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(invalid_key)?,
            ),
            Algorithm::HS256 => return Err(Error::AlgorithmMismatch(alg.to_string())),
        })
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let failed = |err: aws_lc_rs::error::Unspecified| Error::Signing(err.to_string());
        match self {
            Self::Ecdsa(key) => Ok(key
                .sign(&SystemRandom::new(), input)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            Self::Rsa(key, padding) => {
                let mut signature = vec![0; key.public_modulus_len()];
                key.sign(*padding, &SystemRandom::new(), input, &mut signature)
                    .map_err(failed)?;
                Ok(signature)
            }
            Self::Ed25519(key) => Ok(key.sign(input).as_ref().to_vec()),
        }
    }
}
