//! The OpenID Connect userinfo endpoint (OIDC Core section 5.3).

use oauth2_types::exchange::{AuthorizedExchange, Decision};
use oauth2_types::{BearerToken, HttpRequest, HttpResponse};
use serde_json::Value;
use url::Url;

use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};
use crate::response;

impl OAuth2Client {
    /// Calls the userinfo endpoint with `token` (DPoP-bound ones included) and returns the
    /// claims.
    ///
    /// A signed userinfo response (`application/jwt`) is returned as a JSON string holding the
    /// JWT, unverified.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, token: oauth2_types::BearerToken)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let claims = client.userinfo(&token).await?;
    /// println!("hello {}", claims["sub"]);
    /// # Ok(()) }
    /// ```
    ///
    /// A DPoP nonce challenge (401, `error="use_dpop_nonce"` with a new `DPoP-Nonce`) is
    /// answered once with the new nonce; a server that keeps challenging gets
    /// [`Error::DpopNonce`].
    pub async fn userinfo(&self, token: &BearerToken) -> Result<Value, Error> {
        let endpoint = Endpoint::Userinfo;
        let url = self.endpoint_url(endpoint)?;
        let method = http::Method::GET;
        let mut exchange = AuthorizedExchange::new();
        let response = loop {
            let (request, headers) = authorized_request(token, &url).await?;
            let response = self.send(endpoint, request).await?;
            let advice = token.on_response(
                &method,
                &url,
                &headers,
                response.status(),
                response.headers(),
            );
            if exchange.decide(advice, true) == Decision::RetryWithNonce {
                crate::dpop::trace_nonce_answered(endpoint, &url);
                continue;
            }
            break response;
        };
        read_userinfo(response, exchange.retried())
    }

    /// [`userinfo`](Self::userinfo) without the sending: the request, authorized by `token`,
    /// to send with any HTTP stack, and the reader of its response. A DPoP nonce challenge is
    /// [`Error::DpopNonce`] with `retried: false`: the token remembers the nonce, and
    /// preparing the request again (a new proof) answers it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().userinfo_endpoint("https://as.example/userinfo").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let token = oauth2_types::BearerToken::new("at-1");
    /// let (request, reader) = client.prepare_userinfo(&token).await?;
    /// assert_eq!(request.headers()["authorization"], "Bearer at-1");
    /// let claims = reader
    ///     .read(http::Response::new(br#"{"sub":"alice"}"#.to_vec()))
    ///     .await?;
    /// assert_eq!(claims["sub"], "alice");
    /// # Ok(()) }
    /// ```
    pub async fn prepare_userinfo(
        &self,
        token: &BearerToken,
    ) -> Result<PreparedCall<Value>, Error> {
        let endpoint = Endpoint::Userinfo;
        let url = self.endpoint_url(endpoint)?;
        let (request, headers) = authorized_request(token, &url).await?;
        let request = self.with_default_headers(request);
        let token = token.clone();
        let reader = ResponseReader::new(endpoint, move |response| {
            // The token remembers a DPoP nonce the answer carries, for the next request.
            token.on_response(
                &http::Method::GET,
                &url,
                &headers,
                response.status(),
                response.headers(),
            );
            read_userinfo(response, false)
        });
        Ok((request, reader))
    }
}

/// The userinfo GET of `url`, authorized by `token`, and the headers it carries.
async fn authorized_request(
    token: &BearerToken,
    url: &Url,
) -> Result<(HttpRequest, http::HeaderMap), Error> {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::ACCEPT,
        http::HeaderValue::from_static("application/json"),
    );
    token
        .authorize(&http::Method::GET, url, &mut headers)
        .await
        .map_err(Error::authorization)?;
    let mut request = http::Request::get(url.as_str())
        .body(Vec::new())
        .map_err(|err| Error::Config(err.to_string()))?;
    *request.headers_mut() = headers.clone();
    tracing::debug!(target: "oauth2", endpoint = Endpoint::Userinfo.name(), url = %url, "GET");
    Ok((request, headers))
}

/// The claims of a userinfo response: JSON, or a signed response (`application/jwt`) as a
/// JSON string holding the JWT, unverified. A nonce challenge still standing after
/// `retried` is [`Error::DpopNonce`].
fn read_userinfo(response: HttpResponse, retried: bool) -> Result<Value, Error> {
    let endpoint = Endpoint::Userinfo;
    let is_jwt = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/jwt"));
    if is_jwt && response.status().is_success() {
        let jwt = String::from_utf8_lossy(response.body()).trim().to_owned();
        return Ok(Value::String(jwt));
    }
    if !response.status().is_success() {
        return Err(userinfo_error(endpoint.name(), response, retried));
    }
    response::json(endpoint.name(), response)
}

/// A userinfo error comes in `WWW-Authenticate` (RFC 6750 section 3), or in a JSON body. A
/// nonce challenge still standing after `retried` is [`Error::DpopNonce`].
fn userinfo_error(endpoint: &str, response: HttpResponse, retried: bool) -> Error {
    let challenge = oauth2_types::Challenge::from_headers(response.headers())
        .find(|challenge| challenge.error().is_some());
    if let Some(challenge) = challenge {
        let mut error = oauth2_types::ErrorResponse::new(challenge.error().unwrap_or_default());
        error.error_description = challenge.param("error_description").map(str::to_owned);
        error.error_uri = challenge.param("error_uri").map(str::to_owned);
        if error.error.as_str() == "use_dpop_nonce" {
            return Error::DpopNonce {
                status: response.status(),
                response: Box::new(error),
                retried,
            };
        }
        return Error::OAuth {
            status: response.status(),
            response: Box::new(error),
        };
    }
    match response::check_status(endpoint, response) {
        Err(err) => err,
        Ok(response) => Error::unexpected(
            endpoint,
            response.status(),
            "unexpected status",
            response.body(),
        ),
    }
}
