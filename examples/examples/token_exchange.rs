//! Token exchange (RFC 8693), the Python way: a service trades the user's token it was called
//! with for one to call another API, acting for the user with its own token as the actor;
//! token types as short names, or inferred from a `BearerToken` or an `IdToken`. README:
//! "Token exchange".

use reqwest_oauth2_client::apiclient;
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;
use reqwest_oauth2_client::types::token_type::uri;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-post")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;

    // The user's token this service was called with (here: from a code flow it runs itself),
    // and the service's own token.
    let request = client
        .authorization_request()?
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid"])
        .build()?;
    let callback = examples::log_in_and_consent(request.url()).await?;
    let incoming = client
        .exchange_code(&request.pending().validate_callback(&callback)?)
        .send()
        .await?;
    let service = client.client_credentials().send().await?;

    // Types inferred: a BearerToken goes as an access token, subject or actor.
    let exchanged = client
        .exchange_token(&incoming) // subject_token_type: access_token
        .actor(&service) // actor_token_type: access_token (delegation)
        .requested_token_type("access_token") // a short name, or the URI
        .resource(&local.resource)
        .send()
        .await?;
    println!(
        "issued_token_type: {:?}",
        exchanged.extra("issued_token_type")
    );

    // A token held as a string names its type: a short name (access_token, refresh_token,
    // id_token, jwt, saml1, saml2) or the URI.
    let raw = incoming.access_token().secret();
    let by_name = client
        .token_exchange(raw, "access_token")
        .actor_token(service.access_token().secret(), uri::ACCESS_TOKEN)
        .send()
        .await?;
    println!("by short name: a {} token", by_name.token_type());

    // A typed ID token goes as an ID token (this local server only exchanges access tokens,
    // so the request is only built here).
    let id_token = IdToken::of(&incoming)?.ok_or("no ID token")?;
    let for_id_token = client.exchange_token(&id_token).actor(&service);
    assert_eq!(for_id_token.get("subject_token_type"), Some(uri::ID_TOKEN));

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
