//! The sans-IO pairs: a grant prepared as an `http::Request`, sent by the application's own
//! HTTP code, and its `http::Response` read into the token. Here the "HTTP stack" is a few
//! lines of HTTP/1.0 over a tokio TCP stream (the local server speaks plain http).
//! README: "Your own HTTP stack".

use reqwest_oauth2_client::grants::{self, Error as GrantsError};
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::types::{HttpRequest, HttpResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-basic")?;

    // Discovery, prepared: send the OpenID Connect location first (RFC 8414's on a 404).
    let [(request, reader), _rfc8414] = grants::prepare_discovery(&local.issuer, true)?;
    let metadata = reader.read(send(request).await?).await?;

    // The client needs no HTTP client of ours to prepare requests; it is given the metadata.
    let client = OAuth2Client::builder()
        .metadata(metadata)
        .auth(ClientSecretBasic::new(
            creds.client_id,
            creds.client_secret.unwrap_or_default(),
        ))
        .allow_insecure_http(true) // the local server speaks http
        .dpop_bound_access_tokens(true)
        .build()?;

    // The token request: authenticated, with its DPoP proof. The server answers the first
    // proof with a nonce challenge; the nonce is remembered, so preparing again answers it.
    let mut token = None;
    for _ in 0..2 {
        let (request, reader) = client
            .client_credentials()
            .scope("api:read")
            .prepare()
            .await?;
        match reader.read(send(request).await?).await {
            Err(GrantsError::DpopNonce { retried: false, .. }) => continue,
            other => {
                token = Some(other?);
                break;
            }
        }
    }
    let token = token.ok_or("the server kept asking for a new DPoP nonce")?;
    println!(
        "got a {} token through our own HTTP code, scope {:?}",
        token.token_type(),
        token.scope()
    );

    Ok(())
}

/// The application's HTTP code: one HTTP/1.0 request over a new TCP connection, read to its
/// end (plain http only; a real application would use its own client).
async fn send(request: HttpRequest) -> examples::Result<HttpResponse> {
    let uri = request.uri();
    let host = uri.host().ok_or("no host")?;
    let port = uri.port_u16().unwrap_or(80);
    let path = uri.path_and_query().map_or("/", |path| path.as_str());
    let mut head = format!(
        "{} {path} HTTP/1.0\r\nHost: {host}:{port}\r\n",
        request.method()
    );
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str()?));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body().len()));

    let mut stream = tokio::net::TcpStream::connect((host, port)).await?;
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(request.body()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;

    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..split])?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .ok_or("no status line")?
        .parse()?;
    let mut response = http::Response::builder().status(status);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            response = response.header(name.trim(), value.trim());
        }
    }
    Ok(response.body(raw[split + 4..].to_vec())?)
}
