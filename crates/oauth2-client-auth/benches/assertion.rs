//! Client assertion creation per algorithm, beside the bare signature of the same key over a
//! signing input of the same size.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_client_auth::{ClientSecretJwt, PrivateKeyJwt};
use oauth2_jose::{Algorithm, SigningKey};
use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};

/// About the size of an assertion's signing input.
const INPUT: &[u8; 300] = &[b'a'; 300];

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let context = AuthenticationContext::new(Some("https://as.example"));
    let url: url::Url = "https://as.example/token".parse().unwrap();
    let mut group = c.benchmark_group("client_assertion");
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let key = SigningKey::generate(alg).unwrap().with_key_id("k1");
        group.bench_function(format!("{alg} bare signature"), |b| {
            b.iter(|| key.sign(INPUT).unwrap())
        });
        let auth = PrivateKeyJwt::new("client", key);
        group.bench_function(format!("{alg} private_key_jwt assertion"), |b| {
            b.iter(|| {
                let mut request = FormRequest::new(url.clone());
                runtime
                    .block_on(auth.authenticate(&mut request, &context))
                    .unwrap();
                request
            })
        });
    }
    let hmac = oauth2_jose::HmacKey::new("a client secret of thirty-two bytes!!");
    group.bench_function("HS256 bare signature", |b| {
        b.iter(|| hmac.sign(INPUT).unwrap())
    });
    let auth = ClientSecretJwt::new("client", "a client secret of thirty-two bytes!!");
    group.bench_function("HS256 client_secret_jwt assertion", |b| {
        b.iter(|| {
            let mut request = FormRequest::new(url.clone());
            runtime
                .block_on(auth.authenticate(&mut request, &context))
                .unwrap();
            request
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
