//! Building the reqwest clients that authorized requests go through.

use oauth2_types::TokenSource;
use reqwest_middleware::ClientWithMiddleware;

use crate::error::Error;
use crate::middleware::OAuth2Middleware;

/// Builds a reqwest client from `builder` (your proxies, mTLS, roots, timeout) that does not
/// follow redirects by itself (`redirect::Policy::none()`, whatever the builder says), as
/// [`OAuth2Middleware`] and [`send_with`](crate::RequestBuilderExt::send_with) need: they
/// follow same-origin redirects themselves, authorized afresh, and never carry a token or a
/// DPoP proof to another origin. Give it a timeout: reqwest has none by default.
///
/// ```
/// use std::time::Duration;
/// let client = oauth2_apiclient::reqwest_client(
///     reqwest::Client::builder().timeout(Duration::from_secs(30)),
/// )?;
/// # Ok::<(), oauth2_apiclient::Error>(())
/// ```
pub fn reqwest_client(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, Error> {
    Ok(builder
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

/// A middleware client over a reqwest client built from `builder` (see [`reqwest_client`])
/// that authorizes every request with a token from `source` (see [`OAuth2Middleware`]). To
/// add other middleware (retries, tracing), build it yourself from [`reqwest_client`], and add
/// [`OAuth2Middleware`] last, so that each attempt is authorized afresh.
///
/// ```no_run
/// use std::time::Duration;
/// # async fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), Box<dyn std::error::Error>> {
/// let api = oauth2_apiclient::authorized_client(
///     reqwest::Client::builder().timeout(Duration::from_secs(30)),
///     manager,
/// )?;
/// let orders = api.get("https://api.example/orders").send().await?.text().await?;
/// # Ok(()) }
/// ```
pub fn authorized_client<S: TokenSource + 'static>(
    builder: reqwest::ClientBuilder,
    source: S,
) -> Result<ClientWithMiddleware, Error> {
    Ok(
        reqwest_middleware::ClientBuilder::new(reqwest_client(builder)?)
            .with(OAuth2Middleware::new(source))
            .build(),
    )
}
