//! Bodies an error keeps an excerpt of must lose their secrets on the way, whatever their
//! encoding: a form-encoded token response, JSON with escaped member names, a token nested in
//! a string of a 502 page. Served by wiremock (a healthy server sends none of these).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The secrets the bodies below carry; none may show in an error.
const SECRETS: &[&str] = &[
    "SECRET-AT-1",
    "SECRET-RT-2",
    "SECRET-IDT-3",
    // A JWT (its payload is `{"sub":"SECRET-IDT-3"}`) named by nothing around it.
    "eyJzdWIiOiJTRUNSRVQtSURULTMifQ",
];

async fn token_error(status: u16, content_type: &str, body: &str) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .client_credentials()
        .send()
        .await
        .unwrap_err()
}

/// Every way the error can be shown: Display, Debug, pretty Debug, and the excerpt itself.
fn assert_no_secret(err: &Error) {
    let Error::UnexpectedResponse { excerpt, .. } = err else {
        panic!("not an unexpected response: {err:?}")
    };
    for shown in [
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        excerpt.clone(),
    ] {
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[tokio::test]
async fn a_form_encoded_token_response_leaves_no_token_in_the_error() {
    let err = token_error(
        200,
        "application/x-www-form-urlencoded",
        "access_token=SECRET-AT-1&token_type=bearer&refresh_token=SECRET-RT-2&expires_in=3600",
    )
    .await;
    assert_no_secret(&err);
    // What is not secret is still there to help.
    assert!(err.to_string().contains("token_type=bearer"), "{err}");
}

#[tokio::test]
async fn escaped_member_names_do_not_hide_a_token() {
    // Valid JSON whose names are escaped; `expires_in` is unreadable, so the parse fails.
    let body = r#"{"access\u005ftoken":"SECRET-AT-1","refresh\u005Ftoken":"SECRET-RT-2","id_to\u006ben":"SECRET-IDT-3","expires_in":"soon"}"#;
    let err = token_error(200, "application/json", body).await;
    assert_no_secret(&err);
    // And as a document cut short, which no JSON parser reads.
    let cut = &body[..body.len() - 10];
    let err = token_error(200, "text/plain", cut).await;
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_token_nested_in_a_string_of_a_502_body_is_masked() {
    let body = r#"{"detail":"upstream said {\"access_token\":\"SECRET-AT-1\",\"refresh_token\":\"SECRET-RT-2\"}","trace":"abc"}"#;
    let err = token_error(502, "application/json", body).await;
    assert_no_secret(&err);
    let Error::UnexpectedResponse { excerpt, .. } = &err else {
        unreachable!()
    };
    assert!(excerpt.ends_with(r#""trace":"abc"}"#), "{excerpt}");
    // The same nested as a whole JSON document, as a form, and as a JWT in a string.
    for body in [
        r#"{"detail":"{\"access_token\":\"SECRET-AT-1\"}"}"#,
        r#"{"detail":"refresh_token=SECRET-RT-2&x=1"}"#,
        r#"{"upstream":{"body":"got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJTRUNSRVQtSURULTMifQ.c2ln, then id_token: SECRET-IDT-3"}}"#,
    ] {
        let err = token_error(502, "application/json", body).await;
        assert_no_secret(&err);
    }
}

#[tokio::test]
async fn an_html_page_echoing_a_token_is_masked() {
    let body = "<html><body><p>Bad request: access_token=SECRET-AT-1; Authorization: Bearer SECRET-RT-2</p></body></html>";
    let err = token_error(502, "text/html", body).await;
    assert_no_secret(&err);
    assert!(err.to_string().contains("Bad request"), "{err}");
}

#[tokio::test]
async fn an_unreadable_expires_in_does_not_carry_a_token() {
    // The reason of the error quotes the unreadable value: it is masked like the excerpt.
    let body = r#"{"access_token":"SECRET-AT-1","token_type":"Bearer","expires_in":{"refresh_token":"SECRET-RT-2","note":"eyJzdWIiOiJTRUNSRVQtSURULTMifQ.eyJzdWIiOiJTRUNSRVQtSURULTMifQ.c2ln"}}"#;
    let err = token_error(200, "application/json", body).await;
    assert_no_secret(&err);
    assert!(err.to_string().contains("expires_in"), "{err}");
}
