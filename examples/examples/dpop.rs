//! DPoP (RFC 9449): sender-constrained tokens, nonces handled for you.
//! README: "Using DPoP".

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-post")?;
    let secret = creds.client_secret.unwrap_or_default();

    // Per request: `.dpop(true)` on any token request.
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            secret.clone(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    let token = client
        .client_credentials()
        .scope("api:read")
        .dpop(true)
        .send()
        .await?;
    assert!(token.has_dpop_type());
    let key = token.binding().ok_or("not DPoP-bound")?;
    println!(
        "a {} token bound to key {} (jkt {})",
        token.token_type(),
        key.algorithm().unwrap_or("?"),
        key.thumbprint().unwrap_or("?")
    );

    // Or for every token request of a client.
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(creds.client_id, secret))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .discover(&local.issuer)
        .await?;

    // A DPoP-bound token is a BearerToken that carries its key: token managers and the
    // middleware use it as they use any token. The authorization server's nonce (asked for at
    // the token endpoint) and the API's own nonce (asked for with a 401) are both answered
    // by retrying once with the nonce, and remembered per origin.
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let api = authorized_client(
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)),
        manager,
    )?;
    for call in 1..=3 {
        let response = api
            .get(format!("{}/api/echo?call={call}", local.resource))
            .send()
            .await?;
        let status = response.status();
        let body: serde_json::Value = response.json().await?;
        println!("call {call}: {status}, sent as {}", body["token_type"]);
    }
    Ok(())
}
