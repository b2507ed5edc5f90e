//! Fuzz targets for every parser that reads untrusted input: token and error responses,
//! server metadata, callback URLs, `WWW-Authenticate`, compact JWS and ID tokens, JWKs and
//! JWK Sets, DPoP nonces, introspection responses.
//!
//! Each target is a plain `fn(&[u8])` that feeds the bytes to the public parser and checks
//! what must hold whatever the input: no panic, parse → serialize → parse is stable, secrets
//! never change what `Debug` or an error shows. A broken invariant panics, which is how both
//! runners report it:
//!
//! - cargo-fuzz (`cargo xtask fuzz`, nightly) through `fuzz/fuzz_targets/<target>.rs`;
//! - `tests/corpus.rs` (stable, part of `cargo test --workspace`) on the committed corpus
//!   `fuzz/corpus/<target>/` and deterministic mutations of it.
//!
//! The corpus holds real responses of the local authorization server, recorded with the
//! [`Fixture`] they are checked against (`cargo xtask fuzz --seed-corpus`).
//!
//! ```
//! for (name, target) in oauth2_fuzz_targets::TARGETS {
//!     target(b"{\"access_token\":\"a\",\"error\":\"x\",\"issuer\":\"https://as.example\"}");
//!     assert!(!name.is_empty());
//! }
//! ```
#![allow(
    clippy::panic,
    reason = "a fuzz target reports a broken invariant by panicking"
)]

mod checks;
mod fixture;
mod targets;

pub use fixture::{FUZZ_HMAC_SECRET, Fixture, fixture};
pub use targets::{
    callback, dpop_nonce, error_response, introspection, jwk, jws, metadata, token_response,
    www_authenticate,
};

/// A fuzz target: it panics when an invariant breaks on `data`.
///
/// ```
/// let target: oauth2_fuzz_targets::Target = oauth2_fuzz_targets::jwk;
/// target(b"{}");
/// ```
pub type Target = fn(&[u8]);

/// Every target, by the name of its corpus folder and cargo-fuzz target.
///
/// ```
/// let names: Vec<&str> = oauth2_fuzz_targets::TARGETS.iter().map(|(name, _)| *name).collect();
/// assert!(names.contains(&"token_response"));
/// ```
pub const TARGETS: &[(&str, Target)] = &[
    ("token_response", token_response),
    ("error_response", error_response),
    ("metadata", metadata),
    ("callback", callback),
    ("www_authenticate", www_authenticate),
    ("jws", jws),
    ("jwk", jwk),
    ("dpop_nonce", dpop_nonce),
    ("introspection", introspection),
];
