//! Client-Initiated Backchannel Authentication (CIBA, poll mode): the client asks the server
//! to authenticate a user on their own device, then polls. README: "CIBA".

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
    Ok(())
}
