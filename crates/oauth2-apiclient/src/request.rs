//! Authorizing single reqwest requests with a token.

use async_trait::async_trait;
use oauth2_types::{AuthorizeRequest, RetryAdvice};

use crate::error::Error;

/// Puts `token` on an already built request: `Authorization`, and a DPoP proof for
/// DPoP-bound tokens.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let client = reqwest::Client::new();
/// let token = oauth2_types::BearerToken::new("2YotnFZFEjr1zCsicMWpAA");
/// let mut request = client.get("https://api.example/me").build()?;
/// oauth2_apiclient::authorize_request(&token, &mut request).await?;
/// let response = client.execute(request).await?;
/// # Ok(()) }
/// ```
pub async fn authorize_request(
    token: &(impl AuthorizeRequest + ?Sized),
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    let method = request.method().clone();
    let url = request.url().clone();
    token
        .authorize(&method, &url, request.headers_mut())
        .await
        .map_err(Error::Authorize)
}

/// Sends a reqwest request authorized by a token.
///
/// ```no_run
/// use oauth2_apiclient::RequestBuilderExt;
/// # async fn demo(token: oauth2_types::BearerToken) -> Result<(), oauth2_apiclient::Error> {
/// let client = reqwest::Client::new();
/// let me = client.get("https://api.example/me").send_with(&token).await?;
/// let orders = client.get("https://api.example/orders").send_with(&token).await?;
/// # Ok(()) }
/// ```
#[async_trait]
pub trait RequestBuilderExt {
    /// Authorizes the request with `token` and sends it. When the server asks for a DPoP
    /// nonce, the nonce is remembered and the request is sent once more (if its body can be
    /// cloned); any other answer is returned as it is.
    ///
    /// ```no_run
    /// use oauth2_apiclient::RequestBuilderExt;
    /// # async fn demo() -> Result<(), oauth2_apiclient::Error> {
    /// let token = oauth2_types::BearerToken::new("2YotnFZFEjr1zCsicMWpAA");
    /// let response = reqwest::Client::new()
    ///     .get("https://api.example/me")
    ///     .send_with(&token)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    async fn send_with<T>(self, token: &T) -> Result<reqwest::Response, Error>
    where
        T: AuthorizeRequest + ?Sized;
}

#[async_trait]
impl RequestBuilderExt for reqwest::RequestBuilder {
    async fn send_with<T>(self, token: &T) -> Result<reqwest::Response, Error>
    where
        T: AuthorizeRequest + ?Sized,
    {
        let (client, request) = self.build_split();
        let mut request = request?;
        authorize_request(token, &mut request).await?;
        // The spare copy, kept for the one retry, also tells what this request was sent with.
        let spare = request.try_clone();
        let (method, url) = (request.method().clone(), request.url().clone());
        let response = client.execute(request).await?;
        let no_headers = http::HeaderMap::new();
        let sent = spare
            .as_ref()
            .map_or(&no_headers, reqwest::Request::headers);
        let advice = token.on_response(&method, &url, sent, response.status(), response.headers());
        match (advice, spare) {
            (RetryAdvice::RetryWithNonce, Some(mut retry)) => {
                authorize_request(token, &mut retry).await?;
                let sent = retry.headers().clone();
                let response = client.execute(retry).await?;
                token.on_response(&method, &url, &sent, response.status(), response.headers());
                Ok(response)
            }
            _ => Ok(response),
        }
    }
}
