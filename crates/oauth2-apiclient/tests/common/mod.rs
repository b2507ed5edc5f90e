//! Shared pieces of the middleware tests against the local servers.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use http::Extensions;
use oauth2_dpop::{DpopBinding, DpopKey};
use oauth2_types::{BearerToken, TokenSource, TokenSourceError};
use reqwest_middleware::{Middleware, Next};

/// Records the status of every request that goes out (retries included).
#[derive(Debug, Default, Clone)]
pub(crate) struct Recorder(pub(crate) Arc<Mutex<Vec<u16>>>);

impl Recorder {
    /// The statuses seen so far.
    pub(crate) fn statuses(&self) -> Vec<u16> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait]
impl Middleware for Recorder {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let response = next.run(request, extensions).await?;
        self.0.lock().unwrap().push(response.status().as_u16());
        Ok(response)
    }
}

/// Always the same token.
#[derive(Debug, Clone)]
pub(crate) struct Fixed(pub(crate) BearerToken);

impl TokenSource for Fixed {
    async fn token(&self) -> Result<BearerToken, TokenSourceError> {
        Ok(self.0.clone())
    }
}

/// `access_token` as a DPoP token, bound to a fresh ES256 key.
pub(crate) fn dpop_token(access_token: &str) -> BearerToken {
    DpopBinding::new(DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap())
        .unwrap()
        .bind(BearerToken::new(access_token).with_token_type("DPoP"))
}
