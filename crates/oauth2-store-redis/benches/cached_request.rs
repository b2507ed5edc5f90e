//! The middleware's cost for a request with a cached token, with a Redis store beside the
//! token manager and without: a cached request must not touch Redis, so the two must match.
//!
//! The request ends in a last middleware that answers `200 ok` itself: no socket, so only the
//! authorization path is measured. One row has its store on a port where nothing listens:
//! were Redis asked, it would fail or wait there.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use async_trait::async_trait;
use criterion::{Criterion, criterion_group, criterion_main};
use oauth2_apiclient::OAuth2Middleware;
use oauth2_grants::{Error, TokenFetcher, TokenManager};
use oauth2_store_redis::RedisStore;
use oauth2_test_server::RedisServer;
use oauth2_types::BearerToken;
use reqwest::ResponseBuilderExt;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware, Middleware, Next};

#[derive(Debug)]
struct NeverCalled;

#[async_trait]
impl TokenFetcher for NeverCalled {
    async fn fetch(&self, _: Option<&BearerToken>) -> Result<BearerToken, Error> {
        Err(Error::Config("the bench token is cached".into()))
    }
}

/// Answers every request with `200 ok`, without a network.
struct Answer;

#[async_trait]
impl Middleware for Answer {
    async fn handle(
        &self,
        request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        // The URL it answers for: the middleware checks no redirect was followed.
        let response = http::Response::builder()
            .url(request.url().clone())
            .body("ok")
            .unwrap();
        Ok(response.into())
    }
}

fn client(manager: Option<TokenManager>) -> ClientWithMiddleware {
    let builder = ClientBuilder::new(reqwest::Client::new());
    match manager {
        Some(manager) => builder.with(OAuth2Middleware::new(manager)),
        None => builder,
    }
    .with(Answer)
    .build()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = runtime.enter();
    let token = BearerToken::new("x".repeat(800)).with_expires_in(Duration::from_secs(3600));
    let manager = || TokenManager::with_initial(NeverCalled, Some(token.clone()));
    let mut rows = vec![
        ("no authorization", client(None)),
        ("TokenManager, cached token", client(Some(manager()))),
    ];
    // Without redis-server installed, this row is left out (with a notice).
    let redis = RedisServer::start_or_skip("the bench's row with a running Redis").unwrap();
    if let Some(redis) = &redis {
        rows.push((
            "TokenManager with a RedisStore, cached token",
            client(Some(
                manager().with_store(RedisStore::open(&redis.url()).unwrap()),
            )),
        ));
    }
    rows.push((
        "TokenManager with a RedisStore where Redis is down, cached token",
        client(Some(manager().with_store(
            RedisStore::open("redis://127.0.0.1:1/0").unwrap(),
        ))),
    ));
    let url = "http://127.0.0.1:9/api";
    let mut group = c.benchmark_group("cached_request");
    for (name, client) in &mut rows {
        group.bench_function(*name, |b| {
            b.to_async(&runtime)
                .iter(|| async { client.get(url).send().await.unwrap().bytes().await.unwrap() })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
