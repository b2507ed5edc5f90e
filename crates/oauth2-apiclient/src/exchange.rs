//! The authorized exchange shared by the middleware, `send_with` and the API client: authorize,
//! send, read the answer, then retry once (a DPoP nonce, a fresh token) or follow a
//! same-origin redirect, authorized afresh for its own URL.

use async_trait::async_trait;
use oauth2_types::{AuthorizeRequest, RetryAdvice, TokenSource};
use reqwest::{Request, Response};
use tracing::Instrument;

use crate::error::Error;
use crate::redirect::{self, MAX_REDIRECTS, Redirect};
use crate::request::authorize_request;

/// Sends one request of an exchange: the rest of a middleware chain, or a reqwest client.
#[async_trait]
pub(crate) trait Transport: Send {
    /// What sending can fail with.
    type Error: Send;

    /// Sends `request`.
    async fn send(&mut self, request: Request) -> Result<Response, Self::Error>;

    /// An error of the exchange itself, as this transport's error.
    fn error(err: Error) -> Self::Error;
}

#[async_trait]
impl Transport for reqwest::Client {
    type Error = Error;

    async fn send(&mut self, request: Request) -> Result<Response, Error> {
        Ok(self.execute(request).await?)
    }

    fn error(err: Error) -> Error {
        err
    }
}

/// The token an exchange authorizes with, and where a fresh one comes from.
#[async_trait]
pub(crate) trait Credentials: Send + Sync {
    /// Puts the token on `request`, for its method and URL.
    async fn authorize(&self, request: &mut Request) -> Result<(), Error>;

    /// Reads a response for retry hints (see [`AuthorizeRequest::on_response`]).
    fn on_response(&self, sent: &Request, response: &Response) -> RetryAdvice;

    /// Tells the token's source that the token was rejected.
    async fn reject(&self);

    /// Takes a fresh token; `false` when there is no other to take.
    async fn renew(&mut self) -> Result<bool, Error>;
}

/// One token, as it is (`send_with`).
pub(crate) struct FixedToken<'a, T: ?Sized>(pub(crate) &'a T);

#[async_trait]
impl<T: AuthorizeRequest + ?Sized> Credentials for FixedToken<'_, T> {
    async fn authorize(&self, request: &mut Request) -> Result<(), Error> {
        authorize_request(self.0, request).await
    }

    fn on_response(&self, sent: &Request, response: &Response) -> RetryAdvice {
        on_response(self.0, sent, response)
    }

    async fn reject(&self) {}

    async fn renew(&mut self) -> Result<bool, Error> {
        Ok(false)
    }
}

/// The tokens of a [`TokenSource`] (the middleware).
pub(crate) struct SourcedToken<'a, S: TokenSource> {
    source: &'a S,
    token: S::Token,
}

impl<'a, S: TokenSource> SourcedToken<'a, S> {
    /// The source's current token.
    pub(crate) async fn new(source: &'a S) -> Result<Self, Error> {
        let token = source.token().await.map_err(Error::Token)?;
        Ok(Self { source, token })
    }
}

#[async_trait]
impl<S: TokenSource> Credentials for SourcedToken<'_, S> {
    async fn authorize(&self, request: &mut Request) -> Result<(), Error> {
        authorize_request(&self.token, request).await
    }

    fn on_response(&self, sent: &Request, response: &Response) -> RetryAdvice {
        on_response(&self.token, sent, response)
    }

    async fn reject(&self) {
        self.source.token_rejected(&self.token).await;
    }

    async fn renew(&mut self) -> Result<bool, Error> {
        self.token = self.source.token().await.map_err(Error::Token)?;
        Ok(true)
    }
}

fn on_response(
    token: &(impl AuthorizeRequest + ?Sized),
    sent: &Request,
    response: &Response,
) -> RetryAdvice {
    token.on_response(
        sent.method(),
        sent.url(),
        sent.headers(),
        response.status(),
        response.headers(),
    )
}

/// Authorizes `request`, sends it, and sees the answer through: at most one retry (a DPoP
/// nonce, or a fresh token after `invalid_token`), and up to [`MAX_REDIRECTS`] same-origin
/// redirects, each authorized for its own URL. A redirect to another origin comes back as the
/// response it is. A request whose body cannot be cloned (a stream) is neither retried nor
/// redirected.
pub(crate) async fn exchange<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &mut C,
    request: Request,
) -> Result<Response, X::Error> {
    let span = tracing::debug_span!(
        target: "oauth2",
        "authorized request",
        origin = %request.url().origin().ascii_serialization(),
        method = %request.method(),
    );
    see_through(transport, credentials, request)
        .instrument(span)
        .await
}

async fn see_through<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &mut C,
    mut request: Request,
) -> Result<Response, X::Error> {
    let mut retried = false;
    let mut hops = 0;
    loop {
        credentials
            .authorize(&mut request)
            .await
            .map_err(X::error)?;
        // The spare copy, kept for a retry or a redirect, also tells what this request was
        // sent with.
        let spare = request.try_clone();
        let (method, url) = (request.method().clone(), request.url().clone());
        let response = transport.send(request).await?;
        if *response.url() != url {
            let location = redirect::shown(response.url());
            tracing::warn!(
                target: "oauth2",
                location,
                "the HTTP client followed a redirect by itself, with the token on the request; \
                 build it with redirect::Policy::none()"
            );
            return Err(X::error(Error::RedirectFollowed { location }));
        }
        let Some(spare) = spare else {
            let advice = credentials.on_response(&bare(&method, &url), &response);
            if advice == RetryAdvice::RetryWithFreshToken {
                // The source learns it even when this request cannot be sent again, so the
                // next request gets a fresh token.
                credentials.reject().await;
            }
            if advice != RetryAdvice::Done || response.status().is_redirection() {
                tracing::debug!(
                    target: "oauth2",
                    status = response.status().as_u16(),
                    "the body of this request (a stream) cannot be sent again: no retry, no redirect"
                );
            }
            return Ok(response);
        };
        let advice = credentials.on_response(&spare, &response);
        if !retried {
            match advice {
                RetryAdvice::RetryWithNonce => {
                    tracing::debug!(
                        target: "oauth2",
                        status = response.status().as_u16(),
                        "the resource server asked for a DPoP nonce: sending once more with it"
                    );
                    retried = true;
                    request = spare;
                    continue;
                }
                RetryAdvice::RetryWithFreshToken => {
                    credentials.reject().await;
                    if credentials.renew().await.map_err(X::error)? {
                        tracing::info!(
                            target: "oauth2",
                            status = response.status().as_u16(),
                            "the resource server rejected the token (invalid_token): sending \
                             once more with a fresh one"
                        );
                        retried = true;
                        request = spare;
                        continue;
                    }
                }
                _ => {}
            }
        }
        let location = response.headers().get(http::header::LOCATION);
        match redirect::decide(response.status(), location, &url, &method) {
            Redirect::None => return Ok(response),
            Redirect::CrossOrigin(to) => {
                tracing::info!(
                    target: "oauth2",
                    status = response.status().as_u16(),
                    location = redirect::shown(&to),
                    "not following a redirect to another origin: the token stays here"
                );
                return Ok(response);
            }
            Redirect::Follow { .. } if hops == MAX_REDIRECTS => {
                let location = redirect::shown(&url);
                tracing::warn!(target: "oauth2", location, "too many redirects");
                return Err(X::error(Error::TooManyRedirects { location }));
            }
            Redirect::Follow {
                url: next,
                method: next_method,
                keep_body,
            } => {
                tracing::debug!(
                    target: "oauth2",
                    status = response.status().as_u16(),
                    location = redirect::shown(&next),
                    method = %next_method,
                    "following a same-origin redirect, authorized for its own URL"
                );
                hops += 1;
                request = redirect::next_request(spare, next, next_method, keep_body);
            }
        }
    }
}

/// A request with only a method and a URL: what is known of one that could not be copied.
fn bare(method: &http::Method, url: &url::Url) -> Request {
    Request::new(method.clone(), url.clone())
}
