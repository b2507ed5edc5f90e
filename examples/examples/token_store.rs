//! A session that survives a restart: a token manager keeps its tokens in a file, and a new
//! manager (a new process, tomorrow) starts from the stored token instead of asking again.
//! Each new token is saved before it is handed out, so a rotated refresh token is never lost.

use reqwest_oauth2_client::grants::FileStore;
use reqwest_oauth2_client::prelude::*;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-post")?;
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .discover(&local.issuer)
        .await?;
    // One JSON file, written atomically, mode 0600, locked against other processes.
    let path = std::env::temp_dir().join(format!("oauth2-example-{}.json", std::process::id()));
    let manager = |store: FileStore| {
        TokenManager::client_credentials(client.client_credentials().scope("api:read"))
            .with_store(store)
            .on_renewal(|token| println!("new token, expires at {:?}", token.expires_at()))
    };

    let first = manager(FileStore::new(&path)).token().await?; // asks the server, saves
    // "Restart": a new manager on the same file finds the token there.
    let restarted = manager(FileStore::new(&path)).token().await?; // no request
    println!(
        "restarted manager uses the stored token: {}",
        restarted.access_token() == first.access_token()
    );
    assert_eq!(restarted.access_token(), first.access_token());
    std::fs::remove_file(&path)?;
    Ok(())
}
