//! The authorization code grant as the token source of API calls (the counterpart of the
//! Python original's `OAuth2AuthorizationCodeAuth`): the code is exchanged on the first API
//! call, the token cached, and refreshed with the refresh token afterwards.
//! README: "Authorization code grant", "As the token source of API calls".

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-basic")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretBasic::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;

    // The user signs in (here the local server does it by itself) and comes back with a code.
    let request = client
        .authorization_request()?
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid", "offline_access", "api:read"])
        .resource(&local.resource) // a token for the API
        .prompt("consent")
        .build()?;
    let request = client.prepare_authorization(request).await?;
    let callback = examples::log_in_and_consent(request.url()).await?;
    let response = request.pending().validate_callback(&callback)?;

    // The token manager exchanges the code on first use, then refreshes.
    let manager = TokenManager::authorization_code(client, &response);

    // Behind the reqwest middleware: the first call triggers the exchange.
    let api = authorized_client(
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)),
        manager.clone(),
    )?;
    let echo = api
        .get(format!("{}/api/echo?what=orders", local.resource))
        .send()
        .await?;
    println!("GET /api/echo -> {}", echo.status());
    assert!(echo.status().is_success());

    // Or an API client on a base URL, with the same manager (and so the same token).
    let api = ApiClient::new(&format!("{}/api", local.resource), manager.clone())?;
    let echo = api.get("echo")?.send().await?;
    println!("ApiClient GET echo -> {}", echo.status());
    assert!(echo.status().is_success());

    // Once the token is stale, the manager refreshes it; the code is never sent twice.
    let first = manager.token().await?;
    manager.invalidate();
    let second = manager.token().await?;
    println!(
        "refreshed: {}",
        second.access_token() != first.access_token()
    );
    Ok(())
}
