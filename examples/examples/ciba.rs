//! Client-Initiated Backchannel Authentication (CIBA, poll mode): the client asks the server
//! to authenticate a user on their own device, then polls; or a token manager polls on first
//! use, watched and cancellable. README: "CIBA".

use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("ciba-client")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;

    // The local server's test user approves on their "device" half a second later.
    let request = client
        .backchannel_authentication()
        .scope("openid email")
        .login_hint("alice")
        .binding_message("W4SCT")
        .send()
        .await?;
    println!(
        "waiting for the user (request expires in {} s)",
        request.expires_in
    );
    let token = client.poll_backchannel_authentication(&request).await?;
    println!(
        "approved: {} token, ID token: {}",
        token.token_type(),
        token.id_token().is_some()
    );

    // Or a token manager: it polls on its first use, then caches (and refreshes) the token.
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .send()
        .await?;
    let manager = TokenManager::ciba(client.clone(), &request)?;
    let token = manager.token().await?;
    println!("managed CIBA token: {}", token.token_type());

    // The polling as a value: watched (attempts, interval, expiry; never a code) and
    // cancelled, here at once from another task, as a Cancel button would.
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .send()
        .await?;
    let poller = client.ciba_poller(&request)?;
    let (progress, cancel) = (poller.watch(), poller.cancel_handle());
    let manager = TokenManager::polling(client, poller);
    tokio::spawn(async move { cancel.cancel() });
    match manager.token().await {
        Err(GrantsError::PollingCancelled) => println!(
            "cancelled after {} poll(s), {} s before expiry",
            progress.borrow().attempts,
            progress
                .borrow()
                .expires_at
                .saturating_duration_since(std::time::Instant::now())
                .as_secs()
        ),
        other => return Err(format!("expected a cancellation, got {other:?}").into()),
    }
    Ok(())
}
