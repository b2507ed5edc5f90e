//! The loopback listener on its own: idle connections, hosts it refuses, and what the
//! browser page shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use oauth2_grants::{CONNECTION_READ_TIMEOUT, LoopbackError, LoopbackRedirect};
use oauth2_pkce_par_jar::{AuthorizationRequest, CallbackError};

fn request_for(loopback: &LoopbackRedirect) -> AuthorizationRequest {
    AuthorizationRequest::builder("https://as.example/authorize".parse().unwrap(), "c")
        .redirect_uri(loopback.redirect_uri())
        .build()
        .unwrap()
}

/// A fresh request's listener, waiting (10 s at most) for its callback in a task.
struct Listening {
    request: AuthorizationRequest,
    redirect_uri: String,
    address: String,
    waiting:
        tokio::task::JoinHandle<Result<oauth2_pkce_par_jar::AuthorizationResponse, LoopbackError>>,
}

async fn listen() -> Listening {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let redirect_uri = loopback.redirect_uri().to_owned();
    let address = address_of(&loopback);
    let pending = request.pending().clone();
    let waiting =
        tokio::spawn(async move { loopback.wait(&pending, Duration::from_secs(10)).await });
    Listening {
        request,
        redirect_uri,
        address,
        waiting,
    }
}

#[tokio::test]
async fn an_idle_connection_does_not_stall_the_callback() {
    let loopback = LoopbackRedirect::bind().await.unwrap();
    let request = request_for(&loopback);
    let base: url::Url = loopback.redirect_uri().parse().unwrap();
    let address = format!("127.0.0.1:{}", base.port().unwrap());
    let pending = request.pending().clone();
    // Shorter than the per-connection read timeout: only concurrent reading passes.
    let patience = CONNECTION_READ_TIMEOUT / 2;
    let waiting = tokio::spawn(async move { loopback.wait(&pending, patience).await });

    // A browser's preconnect: opened first, never sends anything.
    let _idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    let page = reqwest::get(callback).await.unwrap();
    assert_eq!(page.status(), 200);
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.code(), "abc");
}

#[tokio::test]
async fn the_error_page_never_shows_the_expected_state() {
    let Listening {
        request,
        redirect_uri,
        waiting,
        ..
    } = listen().await;
    let url = format!("{redirect_uri}?code=stolen&state=forged-state");
    let page = reqwest::get(url).await.unwrap();
    assert_eq!(page.status(), 400);
    let body = page.text().await.unwrap();
    assert!(body.contains("Sign-in failed"), "{body}");
    assert!(!body.contains(request.pending().state()), "{body}");
    // The forged callback did not end the wait; an error of the server carrying our state
    // does, and its page and error show no state either.
    let real = format!(
        "{}?error=access_denied&state={}",
        redirect_uri,
        request.pending().state()
    );
    let page = reqwest::get(real).await.unwrap();
    assert_eq!(page.status(), 400);
    let body = page.text().await.unwrap();
    assert!(!body.contains(request.pending().state()), "{body}");
    let err = waiting.await.unwrap().unwrap_err();
    assert!(!err.to_string().contains(request.pending().state()));
    assert!(!format!("{err:?}").contains(request.pending().state()));
    assert!(
        matches!(err, LoopbackError::Callback(CallbackError::Error(_))),
        "{err:?}"
    );
}

/// A callback without this sign-in's state, by GET or by a (cross-site) form POST, is
/// refused and cannot end the wait: the real callback that follows is taken.
#[tokio::test]
async fn a_callback_without_our_state_cannot_end_the_wait() {
    let Listening {
        request,
        redirect_uri,
        waiting,
        ..
    } = listen().await;
    let forged_get = format!("{redirect_uri}?code=stolen&state=forged-state");
    assert_eq!(reqwest::get(&forged_get).await.unwrap().status(), 400);
    let no_state = format!("{redirect_uri}?error=access_denied");
    assert_eq!(reqwest::get(&no_state).await.unwrap().status(), 400);
    let forged_post = reqwest::Client::new()
        .post(&redirect_uri)
        .form(&[("code", "stolen"), ("state", "forged-state")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged_post.status(), 400);
    assert!(!waiting.is_finished(), "a forged callback ended the wait");
    let real = format!(
        "{}?code=abc&state={}",
        redirect_uri,
        request.pending().state()
    );
    assert_eq!(reqwest::get(real).await.unwrap().status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

#[tokio::test]
async fn bind_to_refuses_hosts_beyond_the_loopback_interface() {
    for url in [
        "http://0.0.0.0:0/callback",
        "http://192.168.1.10:0/callback",
        "http://[::]:0/callback",
        "http://example.com:0/callback",
        "https://127.0.0.1:0/callback",
    ] {
        let err = LoopbackRedirect::bind_to(&url.parse().unwrap())
            .await
            .unwrap_err();
        assert!(matches!(err, LoopbackError::Url(_)), "{url}: {err:?}");
    }
    for url in ["http://127.0.0.1:0/callback", "http://localhost:0/callback"] {
        LoopbackRedirect::bind_to(&url.parse().unwrap())
            .await
            .unwrap_or_else(|err| panic!("{url}: {err}"));
    }
}

/// The listener's port, for raw connections.
fn address_of(loopback: &LoopbackRedirect) -> String {
    let base: url::Url = loopback.redirect_uri().parse().unwrap();
    format!("127.0.0.1:{}", base.port().unwrap())
}

#[tokio::test]
async fn a_form_post_callback_is_accepted_with_the_same_state_check() {
    let Listening {
        request,
        redirect_uri,
        waiting,
        ..
    } = listen().await;
    let page = reqwest::Client::new()
        .post(&redirect_uri)
        .form(&[("code", "abc"), ("state", request.pending().state())])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.code(), "abc");

    // A forged state in the body is refused as in the query.
    let Listening {
        redirect_uri,
        waiting,
        ..
    } = listen().await;
    let page = reqwest::Client::new()
        .post(&redirect_uri)
        .form(&[("code", "stolen"), ("state", "forged-state")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(!waiting.is_finished(), "a forged callback ended the wait");
    waiting.abort();
}

#[tokio::test]
async fn posts_that_are_not_a_bounded_form_are_refused_and_the_wait_goes_on() {
    let Listening {
        request,
        redirect_uri,
        waiting,
        ..
    } = listen().await;
    let client = reqwest::Client::new();
    let state = request.pending().state();
    let json = client
        .post(&redirect_uri)
        .header("content-type", "application/json")
        .body(format!(r#"{{"code":"abc","state":"{state}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);
    let huge = "x".repeat(65 * 1024);
    let oversize = client
        .post(&redirect_uri)
        .form(&[("code", huge.as_str()), ("state", state)])
        .send()
        .await
        .unwrap();
    assert_eq!(oversize.status(), 413);
    let put = client.put(&redirect_uri).send().await.unwrap();
    assert_eq!(put.status(), 405);
    // Still waiting: the real callback is taken.
    let page = client
        .post(&redirect_uri)
        .form(&[("code", "abc"), ("state", state)])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

#[tokio::test]
async fn a_connection_closed_before_its_request_does_not_end_the_wait() {
    let Listening {
        request,
        address,
        waiting,
        ..
    } = listen().await;
    // A browser's preconnect that gives up: opened and closed without a byte.
    drop(tokio::net::TcpStream::connect(&address).await.unwrap());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    let page = reqwest::get(callback).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

/// Sends `head` (its lines joined with CRLF, a blank line added) and `body` on a new
/// connection; returns what came back until the listener closed it.
async fn raw_request(address: &str, head: &[&str], body: &[u8]) -> String {
    raw_request_in_parts(address, head, &[body]).await
}

/// [`raw_request`] with the body sent in `parts`, a pause between them, as a browser sends
/// a large one.
async fn raw_request_in_parts(address: &str, head: &[&str], parts: &[&[u8]]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = head.join("\r\n").into_bytes();
    request.extend_from_slice(b"\r\n\r\n");
    socket.write_all(&request).await.unwrap();
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        socket
            .write_all(part)
            .await
            .expect("the listener still reads the body");
    }
    let mut response = Vec::new();
    socket
        .read_to_end(&mut response)
        .await
        .expect("the response, not a reset");
    String::from_utf8_lossy(&response).into_owned()
}

/// A form POST's head with these extra header lines.
fn post_head<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut head = vec![
        "POST /callback HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/x-www-form-urlencoded",
    ];
    head.extend_from_slice(extra);
    head
}

/// The status line's code of a raw response.
fn status_of(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or_default()
}

#[tokio::test]
async fn ambiguous_body_framing_is_refused_and_the_wait_goes_on() {
    let Listening {
        request,
        address,
        waiting,
        ..
    } = listen().await;
    let form = format!("code=abc&state={}", request.pending().state());
    let length = format!("Content-Length: {}", form.len());
    let plus_length = format!("Content-Length: +{}", form.len());
    let longer = format!("Content-Length: {}", form.len() + 1);
    let listed = format!("Content-Length: {}, {}", form.len(), form.len() + 1);
    // Each would let the listener and a proxy in front of it disagree on where the body
    // ends (RFC 9112 section 6.3); none is the callback, however valid the form.
    for (extra, status) in [
        (vec!["Transfer-Encoding: chunked"], "501"),
        (vec![length.as_str(), "Transfer-Encoding: identity"], "501"),
        (vec![length.as_str(), longer.as_str()], "400"),
        (vec![listed.as_str()], "400"),
        (vec![plus_length.as_str()], "400"),
        (vec!["Content-Length: 12abc"], "400"),
        (vec!["Content-Length: -1"], "400"),
        (vec![], "411"),
    ] {
        let response = raw_request(&address, &post_head(&extra), form.as_bytes()).await;
        assert_eq!(status_of(&response), status, "{extra:?}: {response}");
    }
    // The same length twice is one length.
    let response = raw_request(
        &address,
        &post_head(&[length.as_str(), length.as_str()]),
        form.as_bytes(),
    )
    .await;
    assert_eq!(status_of(&response), "200", "{response}");
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

#[tokio::test]
async fn a_405_says_which_methods_are_allowed() {
    let Listening {
        request,
        address,
        waiting,
        ..
    } = listen().await;
    let response = raw_request(&address, &["DELETE /callback HTTP/1.1", "Host: x"], b"").await;
    assert_eq!(status_of(&response), "405", "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("\r\nallow: get, post\r\n"),
        "{response}"
    );
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    assert_eq!(reqwest::get(callback).await.unwrap().status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}

#[tokio::test]
async fn a_too_large_form_gets_its_413_page_not_a_reset() {
    let Listening {
        request,
        address,
        waiting,
        ..
    } = listen().await;
    let body = format!("code={}&state=s", "x".repeat(300 * 1024));
    let length = format!("Content-Length: {}", body.len());
    let (first, rest) = body.as_bytes().split_at(16 * 1024);
    for _ in 0..3 {
        let response =
            raw_request_in_parts(&address, &post_head(&[length.as_str()]), &[first, rest]).await;
        assert_eq!(status_of(&response), "413", "{response}");
        assert!(response.contains("</html>"), "the whole page: {response}");
    }
    let callback = format!(
        "{}?code=abc&state={}",
        request.pending().redirect_uri().unwrap(),
        request.pending().state()
    );
    assert_eq!(reqwest::get(callback).await.unwrap().status(), 200);
    assert_eq!(waiting.await.unwrap().unwrap().code(), "abc");
}
