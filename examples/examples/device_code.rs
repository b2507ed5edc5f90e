//! The device authorization grant (RFC 8628): a device shows a code, the user approves it on
//! a phone or laptop, the device polls. README: "Device authorization grant".

use reqwest_oauth2_client::prelude::*;

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

    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()
        .await?;
    println!(
        "go to {} and enter {}",
        device.verification_uri, device.user_code
    );

    // Here the test user approves on the local server's device pages.
    let complete = device
        .verification_uri_complete
        .clone()
        .ok_or("no verification_uri_complete")?;
    examples::approve_device(&complete).await?;

    // Polls every `interval` (slower after slow_down) until approved, denied or expired.
    let token = client.poll_device_code(&device).await?;
    println!(
        "device signed in: {} token, refresh token: {}",
        token.token_type(),
        token.refresh_token().is_some()
    );

    // Or a token manager (the Python `OAuth2DeviceCodeAuth`): it polls on its first use, can
    // be watched (attempts, interval, expiry) and cancelled, and refreshes afterwards.
    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()
        .await?;
    let poller = client.device_poller(&device)?;
    let progress = poller.watch();
    let manager = TokenManager::polling(client, poller);
    let complete = device
        .verification_uri_complete
        .clone()
        .ok_or("no verification_uri_complete")?;
    examples::approve_device(&complete).await?;
    let token = manager.token().await?;
    println!(
        "managed device token after {} poll(s), refresh token: {}",
        progress.borrow().attempts,
        token.refresh_token().is_some()
    );
    Ok(())
}
