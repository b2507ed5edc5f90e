//! One signature per algorithm: the underlying crate's bare call, our `SigningKey::sign`
//! (which is aws-lc-rs with the `aws-lc` feature), and a whole compact JWS.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_jose::{Algorithm, SigningKey, jws};
use rsa::signature::Signer;

/// About the size of a DPoP proof's or client assertion's signing input.
const INPUT: &[u8; 300] = &[b'a'; 300];

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let backend = if cfg!(feature = "aws-lc") {
        "aws-lc"
    } else {
        "rust-crypto"
    };
    let mut group = c.benchmark_group(format!("sign/{backend}"));

    let p256 = p256::ecdsa::SigningKey::try_from(&[7u8; 32][..]).unwrap();
    group.bench_function("ES256 bare p256", |b| {
        b.iter(|| -> p256::ecdsa::Signature { p256.sign(INPUT) })
    });
    let ed = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    group.bench_function("EdDSA bare ed25519-dalek", |b| b.iter(|| ed.sign(INPUT)));

    let claims = serde_json::json!({"htm": "POST", "htu": "https://as.example/token", "iat": 1_700_000_000, "jti": "x"});
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let key = SigningKey::generate(alg).unwrap();
        group.bench_function(format!("{alg} SigningKey::sign"), |b| {
            b.iter(|| key.sign(INPUT).unwrap())
        });
        group.bench_function(format!("{alg} jws::encode"), |b| {
            b.iter(|| {
                runtime
                    .block_on(jws::encode(&jws::Header::new(), &claims, &key))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
