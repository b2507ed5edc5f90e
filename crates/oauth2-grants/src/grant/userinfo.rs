//! The OpenID Connect userinfo endpoint (OIDC Core section 5.3).

use oauth2_types::BearerToken;
use oauth2_types::exchange::{AuthorizedExchange, Decision};
use serde_json::Value;

use crate::client::{Endpoint, OAuth2Client};
use crate::error::Error;
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
            let mut headers = http::HeaderMap::new();
            headers.insert(
                http::header::ACCEPT,
                http::HeaderValue::from_static("application/json"),
            );
            token
                .authorize(&method, &url, &mut headers)
                .await
                .map_err(Error::authorization)?;
            let mut request = http::Request::get(url.as_str())
                .body(Vec::new())
                .map_err(|err| Error::Config(err.to_string()))?;
            *request.headers_mut() = headers.clone();
            tracing::debug!(target: "oauth2", endpoint = endpoint.name(), url = %url, "GET");
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
            return Err(userinfo_error(
                endpoint.name(),
                response,
                exchange.retried(),
            ));
        }
        response::json(endpoint.name(), response)
    }
}

/// A userinfo error comes in `WWW-Authenticate` (RFC 6750 section 3), or in a JSON body. A
/// nonce challenge still standing after `retried` is [`Error::DpopNonce`].
fn userinfo_error(endpoint: &str, response: oauth2_types::HttpResponse, retried: bool) -> Error {
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
