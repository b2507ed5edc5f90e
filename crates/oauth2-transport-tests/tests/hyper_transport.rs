//! oauth2-grants without reqwest: every call to the local authorization server goes through
//! the caller's own [`HttpClient`], here hyper-util's client over plain http on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oauth2_client_auth::PrivateKeyJwt;
use oauth2_dpop::DpopKey;
use oauth2_grants::{Error, OAuth2Client};
use oauth2_jose::{Algorithm, SigningKey, jws};
use oauth2_test_server::TestServer;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};

/// An [`HttpClient`] over hyper-util's client: what an application with its own HTTP stack
/// writes. It never follows redirects (hyper does not).
#[derive(Debug, Clone)]
struct HyperHttpClient(Client<HttpConnector, Full<Bytes>>);

impl HyperHttpClient {
    fn new() -> Self {
        Self(Client::builder(TokioExecutor::new()).build_http())
    }
}

#[async_trait::async_trait]
impl HttpClient for HyperHttpClient {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let request = request.map(|body| Full::new(Bytes::from(body)));
        let response = self
            .0
            .request(request)
            .await
            .map_err(|err| HttpError::Connect(err.into()))?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|err| HttpError::Transport(err.into()))?
            .to_bytes();
        Ok(HttpResponse::from_parts(parts, body.to_vec()))
    }
}

fn server() -> &'static TestServer {
    TestServer::shared().unwrap_or_else(|err| panic!("the local authorization server: {err}"))
}

fn issuer() -> String {
    server().issuer().as_str().trim_end_matches('/').to_owned()
}

fn private_key_jwt(client_id: &str) -> PrivateKeyJwt {
    let client = server().client(client_id).unwrap();
    let jwk = client.private_jwk.as_ref().unwrap().to_string();
    PrivateKeyJwt::new(client_id, SigningKey::from_jwk_json(&jwk).unwrap())
}

/// This package builds oauth2-grants without reqwest: a client given no HTTP client has none.
/// (Run it alone; `cargo xtask test` does, and checks the feature with `cargo tree`.)
#[test]
fn there_is_no_default_http_client() {
    let built = OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(oauth2_client_auth::NoAuth::new("my-app"))
        .build();
    assert!(
        matches!(&built, Err(Error::Config(message)) if message.contains("no HTTP client")),
        "reqwest is on in this build (feature unification?): {built:?}"
    );
}

#[tokio::test]
async fn client_credentials_with_private_key_jwt_and_dpop_through_hyper() {
    let client = OAuth2Client::builder()
        .http_client(HyperHttpClient::new())
        .auth(private_key_jwt("private-key-jwt-es256"))
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .discover(&issuer())
        .await
        .unwrap();
    let key = DpopKey::generate(Algorithm::ES256).unwrap();
    let token = client
        .client_credentials()
        .scope("api:read")
        .dpop_key(key.clone())
        .send()
        .await
        .unwrap();

    assert!(token.has_dpop_type(), "{}", token.token_type());
    let claims = jws::decode_unverified(token.access_token().secret())
        .unwrap()
        .claims()
        .unwrap();
    assert_eq!(claims["cnf"]["jkt"], key.thumbprint());
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        key.thumbprint()
    );
    // The server's nonce challenge was answered through the same transport.
    let token_endpoint = client.metadata().token_endpoint.as_deref().unwrap();
    assert!(
        client
            .dpop_nonces()
            .get(&token_endpoint.parse().unwrap())
            .is_some()
    );
}

/// The sans-IO pairs through the caller's transport: discovery and a DPoP-bound
/// client_credentials token, prepared, sent by hyper, read. The server's first answer to a
/// DPoP proof is a nonce challenge: the reader says so, and the next preparation answers it.
#[tokio::test]
async fn prepared_discovery_and_token_request_through_hyper() {
    let http = HyperHttpClient::new();
    let [(request, reader), _] = oauth2_grants::prepare_discovery(&issuer(), true).unwrap();
    let metadata = reader
        .read(http.execute(request).await.unwrap())
        .await
        .unwrap();
    let client = OAuth2Client::builder()
        .metadata(metadata)
        .http_client(http.clone())
        .auth(private_key_jwt("private-key-jwt-es256"))
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let key = DpopKey::generate(Algorithm::ES256).unwrap();
    let prepare = || {
        client
            .client_credentials()
            .scope("api:read")
            .dpop_key(key.clone())
            .prepare()
    };

    let (request, reader) = prepare().await.unwrap();
    assert!(request.headers().contains_key("dpop"));
    let err = reader
        .read(http.execute(request).await.unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::DpopNonce { retried: false, .. }),
        "{err:?}"
    );

    let (request, reader) = prepare().await.unwrap();
    let token = reader
        .read(http.execute(request).await.unwrap())
        .await
        .unwrap();
    assert!(token.has_dpop_type(), "{}", token.token_type());
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        key.thumbprint()
    );
}
