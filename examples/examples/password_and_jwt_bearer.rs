//! The resource owner password grant (legacy servers only), then the JWT bearer grant (RFC
//! 7523 section 2.1) with an assertion signed by an issuer the server trusts.
//! README: "Password and JWT bearer grants".

use reqwest_oauth2_client::prelude::*;

/// A client of the local server, by its test credentials.
async fn client_for(issuer: &str, client_id: &str) -> examples::Result<OAuth2Client> {
    let creds = examples::test_client(client_id)?;
    Ok(OAuth2Client::builder()
        .auth(ClientSecretBasic::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(issuer)
        .await?)
}

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;

    // The password grant hands the user's password to the client: for legacy servers only.
    let client = client_for(&local.issuer, "password-client").await?;
    let token = client
        .resource_owner_password("alice", "wonderland")
        .scope("openid email")
        .send()
        .await?;
    let user = client.userinfo(&token).await?;
    println!("password grant: a token for {}", user["sub"]);

    // A wrong password is the server's invalid_grant, typed.
    match client
        .resource_owner_password("alice", "not-the-password")
        .send()
        .await
    {
        Err(err) if err.is_oauth_error("invalid_grant") => {
            println!("wrong password refused: status {:?}", err.status());
        }
        Err(err) => return Err(err.into()),
        Ok(_) => return Err("a wrong password got a token".into()),
    }

    // The JWT bearer grant: an assertion about the user, signed by an issuer the server
    // trusts (here the local server's test issuer and its key).
    let trusted = oauth2_test_server::jwt_bearer_issuer()?;
    let key = SigningKey::from_jwk_json(&trusted.private_jwk.to_string())?;
    let client = client_for(&local.issuer, "jwt-bearer-client").await?;
    let assertion = GrantAssertion::new(
        trusted.issuer, // iss: an issuer the server trusts
        "alice",        // sub: the user
        &local.issuer,  // aud: the server's issuer
    )
    .sign(&key) // iat now, exp in 60 s, a fresh jti
    .await?;
    let token = client
        .jwt_bearer(&assertion)
        .scope("openid email")
        .send()
        .await?;
    let user = client.userinfo(&token).await?;
    println!("JWT bearer grant: a token for {}", user["sub"]);

    // An assertion is good once: sent again, it is the server's invalid_grant.
    match client.jwt_bearer(&assertion).send().await {
        Err(err) if err.is_oauth_error("invalid_grant") => println!(
            "replayed assertion refused: {:?}",
            err.oauth_error().and_then(|e| e.error_description.clone())
        ),
        Err(err) => return Err(err.into()),
        Ok(_) => return Err("a replayed assertion got a token".into()),
    }
    Ok(())
}
