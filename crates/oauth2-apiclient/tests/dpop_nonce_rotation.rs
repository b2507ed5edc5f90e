//! DPoP nonces of the local protected resource, for every proof algorithm, through the
//! middleware: only the first request meets a challenge, and a nonce the resource server
//! rotates and tells on a successful response is used by the next request without a new
//! challenge. Its own test binary, so its own server: rotating nonces disturbs no other test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::Recorder;
use oauth2_apiclient::OAuth2Middleware;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, TokenManager};
use oauth2_jose::Algorithm;
use oauth2_test_server::TestServer;

#[tokio::test]
async fn every_algorithm_meets_one_challenge_and_follows_a_rotated_nonce() {
    let server = TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"));
    let creds = server.client("client-secret-post").unwrap();
    let base = server.resource().as_str().trim_end_matches('/').to_owned();
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let client = OAuth2Client::builder()
            .auth(ClientSecretPost::new(
                creds.client_id.clone(),
                creds.client_secret.clone().unwrap(),
            ))
            .allow_insecure_http(true)
            .dpop_bound_access_tokens(true)
            .dpop_algorithm(alg)
            .discover(server.issuer().as_str().trim_end_matches('/'))
            .await
            .unwrap();
        let manager =
            TokenManager::client_credentials(client.client_credentials().scope("api:read"));
        let recorder = Recorder::default();
        let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            .with(OAuth2Middleware::new(manager.clone()))
            .with(recorder.clone())
            .build();
        for path in ["/api/echo", "/api/echo", "/api/rotate-nonce", "/api/echo"] {
            let response = api.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(response.status(), 200, "{alg} {path}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["token_type"], "DPoP", "{alg}");
        }
        assert_eq!(
            recorder.statuses(),
            vec![401, 200, 200, 200, 200],
            "{alg}: one challenge, then the nonces of successful responses"
        );
        let token = manager.token().await.unwrap();
        assert!(token.has_dpop_type());
        assert_eq!(
            token.binding().and_then(|binding| binding.algorithm()),
            Some(alg.as_str()),
            "{alg}"
        );
    }
}
