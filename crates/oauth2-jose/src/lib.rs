//! JOSE for OAuth 2.x clients: keys, compact JWS signing and verification, RFC 7638
//! thumbprints. Used for client assertions (`private_key_jwt`, `client_secret_jwt`), DPoP
//! proofs, request objects, and ID token verification.
//!
//! Algorithms: ES256, ES384, RS256, PS256 (RSA keys of 2048 bits or more), EdDSA (Ed25519),
//! HS256; never `none`. Keys are generated or imported from JWK or PEM. The cryptography is
//! done by a [`CryptoProvider`], a value chosen per key with a process default: aws-lc-rs
//! (feature `aws-lc`, the default provider when compiled in) or the pure-Rust RustCrypto
//! crates (feature `rust-crypto`, on by default). Anything that signs can stand behind the
//! async [`JwsSigner`] trait (a KMS, an HSM).
//!
//! With the `jose-jwk` feature, keys and key sets convert from and to the `jose-jwk` crate's
//! `Jwk` and `JwkSet` (`From` one way, `TryFrom` with a `JoseJwkError` the other).
//!
//! No HTTP stack, no async runtime.
//!
//! ```
//! use oauth2_jose::{Algorithm, SigningKey, jws};
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_jose::Error> {
//! let key = SigningKey::generate(Algorithm::EdDSA)?.with_key_id("k1");
//! let token = jws::encode(&jws::Header::new(), &serde_json::json!({"iss": "me"}), &key).await?;
//! jws::verify(&token, &key.verifying_key(), &[Algorithm::EdDSA])?;
//! println!("jkt = {}", key.thumbprint());
//! # Ok(()) }
//! ```
// Without a provider, no key can exist: the code past a key operation is unreachable.
#![cfg_attr(
    not(any(feature = "rust-crypto", feature = "aws-lc")),
    allow(unreachable_code, unused_variables, unused_imports, dead_code)
)]

mod algorithm;
mod b64;
mod backend;
mod error;
mod hmac;
#[cfg(feature = "jose-jwk")]
mod jose_jwk_interop;
mod jwk;
pub mod jws;
mod key;
mod key_material;
mod pkcs8;
mod provider;
mod signer;
mod thumbprint;
mod verifying_key;

pub use algorithm::Algorithm;
pub use error::Error;
pub use hmac::HmacKey;
#[cfg(feature = "jose-jwk")]
pub use jose_jwk_interop::JoseJwkError;
pub use jwk::{Jwk, Jwks};
pub use key::{DEFAULT_RSA_BITS, SigningKey};
pub use provider::CryptoProvider;
pub use signer::JwsSigner;
pub use thumbprint::thumbprint;
pub use verifying_key::VerifyingKey;

/// base64url without padding, as JOSE uses it.
///
/// ```
/// // URL-safe alphabet, no `=` padding.
/// assert_eq!(oauth2_jose::base64url(b"\xfb\xff"), "-_8");
/// ```
pub fn base64url(bytes: &[u8]) -> String {
    b64::encode(bytes)
}

#[cfg(all(test, feature = "jose-jwk"))]
mod jose_jwk_interop_tests;
#[cfg(test)]
mod provider_tests;
#[cfg(test)]
mod tests;
