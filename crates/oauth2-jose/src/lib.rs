//! JOSE for OAuth 2.x clients: keys, compact JWS signing and verification, RFC 7638
//! thumbprints. Used for client assertions (`private_key_jwt`, `client_secret_jwt`), DPoP
//! proofs, request objects, and ID token verification.
//!
//! Algorithms: ES256, ES384, RS256, PS256 (RSA keys of 2048 bits or more), EdDSA (Ed25519),
//! HS256; never `none`. Keys are generated or imported from JWK or PEM. Signing is done by the
//! pure-Rust RustCrypto crates, or by aws-lc-rs with the `aws-lc` feature. Anything that signs
//! can stand behind the async [`JwsSigner`] trait (a KMS, an HSM).
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

mod algorithm;
mod b64;
mod backend;
mod error;
mod hmac;
mod jwk;
pub mod jws;
mod key;
mod signer;
mod thumbprint;

pub use algorithm::Algorithm;
pub use error::Error;
pub use hmac::HmacKey;
pub use jwk::{Jwk, Jwks};
pub use key::{DEFAULT_RSA_BITS, SigningKey, VerifyingKey};
pub use signer::JwsSigner;
pub use thumbprint::thumbprint;

/// base64url without padding, as JOSE uses it.
///
/// ```
/// // URL-safe alphabet, no `=` padding.
/// assert_eq!(oauth2_jose::base64url(b"\xfb\xff"), "-_8");
/// ```
pub fn base64url(bytes: &[u8]) -> String {
    b64::encode(bytes)
}

#[cfg(test)]
mod tests;
