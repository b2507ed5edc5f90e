//! What the middleware and `send_with` cost per request, beside what they are measured
//! against, in ONE interleaved run against a loopback server that answers at once: every
//! round times a batch of each path in turn (in a rotating order), so a noisy neighbour slows
//! all of them alike, and each path's median batch is compared with the others'.
//!
//! First, what a `TokenManager` holding a token costs in memory: the growth of the resident
//! set over many of them (allocator overhead included), divided by their number.
//!
//! `cargo bench -p oauth2-apiclient --bench middleware [-- --rounds 1000 --batch 50]`
//! (`--rounds 0`: the memory figures only; `--breakdown 1`: four more paths, the steps of an
//! authorizing middleware one at a time, to show where the middleware's cost goes; `--only N`:
//! path N alone, its median only, for a profiler such as `perf record -g`)
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use http::Extensions;
use oauth2_apiclient::{OAuth2Middleware, RequestBuilderExt};
use oauth2_grants::TokenManager;
use oauth2_types::{BearerToken, TokenSource};
use reqwest_middleware::{Middleware, Next};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[path = "support/measure.rs"]
mod measure;
use measure::{Cached, MeasureFuture};

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

/// The paths compared, in the order they are reported; the last four with `--breakdown`.
const PATHS: [&str; 9] = [
    "raw reqwest, static header",
    "raw reqwest, header formatted per request",
    "reqwest-middleware, empty stack (static header)",
    "OAuth2Middleware + cached TokenManager",
    "send_with",
    "a middleware calling the next (static header)",
    "a middleware: a static token's header",
    "a middleware: a TokenManager token's header",
    "the same + a spare copy of the request",
];

/// Calls the next middleware, nothing else: what reqwest-middleware charges any layer.
struct PassThrough;

#[async_trait]
impl Middleware for PassThrough {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        next.run(request, extensions).await
    }
}

/// The least an authorizing middleware does: takes a token, puts its cached header on, and
/// (with `spare`) keeps a copy of the request as a retry would need.
struct Minimal<S> {
    source: S,
    spare: bool,
}

#[async_trait]
impl<S: TokenSource + 'static> Middleware for Minimal<S> {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let token = self.source.token().await.unwrap();
        let spare = if self.spare {
            request.try_clone()
        } else {
            None
        };
        let header = token.authorization_header().unwrap();
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, header);
        let response = next.run(request, extensions).await;
        black_box(spare);
        response
    }
}

/// Times `batch` requests of one path; the mean per request, in nanoseconds.
async fn time_batch<F: Future<Output = ()>>(batch: u32, mut request: impl FnMut() -> F) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        request().await;
    }
    start.elapsed().as_nanos() as f64 / f64::from(batch)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn requests(
    runtime: &tokio::runtime::Runtime,
    rounds: usize,
    batch: u32,
    breakdown: bool,
    only: Option<usize>,
) {
    let url = runtime.block_on(loopback_server());
    let token = BearerToken::new("x".repeat(800)).with_expires_in(Duration::from_secs(3600));
    let secret = token.access_token().secret().to_owned();
    let header = token.authorization_header().unwrap();

    let raw = oauth2_apiclient::reqwest_client(reqwest::Client::builder()).unwrap();
    let empty_stack = reqwest_middleware::ClientBuilder::new(raw.clone()).build();
    let manager = TokenManager::with_initial(Cached, Some(token.clone()));
    let with_manager = reqwest_middleware::ClientBuilder::new(raw.clone())
        .with(OAuth2Middleware::new(manager.clone()))
        .build();
    let layer = |middleware: Arc<dyn Middleware>| {
        reqwest_middleware::ClientBuilder::new(raw.clone())
            .with_arc(middleware)
            .build()
    };
    let pass_through = layer(Arc::new(PassThrough));
    let static_token = layer(Arc::new(Minimal {
        source: token.clone(),
        spare: false,
    }));
    let manager_token = layer(Arc::new(Minimal {
        source: manager.clone(),
        spare: false,
    }));
    let with_spare = layer(Arc::new(Minimal {
        source: manager.clone(),
        spare: true,
    }));
    let paths = match only {
        Some(only) => only + 1,
        None if breakdown => PATHS.len(),
        None => 5,
    };

    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); paths];
    runtime.block_on(async {
        for round in 0..rounds + 1 {
            for step in 0..paths {
                let path = (round + step) % paths;
                if only.is_some_and(|only| path != only) {
                    continue;
                }
                let nanos = match path {
                    0 => {
                        time_batch(batch, || async {
                            let response = raw
                                .get(&url)
                                .header(http::header::AUTHORIZATION, header.clone())
                                .send()
                                .await
                                .unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    1 => {
                        time_batch(batch, || async {
                            let response = raw
                                .get(&url)
                                .header(http::header::AUTHORIZATION, format!("Bearer {secret}"))
                                .send()
                                .await
                                .unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    2 => {
                        time_batch(batch, || async {
                            let response = empty_stack
                                .get(&url)
                                .header(http::header::AUTHORIZATION, header.clone())
                                .send()
                                .await
                                .unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    3 => {
                        time_batch(batch, || async {
                            let response = with_manager.get(&url).send().await.unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    4 => {
                        time_batch(batch, || async {
                            let response = raw.get(&url).send_with(&token).await.unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    5 => {
                        time_batch(batch, || async {
                            let response = pass_through
                                .get(&url)
                                .header(http::header::AUTHORIZATION, header.clone())
                                .send()
                                .await
                                .unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                    _ => {
                        let client = [&static_token, &manager_token, &with_spare][path - 6];
                        time_batch(batch, || async {
                            let response = client.get(&url).send().await.unwrap();
                            black_box(response.bytes().await.unwrap());
                        })
                        .await
                    }
                };
                // The first round warms the connections and caches up; it is not counted.
                if round > 0 {
                    samples[path].push(nanos);
                }
            }
        }
    });

    if let Some(only) = only {
        let nanos = median(&mut samples[only]);
        println!("{}: {:.2} µs per request", PATHS[only], nanos / 1000.0);
        return;
    }
    let medians: Vec<f64> = samples.iter_mut().map(|s| median(s)).collect();
    println!("{rounds} interleaved rounds of {batch} requests per path; median per request:");
    println!(
        "{:<50} {:>9} {:>9} {:>11}",
        "path", "µs", "vs raw", "vs floor"
    );
    for (path, nanos) in PATHS[..paths].iter().zip(&medians) {
        println!(
            "{path:<50} {:>9.2} {:>9.3} {:>11.3}",
            nanos / 1000.0,
            nanos / medians[0],
            nanos / medians[2]
        );
    }
}

/// The size of the future of one request: the middleware's (boxed by reqwest-middleware),
/// and `send_with`'s.
fn future_sizes(runtime: &tokio::runtime::Runtime) {
    let url = runtime.block_on(loopback_server());
    let token = BearerToken::new("x".repeat(800)).with_expires_in(Duration::from_secs(3600));
    let raw = oauth2_apiclient::reqwest_client(reqwest::Client::builder()).unwrap();
    let manager = TokenManager::with_initial(Cached, Some(token.clone()));
    let measured = Arc::new(MeasureFuture(
        OAuth2Middleware::new(manager),
        Arc::new(AtomicUsize::new(0)),
    ));
    let client = reqwest_middleware::ClientBuilder::new(raw.clone())
        .with_arc(measured.clone())
        .build();
    runtime.block_on(async {
        client.get(&url).send().await.unwrap();
    });
    let send_with = raw.get(&url).send_with(&token);
    println!(
        "future sizes: OAuth2Middleware::handle (a TokenManager) {} B, send_with {} B",
        measured.1.load(Ordering::Relaxed),
        std::mem::size_of_val(&send_with)
    );
}

/// The resident set of this process, in bytes (Linux: `/proc/self/statm`, 4 KiB pages).
fn resident() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|pages| pages.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// What a token and a `TokenManager` holding it cost: the growth of the resident set over
/// `count` of each, divided by `count`. Twice: with a fetcher that holds nothing, and with
/// the client-credentials fetcher (its request template), over one shared client.
fn memory(count: usize) {
    let client = oauth2_grants::OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(oauth2_client_auth::ClientSecretBasic::new(
            "client", "secret",
        ))
        .build()
        .unwrap();
    // Nothing is freed until the end: freed memory would be reused by the next measure and
    // not show in its growth.
    let mut kept = Vec::new();
    for client_credentials in [false, true] {
        let bodies: Vec<String> = (0..count)
            .map(|n| {
                format!(
                    r#"{{"access_token":"{n:0>800}","token_type":"Bearer","expires_in":3600,"scope":"api:read"}}"#
                )
            })
            .collect();
        let mut tokens = Vec::with_capacity(count);
        let mut managers = Vec::with_capacity(count);
        let before = resident();
        tokens.extend(
            bodies
                .iter()
                .map(|body| BearerToken::from_response(body.as_bytes()).unwrap()),
        );
        let with_tokens = resident();
        managers.extend(tokens.drain(..).map(|token| {
            if client_credentials {
                let template = client.client_credentials().scope("api:read");
                let fetcher = oauth2_grants::ClientCredentialsFetcher::new(template);
                TokenManager::with_initial(fetcher, Some(token))
            } else {
                TokenManager::with_initial(Cached, Some(token))
            }
        }));
        let with_managers = resident();
        let fetcher = if client_credentials {
            "the client-credentials fetcher"
        } else {
            "a fetcher holding nothing"
        };
        println!(
            "memory, over {count}: a token (800-byte access token, scope, expiry) {} B; a \
             TokenManager holding it, with {fetcher}, {} B more, {} B in all",
            (with_tokens - before) / count,
            with_managers.saturating_sub(with_tokens) / count,
            (with_managers - before) / count,
        );
        kept.push((bodies, tokens, managers));
    }
    black_box(kept);
    println!(
        "size_of::<BearerToken>() = {} B",
        std::mem::size_of::<BearerToken>()
    );
}

/// The value after `flag` on the command line, if any; other arguments (cargo's `--bench`,
/// criterion's flags from `cargo xtask bench`) are ignored.
fn flag(args: &[String], flag: &str) -> Option<usize> {
    let at = args.iter().position(|arg| arg == flag)?;
    args.get(at + 1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds = flag(&args, "--rounds").unwrap_or(1000);
    let batch = u32::try_from(flag(&args, "--batch").unwrap_or(50)).unwrap();
    memory(20_000);
    if rounds == 0 {
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    requests(
        &runtime,
        rounds,
        batch,
        flag(&args, "--breakdown") == Some(1),
        flag(&args, "--only").filter(|only| *only < PATHS.len()),
    );
    future_sizes(&runtime);
}
