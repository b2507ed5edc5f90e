//! What authorized exchanges log: each retry and redirect with its reason, at its level, in a
//! span that names the request's origin, and never a token, a proof or a query string.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixed, dpop_token};

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use oauth2_apiclient::{OAuth2Middleware, RequestBuilderExt};
use oauth2_test_server::dpop_mock::{ProofNonce, resource_nonce_challenge};
use oauth2_types::{BearerToken, TokenSource, TokenSourceError};
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The lines logged while it is the default subscriber of this thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let captured = Self::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .without_time()
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// The line that says `message`, which must be there once.
    fn line(&self, message: &str) -> String {
        let text = self.text();
        let lines: Vec<&str> = text.lines().filter(|line| line.contains(message)).collect();
        assert_eq!(lines.len(), 1, "{message:?} in:\n{text}");
        lines[0].to_owned()
    }
}

/// Hands out token-0, token-1, ...
#[derive(Debug, Default)]
struct Numbered(AtomicUsize);

impl TokenSource for Numbered {
    async fn token(&self) -> Result<BearerToken, TokenSourceError> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Ok(BearerToken::new(format!("secret-token-{n}")))
    }
}

/// Nothing secret in what was logged.
fn assert_redacted(text: &str) {
    for secret in ["secret-token", "eyJ", "s3cr3t"] {
        assert!(!text.contains(secret), "{secret:?} logged:\n{text}");
    }
}

#[tokio::test]
async fn retries_are_logged_with_their_reason_in_a_span_naming_the_origin() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    Mock::given(path("/nonce"))
        .and(ProofNonce(None))
        .respond_with(resource_nonce_challenge(Some("r1")))
        .mount(&server)
        .await;
    Mock::given(path("/nonce"))
        .and(ProofNonce(Some("r1")))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/rejected"))
        .and(header("authorization", "Bearer secret-token-0"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer error="invalid_token""#),
        )
        .mount(&server)
        .await;
    Mock::given(path("/rejected"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let response = oauth2_apiclient::reqwest_client(reqwest::Client::builder())
        .unwrap()
        .get(format!("{}/nonce?key=s3cr3t", server.uri()))
        .send_with(&dpop_token("secret-token-dpop"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let nonce = captured.line("asked for a DPoP nonce");
    assert!(nonce.starts_with("DEBUG"), "{nonce}");
    let span = format!("authorized request{{origin={} method=GET}}", server.uri());
    assert!(nonce.contains(&span), "{nonce}");

    let api = oauth2_apiclient::authorized_client(reqwest::Client::builder(), Numbered::default())
        .unwrap();
    let response = api
        .get(format!("{}/rejected", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let rejected = captured.line("rejected the token (invalid_token)");
    assert!(rejected.starts_with(" INFO"), "{rejected}");
    assert!(rejected.contains(&span), "{rejected}");
    assert_redacted(&captured.text());
}

#[tokio::test]
async fn redirects_are_logged_without_their_query() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/new?code=s3cr3t"))
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/away"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "https://elsewhere.example/x?s3cr3t"),
        )
        .mount(&server)
        .await;
    let api = oauth2_apiclient::authorized_client(
        reqwest::Client::builder(),
        Fixed(dpop_token("secret-token-dpop")),
    )
    .unwrap();
    api.get(format!("{}/old", server.uri()))
        .send()
        .await
        .unwrap();
    let followed = captured.line("following a same-origin redirect");
    assert!(followed.starts_with("DEBUG"), "{followed}");
    assert!(
        followed.contains(&format!("location=\"{}/new\"", server.uri())),
        "{followed}"
    );
    api.get(format!("{}/away", server.uri()))
        .send()
        .await
        .unwrap();
    let refused = captured.line("not following a redirect to another origin");
    assert!(refused.starts_with(" INFO"), "{refused}");
    assert!(
        refused.contains("location=\"https://elsewhere.example/x\""),
        "{refused}"
    );

    // The caller's client followed by itself: a warning.
    let following = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(OAuth2Middleware::new(Fixed(dpop_token(
            "secret-token-dpop",
        ))))
        .build();
    assert!(
        following
            .get(format!("{}/old", server.uri()))
            .send()
            .await
            .is_err()
    );
    let warning = captured.line("followed a redirect by itself");
    assert!(warning.starts_with(" WARN"), "{warning}");
    assert_redacted(&captured.text());
}
