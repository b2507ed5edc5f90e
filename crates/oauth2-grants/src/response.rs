//! Reading authorization server responses, sans-IO: an [`HttpResponse`] in, a value or a
//! typed [`Error`] out.

use oauth2_types::{BearerToken, ErrorResponse, HttpResponse};
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Whether the response says its body is JSON (`application/json`, `application/*+json`), or
/// says nothing about it (some servers omit the header).
fn is_json(response: &HttpResponse) -> bool {
    match response.headers().get(http::header::CONTENT_TYPE) {
        None => true,
        Some(value) => value.to_str().is_ok_and(|value| {
            let mime = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        }),
    }
}

/// A redirect (any 3xx) is [`Error::Redirect`]: no call to the authorization server follows
/// one, so that neither the request nor its credentials go anywhere else.
pub(crate) fn refuse_redirect(endpoint: &str, response: &HttpResponse) -> Result<(), Error> {
    let status = response.status();
    if !status.is_redirection() {
        return Ok(());
    }
    // Without its query: it is the server's, and may carry anything.
    let location = response
        .headers()
        .get(http::header::LOCATION)
        .map(|value| oauth2_types::redact::url(&String::from_utf8_lossy(value.as_bytes())));
    tracing::warn!(
        target: "oauth2",
        endpoint,
        status = status.as_u16(),
        location = location.as_deref().unwrap_or_default(),
        "the authorization server answered with a redirect, which is not followed"
    );
    Err(Error::Redirect {
        endpoint: endpoint.to_owned(),
        status,
        location,
    })
}

/// Turns an unsuccessful response into [`Error::OAuth`] when its body is an OAuth error
/// response, else into [`Error::UnexpectedResponse`]. A successful response passes through.
pub(crate) fn check_status(endpoint: &str, response: HttpResponse) -> Result<HttpResponse, Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    match serde_json::from_slice::<ErrorResponse>(response.body()) {
        Ok(error) => Err(Error::OAuth {
            status,
            response: Box::new(error),
        }),
        Err(_) => Err(Error::unexpected(
            endpoint,
            status,
            "the error response is not an OAuth error response",
            response.body(),
        )),
    }
}

/// Reads a JSON body of type `T` from a successful response.
pub(crate) fn json<T: DeserializeOwned>(
    endpoint: &str,
    response: HttpResponse,
) -> Result<T, Error> {
    let response = check_status(endpoint, response)?;
    if !is_json(&response) {
        return Err(Error::unexpected(
            endpoint,
            response.status(),
            "the response is not JSON",
            response.body(),
        ));
    }
    serde_json::from_slice(response.body()).map_err(|err| {
        Error::unexpected(
            endpoint,
            response.status(),
            format!(
                "the JSON is not of the expected shape: {}",
                oauth2_types::redact::json_error(&err)
            ),
            response.body(),
        )
    })
}

/// Reads a token response (RFC 6749 section 5).
pub(crate) fn token(endpoint: &str, response: HttpResponse) -> Result<BearerToken, Error> {
    let response = check_status(endpoint, response)?;
    if !is_json(&response) {
        return Err(Error::unexpected(
            endpoint,
            response.status(),
            "the token response is not JSON",
            response.body(),
        ));
    }
    BearerToken::from_response(response.body()).map_err(|err| {
        Error::unexpected(
            endpoint,
            response.status(),
            err.to_string(),
            response.body(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2_types::ErrorCode;

    fn response(status: u16, content_type: Option<&str>, body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(status);
        if let Some(content_type) = content_type {
            builder = builder.header("content-type", content_type);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn oauth_error_is_typed_with_status() {
        let err = token(
            "token endpoint",
            response(
                401,
                Some("application/json; charset=utf-8"),
                r#"{"error":"invalid_client","error_description":"no","error_uri":"https://e"}"#,
            ),
        )
        .unwrap_err();
        let Error::OAuth { status, response } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*status, 401);
        assert_eq!(response.error, ErrorCode::InvalidClient);
        assert_eq!(response.error_description.as_deref(), Some("no"));
        assert_eq!(response.error_uri.as_deref(), Some("https://e"));
    }

    #[test]
    fn garbage_is_unexpected_with_excerpt() {
        for (status, content_type, body) in [
            (500, Some("text/html"), "<html>oops</html>"),
            (200, Some("text/html"), "<html>login</html>"),
            (200, Some("application/json"), "{\"token_type\":\"Bearer\"}"),
            (200, None, "not json"),
            (
                400,
                Some("application/json"),
                "{\"message\":\"no error member\"}",
            ),
        ] {
            let err = token("token endpoint", response(status, content_type, body)).unwrap_err();
            let Error::UnexpectedResponse {
                status: got,
                excerpt,
                ..
            } = &err
            else {
                panic!("{err:?}")
            };
            assert_eq!(got.as_u16(), status);
            assert_eq!(excerpt, body);
        }
    }

    #[test]
    fn token_with_vendor_json_type() {
        let token = token(
            "token endpoint",
            response(200, Some("application/vnd+json"), r#"{"access_token":"a"}"#),
        );
        assert!(token.is_ok());
    }
}
