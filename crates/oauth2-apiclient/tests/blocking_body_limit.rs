//! The bound on a blocking response's body: a body over it is `Error::BodyTooLarge`, whether
//! its length is announced or it comes in chunks; the default passes an ordinary body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use oauth2_apiclient::Error;
use oauth2_apiclient::blocking::{ApiClient, DEFAULT_MAX_BODY_BYTES};
use oauth2_types::BearerToken;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A scripted API answering every request with a 200 and `body`, on a runtime of its own
/// whose workers answer while the test blocks.
fn scripted(body: Vec<u8>) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(body))
            .mount(&server)
            .await;
        server
    });
    (runtime, server)
}

fn api(base: &str) -> ApiClient {
    ApiClient::new(base, BearerToken::new("t")).unwrap()
}

#[test]
fn the_default_bound_passes_an_ordinary_body() {
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
    let body = vec![b'a'; 1024 * 1024];
    let (_runtime, server) = scripted(body.clone());
    let response = api(&server.uri()).get("report").unwrap().send().unwrap();
    assert_eq!(response.bytes().unwrap(), body);
}

#[test]
fn a_body_at_the_bound_passes() {
    let (_runtime, server) = scripted(vec![b'a'; 1000]);
    let api = api(&server.uri()).max_body_bytes(1000);
    let response = api.get("report").unwrap().send().unwrap();
    assert_eq!(response.bytes().unwrap().len(), 1000);
}

#[test]
fn a_body_over_the_client_bound_is_an_error() {
    let (_runtime, server) = scripted(vec![b'a'; 4096]);
    let api = api(&server.uri()).max_body_bytes(1024);
    let err = api.get("report").unwrap().send().unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("1024"), "{err}");
    // Sub-clients keep the bound; a request may raise it.
    let err = api.sub("v1").unwrap().get("report").unwrap().send();
    assert!(
        matches!(err, Err(Error::BodyTooLarge { limit: 1024 })),
        "{err:?}"
    );
    let response = api.get("report").unwrap().max_body_bytes(4096).send();
    assert_eq!(response.unwrap().bytes().unwrap().len(), 4096);
}

#[test]
fn a_body_over_the_request_bound_is_an_error() {
    let (_runtime, server) = scripted(vec![b'a'; 4096]);
    let err = api(&server.uri())
        .get("report")
        .unwrap()
        .max_body_bytes(100)
        .send()
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 100 }), "{err:?}");
}

/// A server that sends one response in chunks, with no `Content-Length`: the bound holds
/// while the body is read, not only against an announced length.
#[test]
fn a_chunked_body_over_the_bound_is_an_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut stream = stream;
        let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        for _ in 0..8 {
            let chunk = [b'a'; 512];
            // The client may hang up once the bound is passed.
            if write!(stream, "{:x}\r\n", chunk.len()).is_err()
                || stream.write_all(&chunk).is_err()
                || stream.write_all(b"\r\n").is_err()
            {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    let api = api(&format!("http://{address}/")).max_body_bytes(1024);
    let err = api.get("report").unwrap().send().unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
    server.join().unwrap();
}
