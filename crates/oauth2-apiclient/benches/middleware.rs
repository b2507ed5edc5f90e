//! A request with a cached token through the middleware, beside raw reqwest with a static
//! header, against a loopback server that answers at once.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use async_trait::async_trait;
use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_apiclient::OAuth2Middleware;
use oauth2_grants::{Error, TokenFetcher, TokenManager};
use oauth2_types::BearerToken;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A keep-alive HTTP/1.1 server that answers every request with `200 ok`.
async fn loopback_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut filled = 0;
                loop {
                    let Ok(n) = socket.read(&mut buffer[filled..]).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    filled += n;
                    while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                    {
                        buffer.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                        let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if socket.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{address}/api")
}

#[derive(Debug)]
struct NeverCalled;

#[async_trait]
impl TokenFetcher for NeverCalled {
    async fn fetch(&self, _: Option<&BearerToken>) -> Result<BearerToken, Error> {
        Err(Error::Config("the bench token is cached".into()))
    }
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = runtime.block_on(loopback_server());
    let token = BearerToken::new("x".repeat(800)).with_expires_in(Duration::from_secs(3600));
    let header = format!("Bearer {}", token.access_token().secret());

    let raw = reqwest::Client::new();
    let manager = TokenManager::with_initial(NeverCalled, Some(token.clone()));
    let with_manager = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(manager))
        .build();
    let with_static = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(token.clone()))
        .build();
    let binding = oauth2_dpop::DpopBinding::new(
        oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap(),
    )
    .unwrap();
    let dpop_token = binding.bind(token.clone().with_token_type("DPoP"));
    let with_dpop = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(dpop_token))
        .build();

    let mut group = c.benchmark_group("api_request");
    group.bench_function("raw reqwest, static header", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = raw
                .get(&url)
                .header("authorization", &header)
                .send()
                .await
                .unwrap();
            response.bytes().await.unwrap()
        })
    });
    group.bench_function("middleware, static BearerToken", |b| {
        b.to_async(&runtime).iter(|| async {
            with_static
                .get(&url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
    group.bench_function("middleware, TokenManager cached token", |b| {
        b.to_async(&runtime).iter(|| async {
            with_manager
                .get(&url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
    group.bench_function(
        "middleware, DPoP-bound token (ES256 proof per request)",
        |b| {
            b.to_async(&runtime).iter(|| async {
                with_dpop
                    .get(&url)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
