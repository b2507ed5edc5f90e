//! What token managers trace, captured against the local authorization server: each renewal
//! with its reason, duration and lifetime, waits, invalidations and failures, in a span with
//! the server's origin and the client id; and never a token or a secret.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{ClientCredentialsFetcher, OAuth2Client, TokenManager};
use oauth2_types::{BearerToken, TokenSource};

const CLIENT: &str = "client-secret-post";

/// Everything the subscriber writes, as one string.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures the events of this thread (the test runtime is single-threaded) at debug level.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

/// The lines of `text` that say `message`.
fn lines<'a>(text: &'a str, message: &str) -> Vec<&'a str> {
    text.lines().filter(|line| line.contains(message)).collect()
}

#[tokio::test]
async fn renewals_waits_and_invalidations_are_traced_without_secrets() {
    let client = common::client_for(CLIENT).await;
    let origin = common::issuer();
    let (captured, _guard) = capture();

    // An initial token about to expire: renewed, because it is expiring.
    let expiring = BearerToken::new("initial-access-token-value")
        .with_refresh_token("initial-refresh-token-value")
        .with_expires_in(Duration::from_secs(5));
    let manager = TokenManager::with_initial(
        ClientCredentialsFetcher::new(client.client_credentials()),
        Some(expiring),
    );
    let mut tokens = vec![manager.token().await.unwrap()];

    // Two callers at once: one renews, the other waits.
    manager.invalidate();
    let (first, second) = tokio::join!(manager.token(), manager.token());
    tokens.extend([first.unwrap(), second.unwrap()]);

    // A resource server rejects the token.
    TokenSource::token_rejected(&manager, &tokens[2]).await;
    tokens.push(manager.token().await.unwrap());

    let text = captured.text();
    let renewed = lines(&text, "token renewed");
    assert_eq!(renewed.len(), 3, "{text}");
    for (line, reason) in renewed.iter().zip(["expiring", "invalidated", "rejected"]) {
        assert!(
            line.contains("token_renewal{"),
            "in the renewal span: {line}"
        );
        assert!(line.contains(&format!("as_origin=\"{origin}\"")), "{line}");
        assert!(line.contains(&format!("client_id=\"{CLIENT}\"")), "{line}");
        assert!(line.contains(&format!("reason=\"{reason}")), "{line}");
        assert!(line.contains("elapsed_ms="), "{line}");
        assert!(line.contains("expires_in_secs="), "{line}");
        assert!(line.contains(" INFO "), "{line}");
    }
    assert_eq!(lines(&text, "renewing the token").len(), 3, "{text}");
    let waits = lines(&text, "waiting on the token renewal in flight");
    assert_eq!(waits.len(), 1, "{text}");
    assert!(
        waits[0].contains(" DEBUG ") && waits[0].contains(CLIENT),
        "{text}"
    );
    let invalidated = lines(&text, "token invalidated");
    assert_eq!(invalidated.len(), 2, "{text}");
    assert!(
        invalidated.iter().all(|line| line.contains(" INFO ")),
        "{text}"
    );
    assert!(invalidated[1].contains("reason=\"rejected\""), "{text}");

    let secret = common::test_client(CLIENT).client_secret.clone().unwrap();
    let mut secrets = vec![
        secret,
        "initial-access-token-value".into(),
        "initial-refresh-token-value".into(),
    ];
    for token in &tokens {
        secrets.push(token.access_token().secret().to_owned());
    }
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret was traced: {text}"
        );
    }
}

#[tokio::test]
async fn a_failed_renewal_is_a_warning_without_the_secret() {
    let secret = "a-wrong-but-secret-value";
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new(CLIENT, secret))
        .allow_insecure_http(true)
        .discover(&common::issuer())
        .await
        .unwrap();
    let (captured, _guard) = capture();
    let manager = TokenManager::client_credentials(client.client_credentials());
    let err = manager.token().await.unwrap_err();
    assert!(err.is_oauth_error("invalid_client"), "{err:?}");

    let text = captured.text();
    let failed = lines(&text, "token renewal failed");
    assert_eq!(failed.len(), 1, "{text}");
    assert!(failed[0].contains(" WARN "), "{text}");
    assert!(failed[0].contains("reason=\"cold\""), "{text}");
    assert!(failed[0].contains("invalid_client"), "the error: {text}");
    assert!(!text.contains(secret), "the secret was traced: {text}");
}
