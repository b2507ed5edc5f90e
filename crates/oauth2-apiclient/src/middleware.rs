//! The reqwest-middleware layer.

use std::future::Future;
use std::pin::Pin;

use http::Extensions;
use oauth2_types::TokenSource;
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};

use crate::error::Error;
use crate::exchange::{SourcedToken, Transport, exchange};

/// Authorizes every request with a token from `source`.
///
/// On a 401 `invalid_token` it tells the source the token was rejected, takes a fresh one and
/// retries once (when the source [`renews`](oauth2_types::TokenSource::renews): a fixed
/// `BearerToken` has no other token, so its 401 is the answer); on a DPoP nonce challenge with a nonce other than the one the request sent, it
/// retries once with the nonce. Never more than one retry: when the retry is challenged again
/// (the same nonce, or none), that 401 is returned as it is. A request whose body cannot be
/// cloned (a stream) is not retried either.
///
/// # Redirects
///
/// Build the reqwest client under it with `redirect::Policy::none()`:
/// [`authorized_client`](crate::authorized_client) and [`reqwest_client`](crate::reqwest_client)
/// do. The middleware then follows same-origin redirects itself (up to
/// [`MAX_REDIRECTS`](crate::MAX_REDIRECTS)), each hop authorized for its own URL (a fresh DPoP
/// proof), and returns a redirect to another origin as the 3xx response it is: neither the
/// token nor a DPoP proof ever goes to another origin. A client that follows redirects by
/// itself (reqwest's default) would carry the DPoP proof, and on a same-origin hop the token,
/// along: the middleware then answers [`Error::RedirectFollowed`] instead of the response.
///
/// ```no_run
/// use oauth2_apiclient::OAuth2Middleware;
/// # async fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), Box<dyn std::error::Error>> {
/// let reqwest = oauth2_apiclient::reqwest_client(reqwest::Client::builder())?;
/// let http = reqwest_middleware::ClientBuilder::new(reqwest)
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
    /// let reqwest = oauth2_apiclient::reqwest_client(reqwest::Client::builder())?;
    /// let http = reqwest_middleware::ClientBuilder::new(reqwest).with(layer).build();
    /// assert!(http.get("https://api.example/orders").build().is_ok());
    /// # Ok::<(), oauth2_apiclient::Error>(())
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
}

/// The rest of the middleware chain, as the exchange's transport.
struct Chain<'a> {
    next: Next<'a>,
    extensions: &'a mut Extensions,
}

impl Transport for Chain<'_> {
    type Error = reqwest_middleware::Error;

    fn send(
        &mut self,
        request: Request,
    ) -> impl Future<Output = reqwest_middleware::Result<Response>> + Send {
        self.next.clone().run(request, self.extensions)
    }

    fn error(err: Error) -> reqwest_middleware::Error {
        reqwest_middleware::Error::middleware(err)
    }
}

// Written out rather than with `#[async_trait]`: its `async` block would hold a second copy of
// the request beside the exchange's, in the future reqwest-middleware boxes for each request.
impl<S: TokenSource + 'static> Middleware for OAuth2Middleware<S> {
    fn handle<'layer, 'extensions, 'chain, 'request>(
        &'layer self,
        request: Request,
        extensions: &'extensions mut Extensions,
        next: Next<'chain>,
    ) -> Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'request>>
    where
        'layer: 'request,
        'extensions: 'request,
        'chain: 'request,
        Self: 'request,
    {
        let chain = Chain { next, extensions };
        Box::pin(exchange(chain, SourcedToken(&self.source), request))
    }
}
