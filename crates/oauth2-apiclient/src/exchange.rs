//! The authorized exchange shared by the middleware, `send_with` and the API client: authorize,
//! send, read the answer, then retry once (a DPoP nonce, a fresh token) or follow a
//! same-origin redirect, authorized afresh for its own URL.

use std::future::Future;

use oauth2_types::exchange::{AuthorizedExchange, Decision};
use oauth2_types::{BearerToken, RetryAdvice, TokenSource};
use reqwest::{Request, Response};
use tracing::Instrument;

use crate::error::Error;
use crate::redirect::{self, MAX_REDIRECTS, Redirect};
use crate::request::authorize_request;

/// Sends one request of an exchange: the rest of a middleware chain, or a reqwest client.
pub(crate) trait Transport: Send {
    /// What sending can fail with.
    type Error: Send;

    /// Sends `request`.
    fn send(
        &mut self,
        request: Request,
    ) -> impl Future<Output = Result<Response, Self::Error>> + Send;

    /// An error of the exchange itself, as this transport's error.
    fn error(err: Error) -> Self::Error;
}

impl Transport for reqwest::Client {
    type Error = Error;

    fn send(&mut self, request: Request) -> impl Future<Output = Result<Response, Error>> + Send {
        // The request goes into reqwest's own (boxed) future at once: the exchange's state
        // does not carry a second copy of it.
        let pending = self.execute(request);
        async move { Ok(pending.await?) }
    }

    fn error(err: Error) -> Error {
        err
    }
}

/// The token an exchange authorizes with, and where a fresh one comes from.
pub(crate) trait Credentials: Send + Sync {
    /// The token the next request is authorized with.
    fn token(&self) -> &BearerToken;

    /// Tells the token's source that the token was rejected.
    fn reject(&self) -> impl Future<Output = ()> + Send;

    /// Whether [`renew`](Self::renew) can give another token.
    fn renews(&self) -> bool;

    /// Takes a fresh token.
    fn renew(&mut self) -> impl Future<Output = Result<(), Error>> + Send;
}

/// One token, as it is (`send_with`).
pub(crate) struct FixedToken<'a>(pub(crate) &'a BearerToken);

impl Credentials for FixedToken<'_> {
    fn token(&self) -> &BearerToken {
        self.0
    }

    async fn reject(&self) {}

    fn renews(&self) -> bool {
        false
    }

    async fn renew(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

/// The tokens of a [`TokenSource`] (the middleware).
pub(crate) struct SourcedToken<'a, S: TokenSource> {
    source: &'a S,
    token: BearerToken,
}

impl<'a, S: TokenSource> SourcedToken<'a, S> {
    /// The source's current token.
    pub(crate) async fn new(source: &'a S) -> Result<Self, Error> {
        let token = source.token().await.map_err(Error::Token)?;
        Ok(Self { source, token })
    }
}

impl<S: TokenSource> Credentials for SourcedToken<'_, S> {
    fn token(&self) -> &BearerToken {
        &self.token
    }

    async fn reject(&self) {
        self.source.token_rejected(&self.token).await;
    }

    fn renews(&self) -> bool {
        self.source.renews()
    }

    async fn renew(&mut self) -> Result<(), Error> {
        self.token = self.source.token().await.map_err(Error::Token)?;
        Ok(())
    }
}

/// Authorizes `request`, sends it, and sees the answer through: at most one retry (a DPoP
/// nonce, or a fresh token after `invalid_token`), and up to [`MAX_REDIRECTS`] same-origin
/// redirects, each authorized for its own URL. A redirect to another origin comes back as the
/// response it is. A request whose body cannot be cloned (a stream) is neither retried nor
/// redirected.
pub(crate) fn exchange<'a, X: Transport, C: Credentials>(
    transport: &'a mut X,
    credentials: &'a mut C,
    request: Request,
) -> impl Future<Output = Result<Response, X::Error>> + Send + 'a {
    let span = tracing::debug_span!(
        target: "oauth2",
        "authorized request",
        origin = %request.url().origin().ascii_serialization(),
        method = %request.method(),
    );
    see_through(transport, credentials, request).instrument(span)
}

/// The first send, and what follows it. The common case (one send, an answer to keep) stays
/// in this small future; retries and redirects go on in a boxed one, so every request does
/// not carry (and allocate, and copy) the state of the rare ones.
async fn see_through<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &mut C,
    request: Request,
) -> Result<Response, X::Error> {
    let mut progress = Progress {
        exchange: if credentials.renews() {
            AuthorizedExchange::renewing()
        } else {
            AuthorizedExchange::new()
        },
        hops: 0,
    };
    let sent = attempt(transport, credentials, request).await?;
    match progress.step(sent).map_err(X::error)? {
        Step::Respond(response) => Ok(response),
        step => Box::pin(carry_on(transport, credentials, progress, step)).await,
    }
}

/// Retries and redirects, after the first send.
async fn carry_on<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &mut C,
    mut progress: Progress,
    mut step: Step,
) -> Result<Response, X::Error> {
    loop {
        let request = match step {
            Step::Respond(response) => return Ok(response),
            Step::RejectThenRespond(response) => {
                // The source learns it even when this request is not sent again, so the next
                // request gets a fresh token.
                credentials.reject().await;
                return Ok(response);
            }
            Step::Send(request) => request,
            Step::RenewThenSend(request) => {
                credentials.reject().await;
                credentials.renew().await.map_err(X::error)?;
                request
            }
        };
        let sent = attempt(transport, credentials, request).await?;
        step = progress.step(sent).map_err(X::error)?;
    }
}

/// One request sent: its answer, the spare copy of the request, and what the token read in
/// the answer.
struct Sent {
    response: Response,
    spare: Option<Request>,
    advice: RetryAdvice,
}

/// What comes after an answer.
enum Step {
    /// Return the answer.
    Respond(Response),
    /// Tell the source the token was rejected, then return the answer.
    RejectThenRespond(Response),
    /// Send this request (a retry with a nonce, or a redirect).
    Send(Request),
    /// Tell the source the token was rejected, take a fresh one, send this request again.
    RenewThenSend(Request),
}

/// Authorizes `request` with the current token and sends it.
async fn attempt<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &C,
    mut request: Request,
) -> Result<Sent, X::Error> {
    // The spare copy, for a retry or a redirect. A plain token's is taken before the token
    // goes on: the caller's own headers (often none) are all it copies, and the token is put
    // on again anyway. A bound token's answer is read against the proof the request carried
    // (its nonce), so its copy is taken after.
    let bound = credentials.token().binding().is_some();
    let mut spare = if bound { None } else { request.try_clone() };
    authorize_request(credentials.token(), &mut request)
        .await
        .map_err(X::error)?;
    if bound {
        spare = request.try_clone();
    }
    // What is known of a request that could not be copied (boxed: it is rare).
    let bare = match &spare {
        Some(_) => None,
        None => Some(Box::new(bare(request.method(), request.url()))),
    };
    let response = transport.send(request).await?;
    let Some(sent) = spare.as_ref().or(bare.as_deref()) else {
        return Ok(Sent {
            response,
            spare,
            advice: RetryAdvice::Done,
        });
    };
    if response.url() != sent.url() {
        let location = redirect::shown(response.url());
        tracing::warn!(
            target: "oauth2",
            location,
            "the HTTP client followed a redirect by itself, with the token on the request; \
             build it with redirect::Policy::none()"
        );
        return Err(X::error(Error::RedirectFollowed { location }));
    }
    let advice = credentials.token().on_response(
        sent.method(),
        sent.url(),
        sent.headers(),
        response.status(),
        response.headers(),
    );
    Ok(Sent {
        response,
        spare,
        advice,
    })
}

/// Where an exchange stands: its retry decision, and the redirects followed.
struct Progress {
    exchange: AuthorizedExchange,
    hops: usize,
}

impl Progress {
    /// What to do after `sent`'s answer.
    fn step(&mut self, sent: Sent) -> Result<Step, Error> {
        let Sent {
            response,
            spare,
            advice,
        } = sent;
        let decision = self.exchange.decide(advice, spare.is_some());
        match (decision, spare) {
            (Decision::RetryWithNonce, Some(spare)) => {
                tracing::debug!(
                    target: "oauth2",
                    status = response.status().as_u16(),
                    "the resource server asked for a DPoP nonce: sending once more with it"
                );
                Ok(Step::Send(spare))
            }
            (Decision::RetryWithFreshToken, Some(spare)) => {
                tracing::info!(
                    target: "oauth2",
                    status = response.status().as_u16(),
                    "the resource server rejected the token (invalid_token): sending once more \
                     with a fresh one"
                );
                Ok(Step::RenewThenSend(spare))
            }
            (decision, spare) => {
                if decision == Decision::RejectToken {
                    // A rejection (a 401) is the answer: no redirect to follow.
                    return Ok(Step::RejectThenRespond(response));
                }
                let Some(spare) = spare else {
                    if advice != RetryAdvice::Done || response.status().is_redirection() {
                        tracing::debug!(
                            target: "oauth2",
                            status = response.status().as_u16(),
                            "the body of this request (a stream) cannot be sent again: no \
                             retry, no redirect"
                        );
                    }
                    return Ok(Step::Respond(response));
                };
                Ok(match follow(&response, spare, &mut self.hops)? {
                    Some(next) => Step::Send(next),
                    None => Step::Respond(response),
                })
            }
        }
    }
}

/// The next request of a same-origin redirect, `None` when `response` is not one to follow.
fn follow(response: &Response, spare: Request, hops: &mut usize) -> Result<Option<Request>, Error> {
    let location = response.headers().get(http::header::LOCATION);
    match redirect::decide(response.status(), location, spare.url(), spare.method()) {
        Redirect::None => Ok(None),
        Redirect::CrossOrigin(to) => {
            tracing::info!(
                target: "oauth2",
                status = response.status().as_u16(),
                location = redirect::shown(&to),
                "not following a redirect to another origin: the token stays here"
            );
            Ok(None)
        }
        Redirect::Follow { .. } if *hops == MAX_REDIRECTS => {
            let location = redirect::shown(spare.url());
            tracing::warn!(target: "oauth2", location, "too many redirects");
            Err(Error::TooManyRedirects { location })
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
            *hops += 1;
            Ok(Some(redirect::next_request(
                spare,
                next,
                next_method,
                keep_body,
            )))
        }
    }
}

/// A request with only a method and a URL: what is known of one that could not be copied.
fn bare(method: &http::Method, url: &url::Url) -> Request {
    Request::new(method.clone(), url.clone())
}
