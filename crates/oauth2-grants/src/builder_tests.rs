//! The builder's checks of URLs and authentication.

use super::*;
use oauth2_client_auth::NoAuth;

#[test]
fn http_needs_opt_in() {
    let build = |allow| {
        OAuth2Client::builder()
            .token_endpoint("http://127.0.0.1:1/token")
            .auth(NoAuth::new("id"))
            .allow_insecure_http(allow)
            .build()
    };
    assert!(matches!(build(false), Err(Error::InsecureUrl(_))));
    assert!(build(true).is_ok());
}

#[test]
fn bad_urls_and_missing_auth_are_config_errors() {
    let err = OAuth2Client::builder()
        .token_endpoint("not a url")
        .auth(NoAuth::new("id"))
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    let err = OAuth2Client::builder()
        .token_endpoint("ftp://as/token")
        .auth(NoAuth::new("id"))
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    let err = OAuth2Client::builder()
        .token_endpoint("https://as/token")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
}
