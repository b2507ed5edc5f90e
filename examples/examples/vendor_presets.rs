//! Vendor presets: Auth0, Okta, Entra ID, Keycloak and Ping named the way their consoles
//! name them, then pointed at the local server with `base_url` (the override a test server,
//! a proxy or a private deployment uses; http only with `allow_insecure_http`).
//! README: "Vendors: Auth0, Okta, Entra ID, Keycloak, Ping".

use reqwest_oauth2_client::auth0::Auth0;
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::vendors::{Entra, Preset};

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;

    // The real URLs each preset produces (no network).
    let auth0 = Auth0::tenant("mytenant.eu")?;
    println!("Auth0 issuer:         {}", auth0.issuer());
    println!("Auth0 Management API: {}", auth0.management_api_url());
    println!(
        "Okta:                 {}",
        Preset::okta_default("dev-123.okta.com")?.issuer()
    );
    println!(
        "Keycloak:             {}",
        Preset::keycloak("sso.example.com", "demo")?.issuer()
    );
    println!(
        "PingOne:              {}",
        Preset::pingone("eu", "env-id")?.issuer()
    );
    println!("Entra ID, multi:      {}", Entra::common().issuer());

    // An Okta org server, here the local server: discovery checks its issuer strictly.
    let creds = examples::test_client("client-secret-basic")?;
    let okta = Preset::okta_org("dev-123.okta.com")?
        .base_url(&local.issuer)?
        .allow_insecure_http(true); // the local server speaks http
    let client = okta
        .discover(ClientSecretBasic::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .await?;
    let token = client.client_credentials().scope("api:read").send().await?;
    println!("Okta preset: a {} token", token.token_type());

    // A private key given to a preset signs every token request (private_key_jwt); the
    // local server checks the assertion against the client's registered key.
    let creds = examples::test_client("private-key-jwt-es256")?;
    let jwk = creds.private_jwk.ok_or("the test client has no key")?;
    let key = SigningKey::from_jwk_json(&jwk.to_string())?;
    let ping = Preset::pingfederate("https://sso.example.com")?
        .base_url(&local.issuer)?
        .allow_insecure_http(true);
    let client = ping
        .discover(PrivateKeyJwt::new(creds.client_id, key))
        .await?;
    let token = client.client_credentials().send().await?;
    println!(
        "PingFederate preset, {}: a {} token",
        client.auth().method(),
        token.token_type()
    );
    Ok(())
}
