//! PEM import of every key type, in each form OpenSSL writes (`openssl genpkey`, `openssl
//! rsa -traditional`, `openssl ecparam -genkey`): the key signs, and its public JWK verifies;
//! with every provider compiled in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauth2_jose::{Algorithm, CryptoProvider, SigningKey};

fn signs_and_verifies(key: &SigningKey) {
    let signature = key.sign(b"signing input").unwrap();
    key.verifying_key()
        .verify(key.algorithm(), b"signing input", &signature)
        .unwrap();
    assert!(
        key.verifying_key()
            .verify(key.algorithm(), b"other input", &signature)
            .is_err()
    );
    assert!(!key.public_jwk().is_private());
}

#[test]
fn every_key_type_and_form() {
    for (pem, alg, expected) in [
        (include_str!("pem/rsa-pkcs8.pem"), None, Algorithm::RS256),
        (include_str!("pem/rsa-pkcs1.pem"), None, Algorithm::RS256),
        (
            include_str!("pem/rsa-pkcs1.pem"),
            Some(Algorithm::PS256),
            Algorithm::PS256,
        ),
        (include_str!("pem/p256-sec1.pem"), None, Algorithm::ES256),
        (include_str!("pem/p384-sec1.pem"), None, Algorithm::ES384),
        (include_str!("pem/p384-pkcs8.pem"), None, Algorithm::ES384),
        (
            include_str!("pem/ed25519-pkcs8.pem"),
            None,
            Algorithm::EdDSA,
        ),
    ] {
        for provider in CryptoProvider::available() {
            let key = SigningKey::from_pem_with(*provider, pem, alg)
                .unwrap_or_else(|err| panic!("{provider} {expected}: {err}"));
            assert_eq!((key.algorithm(), key.provider()), (expected, *provider));
            signs_and_verifies(&key);
        }
    }
}

#[test]
fn the_same_key_from_pkcs1_and_pkcs8() {
    let mut thumbprints = Vec::new();
    for provider in CryptoProvider::available() {
        let load = |pem| SigningKey::from_pem_with(*provider, pem, None).unwrap();
        let pkcs1 = load(include_str!("pem/rsa-pkcs1.pem"));
        let pkcs8 = load(include_str!("pem/rsa-pkcs8.pem"));
        assert_eq!(pkcs1.thumbprint(), pkcs8.thumbprint());
        let sec1 = load(include_str!("pem/p384-sec1.pem"));
        let pkcs8 = load(include_str!("pem/p384-pkcs8.pem"));
        assert_eq!(sec1.thumbprint(), pkcs8.thumbprint());
        thumbprints.push((pkcs1.thumbprint().to_owned(), sec1.thumbprint().to_owned()));
    }
    // Every provider reads the same public keys.
    assert!(thumbprints.windows(2).all(|pair| pair[0] == pair[1]));
}

#[test]
fn short_rsa_keys_and_wrong_algorithms_are_refused() {
    for provider in CryptoProvider::available() {
        let load = |pem, alg| SigningKey::from_pem_with(*provider, pem, alg);
        assert!(load(include_str!("pem/rsa-1024.pem"), None).is_err());
        assert!(
            load(
                include_str!("pem/ed25519-pkcs8.pem"),
                Some(Algorithm::ES256)
            )
            .is_err()
        );
        assert!(load(include_str!("pem/p256-sec1.pem"), Some(Algorithm::RS256)).is_err());
    }
}
