//! DPoP nonce challenges answered by what each request sent: concurrent first token requests
//! both retried, userinfo answering a nonce challenge once, and one key for every poll of a
//! decoupled flow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_client_auth::ClientSecretPost;
use oauth2_dpop::{DpopBinding, DpopKey};
use oauth2_grants::{
    BackchannelAuthenticationResponse, DeviceAuthorizationResponse, Error, OAuth2Client,
};
use oauth2_jose::Algorithm;
use oauth2_test_server::dpop_mock::{ProofNonce, resource_nonce_challenge, token_nonce_challenge};
use oauth2_types::BearerToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint(format!("{}/token", server.uri()))
        .userinfo_endpoint(format!("{}/userinfo", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .build()
        .unwrap()
}

/// The proof of a request, decoded.
fn proof(request: &Request) -> oauth2_jose::jws::Decoded {
    let proof = request.headers.get("dpop").unwrap().to_str().unwrap();
    oauth2_jose::jws::decode_unverified(proof).unwrap()
}

fn token_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        r#"{"access_token":"a","token_type":"DPoP","expires_in":60}"#,
        "application/json",
    )
}

#[tokio::test]
async fn concurrent_first_token_requests_both_answer_the_nonce_challenge() {
    let server = MockServer::start().await;
    // Slow challenges: both requests are sent, without a nonce, before either answer arrives.
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(ProofNonce(None))
        .respond_with(token_nonce_challenge(Some("n1")).set_delay(Duration::from_millis(300)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(ProofNonce(Some("n1")))
        .respond_with(token_ok())
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let (a, b) = tokio::join!(
        client.client_credentials().send(),
        client.client_credentials().send()
    );
    assert!(a.unwrap().has_dpop_type());
    assert!(b.unwrap().has_dpop_type());
}

fn dpop_token() -> BearerToken {
    DpopBinding::new(DpopKey::generate(Algorithm::ES256).unwrap())
        .unwrap()
        .bind(BearerToken::new("at").with_token_type("DPoP"))
}

#[tokio::test]
async fn userinfo_answers_a_nonce_challenge_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .and(ProofNonce(None))
        .respond_with(resource_nonce_challenge(Some("u1")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .and(ProofNonce(Some("u1")))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"sub":"alice"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let claims = client(&server).userinfo(&dpop_token()).await.unwrap();
    assert_eq!(claims["sub"], "alice");
}

#[tokio::test]
async fn userinfo_repeating_its_nonce_is_an_error_after_one_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(resource_nonce_challenge(Some("u1")))
        .expect(2)
        .mount(&server)
        .await;
    let err = client(&server).userinfo(&dpop_token()).await.unwrap_err();
    assert!(
        matches!(err, Error::DpopNonce { retried: true, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn userinfo_challenging_without_a_nonce_is_an_error_without_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(resource_nonce_challenge(None))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).userinfo(&dpop_token()).await.unwrap_err();
    assert!(
        matches!(err, Error::DpopNonce { retried: false, .. }),
        "{err:?}"
    );
}

/// A token endpoint that says authorization_pending twice, then gives a DPoP token.
async fn pending_twice(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(r#"{"error":"authorization_pending"}"#, "application/json"),
        )
        .up_to_n_times(2)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .mount(server)
        .await;
}

/// The thumbprints of the keys of every proof the server received.
async fn proof_keys(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|request| {
            let jwk: oauth2_jose::Jwk =
                serde_json::from_value(proof(request).header["jwk"].clone()).unwrap();
            oauth2_jose::thumbprint(&jwk).unwrap()
        })
        .collect()
}

fn device() -> DeviceAuthorizationResponse {
    serde_json::from_str(
        r#"{"device_code":"dc","user_code":"UC","verification_uri":"https://as.example/device",
            "expires_in":60,"interval":0}"#,
    )
    .unwrap()
}

#[tokio::test]
async fn device_polls_sign_with_one_key() {
    let server = MockServer::start().await;
    pending_twice(&server).await;
    let client = client(&server);
    let token = client.poll_device_code(&device()).await.unwrap();
    let keys = proof_keys(&server).await;
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| key == &keys[0]), "{keys:?}");
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        keys[0].as_str()
    );
}

#[tokio::test]
async fn ciba_polls_sign_with_one_key() {
    let server = MockServer::start().await;
    pending_twice(&server).await;
    let request: BackchannelAuthenticationResponse =
        serde_json::from_str(r#"{"auth_req_id":"r","expires_in":60,"interval":0}"#).unwrap();
    let token = client(&server)
        .poll_backchannel_authentication(&request)
        .await
        .unwrap();
    let keys = proof_keys(&server).await;
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| key == &keys[0]), "{keys:?}");
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        keys[0].as_str()
    );
}

#[tokio::test]
async fn polls_use_the_key_the_caller_gives() {
    let server = MockServer::start().await;
    pending_twice(&server).await;
    let client = client(&server);
    let key = DpopKey::generate(Algorithm::EdDSA).unwrap();
    let device = device();
    let token = client
        .device_code(&device)
        .dpop_key(key.clone())
        .poll(device.interval, device.expires_at())
        .await
        .unwrap();
    let keys = proof_keys(&server).await;
    assert_eq!(keys, vec![key.thumbprint().to_owned(); 3]);
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        key.thumbprint()
    );
}

#[tokio::test]
async fn polls_without_dpop_when_the_caller_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let device = device();
    let token = client
        .device_code(&device)
        .dpop(false)
        .poll(device.interval, device.expires_at())
        .await
        .unwrap();
    assert!(!token.has_dpop_type());
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("dpop"));
}
