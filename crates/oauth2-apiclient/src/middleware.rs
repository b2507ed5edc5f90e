//! The reqwest-middleware layer.

use async_trait::async_trait;
use http::Extensions;
use oauth2_types::{AuthorizeRequest, RetryAdvice, TokenSource};
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};

use crate::error::Error;
use crate::request::authorize_request;

/// Authorizes every request with a token from `source`.
///
/// On a 401 `invalid_token` it tells the source the token was rejected, takes a fresh one and
/// retries once; on a DPoP nonce challenge with a nonce other than the one the request sent, it
/// retries once with the nonce. Never more than one retry: when the retry is challenged again
/// (the same nonce, or none), that 401 is returned as it is. A request whose body cannot be
/// cloned (a stream) is not retried either.
///
/// ```no_run
/// use oauth2_apiclient::OAuth2Middleware;
/// # async fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), Box<dyn std::error::Error>> {
/// let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(OAuth2Middleware::new(manager))
///     .build();
/// let body = http.get("https://api.example/orders").send().await?.text().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OAuth2Middleware<S> {
    source: S,
}

impl<S: TokenSource> OAuth2Middleware<S> {
    /// A layer that takes its tokens from `source`.
    ///
    /// ```
    /// use oauth2_apiclient::OAuth2Middleware;
    /// let layer = OAuth2Middleware::new(oauth2_types::BearerToken::new("t"));
    /// let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(layer).build();
    /// assert!(http.get("https://api.example/orders").build().is_ok());
    /// ```
    pub fn new(source: S) -> Self {
        Self { source }
    }

    /// The token source.
    ///
    /// ```
    /// let layer = oauth2_apiclient::OAuth2Middleware::new(oauth2_types::BearerToken::new("t"));
    /// assert_eq!(layer.source().access_token().secret(), "t");
    /// ```
    pub fn source(&self) -> &S {
        &self.source
    }

    async fn token(&self) -> Result<S::Token, reqwest_middleware::Error> {
        self.source
            .token()
            .await
            .map_err(|err| reqwest_middleware::Error::middleware(Error::Token(err)))
    }
}

async fn authorize(
    token: &(impl AuthorizeRequest + ?Sized),
    request: &mut Request,
) -> Result<(), reqwest_middleware::Error> {
    authorize_request(token, request)
        .await
        .map_err(reqwest_middleware::Error::middleware)
}

#[async_trait]
impl<S: TokenSource + 'static> Middleware for OAuth2Middleware<S> {
    async fn handle(
        &self,
        mut request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let (method, url) = (request.method().clone(), request.url().clone());
        let token = self.token().await?;
        authorize(&token, &mut request).await?;
        // The spare copy, kept for the one retry, also tells what this request was sent with.
        let spare = request.try_clone();
        let response = next.clone().run(request, extensions).await?;
        let no_headers = http::HeaderMap::new();
        let sent = spare.as_ref().map_or(&no_headers, Request::headers);
        let advice = token.on_response(&method, &url, sent, response.status(), response.headers());
        let (token, mut retry) = match (advice, spare) {
            (RetryAdvice::RetryWithNonce, Some(retry)) => (token, retry),
            (RetryAdvice::RetryWithFreshToken, spare) => {
                // Rejected: the source learns it even when this request (a streamed body)
                // cannot be sent again, so the next request gets a fresh token.
                self.source.token_rejected(&token).await;
                let Some(retry) = spare else {
                    return Ok(response);
                };
                (self.token().await?, retry)
            }
            _ => return Ok(response),
        };
        authorize(&token, &mut retry).await?;
        let sent = retry.headers().clone();
        let response = next.run(retry, extensions).await?;
        // Remembers the nonce; there is no second retry, so a challenge still standing (the
        // same nonce again, or none) comes back to the caller as the 401 it is.
        token.on_response(&method, &url, &sent, response.status(), response.headers());
        Ok(response)
    }
}
