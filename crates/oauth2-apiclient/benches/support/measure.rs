//! What the middleware bench and the future-size test both need (kept here, in the published
//! package; its tests are not): a fetcher for a manager whose token is cached, and a layer
//! that records the size of the future the layer inside it hands reqwest-middleware (which
//! boxes it for every request).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use http::Extensions;
use oauth2_grants::{Error, TokenFetcher};
use oauth2_types::BearerToken;
use reqwest_middleware::{Middleware, Next};

/// The fetcher of a manager given its token up front: never asked for another.
#[derive(Debug)]
pub(crate) struct Cached;

#[async_trait]
impl TokenFetcher for Cached {
    async fn fetch(&self, _: Option<&BearerToken>) -> Result<BearerToken, Error> {
        Err(Error::Config("the token is cached".into()))
    }
}

/// Records in `.1` the size of the future the middleware `.0` hands reqwest-middleware.
pub(crate) struct MeasureFuture<M>(pub(crate) M, pub(crate) Arc<AtomicUsize>);

#[async_trait]
impl<M: Middleware> Middleware for MeasureFuture<M> {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let future = self.0.handle(request, extensions, next);
        self.1
            .store(std::mem::size_of_val(&*future), Ordering::SeqCst);
        future.await
    }
}
