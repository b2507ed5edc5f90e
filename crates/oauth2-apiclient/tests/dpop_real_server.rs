//! DPoP-bound tokens from a token manager behind the middleware, against the local protected
//! resource: only the first request meets the resource server's nonce challenge.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::Recorder;
use oauth2_apiclient::OAuth2Middleware;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, TokenManager};
use oauth2_test_server::TestServer;

#[tokio::test]
async fn only_the_first_request_meets_a_nonce_challenge() {
    let server = TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"));
    let creds = server.client("client-secret-post").unwrap();
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap(),
        ))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .discover(server.issuer().as_str().trim_end_matches('/'))
        .await
        .unwrap();
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let recorder = Recorder::default();
    let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(manager.clone()))
        .with(recorder.clone())
        .build();
    let base = server.resource().as_str().trim_end_matches('/').to_owned();
    for i in 0..4 {
        let response = api
            .get(format!("{base}/api/echo?i={i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "DPoP");
    }
    assert_eq!(recorder.statuses(), vec![401, 200, 200, 200, 200]);
    assert!(manager.token().await.unwrap().has_dpop_type());
}
