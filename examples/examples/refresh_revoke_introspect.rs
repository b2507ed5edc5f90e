//! A user's token through the authorization code flow, then refresh, introspection, userinfo
//! and revocation. README: "Refresh, revocation, introspection, userinfo".

use reqwest_oauth2_client::pkce_par_jar::{CodeChallengeMethod, CodeVerifier};
use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-basic")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretBasic::new(
            creds.client_id.clone(),
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;

    // The authorization request, by hand for now (PKCE S256).
    let verifier = CodeVerifier::generate()?;
    let mut url = reqwest_oauth2_client::types::Url::parse(
        client
            .metadata()
            .authorization_endpoint
            .as_deref()
            .ok_or("no authorization endpoint")?,
    )?;
    url.query_pairs_mut()
        .append_pair("client_id", client.client_id())
        .append_pair("redirect_uri", &creds.redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid email offline_access")
        .append_pair("state", "example-state")
        .append_pair(
            "code_challenge",
            &verifier.challenge(CodeChallengeMethod::S256),
        )
        .append_pair("code_challenge_method", "S256");
    let callback = examples::log_in_and_consent(&url).await?;
    let code = callback
        .query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, code)| code.into_owned())
        .ok_or("no code in the callback")?;

    let token = client
        .authorization_code(code)
        .redirect_uri(&creds.redirect_uri)
        .code_verifier(verifier.secret())
        .send()
        .await?;
    println!(
        "user token: {}, refresh token: {}",
        token.token_type(),
        token.refresh_token().is_some()
    );

    // Refresh: the server does not rotate this client's refresh token, so it is kept.
    let fresh = client.refresh(&token)?.send().await?;
    println!(
        "refreshed; same refresh token kept: {}",
        fresh.refresh_token() == token.refresh_token()
    );

    let info = client
        .introspect(fresh.access_token().secret())
        .send()
        .await?;
    println!(
        "introspection: active={} sub={:?} scope={:?}",
        info.active, info.sub, info.scope
    );

    let claims = client.userinfo(&fresh).await?;
    println!("userinfo: {claims}");

    client
        .revoke_access_token(fresh.access_token().secret())
        .await?;
    let info = client
        .introspect(fresh.access_token().secret())
        .send()
        .await?;
    println!("after revocation: active={}", info.active);
    if let Some(refresh_token) = fresh.refresh_token() {
        client.revoke_refresh_token(refresh_token.secret()).await?;
    }
    Ok(())
}
