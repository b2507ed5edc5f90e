//! An application returning `reqwest_oauth2_client::Error` can `?` every crate's error.
#![cfg(all(
    feature = "grants",
    feature = "apiclient",
    feature = "dpop",
    feature = "pkce-par-jar"
))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::{Error, dpop, grants, jose, pkce_par_jar, reqwest, reqwest_middleware};

fn endpoint() -> reqwest_oauth2_client::types::Url {
    "https://as.example/authorize".parse().unwrap()
}

fn grants_error() -> Result<(), Error> {
    Err(grants::Error::MissingEndpoint("token endpoint"))?
}

fn loopback_error() -> Result<(), Error> {
    Err(LoopbackError::Timeout(Duration::from_secs(1)))?
}

fn authorization_request_error() -> Result<(), Error> {
    AuthorizationRequest::builder(endpoint(), "c")
        .state("short")
        .build()?;
    Ok(())
}

fn callback_error() -> Result<(), Error> {
    let request = AuthorizationRequest::builder(endpoint(), "c").build()?;
    request.pending().validate_callback(
        &"https://app.example/cb?code=x&state=wrong-state"
            .parse()
            .unwrap(),
    )?;
    Ok(())
}

fn jose_error() -> Result<(), Error> {
    SigningKey::from_jwk_json("not a JWK")?;
    Ok(())
}

fn dpop_error() -> Result<(), Error> {
    Err(dpop::Error::NoPublicKey)?
}

fn http_error() -> Result<(), Error> {
    reqwest::Client::new().get("not a url").build()?;
    Ok(())
}

fn middleware_error() -> Result<(), Error> {
    let err = reqwest::Client::new().get("not a url").build().unwrap_err();
    Err(reqwest_middleware::Error::from(err))?
}

fn api_error() -> Result<(), Error> {
    let api = ApiClient::new("https://api.example/v1/", BearerToken::new("t"))?;
    let _request = api.get("../admin")?;
    Ok(())
}

#[test]
fn question_mark_converts_every_crate_error() {
    assert!(matches!(grants_error(), Err(Error::Grants(_))));
    assert!(matches!(loopback_error(), Err(Error::Loopback(_))));
    assert!(matches!(
        authorization_request_error(),
        Err(Error::AuthorizationRequest(_))
    ));
    assert!(matches!(callback_error(), Err(Error::Callback(_))));
    assert!(matches!(jose_error(), Err(Error::Jose(_))));
    assert!(matches!(dpop_error(), Err(Error::Dpop(_))));
    assert!(matches!(http_error(), Err(Error::Http(_))));
    assert!(matches!(middleware_error(), Err(Error::Middleware(_))));
    assert!(matches!(api_error(), Err(Error::Api(_))));
    let _: fn() -> Result<(), pkce_par_jar::RequestObjectError> = || Ok(());
    let _ = jose::Algorithm::ES256;
}

#[test]
fn the_error_shows_the_crate_error_and_is_send_and_sync() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Error>();
    let err = grants_error().unwrap_err();
    assert_eq!(
        err.to_string(),
        grants::Error::MissingEndpoint("token endpoint").to_string()
    );
    assert!(err.oauth_error().is_none());
    assert!(err.status().is_none());
}

#[test]
fn the_prelude_holds_the_readme_names() {
    let _open: fn(&str) -> bool = open_in_browser;
    let _device: Option<DeviceAuthorizationResponse> = None;
    let _grants: Option<GrantsError> = None;
    let _scope = Scope::from(["openid", "email"]);
}
