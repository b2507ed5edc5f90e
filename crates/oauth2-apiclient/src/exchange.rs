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

/// Where an exchange's tokens come from.
pub(crate) trait Credentials: Send + Sync {
    /// The token to authorize the next request with.
    fn token(&self) -> impl Future<Output = Result<BearerToken, Error>> + Send;

    /// Tells the token's source that `token` was rejected.
    fn reject(&self, token: &BearerToken) -> impl Future<Output = ()> + Send;

    /// Whether [`token`](Self::token) can give another token after a rejection.
    fn renews(&self) -> bool;
}

/// One token, as it is (`send_with`).
pub(crate) struct FixedToken<'a>(pub(crate) &'a BearerToken);

impl Credentials for FixedToken<'_> {
    async fn token(&self) -> Result<BearerToken, Error> {
        Ok(self.0.clone())
    }

    async fn reject(&self, _: &BearerToken) {}

    fn renews(&self) -> bool {
        false
    }
}

/// The tokens of a [`TokenSource`] (the middleware).
pub(crate) struct SourcedToken<'a, S: TokenSource>(pub(crate) &'a S);

impl<S: TokenSource> Credentials for SourcedToken<'_, S> {
    async fn token(&self) -> Result<BearerToken, Error> {
        self.0.token().await.map_err(Error::Token)
    }

    async fn reject(&self, token: &BearerToken) {
        self.0.token_rejected(token).await;
    }

    fn renews(&self) -> bool {
        self.0.renews()
    }
}

/// Takes a token, authorizes `request`, sends it, and sees the answer through: at most one
/// retry (a DPoP nonce, or a fresh token after `invalid_token`), and up to
/// [`MAX_REDIRECTS`] same-origin redirects, each authorized for its own URL. A redirect to
/// another origin comes back as the response it is. A request whose body cannot be cloned (a
/// stream) is neither retried nor redirected.
///
/// The common case (a plain token, one send, an answer to keep) stays in this small future:
/// the token goes on without a future of its own, and only the token and the send are
/// awaited. A bound token's sends, retries and redirects go on in a boxed future, so every
/// request does not carry (and allocate, and copy) the state of the rare ones.
/// reqwest-middleware boxes this future for each request, and a box over about 1 KB leaves
/// the allocator's fast path. It is one `async` block over what it was given, not an `async
/// fn` nor a chain of them: each of those would hold its own copy of the request.
pub(crate) fn exchange<X: Transport, C: Credentials>(
    mut transport: X,
    credentials: C,
    mut request: Request,
) -> impl Future<Output = Result<Response, X::Error>> + Send {
    let span = tracing::debug_span!(
        target: "oauth2",
        "authorized request",
        origin = %request.url().origin().ascii_serialization(),
        method = %request.method(),
    );
    async move {
        let mut token = credentials.token().await.map_err(X::error)?;
        let mut progress = Progress::new(credentials.renews());
        let Some(spare) = authorize_plain(&token, &mut request) else {
            let first = Step::Send(request);
            let rest = carry_on(&mut transport, &credentials, &mut token, progress, first);
            return Box::pin(rest).await;
        };
        let spare = spare.map_err(X::error)?;
        let bare = bare(&request, &spare);
        let response = transport.send(request).await?;
        let sent = answer(&token, response, spare, bare).map_err(X::error)?;
        match progress.step(sent).map_err(X::error)? {
            Step::Respond(response) => Ok(response),
            step => {
                let rest = carry_on(&mut transport, &credentials, &mut token, progress, step);
                Box::pin(rest).await
            }
        }
    }
    .instrument(span)
}

/// Retries, redirects, and a bound token's sends.
async fn carry_on<X: Transport, C: Credentials>(
    transport: &mut X,
    credentials: &C,
    token: &mut BearerToken,
    mut progress: Progress,
    mut step: Step,
) -> Result<Response, X::Error> {
    loop {
        let request = match step {
            Step::Respond(response) => return Ok(response),
            Step::RejectThenRespond(response) => {
                // The source learns it even when this request is not sent again, so the next
                // request gets a fresh token.
                credentials.reject(token).await;
                return Ok(response);
            }
            Step::Send(request) => request,
            Step::RenewThenSend(request) => {
                credentials.reject(token).await;
                *token = credentials.token().await.map_err(X::error)?;
                request
            }
        };
        let sent = attempt(transport, token, request).await?;
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
    /// Send this request (a retry with a nonce, a redirect, a bound token's first send).
    Send(Request),
    /// Tell the source the token was rejected, take a fresh one, send this request again.
    RenewThenSend(Request),
}

/// Authorizes `request` with the current token and sends it.
async fn attempt<X: Transport>(
    transport: &mut X,
    token: &BearerToken,
    mut request: Request,
) -> Result<Sent, X::Error> {
    let spare = match authorize_plain(token, &mut request) {
        Some(spare) => spare.map_err(X::error)?,
        None => {
            authorize_request(token, &mut request)
                .await
                .map_err(X::error)?;
            // A bound token's answer is read against the proof the request carried (its
            // nonce), so its copy is taken after the proof goes on.
            spare_copy(&request)
        }
    };
    let bare = bare(&request, &spare);
    let response = transport.send(request).await?;
    answer(token, response, spare, bare).map_err(X::error)
}

/// A plain token's authorization, without a future: the spare copy (for a retry or a
/// redirect) is taken, then the token goes on. The copy is taken first, so it holds the
/// caller's own headers only (often none); the token is put on again anyway. `None` for a
/// bound token, whose proof is made by [`authorize_request`].
fn authorize_plain(
    token: &BearerToken,
    request: &mut Request,
) -> Option<Result<Option<Request>, Error>> {
    if token.binding().is_some() {
        return None;
    }
    let spare = spare_copy(request);
    let authorized = token.authorize_now(request.headers_mut())?;
    Some(authorized.map(|()| spare).map_err(Error::Authorize))
}

/// A copy of `request` to send again (a retry, a redirect), `None` for a stream body.
///
/// reqwest's `try_clone` sets the copy's timeout through its extensions, which allocates a map
/// and a box, then overwrites them with a clone of the original's: a third of the
/// middleware's own work per request, by the profile. A request without a body (most API
/// calls) is copied here without that: its method, URL, headers, version and timeout, all that
/// reqwest sends of it. Other extensions (put there only by converting an `http::Request`, read
/// only by converting it back) are not sent by reqwest and do not go into the copy.
fn spare_copy(request: &Request) -> Option<Request> {
    if request.body().is_some() {
        return request.try_clone();
    }
    let mut copy = Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

/// What is known of a request that could not be copied (a stream body): its method and URL,
/// boxed, as it is rare.
fn bare(request: &Request, spare: &Option<Request>) -> Option<Box<Request>> {
    match spare {
        Some(_) => None,
        None => Some(Box::new(Request::new(
            request.method().clone(),
            request.url().clone(),
        ))),
    }
}

/// Reads the answer to a request `token` authorized: a redirect the HTTP client followed by
/// itself is an error; otherwise the token's advice on it.
fn answer(
    token: &BearerToken,
    response: Response,
    spare: Option<Request>,
    bare: Option<Box<Request>>,
) -> Result<Sent, Error> {
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
        return Err(Error::RedirectFollowed { location });
    }
    let advice = token.on_response(
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
    /// An exchange not yet answered; `renews` when its token source can give a fresh token.
    fn new(renews: bool) -> Self {
        Self {
            exchange: if renews {
                AuthorizedExchange::renewing()
            } else {
                AuthorizedExchange::new()
            },
            hops: 0,
        }
    }

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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::{HeaderValue, Method, Version};

    use super::*;

    fn request(method: Method) -> Request {
        let url = url::Url::parse("https://api.example/v1/orders?page=2").unwrap();
        let mut request = Request::new(method, url);
        request
            .headers_mut()
            .insert("x-trace", HeaderValue::from_static("1"));
        *request.version_mut() = Version::HTTP_2;
        request
    }

    #[test]
    fn a_bodiless_copy_keeps_all_that_is_sent() {
        for timeout in [None, Some(Duration::from_millis(1500))] {
            let mut original = request(Method::DELETE);
            *original.timeout_mut() = timeout;
            let copy = spare_copy(&original).unwrap();
            assert_eq!(copy.method(), Method::DELETE);
            assert_eq!(copy.url(), original.url());
            assert_eq!(copy.headers(), original.headers());
            assert_eq!(copy.version(), Version::HTTP_2);
            assert_eq!(copy.timeout(), timeout.as_ref());
            assert!(copy.body().is_none());
        }
    }

    #[test]
    fn a_copy_with_a_body_keeps_it() {
        let mut original = request(Method::POST);
        *original.body_mut() = Some("payload".into());
        *original.timeout_mut() = Some(Duration::from_secs(2));
        let copy = spare_copy(&original).unwrap();
        let body = copy.body().and_then(|body| body.as_bytes());
        assert_eq!(body, Some(&b"payload"[..]));
        assert_eq!(copy.headers(), original.headers());
        assert_eq!(copy.timeout(), Some(&Duration::from_secs(2)));
    }
}
