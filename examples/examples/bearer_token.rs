//! `BearerToken`: what a token response holds, its expiry, storing it, and calling an API
//! with it. README: "Bearer tokens".

use std::time::Duration;

use reqwest_oauth2_client::apiclient;
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

    let token: BearerToken = client.client_credentials().scope("api:read").send().await?;
    println!("token_type: {}", token.token_type());
    println!("expires in: {:?}", token.expires_in());
    println!("scope:      {:?}", token.scope());
    assert!(!token.is_expired(Duration::from_secs(20)));
    println!("Debug never shows the secret: {:?}", token.access_token());

    // Store it with its absolute expiry, and load it back.
    let stored = serde_json::to_string(&token)?;
    let loaded: BearerToken = serde_json::from_str(&stored)?;
    assert_eq!(loaded.expires_at(), token.expires_at());

    // Authorize one plain reqwest request with it, over a client that leaves redirects to
    // send_with (same-origin ones only are followed).
    let http =
        apiclient::reqwest_client(reqwest::Client::builder().timeout(Duration::from_secs(30)))?;
    let response = http
        .get(format!("{}/api/echo", local.resource))
        .send_with(&loaded)
        .await?;
    println!(
        "API answered {}: {}",
        response.status(),
        response.text().await?
    );
    Ok(())
}
