//! The providers' implementations, and the one place that dispatches to them. Each key is
//! held by the provider that made it; nothing here converts a key to another provider.

#[cfg(feature = "aws-lc")]
pub(crate) mod aws_lc;
#[cfg(feature = "rust-crypto")]
pub(crate) mod rust_crypto;

use crate::algorithm::Algorithm;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key_material::{KeyType, Pem, PublicParts};
use crate::provider::{Backend, CryptoProvider};

/// A private key, held by its provider.
pub(crate) enum PrivateKey {
    #[cfg(feature = "rust-crypto")]
    RustCrypto(rust_crypto::PrivateKey),
    #[cfg(feature = "aws-lc")]
    AwsLc(aws_lc::PrivateKey),
}

/// A public key, held by its provider.
#[derive(Clone)]
pub(crate) enum PublicKey {
    #[cfg(feature = "rust-crypto")]
    RustCrypto(rust_crypto::PublicKey),
    #[cfg(feature = "aws-lc")]
    AwsLc(aws_lc::PublicKey),
}

impl PrivateKey {
    pub(crate) fn generate(
        provider: CryptoProvider,
        key_type: KeyType,
        rsa_bits: usize,
    ) -> Result<Self, Error> {
        match provider.0 {
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => {
                rust_crypto::PrivateKey::generate(key_type, rsa_bits).map(Self::RustCrypto)
            }
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => aws_lc::PrivateKey::generate(key_type, rsa_bits).map(Self::AwsLc),
        }
    }

    pub(crate) fn from_jwk(provider: CryptoProvider, jwk: &Jwk) -> Result<Self, Error> {
        let key_type = KeyType::of_jwk(jwk)?;
        match provider.0 {
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => {
                rust_crypto::PrivateKey::from_jwk(jwk, key_type).map(Self::RustCrypto)
            }
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => aws_lc::PrivateKey::from_jwk(jwk, key_type).map(Self::AwsLc),
        }
    }

    pub(crate) fn from_pem(provider: CryptoProvider, pem: &str) -> Result<Self, Error> {
        let pem = Pem::parse(pem)?;
        match provider.0 {
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => rust_crypto::PrivateKey::from_pem(&pem).map(Self::RustCrypto),
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => aws_lc::PrivateKey::from_pem(&pem).map(Self::AwsLc),
        }
    }

    /// The private key as PKCS#8 (v1) DER, written by the provider that holds it.
    pub(crate) fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(ref key) => key.to_pkcs8_der(),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(ref key) => key.to_pkcs8_der(),
        }
    }

    pub(crate) fn provider(&self) -> CryptoProvider {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(_) => CryptoProvider(Backend::RustCrypto),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(_) => CryptoProvider(Backend::AwsLc),
        }
    }

    pub(crate) fn key_type(&self) -> KeyType {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(ref key) => key.key_type(),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(ref key) => key.key_type(),
        }
    }

    pub(crate) fn public_parts(&self) -> PublicParts {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(ref key) => key.public_parts(),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(ref key) => key.public_parts(),
        }
    }

    pub(crate) fn sign(&self, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>, Error> {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(ref key) => key.sign(alg, input),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(ref key) => key.sign(alg, input),
        }
    }
}

impl PublicKey {
    pub(crate) fn from_parts(provider: CryptoProvider, parts: &PublicParts) -> Result<Self, Error> {
        match provider.0 {
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => rust_crypto::PublicKey::from_parts(parts).map(Self::RustCrypto),
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => aws_lc::PublicKey::from_parts(parts).map(Self::AwsLc),
        }
    }

    pub(crate) fn provider(&self) -> CryptoProvider {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(_) => CryptoProvider(Backend::RustCrypto),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(_) => CryptoProvider(Backend::AwsLc),
        }
    }

    pub(crate) fn verify(
        &self,
        alg: Algorithm,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        match *self {
            #[cfg(feature = "rust-crypto")]
            Self::RustCrypto(ref key) => key.verify(alg, input, signature),
            #[cfg(feature = "aws-lc")]
            Self::AwsLc(ref key) => key.verify(alg, input, signature),
        }
    }
}

/// The HMAC-SHA-256 of `input` with `secret`.
pub(crate) fn hmac_sign(
    provider: CryptoProvider,
    secret: &[u8],
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    match provider.0 {
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::hmac_sign(secret, input),
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => Ok(aws_lc::hmac_sign(secret, input)),
    }
}

/// Checks an HMAC-SHA-256 in constant time.
pub(crate) fn hmac_verify(
    provider: CryptoProvider,
    secret: &[u8],
    input: &[u8],
    mac: &[u8],
) -> Result<(), Error> {
    match provider.0 {
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::hmac_verify(secret, input, mac),
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => aws_lc::hmac_verify(secret, input, mac),
    }
}
