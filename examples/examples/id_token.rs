//! Typed ID tokens: the code exchange validates the ID token when it arrives; its claims are
//! then read typed, or into the application's own struct, without validating again. README:
//! "ID tokens".

use reqwest_oauth2_client::prelude::*;

/// The claims this application cares about, read with `claims_as`.
#[derive(Debug, serde::Deserialize)]
struct MyClaims {
    sub: String,
    email: String,
    #[serde(default)]
    email_verified: bool,
}

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

    // The code flow, as in authorization_code.rs; `claims` asks for the email and name in
    // the ID token itself, `max_age` for `auth_time`.
    let request = client
        .authorization_request()?
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid", "email", "profile"])
        .claims(
            &serde_json::json!({"id_token": {"email": null, "email_verified": null, "name": null}}),
        )
        .max_age(600)
        .build()?;
    let callback = examples::log_in_and_consent(request.url()).await?;
    let response = request.pending().validate_callback(&callback)?;
    let token = client.exchange_code(&response).send().await?; // the ID token is validated here

    // Read back typed, without a second validation.
    let id_token = IdToken::of(&token)?.ok_or("the server sent no ID token")?;
    let claims = id_token.claims();
    println!(
        "sub {} from {}, for {:?}",
        claims.sub, claims.iss, claims.aud
    );
    println!(
        "auth_time {:?}, acr {:?}, amr {:?}",
        claims.auth_time, claims.acr, claims.amr
    );
    println!("{:?} <{:?}>", claims.name, claims.email);
    println!(
        "other claims: {:?}",
        claims.extra.keys().collect::<Vec<_>>()
    );

    // Or your own claims struct.
    let mine: MyClaims = id_token.claims_as()?;
    println!(
        "{} is {} (verified: {})",
        mine.sub, mine.email, mine.email_verified
    );

    // An ID token from elsewhere (a front channel, another service) is validated first:
    // signature with the server's keys, iss, aud, exp, and the nonce you sent.
    let nonce = request.pending().nonce().ok_or("no nonce")?;
    let expectations = client.id_token_expectations()?.nonce(nonce);
    let validated = client
        .validate_id_token(id_token.raw(), &expectations)
        .await?;
    assert_eq!(validated.claims().sub, mine.sub);
    Ok(())
}
