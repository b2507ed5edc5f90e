//! What every call to the authorization server goes through: a deadline, a bound on the
//! response size, the redirect refusal.

use std::time::Duration;

use async_trait::async_trait;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

use crate::error::Error;

/// The default time allowed for one call to the authorization server.
///
/// ```
/// assert_eq!(oauth2_grants::DEFAULT_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read from an authorization server (1 MiB): metadata, tokens and
/// errors are far smaller, and a bound keeps a broken server from exhausting memory.
///
/// ```
/// assert_eq!(oauth2_grants::MAX_BODY_BYTES, 1 << 20);
/// ```
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Bounds every call of a supplied [`HttpClient`] by the client's timeout, so that an HTTP
/// stack without one of its own cannot hang a token request.
#[derive(Debug)]
pub(crate) struct WithDeadline {
    pub(crate) inner: std::sync::Arc<dyn HttpClient>,
    pub(crate) timeout: Duration,
}

#[async_trait]
impl HttpClient for WithDeadline {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        tokio::time::timeout(self.timeout, self.inner.execute(request))
            .await
            .map_err(|_| {
                HttpError::Timeout(format!("no response within {:?}", self.timeout).into())
            })?
    }
}

/// Sends one request to the authorization server: the one place its answers come back, so
/// every call, whatever [`HttpClient`] sends it, is held to the same rules.
pub(crate) async fn exchange(
    http: &dyn HttpClient,
    endpoint: &str,
    request: HttpRequest,
) -> Result<HttpResponse, Error> {
    let response = http.execute(request).await.map_err(|err| Error::Http {
        endpoint: endpoint.to_owned(),
        source: std::sync::Arc::new(err),
    })?;
    tracing::debug!(
        target: "oauth2",
        endpoint,
        status = response.status().as_u16(),
        "response"
    );
    crate::response::refuse_redirect(endpoint, &response)?;
    Ok(response)
}

/// A GET of `url` that accepts JSON (metadata, key sets).
pub(crate) fn get_json(url: &str) -> Result<HttpRequest, Error> {
    http::Request::get(url)
        .header(http::header::ACCEPT, "application/json")
        .body(Vec::new())
        .map_err(|err| Error::Config(err.to_string()))
}
