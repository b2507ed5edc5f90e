//! Both providers, side by side: each signs and verifies every algorithm, verifies the
//! other's signatures, and refuses by name a key it cannot load. They run with whatever
//! providers are compiled in (`cargo test -p oauth2-jose --all-features` for both).

use crate::jws::{self, Header};
use crate::{Algorithm, CryptoProvider, Error, HmacKey, Jwk, Jwks, SigningKey, VerifyingKey};

const ASYMMETRIC: [Algorithm; 5] = [
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::EdDSA,
];

#[tokio::test]
async fn every_provider_signs_every_algorithm_and_verifies_every_providers_signatures() {
    for signer in CryptoProvider::available() {
        for alg in ASYMMETRIC {
            let key = SigningKey::generate_with(*signer, alg)
                .unwrap()
                .with_key_id("k");
            assert_eq!((key.provider(), key.algorithm()), (*signer, alg));
            let signature = key.sign(b"input").unwrap();
            let token = jws::encode(&Header::new(), &serde_json::json!({"a": 1}), &key)
                .await
                .unwrap();
            let jwks = Jwks {
                keys: vec![key.public_jwk().clone()],
            };
            for verifier in CryptoProvider::available() {
                let public = VerifyingKey::from_jwk_with(*verifier, key.public_jwk()).unwrap();
                assert_eq!(public.provider(), *verifier);
                public.verify(alg, b"input", &signature).unwrap();
                assert_eq!(
                    public.verify(alg, b"other", &signature),
                    Err(Error::InvalidSignature),
                    "{signer} -> {verifier}: {alg}"
                );
                jws::verify_with_jwks_using(*verifier, &token, &jwks, &[alg]).unwrap();
            }
        }
    }
}

#[test]
fn every_provider_computes_the_same_hs256() {
    let macs: Vec<Vec<u8>> = CryptoProvider::available()
        .iter()
        .map(|provider| {
            let key = HmacKey::new("a shared secret").with_provider(*provider);
            assert_eq!(key.provider().unwrap(), *provider);
            key.sign(b"input").unwrap()
        })
        .collect();
    for (provider, _) in CryptoProvider::available().iter().zip(&macs) {
        for mac in &macs {
            let key = HmacKey::new("a shared secret").with_provider(*provider);
            key.verify(b"input", mac).unwrap();
            assert_eq!(key.verify(b"other", mac), Err(Error::InvalidSignature));
        }
    }
}

/// Ed25519 signatures are deterministic: the same key signs alike with every provider
/// (RFC 8037 A.1's key).
#[test]
fn the_same_key_signs_alike_with_every_provider() {
    let private: Jwk = serde_json::from_str(
        r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    )
    .unwrap();
    let signatures: Vec<Vec<u8>> = CryptoProvider::available()
        .iter()
        .map(|provider| {
            let key = SigningKey::from_jwk_with(*provider, &private).unwrap();
            assert_eq!(key.public_jwk().x, private.x);
            key.sign(b"input").unwrap()
        })
        .collect();
    assert!(signatures.windows(2).all(|pair| pair[0] == pair[1]));
}

/// An EC private key of zero is no key: each provider refuses it, by its own name.
#[test]
fn a_key_the_provider_cannot_load_is_an_error_naming_it() {
    let mut jwk = SigningKey::generate(Algorithm::ES256)
        .unwrap()
        .public_jwk()
        .clone();
    jwk.d = Some(crate::base64url(&[0; 32]));
    for provider in CryptoProvider::available() {
        let err = SigningKey::from_jwk_with(*provider, &jwk).unwrap_err();
        assert!(
            matches!(&err, Error::KeyRejected { provider: name, .. } if *name == provider.name()),
            "{provider}: {err:?}"
        );
        assert!(err.to_string().contains(provider.name()), "{err}");
    }
}

/// aws-lc-rs loads an RSA JWK only with its CRT members; the pure-Rust crates compute them.
/// Neither hands the key to the other.
#[test]
fn an_rsa_jwk_without_crt_members_is_refused_by_aws_lc_only() {
    let without_crt = crate::tests::rfc7515_a2_key(false);
    #[cfg(feature = "aws-lc")]
    {
        let err = SigningKey::from_jwk_with(CryptoProvider::aws_lc(), &without_crt).unwrap_err();
        assert!(
            matches!(&err, Error::KeyRejected { provider: "aws-lc-rs", reason } if reason.contains("\"dp\"")),
            "{err:?}"
        );
        let err = SigningKey::generate_rsa_with(CryptoProvider::aws_lc(), Algorithm::PS256, 2050)
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::KeyRejected {
                    provider: "aws-lc-rs",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    #[cfg(feature = "rust-crypto")]
    {
        let key = SigningKey::from_jwk_with(CryptoProvider::rust_crypto(), &without_crt).unwrap();
        assert_eq!(key.provider(), CryptoProvider::rust_crypto());
    }
    let _ = without_crt;
}

#[test]
fn every_provider_exports_pkcs8_pem_that_every_provider_reads_back() {
    for exporter in CryptoProvider::available() {
        for alg in ASYMMETRIC {
            let key = SigningKey::generate_with(*exporter, alg).unwrap();
            let pem = key.to_pkcs8_pem().unwrap();
            assert!(
                pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
                "{exporter}: {alg}"
            );
            for importer in CryptoProvider::available() {
                let back = SigningKey::from_pem_with(*importer, &pem, Some(alg))
                    .unwrap_or_else(|err| panic!("{exporter} -> {importer}: {alg}: {err}"));
                assert_eq!(
                    back.thumbprint(),
                    key.thumbprint(),
                    "{exporter} -> {importer}"
                );
                let signature = back.sign(b"input").unwrap();
                key.verifying_key()
                    .verify(alg, b"input", &signature)
                    .unwrap();
            }
        }
    }
}

#[test]
fn every_provider_exports_a_private_jwk_that_every_provider_reads_back() {
    for exporter in CryptoProvider::available() {
        for alg in ASYMMETRIC {
            let key = SigningKey::generate_with(*exporter, alg)
                .unwrap()
                .with_key_id("k1");
            let jwk = key.to_private_jwk().unwrap();
            assert!(jwk.is_private(), "{exporter}: {alg}");
            assert_eq!(jwk.to_public(), *key.public_jwk(), "{exporter}: {alg}");
            let json = serde_json::to_string(&jwk).unwrap();
            let debug = format!("{jwk:?}");
            for secret in [&jwk.d, &jwk.p, &jwk.q, &jwk.dp, &jwk.dq, &jwk.qi]
                .into_iter()
                .flatten()
            {
                assert!(!debug.contains(secret.as_str()), "{exporter}: {alg}");
            }
            for importer in CryptoProvider::available() {
                let back =
                    SigningKey::from_jwk_with(*importer, &serde_json::from_str(&json).unwrap())
                        .unwrap_or_else(|err| panic!("{exporter} -> {importer}: {alg}: {err}"));
                assert_eq!(
                    (back.thumbprint(), back.algorithm(), back.key_id()),
                    (key.thumbprint(), alg, Some("k1")),
                    "{exporter} -> {importer}"
                );
                let signature = back.sign(b"input").unwrap();
                key.verifying_key()
                    .verify(alg, b"input", &signature)
                    .unwrap();
            }
        }
    }
}
