//! Token exchange (RFC 8693): a service trades the token it received for one to call another
//! API. README: "Token exchange".

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

    // The token this service was called with (here: one it gets itself).
    let incoming = client.client_credentials().send().await?;

    // A BearerToken goes as an access token; a string token names its type (a URI, or a
    // short name such as "access_token").
    let exchanged = client
        .exchange_token(&incoming)
        .requested_token_type("access_token")
        .resource(&local.resource)
        .send()
        .await?;
    println!(
        "issued_token_type: {:?}",
        exchanged.extra("issued_token_type")
    );
    let http = apiclient::reqwest_client(
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)),
    )?;
    let response = http
        .get(format!("{}/api/echo", local.resource))
        .send_with(&exchanged)
        .await?;
    println!("API answered {}", response.status());
    Ok(())
}
