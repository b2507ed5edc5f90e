//! A native or command-line app: the callback comes to a listener on 127.0.0.1 (RFC 8252).
//! README: "Authorization code grant" (loopback redirect).

use std::time::Duration;

use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let client = OAuth2Client::builder()
        .auth(NoAuth::new("public-client")) // a native app has no secret: PKCE protects the code
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;

    let loopback = LoopbackRedirect::bind().await?; // http://127.0.0.1:<free port>/callback
    let request = client
        .authorization_request()?
        .redirect_uri(loopback.redirect_uri())
        .scope(["openid", "email"])
        .build()?;
    let pending = request.pending().clone();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(60)).await });

    // A real app opens the browser: open_in_browser(url) (in the prelude).
    // Here the "browser" follows the redirects (the local server signs the test user in)
    // and lands on the listener.
    println!("authorization URL: {}", request.url());
    let callback = examples::log_in_and_consent(request.url()).await?;
    let page = reqwest::get(callback).await?.text().await?;
    println!(
        "the browser shows: {}",
        page.split("<p>")
            .nth(1)
            .unwrap_or_default()
            .trim_end_matches("</p></body></html>")
    );

    let response = waiting.await??;
    let token = client.exchange_code(&response).send().await?;
    println!(
        "signed in: {} token, ID token validated: {}",
        token.token_type(),
        token.id_token().is_some()
    );
    Ok(())
}
