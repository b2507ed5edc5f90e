//! DPoP proof generation per algorithm, beside one bare signature of the same key over an
//! input of the same size. The goal for ES256: a proof in at most 1.25 signatures.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
use oauth2_jose::{Algorithm, SigningKey};
use oauth2_types::AccessToken;

fn bench(c: &mut Criterion) {
    let url = url::Url::parse("https://resource.example/api/orders?page=2").unwrap();
    let token = AccessToken::new("x".repeat(800));
    let backend = if cfg!(feature = "aws-lc") {
        "aws-lc"
    } else {
        "rust-crypto"
    };
    let mut group = c.benchmark_group(format!("dpop_proof/{backend}"));
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let key = SigningKey::generate(alg).unwrap();
        let signer = ProofSigner::new(
            DpopKey::from_signing_key(key.clone()),
            DpopOptions::default(),
        )
        .unwrap();
        let sample =
            pollster::block_on(signer.proof(&http::Method::GET, &url, Some(&token), Some("nonce")))
                .unwrap();
        let input_len = sample.rfind('.').unwrap();
        let input = vec![b'a'; input_len];
        group.bench_function(format!("{alg} bare signature"), |b| {
            b.iter(|| key.sign(&input).unwrap())
        });
        group.bench_function(format!("{alg} proof with ath and nonce"), |b| {
            b.iter(|| {
                pollster::block_on(signer.proof(
                    &http::Method::GET,
                    &url,
                    Some(&token),
                    Some("nonce"),
                ))
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
