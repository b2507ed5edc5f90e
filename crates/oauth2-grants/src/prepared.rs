//! Calls prepared without being sent (sans-IO): the `http::Request` for any HTTP stack, and
//! the [`ResponseReader`] that turns its `http::Response` into the typed result. `send()` is
//! the same pair over the client's [`HttpClient`](oauth2_types::HttpClient).

use std::fmt;

use futures_util::future::BoxFuture;
use oauth2_types::{HttpRequest, HttpResponse};

use crate::endpoint::Endpoint;
use crate::error::Error;

/// A call to the authorization server, prepared: the request to send with any HTTP stack,
/// and what reads its response. Made by the `prepare` methods (`TokenRequest::prepare`,
/// `OAuth2Client::prepare_userinfo`...).
pub type PreparedCall<T> = (HttpRequest, ResponseReader<T>);

type Read<T> = Box<dyn FnOnce(HttpResponse) -> BoxFuture<'static, Result<T, Error>> + Send>;

/// Reads the response of a prepared call into its typed result, or the typed error: the
/// server's OAuth error with its status ([`Error::OAuth`]), a redirect, which is never
/// followed ([`Error::Redirect`]), a body that is not what was expected
/// ([`Error::UnexpectedResponse`]). Reading is async where the answer must be checked
/// further (an ID token against the server's keys, fetched through the client's
/// [`HttpClient`](oauth2_types::HttpClient) when not cached).
///
/// With DPoP, a nonce challenge (`use_dpop_nonce`) is [`Error::DpopNonce`] with
/// `retried: false`: the nonce is remembered, so preparing the call again and sending it
/// once more answers the challenge.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client, http: &dyn oauth2_types::HttpClient)
/// # -> Result<(), Box<dyn std::error::Error>> {
/// let (request, reader) = client.client_credentials().scope("api:read").prepare().await?;
/// let response = http.execute(request).await?; // or any HTTP stack
/// let token = reader.read(response).await?;
/// # Ok(()) }
/// ```
#[must_use = "a response reader does nothing until given the response"]
pub struct ResponseReader<T> {
    endpoint: Endpoint,
    read: Read<T>,
}

impl<T: 'static> ResponseReader<T> {
    /// A reader of the answers of `endpoint` that `read` turns into a value.
    pub(crate) fn new(
        endpoint: Endpoint,
        read: impl FnOnce(HttpResponse) -> Result<T, Error> + Send + 'static,
    ) -> Self
    where
        T: Send,
    {
        Self::new_async(endpoint, move |response| {
            Box::pin(std::future::ready(read(response)))
        })
    }

    /// A reader whose reading is async.
    pub(crate) fn new_async(
        endpoint: Endpoint,
        read: impl FnOnce(HttpResponse) -> BoxFuture<'static, Result<T, Error>> + Send + 'static,
    ) -> Self {
        Self {
            endpoint,
            read: Box::new(read),
        }
    }

    /// Reads the response of the prepared request.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.client_credentials().prepare().await?;
    /// assert_eq!(request.uri(), "https://as.example/token");
    /// let response = http::Response::builder()
    ///     .status(400)
    ///     .header("content-type", "application/json")
    ///     .body(br#"{"error":"invalid_client"}"#.to_vec())?;
    /// let err = reader.read(response).await.unwrap_err();
    /// assert!(err.is_oauth_error("invalid_client"));
    /// # Ok(()) }
    /// ```
    pub async fn read(self, response: HttpResponse) -> Result<T, Error> {
        crate::response::refuse_redirect(self.endpoint.name(), &response)?;
        (self.read)(response).await
    }
}

impl<T> fmt::Debug for ResponseReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseReader")
            .field("endpoint", &self.endpoint.name())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use crate::{Error, OAuth2Client};

    fn client() -> OAuth2Client {
        OAuth2Client::builder()
            .token_endpoint("https://as.example/token")
            .revocation_endpoint("https://as.example/revoke")
            .auth(oauth2_client_auth::ClientSecretBasic::new("id", "secret"))
            .build()
            .unwrap()
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> oauth2_types::HttpResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_prepared_request_is_authenticated_and_its_reader_refuses_redirects() {
        let (request, reader) = client().client_credentials().prepare().await.unwrap();
        assert!(
            request.headers()["authorization"]
                .to_str()
                .unwrap()
                .starts_with("Basic ")
        );
        let err = reader
            .read(response(
                302,
                &[("location", "https://elsewhere.example/?code=x")],
                "",
            ))
            .await
            .unwrap_err();
        let Error::Redirect {
            status, location, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(status.as_u16(), 302);
        assert_eq!(location.as_deref(), Some("https://elsewhere.example/"));
    }

    #[tokio::test]
    async fn readers_give_the_typed_errors_of_send() {
        let (_, reader) = client().revocation("t").prepare().await.unwrap();
        let err = reader
            .read(response(
                400,
                &[("content-type", "application/json")],
                r#"{"error":"unsupported_token_type","error_description":"no"}"#,
            ))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|status| status.as_u16()), Some(400));
        assert!(err.is_oauth_error("unsupported_token_type"), "{err:?}");

        let (_, reader) = client().client_credentials().prepare().await.unwrap();
        let err = reader
            .read(response(
                500,
                &[("content-type", "text/html")],
                "<html>oops</html>",
            ))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::UnexpectedResponse { .. }), "{err:?}");
    }
}
