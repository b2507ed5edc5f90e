//! One signature per algorithm with each provider compiled in, side by side with the
//! underlying crates' bare calls (p256 and ed25519-dalek; aws-lc-rs with `--features aws-lc`),
//! and a whole compact JWS. `cargo bench -p oauth2-jose --all-features --bench sign` for both
//! providers in one run.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_jose::{Algorithm, CryptoProvider, SigningKey, jws};
use rsa::signature::Signer;

/// About the size of a DPoP proof's or client assertion's signing input.
const INPUT: &[u8; 300] = &[b'a'; 300];

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("sign");

    let p256 = p256::ecdsa::SigningKey::try_from(&[7u8; 32][..]).unwrap();
    group.bench_function("ES256 bare p256", |b| {
        b.iter(|| -> p256::ecdsa::Signature { p256.sign(INPUT) })
    });
    let ed = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    group.bench_function("EdDSA bare ed25519-dalek", |b| b.iter(|| ed.sign(INPUT)));
    #[cfg(feature = "aws-lc")]
    {
        use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
        let key = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let rng = aws_lc_rs::rand::SystemRandom::new();
        group.bench_function("ES256 bare aws-lc-rs", |b| {
            b.iter(|| key.sign(&rng, INPUT).unwrap())
        });
        let ed = aws_lc_rs::signature::Ed25519KeyPair::generate().unwrap();
        group.bench_function("EdDSA bare aws-lc-rs", |b| b.iter(|| ed.sign(INPUT)));
    }

    let claims = serde_json::json!({"htm": "POST", "htu": "https://as.example/token", "iat": 1_700_000_000, "jti": "x"});
    for provider in CryptoProvider::available() {
        for alg in [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::RS256,
            Algorithm::PS256,
            Algorithm::EdDSA,
        ] {
            let key = SigningKey::generate_with(*provider, alg).unwrap();
            group.bench_function(format!("{alg} SigningKey::sign {provider}"), |b| {
                b.iter(|| key.sign(INPUT).unwrap())
            });
            group.bench_function(format!("{alg} jws::encode {provider}"), |b| {
                b.iter(|| {
                    runtime
                        .block_on(jws::encode(&jws::Header::new(), &claims, &key))
                        .unwrap()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
