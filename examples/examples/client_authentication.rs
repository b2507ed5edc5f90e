//! Every client authentication method against the same server.
//! README: "Client authentication methods".

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::types::ClientAuthentication;

async fn token_with(issuer: &str, auth: impl ClientAuthentication + 'static) -> examples::Result {
    let method = auth.method().to_owned();
    let client = OAuth2Client::builder()
        .auth(auth)
        .allow_insecure_http(true) // the local server speaks http
        .discover(issuer)
        .await?;
    let token = client.client_credentials().scope("api:read").send().await?;
    println!(
        "{method:<20} -> {} token, expires in {:?}",
        token.token_type(),
        token.expires_in()
    );
    Ok(())
}

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let secret_of = |id: &str| -> examples::Result<String> {
        Ok(examples::test_client(id)?.client_secret.unwrap_or_default())
    };

    // The secret is form-urlencoded before base64 (RFC 6749 section 2.3.1).
    token_with(
        &local.issuer,
        ClientSecretBasic::new("client-secret-basic", secret_of("client-secret-basic")?),
    )
    .await?;
    token_with(
        &local.issuer,
        ClientSecretPost::new("client-secret-post", secret_of("client-secret-post")?),
    )
    .await?;
    // An HS256 assertion signed with the secret.
    token_with(
        &local.issuer,
        ClientSecretJwt::new("client-secret-jwt", secret_of("client-secret-jwt")?),
    )
    .await?;

    // An assertion signed with a private key; the server knows the public key.
    for id in [
        "private-key-jwt-es256",
        "private-key-jwt-rs256",
        "private-key-jwt-eddsa",
    ] {
        let jwk = examples::test_client(id)?
            .private_jwk
            .ok_or("the test client has no key")?;
        let key = SigningKey::from_jwk_json(&jwk.to_string())?;
        token_with(&local.issuer, PrivateKeyJwt::new(id, key)).await?;
    }
    Ok(())
}
