//! An authorization request built without an `OAuth2Client` (oauth2-pkce-par-jar on its own,
//! no HTTP stack): the URL to send the user to, the PKCE verifier kept in the pending state,
//! the callback validated, and the code exchanged some other way (here with the code, the
//! redirect URI and the verifier given by hand).
//! README: "Authorization requests without an OAuth2Client".

use reqwest_oauth2_client::pkce_par_jar::AuthorizationRequest;
use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("public-client")?;
    // The local server's authorization endpoint (its metadata says so).
    let authorization_endpoint = format!("{}/auth", local.issuer);

    let request = AuthorizationRequest::builder(authorization_endpoint.parse()?, &creds.client_id)
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid", "email"])
        .issuer(&local.issuer)
        .build()?;
    println!("send the user to:\n  {}", request.url());
    let verifier = request
        .pending()
        .code_verifier()
        .ok_or("PKCE is on by default")?
        .secret()
        .to_owned();
    println!(
        "code_verifier kept for the exchange: {} characters",
        verifier.len()
    );

    // The user signs in (here the local server does it by itself) and comes back.
    let callback = examples::log_in_and_consent(request.url()).await?;
    let response = request.pending().validate_callback(&callback)?;
    println!(
        "callback validated (state, iss): code of {} characters",
        response.code().len()
    );

    // The exchange, sent by any means: here an OAuth2Client's raw code grant.
    let client = OAuth2Client::builder()
        .auth(NoAuth::new(creds.client_id.clone()))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    let token = client
        .authorization_code(response.code())
        .redirect_uri(&creds.redirect_uri)
        .code_verifier(verifier)
        .send()
        .await?;
    println!(
        "exchanged: {} token, ID token {}",
        token.token_type(),
        if token.id_token().is_some() {
            "received"
        } else {
            "missing"
        }
    );
    Ok(())
}
