//! A token manager behind the reqwest middleware: the token is obtained on first use, cached,
//! renewed before it expires, and replaced once if the API rejects it.
//! README: "Calling APIs with a token manager".

use std::time::Duration;

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;

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

    let manager = TokenManager::client_credentials(
        client
            .client_credentials()
            .scope("api:read")
            .resource(&local.resource),
    );
    // A reqwest client that leaves redirects to the middleware, which follows same-origin
    // ones only: the token never goes to another origin.
    let api = authorized_client(
        reqwest::Client::builder().timeout(Duration::from_secs(30)),
        manager.clone(),
    )?;

    // Many calls, one token request: the token is cached.
    for path in ["orders", "invoices", "customers"] {
        let response = api
            .get(format!("{}/api/echo?what={path}", local.resource))
            .send()
            .await?;
        println!("GET /api/echo?what={path} -> {}", response.status());
    }

    // This endpoint rejects the first token it sees with 401 invalid_token: the middleware
    // gets a fresh token and retries once.
    let response = api
        .post(format!(
            "{}/api/reject-once/example-{}",
            local.resource,
            std::process::id()
        ))
        .body("hello")
        .send()
        .await?;
    println!(
        "POST /api/reject-once -> {} (after one retry)",
        response.status()
    );

    // An API client: a base URL and the token manager; paths cannot leave the base.
    let api = ApiClient::new(&format!("{}/api", local.resource), manager)?;
    let response = api.get("echo")?.send().await?;
    println!("ApiClient GET echo -> {}", response.status());
    assert!(api.get("../admin").is_err());
    Ok(())
}
