//! What only Auth0 does, on wiremock: its endpoint layout, `audience` on client-credentials
//! requests, and the Management API under `/api/v2/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64ct::{Base64UrlUnpadded, Encoding};
use oauth2_auth0::Auth0;
use oauth2_client_auth::{ClientSecretPost, PrivateKeyJwt};
use oauth2_jose::{Algorithm, SigningKey};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn token_response() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": "mgmt-token", "token_type": "Bearer", "expires_in": 86400
    }))
}

fn auth0(server: &MockServer) -> Auth0 {
    Auth0::tenant("mytenant.eu")
        .unwrap()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true)
}

fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The Python original's Auth0 helper dropped a given private key and made a public client;
/// here the token request carries the signed assertion and no secret.
#[tokio::test]
async fn private_key_jwt_is_used_for_the_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response())
        .expect(1)
        .mount(&server)
        .await;
    let tenant = auth0(&server);
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let client = tenant.client(PrivateKeyJwt::new("my-client", key)).unwrap();
    assert_eq!(client.auth().method(), "private_key_jwt");

    client
        .client_credentials()
        .audience("https://myapi.local")
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    let form = form(&requests[0]);
    assert_eq!(field(&form, "grant_type"), Some("client_credentials"));
    assert_eq!(field(&form, "audience"), Some("https://myapi.local"));
    assert_eq!(field(&form, "client_id"), Some("my-client"));
    assert_eq!(
        field(&form, "client_assertion_type"),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    assert_eq!(field(&form, "client_secret"), None);
    assert!(requests[0].headers.get("authorization").is_none());
    let assertion = field(&form, "client_assertion").expect("a client assertion");
    let parts: Vec<&str> = assertion.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: serde_json::Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "ES256");
    let claims: serde_json::Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["iss"], "my-client");
    assert_eq!(claims["sub"], "my-client");
    assert!(!parts[2].is_empty());
}

/// The same through the builder and the Management API constructors: every way of making a
/// client keeps the key.
#[tokio::test]
async fn management_api_client_keeps_private_key_jwt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("client_assertion="))
        .respond_with(token_response())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .and(header("authorization", "Bearer mgmt-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    let tenant = auth0(&server);
    let key = || SigningKey::generate(Algorithm::ES256).unwrap();

    let direct = tenant
        .management_api_client(PrivateKeyJwt::new("my-client", key()))
        .unwrap();
    let built = tenant
        .client_builder()
        .auth(PrivateKeyJwt::new("my-client", key()))
        .build()
        .unwrap();
    let through_builder = tenant.management_api_client_with(&built).unwrap();
    for api in [direct, through_builder] {
        let response = api.get("users").unwrap().send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "[]");
    }
    let requests = server.received_requests().await.unwrap();
    for token_request in requests.iter().filter(|r| r.url.path() == "/oauth/token") {
        let form = form(token_request);
        assert_eq!(
            field(&form, "client_assertion_type"),
            Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        );
    }
}

/// The Management API token is a client-credentials token for `https://{domain}/api/v2/`,
/// fetched once and reused.
#[tokio::test]
async fn management_api_token_names_the_tenant_audience() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains(
            "audience=https%3A%2F%2Fmytenant.eu.auth0.com%2Fapi%2Fv2%2F",
        ))
        .respond_with(token_response())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/clients/abc"))
        .and(header("authorization", "Bearer mgmt-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(2)
        .mount(&server)
        .await;
    let api = auth0(&server)
        .management_api_client(ClientSecretPost::new("my-client", "my-secret"))
        .unwrap();
    assert_eq!(api.base_url().as_str(), format!("{}/api/v2/", server.uri()));
    for _ in 0..2 {
        let response = api.get("clients/abc").unwrap().send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    assert!(api.get("../oauth/token").is_err());
}

#[test]
fn http_is_refused_without_allow_insecure_http() {
    let tenant = Auth0::tenant("mytenant.eu")
        .unwrap()
        .base_url("http://127.0.0.1:9")
        .unwrap();
    assert!(
        tenant
            .client(ClientSecretPost::new("my-client", "my-secret"))
            .is_err()
    );
    assert!(
        tenant
            .management_api_client(ClientSecretPost::new("my-client", "my-secret"))
            .is_err()
    );
}

#[test]
fn real_endpoints_are_the_tenants() {
    let client = Auth0::tenant("mytenant.eu")
        .unwrap()
        .client(ClientSecretPost::new("my-client", "my-secret"))
        .unwrap();
    let meta = client.metadata();
    assert_eq!(client.issuer(), Some("https://mytenant.eu.auth0.com/"));
    let expected = [
        (&meta.authorization_endpoint, "/authorize"),
        (&meta.token_endpoint, "/oauth/token"),
        (&meta.revocation_endpoint, "/oauth/revoke"),
        (&meta.userinfo_endpoint, "/userinfo"),
        (&meta.jwks_uri, "/.well-known/jwks.json"),
        (&meta.device_authorization_endpoint, "/oauth/device/code"),
        (&meta.pushed_authorization_request_endpoint, "/oauth/par"),
        (&meta.backchannel_authentication_endpoint, "/bc-authorize"),
    ];
    for (endpoint, path) in expected {
        assert_eq!(
            endpoint.as_deref(),
            Some(format!("https://mytenant.eu.auth0.com{path}").as_str())
        );
    }
}
