//! The blocking API, for programs without async (and users of the synchronous Python
//! original): the same client, token manager and ApiClient, with methods that return values.
//! A plain `fn main`, no tokio. README: "Blocking API".

use reqwest_oauth2_client::blocking::{ApiClient, OAuth2Client, TokenManager, block_on};
use reqwest_oauth2_client::prelude::ClientSecretPost;

fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-post")?;
    let builder = OAuth2Client::builder()
        .auth(ClientSecretPost::new(
            creds.client_id.clone(),
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true); // the local server speaks http
    let client = OAuth2Client::discover_with(builder, &local.issuer)?;

    // One token, now.
    let token = client.client_credentials().scope("api:read").send()?;
    println!("got a {} token", token.token_type());

    // A token manager shared by threads: they all wait for the one renewal.
    let before = block_on(examples::token_requests(&creds.client_id))??;
    let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let manager = manager.clone();
            std::thread::spawn(move || manager.token())
        })
        .collect();
    for thread in threads {
        thread.join().map_err(|_| "a thread panicked")??;
    }
    let after = block_on(examples::token_requests(&creds.client_id))??;
    println!("4 threads, {} token request", after - before);

    // The API client, authorized by the manager; paths as segments cannot leave the base.
    let api = ApiClient::new(&format!("{}/api/", local.resource), manager)?;
    let echo: serde_json::Value = api.get(["echo", "42"])?.send()?.json()?;
    println!("the API saw {} {}", echo["method"], echo["path"]);

    // The device flow: the manager polls on first use until the user approves.
    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()?;
    println!(
        "go to {} and enter {}",
        device.verification_uri, device.user_code
    );
    let complete = device
        .verification_uri_complete
        .clone()
        .ok_or("no verification_uri_complete")?;
    // Here the test user approves on the local server's device pages, a moment later.
    let user = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        block_on(examples::approve_device(&complete))
    });
    let device_manager = TokenManager::device_code(client.clone(), &device)?;
    let token = device_manager.token()?;
    user.join()
        .map_err(|_| "the approving thread panicked")???;
    println!("signed in as {}", client.userinfo(&token)?["sub"]);

    // Refresh, introspect, revoke.
    let fresh = client.refresh(&token)?.send()?;
    let access_token = fresh.access_token().secret();
    println!("active: {}", client.introspect(access_token).send()?.active);
    client.revoke_access_token(access_token)?;
    println!(
        "after revocation, active: {}",
        client.introspect(access_token).send()?.active
    );
    Ok(())
}
