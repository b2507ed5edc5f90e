//! A DPoP-bound session that survives a restart: sign in with the code flow and DPoP, save the
//! token together with its key (`DpopSessionStore` over a `FileStore`), then, as a new process
//! would, load it and refresh it with the same key. README: "Sessions that survive restarts".

use reqwest_oauth2_client::dpop::DpopSessionStore;
use reqwest_oauth2_client::grants::{FileStore, RefreshingFetcher};
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::types::store::{StoreKey, TokenStore};

async fn new_client(issuer: &str) -> examples::Result<OAuth2Client> {
    let creds = examples::test_client("client-secret-basic")?;
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
    let creds = examples::test_client("client-secret-basic")?;
    let path = std::env::temp_dir().join(format!("oauth2-session-{}.json", std::process::id()));
    let session = StoreKey::named("alice");

    // Sign in with DPoP: the key is ours, so it can be saved with the token.
    let client = new_client(&local.issuer).await?;
    let key = DpopKey::generate(Algorithm::ES256)?;
    let request = client
        .authorization_request()?
        .redirect_uri(&creds.redirect_uri)
        .scope(["openid", "offline_access"])
        .prompt("consent")
        .build()?;
    let callback = examples::log_in_and_consent(request.url()).await?;
    let response = request.pending().validate_callback(&callback)?;
    let token = client
        .exchange_code(&response)
        .dpop_key(key.clone())
        .send()
        .await?;

    // Save the token with its key: the file (mode 0600) now holds the private key too.
    DpopSessionStore::new(FileStore::new(&path))
        .with_key(key.clone())
        .save(&session, &token)
        .await?;

    // "Restart": a new client and token manager on the same file. The stored token comes
    // back bound to its key, so the manager refreshes it with that key when it expires.
    let client = new_client(&local.issuer).await?;
    let manager = TokenManager::new(RefreshingFetcher::new(client.clone()))
        .with_store_key(DpopSessionStore::new(FileStore::new(&path)), session);
    let restored = manager.token().await?; // the stored token: no request
    let refreshed = client.refresh(&restored)?.send().await?; // proves the same key
    println!(
        "restored session refreshed with the same key: {}",
        refreshed.binding().and_then(|b| b.thumbprint()) == Some(key.thumbprint())
    );
    assert_eq!(
        refreshed.binding().and_then(|b| b.thumbprint()),
        Some(key.thumbprint())
    );
    println!(
        "userinfo sub: {}",
        client.userinfo(&refreshed).await?["sub"]
    );
    std::fs::remove_file(&path)?;
    Ok(())
}
