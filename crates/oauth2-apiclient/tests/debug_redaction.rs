//! No type of this crate shows a secret: the middleware and the API client over a token, an
//! API request with a key header and a password body, and
//! the error of a token source whose server echoed a secret, formatted with `{:?}`, `{:#?}`
//! and Display, are searched for `SECRET-` markers.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Debug;

use oauth2_apiclient::{ApiClient, Error, OAuth2Middleware};
use oauth2_types::{BearerToken, ErrorResponse};

fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

#[test]
fn no_type_shows_its_secrets() {
    let token = BearerToken::new("SECRET-AT").with_refresh_token("SECRET-RT");
    let echoed: ErrorResponse = serde_json::from_str(
        r#"{"error":"invalid_grant","error_description":"refresh_token=SECRET-RT is revoked"}"#,
    )
    .unwrap();
    let token_error = Error::Token(
        oauth2_grants::Error::OAuth {
            status: http::StatusCode::BAD_REQUEST,
            response: Box::new(echoed),
        }
        .into(),
    );
    let api = ApiClient::new("https://api.example/v1", token.clone()).unwrap();
    let request = api
        .post("orders")
        .unwrap()
        .header("x-api-key", "SECRET-KEY")
        .body("password=SECRET-PW");
    for (name, shown) in [
        ("ApiRequest", debug(&request)),
        (
            "OAuth2Middleware",
            debug(&OAuth2Middleware::new(token.clone())),
        ),
        (
            "ApiClient",
            debug(&ApiClient::new("https://api.example/v1", token.clone()).unwrap()),
        ),
        (
            "Error::Token",
            format!("{}\n{token_error}", debug(&token_error)),
        ),
    ] {
        assert!(!shown.contains("SECRET-"), "{name}: {shown}");
    }
}
