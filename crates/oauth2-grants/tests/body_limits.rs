//! Response bodies that are too large or too slow, sent by a hand-written server (wiremock
//! always sends a whole body at once, with its length): the status line had arrived, so the
//! error says which status it was. The oversize body with a length is in `faults.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{OAuth2Client, ReqwestHttpClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn client(token_endpoint: String) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint(token_endpoint)
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

/// A server that answers every connection with `head` and then keeps the connection open
/// without a word more.
async fn stalling_server(head: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            });
        }
    });
    format!("http://{address}/token")
}

#[tokio::test]
async fn an_oversize_body_without_length_is_an_error_with_its_status() {
    let url = stalling_server(
        "HTTP/1.1 502 Bad Gateway\r\ntransfer-encoding: chunked\r\n\r\n40\r\n\
         xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
    )
    .await;
    let http = ReqwestHttpClient::with_timeout(Duration::from_secs(5))
        .unwrap()
        .max_body_bytes(16);
    let client = OAuth2Client::builder()
        .token_endpoint(url)
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .http_client(http)
        .build()
        .unwrap();
    let err = client.client_credentials().send().await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::BAD_GATEWAY), "{err:?}");
}

#[tokio::test]
async fn a_body_that_stalls_is_a_timeout_with_its_status() {
    let url = stalling_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"access",
    )
    .await;
    let started = std::time::Instant::now();
    let err = client(url).client_credentials().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "{err:?}");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::OK), "{err:?}");
}
