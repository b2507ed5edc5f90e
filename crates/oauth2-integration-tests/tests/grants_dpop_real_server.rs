//! DPoP (RFC 9449) against the local authorization server, which requires nonces, and its
//! protected resource, which requires DPoP-bound tokens to come with proofs and its own nonces.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../../oauth2-grants/tests/common/mod.rs"]
mod common;

use common::{auth_for, issuer, resource, user_token_with};
use oauth2_apiclient::RequestBuilderExt;
use oauth2_dpop::DpopKey;
use oauth2_grants::OAuth2Client;
use oauth2_jose::{Algorithm, jws};

async fn dpop_client(id: &str) -> OAuth2Client {
    OAuth2Client::builder()
        .auth(auth_for(id))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .discover(&issuer())
        .await
        .unwrap()
}

fn cnf_jkt(access_token: &str) -> String {
    let claims = jws::decode_unverified(access_token)
        .unwrap()
        .claims()
        .unwrap();
    claims["cnf"]["jkt"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn client_credentials_with_each_key_type_is_bound_and_accepted_by_the_api() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let client = dpop_client("client-secret-post").await;
        let key = DpopKey::generate(alg).unwrap();
        let token = client
            .client_credentials()
            .scope("api:read")
            .dpop_key(key.clone())
            .send()
            .await
            .unwrap_or_else(|err| panic!("{alg}: {err}"));
        assert!(token.has_dpop_type(), "{alg}: {}", token.token_type());
        assert_eq!(
            cnf_jkt(token.access_token().secret()),
            key.thumbprint(),
            "{alg}"
        );
        assert_eq!(
            token.binding().unwrap().thumbprint().unwrap(),
            key.thumbprint()
        );
        // The token endpoint asked for a nonce, and it was remembered.
        let token_endpoint =
            url::Url::parse(client.metadata().token_endpoint.as_deref().unwrap()).unwrap();
        assert!(client.dpop_nonces().get(&token_endpoint).is_some(), "{alg}");

        // The API asks for its own nonce once; the retry with it succeeds.
        let response = reqwest::Client::new()
            .post(format!("{}/api/echo", resource()))
            .body("hello")
            .send_with(&token)
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{alg}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "DPoP");
        assert_eq!(body["jkt"], key.thumbprint());
        assert_eq!(
            body["body"], "hello",
            "{alg}: the body was sent again on the retry"
        );
    }
}

#[tokio::test]
async fn a_bound_token_sent_as_bearer_is_refused() {
    let client = dpop_client("client-secret-basic").await;
    let token = client.client_credentials().send().await.unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/api/echo", resource()))
        .bearer_auth(token.access_token().secret())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn code_flow_refresh_and_userinfo_keep_the_key() {
    let client = dpop_client("private-key-jwt-es256").await;
    let token = user_token_with(&client, |request| request).await;
    assert!(token.has_dpop_type());
    let jkt = token.binding().unwrap().thumbprint().unwrap().to_owned();

    let fresh = client.refresh(&token).unwrap().send().await.unwrap();
    assert!(fresh.has_dpop_type());
    assert_eq!(fresh.binding().unwrap().thumbprint().unwrap(), jkt);

    // Userinfo with a DPoP-bound (opaque) token: proof with ath, nonce challenge answered.
    let claims = client.userinfo(&fresh).await.unwrap();
    assert_eq!(claims["sub"], "alice");

    // Introspection shows the binding.
    let info = client
        .introspect(fresh.access_token().secret())
        .send()
        .await
        .unwrap();
    assert_eq!(info.extra["cnf"]["jkt"], jkt.as_str());
}

#[tokio::test]
async fn dpop_can_be_turned_off_per_request() {
    let client = dpop_client("client-secret-basic").await;
    let token = client
        .client_credentials()
        .dpop(false)
        .send()
        .await
        .unwrap();
    assert!(token.has_bearer_type());
    assert!(token.binding().is_none());
}
