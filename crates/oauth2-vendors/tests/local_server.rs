//! The presets whose issuer is an origin, reached through their URL builders at the local
//! authorization server (node oidc-provider on 127.0.0.1): discovery with the strict issuer
//! check, then real token requests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauth2_client_auth::{ClientSecretBasic, PrivateKeyJwt};
use oauth2_jose::SigningKey;
use oauth2_test_server::TestServer;
use oauth2_vendors::Preset;

fn server() -> &'static TestServer {
    TestServer::shared().unwrap_or_else(|err| panic!("the local authorization server: {err}"))
}

/// The local server's origin, as a base URL override.
fn local_origin() -> String {
    server().issuer().as_str().trim_end_matches('/').to_owned()
}

fn basic_auth() -> ClientSecretBasic {
    let client = server()
        .client("client-secret-basic")
        .expect("a test client");
    ClientSecretBasic::new(
        "client-secret-basic",
        client.client_secret.clone().expect("a secret"),
    )
}

#[tokio::test]
async fn okta_org_server_through_a_base_url() {
    let okta = Preset::okta_org("dev-123.okta.com")
        .unwrap()
        .base_url(&local_origin())
        .unwrap()
        .allow_insecure_http(true);
    assert_eq!(okta.issuer(), local_origin());
    let client = okta.discover(basic_auth()).await.unwrap();
    assert_eq!(client.issuer(), Some(local_origin().as_str()));
    let token = client.client_credentials().send().await.unwrap();
    assert!(!token.access_token().secret().is_empty());
}

/// A private key given to a preset signs the token request: the real server verifies the
/// assertion against the client's registered key.
#[tokio::test]
async fn private_key_jwt_through_a_preset() {
    let id = "private-key-jwt-es256";
    let jwk = server()
        .client(id)
        .and_then(|client| client.private_jwk.as_ref())
        .expect("a key")
        .to_string();
    let key = SigningKey::from_jwk_json(&jwk).unwrap();
    let ping = Preset::pingfederate("https://sso.example.com")
        .unwrap()
        .base_url(&local_origin())
        .unwrap()
        .allow_insecure_http(true);
    let client = ping.discover(PrivateKeyJwt::new(id, key)).await.unwrap();
    assert_eq!(client.auth().method(), "private_key_jwt");
    let token = client.client_credentials().send().await.unwrap();
    assert!(!token.access_token().secret().is_empty());
}

/// http needs allow_insecure_http, for discovery too.
#[tokio::test]
async fn http_base_url_needs_allow_insecure_http() {
    let okta = Preset::okta_org("dev-123.okta.com")
        .unwrap()
        .base_url(&local_origin())
        .unwrap();
    let err = okta.discover(basic_auth()).await.unwrap_err();
    assert!(
        matches!(
            err,
            oauth2_vendors::Error::Grants(oauth2_grants::Error::InsecureUrl(_))
        ),
        "{err:?}"
    );
}
