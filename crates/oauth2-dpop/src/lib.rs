//! DPoP (RFC 9449) for OAuth 2.x clients, sans-IO: keys, proofs, nonce memory, and the binding
//! that makes a token DPoP-bound.
//!
//! No HTTP stack: the grants crate sends the proofs this crate makes, and the API client puts
//! DPoP-bound tokens on requests through the `TokenBinding` seam of `oauth2-types`.
//!
//! ```
//! use oauth2_dpop::{DpopBinding, DpopKey};
//! use oauth2_jose::Algorithm;
//!
//! let key = DpopKey::generate(Algorithm::ES256)?;
//! println!("dpop_jkt = {}", key.thumbprint());
//! let binding = DpopBinding::new(key)?;
//! # Ok::<(), oauth2_dpop::Error>(())
//! ```

mod binding;
mod error;
mod htu;
mod key;
mod nonce;
mod proof;
mod session;

pub use binding::{
    DPOP_SCHEME, DpopBinding, proof_nonce, use_dpop_nonce_answer, use_dpop_nonce_challenge,
};
pub use error::Error;
pub use htu::htu;
pub use key::DpopKey;
pub use nonce::{DPOP_NONCE_HEADER, NonceStore};
pub use proof::{
    Clock, DPOP_JWT_TYPE, DpopOptions, JtiGenerator, ProofSigner, access_token_hash, random_jti,
};
pub use session::{BoundSession, DpopSessionStore, STORED_KEY_MEMBER};

#[cfg(test)]
mod tests;
