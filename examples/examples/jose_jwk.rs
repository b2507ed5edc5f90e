//! Keys held as the `jose-jwk` crate's values (RustCrypto's JOSE data model) pass straight in,
//! and ours convert back (the umbrella's `jose-jwk` feature). README: "Keys from jose-jwk".

use reqwest_oauth2_client::jose::Jwk;
use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("private-key-jwt-es256")?;
    // A private key your application already holds as a `jose_jwk::Jwk` (a key store,
    // another crate); here, the test client's.
    let theirs: jose_jwk::Jwk =
        serde_json::from_value(creds.private_jwk.ok_or("the test client has no key")?)?;

    // In: `.into()`, then a signing key like any other.
    let key = SigningKey::from_jwk(&Jwk::from(theirs))?;
    let client = OAuth2Client::builder()
        .auth(PrivateKeyJwt::new(creds.client_id, key.clone()))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    let token = client.client_credentials().scope("api:read").send().await?;
    println!(
        "private_key_jwt with a jose-jwk key -> {} token",
        token.token_type()
    );

    // Out: our public key and the server's key set as jose-jwk values (`try_from`: jose-jwk
    // knows a closed list of key types, curves and algorithms, and the error names the one
    // it cannot hold).
    let public = jose_jwk::Jwk::try_from(key.public_jwk())?;
    println!(
        "our public key for jose-jwk users: {}",
        serde_json::to_string(&public)?
    );
    let server_keys = jose_jwk::JwkSet::try_from(&client.jwks(false).await?)?;
    println!("the server's key set: {} key(s)", server_keys.keys.len());
    Ok(())
}
