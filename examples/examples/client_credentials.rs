//! The client credentials grant with an `OAuth2Client` built from discovery.
//! README: "Using an OAuth2Client" and "Client credentials grant".

use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-basic")?;

    // Endpoints come from the issuer's discovery document; the issuer in it is checked.
    let client = OAuth2Client::builder()
        .auth(ClientSecretBasic::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    println!("token endpoint: {:?}", client.metadata().token_endpoint);

    // A scope, a resource indicator (RFC 8707), and any extra parameter.
    let token = client
        .client_credentials()
        .scope("api:read api:write")
        .resource(&local.resource)
        .param("custom_parameter", "value")
        .send()
        .await?;
    println!(
        "got a {} token, scope {:?}",
        token.token_type(),
        token.scope()
    );

    // Errors from the server are typed, with everything the server said.
    let denied = client
        .client_credentials()
        .resource("https://unknown.example")
        .send()
        .await;
    match denied {
        Err(err) => println!(
            "refused as expected: status {:?}, error {:?}",
            err.status(),
            err.oauth_error()
                .map(|e| (e.error.as_str().to_owned(), e.error_description.clone()))
        ),
        Ok(_) => return Err("a token for an unknown resource was issued".into()),
    }
    Ok(())
}
