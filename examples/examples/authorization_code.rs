//! The authorization code grant: the request (PKCE, state, nonce), the callback validation
//! (state, iss), the exchange (ID token validated), PAR, signed request objects, and a token
//! manager for the result. README: "Authorization code grant".

use reqwest_oauth2_client::pkce_par_jar::DEFAULT_REQUEST_OBJECT_LIFETIME;
use reqwest_oauth2_client::prelude::*;

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

    // 1. The authorization request: endpoint, client id and expected issuer come from the
    //    client; PKCE S256, state and nonce are added for you.
    let request = client
        .authorization_request()?
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid", "email", "offline_access"])
        .prompt("consent")
        .build()?;
    println!("send the user to:\n  {}", request.url());

    // Keep this (in a session, for a web app) until the callback.
    let pending: PendingAuthorization =
        serde_json::from_str(&serde_json::to_string(request.pending())?)?;

    // 2. The callback: here the local server signs the test user in by itself.
    let callback = examples::log_in_and_consent(request.url()).await?;
    let response = pending.validate_callback(&callback)?; // state and iss (RFC 9207) checked

    // 3. The exchange: code, redirect_uri and code_verifier are sent for you; the ID token
    //    is validated (signature from jwks_uri, iss, aud, nonce, at_hash...).
    let token = client.exchange_code(&response).send().await?;
    println!(
        "tokens: access ({}), refresh: {}, ID token: {}",
        token.token_type(),
        token.refresh_token().is_some(),
        token.id_token().is_some()
    );

    // Pushed authorization requests (RFC 9126): only client_id and request_uri go through
    // the browser.
    let pushed = client
        .push_authorization_request(
            client
                .authorization_request()?
                .redirect_uri(&creds.redirect_uri)
                .scope(["openid"])
                .build()?,
        )
        .await?;
    println!("pushed: {}", pushed.url());
    let response = pushed
        .pending()
        .validate_callback(&examples::log_in_and_consent(pushed.url()).await?)?;
    client.exchange_code(&response).send().await?;

    // Signed request objects (RFC 9101), for a client registered to use them.
    let jar = examples::test_client("jar-required")?;
    let key = SigningKey::from_jwk_json(&jar.private_jwk.clone().ok_or("no key")?.to_string())?;
    let jar_client = OAuth2Client::builder()
        .auth(PrivateKeyJwt::new(jar.client_id.clone(), key.clone()))
        .allow_insecure_http(true)
        .discover(&local.issuer)
        .await?;
    let signed = jar_client
        .authorization_request()?
        .redirect_uri(&jar.redirect_uri)
        .scope(["openid"])
        .build()?
        .signed(&key, &local.issuer, DEFAULT_REQUEST_OBJECT_LIFETIME)
        .await?;
    let response = signed
        .pending()
        .validate_callback(&examples::log_in_and_consent(signed.url()).await?)?;

    // A token manager for the code: exchanged on first use, refreshed after.
    let manager = TokenManager::authorization_code(jar_client, &response);
    let token = manager.token().await?;
    println!("signed request object -> {} token", token.token_type());
    Ok(())
}
