//! The process default, installed: every key made without a provider named uses it, and it
//! is set once. (Its own test binary: the default is per process.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauth2_jose::{Algorithm, CryptoProvider, HmacKey, SigningKey, VerifyingKey};

#[test]
fn an_installed_default_is_used_everywhere_and_set_once() {
    // The last one: RustCrypto when both are compiled in, so not the one picked otherwise.
    let chosen = *CryptoProvider::available().last().unwrap();
    chosen.install_default().unwrap();
    assert_eq!(CryptoProvider::get_default().unwrap(), chosen);
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    assert_eq!(key.provider(), chosen);
    assert_eq!(
        VerifyingKey::from_jwk(key.public_jwk()).unwrap().provider(),
        chosen
    );
    assert_eq!(HmacKey::new("secret").provider().unwrap(), chosen);
    let other = CryptoProvider::available()[0];
    assert_eq!(other.install_default(), Err(other));
    assert_eq!(CryptoProvider::get_default().unwrap(), chosen);
}
