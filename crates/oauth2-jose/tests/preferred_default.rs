//! Without an installed default, the preferred compiled-in provider is the default: aws-lc-rs
//! whenever it is compiled in. Once read, the default is fixed. (Its own test binary: the
//! default is per process.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauth2_jose::{Algorithm, CryptoProvider, SigningKey};

#[test]
fn the_default_is_aws_lc_when_compiled_in_and_fixed_once_read() {
    let default = CryptoProvider::get_default().unwrap();
    #[cfg(feature = "aws-lc")]
    assert_eq!(default, CryptoProvider::aws_lc());
    #[cfg(all(feature = "rust-crypto", not(feature = "aws-lc")))]
    assert_eq!(default, CryptoProvider::rust_crypto());
    assert_eq!(
        SigningKey::generate(Algorithm::EdDSA).unwrap().provider(),
        default
    );
    let last = *CryptoProvider::available().last().unwrap();
    assert_eq!(last.install_default(), Err(last));
}
