//! `ApiClient`: a base URL and a token source; paths as segments, each encoded on its own, so
//! user input cannot leave the base; error statuses as errors by default, per request
//! otherwise; your own reqwest client, still with our timeout. README: "API clients".

use std::time::Duration;

use reqwest_oauth2_client::apiclient::Error as ApiError;
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest::{self, StatusCode};

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-post")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));

    // Your own reqwest client (proxies, root certificates, user agent...): redirects stay
    // with the middleware, and each request still has the API client's timeout.
    let builder = reqwest::Client::builder()
        .user_agent("orders-sync/1.0")
        .timeout(Duration::from_secs(3600)); // replaced per request by the line below
    let api = ApiClient::with_builder(&local.resource, builder, manager)?
        .timeout(Duration::from_secs(10));
    assert_eq!(
        api.get("api/echo")?.build()?.timeout(),
        Some(&Duration::from_secs(10))
    );

    // Paths as segments: each is percent-encoded on its own, so a value from user input
    // stays one segment under the base.
    let user_id = "../admin";
    let echo: serde_json::Value = api
        .get(["api", "users", user_id, "details"])?
        .send()
        .await?
        .json()
        .await?;
    println!("sent to {}", echo["path"]); // "/api/users/..%2Fadmin/details"
    // A path string that would climb out of the base is refused before anything is sent.
    assert!(api.get("../admin").is_err());
    assert!(api.get("https://elsewhere.example/").is_err());

    // Sub-clients for parts of the API keep the authorization and the options.
    let api_v = api.sub("api")?;
    let status = api_v.get("echo")?.send().await?.status();
    println!("{}echo answered {status}", api_v.base_url());

    // A 4xx or 5xx answer is an error by default, with its status and a body excerpt...
    match api.get("no-such-thing")?.send().await {
        Err(ApiError::Status { status, excerpt }) => println!("error {status}: {excerpt}"),
        other => return Err(format!("expected an error status, got {other:?}").into()),
    }
    // ...unless the request (or the whole client, `.error_for_status(false)`) says otherwise.
    let response = api
        .get("no-such-thing")?
        .error_for_status(false)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    println!("read it yourself: {}", response.status());
    Ok(())
}
