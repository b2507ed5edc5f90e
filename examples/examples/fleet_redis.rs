//! A fleet sharing one token through Redis: token managers (each standing for a process, with
//! its own cache) on one `RedisStore` make one token request between them; the others take
//! the renewer's token from Redis. Needs a redis-server: `OAUTH2_REDIS_URL`, or one started
//! here (skipped with a notice when redis-server is not installed).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use oauth2_test_server::RedisServer;
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::store_redis::RedisStore;

#[tokio::main]
async fn main() -> examples::Result {
    let (_redis, url) = match std::env::var("OAUTH2_REDIS_URL") {
        Ok(url) => (None, url),
        Err(_) => match RedisServer::start_or_skip("the fleet_redis example")? {
            Some(redis) => {
                let url = redis.url();
                (Some(redis), url)
            }
            None => return Ok(()),
        },
    };
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

    let counted_before = examples::token_requests("client-secret-post").await?;
    let store = RedisStore::open(&url)?;
    let renewals = Arc::new(AtomicUsize::new(0));
    let fleet: Vec<TokenManager> = (0..4)
        .map(|_| {
            let renewals = renewals.clone();
            TokenManager::client_credentials(client.client_credentials().scope("api:write"))
                .with_store(store.clone())
                .on_renewal(move |_| {
                    renewals.fetch_add(1, Ordering::SeqCst);
                })
        })
        .collect();
    // 25 concurrent calls on each member.
    let calls: Vec<_> = fleet
        .iter()
        .flat_map(|manager| std::iter::repeat_n(manager, 25))
        .map(|manager| {
            let manager = manager.clone();
            tokio::spawn(async move { manager.token().await })
        })
        .collect();
    let mut tokens = Vec::new();
    for call in calls {
        tokens.push(call.await??.access_token().secret().to_owned());
    }
    tokens.sort();
    tokens.dedup();
    println!(
        "{} calls on {} managers: {} token request(s), {} distinct token(s)",
        fleet.len() * 25,
        fleet.len(),
        renewals.load(Ordering::SeqCst),
        tokens.len()
    );
    let counted = examples::token_requests("client-secret-post").await? - counted_before;
    println!("the authorization server counted {counted} token request(s) from the fleet");
    assert_eq!(tokens.len(), 1);
    assert!(counted <= 1);
    assert!(renewals.load(Ordering::SeqCst) <= 1); // 0 when Redis already held a valid token
    Ok(())
}
