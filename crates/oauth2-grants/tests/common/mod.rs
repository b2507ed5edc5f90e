//! Shared set-up of the integration tests: the local authorization server, clients for each
//! authentication method, and user tokens through a real authorization code flow.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use base64ct::{Base64UrlUnpadded, Encoding};
use oauth2_client_auth::{
    ClientSecretBasic, ClientSecretJwt, ClientSecretPost, NoAuth, PrivateKeyJwt,
};
use oauth2_grants::OAuth2Client;
use oauth2_jose::SigningKey;
use oauth2_test_server::{TestClient, TestServer};
use oauth2_types::{BearerToken, ClientAuthentication};
use sha2::{Digest, Sha256};

/// The confidential clients, one per authentication method.
pub(crate) const CONFIDENTIAL_CLIENTS: &[&str] = &[
    "client-secret-basic",
    "client-secret-post",
    "client-secret-jwt",
    "private-key-jwt-es256",
    "private-key-jwt-es384",
    "private-key-jwt-rs256",
    "private-key-jwt-ps256",
    "private-key-jwt-eddsa",
];

pub(crate) fn server() -> &'static TestServer {
    TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"))
}

pub(crate) fn issuer() -> String {
    server().issuer().as_str().trim_end_matches('/').to_owned()
}

pub(crate) fn resource() -> String {
    server()
        .resource()
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

pub(crate) fn test_client(id: &str) -> &'static TestClient {
    server()
        .client(id)
        .unwrap_or_else(|| panic!("no test client {id}"))
}

/// The client authentication a test client is registered with.
pub(crate) fn auth_for(id: &str) -> Box<dyn ClientAuthentication> {
    let client = test_client(id);
    let secret = || client.client_secret.clone().expect("a secret");
    match client.auth_method.as_str() {
        "client_secret_basic" => Box::new(ClientSecretBasic::new(id, secret())),
        "client_secret_post" => Box::new(ClientSecretPost::new(id, secret())),
        "client_secret_jwt" => Box::new(ClientSecretJwt::new(id, secret())),
        "private_key_jwt" => {
            let jwk = client.private_jwk.as_ref().expect("a key").to_string();
            Box::new(PrivateKeyJwt::new(
                id,
                SigningKey::from_jwk_json(&jwk).unwrap(),
            ))
        }
        "none" => Box::new(NoAuth::new(id)),
        other => panic!("unknown method {other}"),
    }
}

pub(crate) async fn client_for(id: &str) -> OAuth2Client {
    OAuth2Client::builder()
        .auth(auth_for(id))
        .allow_insecure_http(true)
        .discover(&issuer())
        .await
        .unwrap()
}

/// A user token (with refresh and ID tokens) through the real authorization code flow with
/// PKCE; the local server logs the test user in and consents by itself.
pub(crate) async fn user_token(client: &OAuth2Client) -> BearerToken {
    user_token_with(client, |request| request).await
}

/// Like [`user_token`], with a last say on the code exchange (DPoP, for example).
pub(crate) async fn user_token_with(
    client: &OAuth2Client,
    exchange: impl FnOnce(oauth2_grants::TokenRequest) -> oauth2_grants::TokenRequest,
) -> BearerToken {
    let verifier = Base64UrlUnpadded::encode_string(&rand_bytes());
    let challenge = Base64UrlUnpadded::encode_string(&Sha256::digest(verifier.as_bytes()));
    let state = Base64UrlUnpadded::encode_string(&rand_bytes());
    let redirect_uri = test_client(client.client_id()).redirect_uri.clone();
    let mut url =
        url::Url::parse(client.metadata().authorization_endpoint.as_deref().unwrap()).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", client.client_id())
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid email profile offline_access")
        .append_pair("prompt", "consent")
        .append_pair("state", &state)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let callback = server().complete_authorization(&url).await.unwrap();
    let params: std::collections::HashMap<_, _> = callback.query_pairs().into_owned().collect();
    assert_eq!(params.get("state"), Some(&state), "{callback}");
    assert_eq!(
        params.get("iss").map(String::as_str),
        Some(issuer().as_str()),
        "{callback}"
    );
    let code = params
        .get("code")
        .unwrap_or_else(|| panic!("no code in {callback}"));
    exchange(
        client
            .authorization_code(code.clone())
            .redirect_uri(redirect_uri)
            .code_verifier(verifier),
    )
    .send()
    .await
    .unwrap()
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}
