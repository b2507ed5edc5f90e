//! Signing backends. RustCrypto parses, generates and verifies keys; with the `aws-lc`
//! feature, aws-lc-rs signs with the same keys, several times faster.

pub(crate) mod rust_crypto;

#[cfg(feature = "aws-lc")]
pub(crate) mod aws_lc;
