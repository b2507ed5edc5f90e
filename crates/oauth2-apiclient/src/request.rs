//! Authorizing single reqwest requests with a token.

use std::future::Future;

use oauth2_types::BearerToken;

use crate::error::Error;
use crate::exchange::{FixedToken, exchange};

/// Puts `token` on an already built request: `Authorization`, and a DPoP proof for
/// DPoP-bound tokens. Send it with a client that does not follow redirects
/// ([`reqwest_client`](crate::reqwest_client)): a redirect followed by reqwest would carry the
/// proof (and, to the same origin, the token) to a URL it was not made for.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let client = oauth2_apiclient::reqwest_client(reqwest::Client::builder())?;
/// let token = oauth2_types::BearerToken::new("2YotnFZFEjr1zCsicMWpAA");
/// let mut request = client.get("https://api.example/me").build()?;
/// oauth2_apiclient::authorize_request(&token, &mut request).await?;
/// let response = client.execute(request).await?;
/// # Ok(()) }
/// ```
pub async fn authorize_request(
    token: &BearerToken,
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    // The headers are taken out for the while (an empty map does not allocate), so the
    // method and URL need not be copied to be lent beside them.
    let mut headers = std::mem::take(request.headers_mut());
    let authorized = token
        .authorize(request.method(), request.url(), &mut headers)
        .await;
    *request.headers_mut() = headers;
    authorized.map_err(Error::Authorize)
}

/// Sends a reqwest request authorized by a token.
///
/// Build the reqwest client with [`reqwest_client`](crate::reqwest_client) (or
/// `redirect::Policy::none()`): `send_with` then follows same-origin redirects itself, each hop
/// authorized for its own URL, and returns a redirect to another origin as the 3xx response it
/// is, so neither the token nor a DPoP proof goes there. A client that follows redirects by
/// itself (reqwest's default) gets [`Error::RedirectFollowed`] instead of the response.
///
/// ```no_run
/// use oauth2_apiclient::RequestBuilderExt;
/// # async fn demo(token: oauth2_types::BearerToken) -> Result<(), oauth2_apiclient::Error> {
/// let client = oauth2_apiclient::reqwest_client(reqwest::Client::builder())?;
/// let me = client.get("https://api.example/me").send_with(&token).await?;
/// let orders = client.get("https://api.example/orders").send_with(&token).await?;
/// # Ok(()) }
/// ```
pub trait RequestBuilderExt {
    /// Authorizes the request with `token` and sends it. When the server asks for a DPoP
    /// nonce, the nonce is remembered and the request is sent once more (if its body can be
    /// cloned); a same-origin redirect is followed (see the trait); any other answer is
    /// returned as it is.
    ///
    /// ```no_run
    /// use oauth2_apiclient::RequestBuilderExt;
    /// # async fn demo() -> Result<(), oauth2_apiclient::Error> {
    /// let token = oauth2_types::BearerToken::new("2YotnFZFEjr1zCsicMWpAA");
    /// let response = oauth2_apiclient::reqwest_client(reqwest::Client::builder())?
    ///     .get("https://api.example/me")
    ///     .send_with(&token)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    fn send_with(
        self,
        token: &BearerToken,
    ) -> impl Future<Output = Result<reqwest::Response, Error>> + Send;
}

impl RequestBuilderExt for reqwest::RequestBuilder {
    async fn send_with(self, token: &BearerToken) -> Result<reqwest::Response, Error> {
        let (client, request) = self.build_split();
        exchange(client, FixedToken(token), request?).await
    }
}
