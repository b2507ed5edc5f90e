//! The code exchange against a scripted server (wiremock): the ID token the request implies
//! (present with `openid`, essential `acr`), ID tokens across refreshes, a pushed request's
//! expiry, and a code kept by the token manager after a transient failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client, TokenManager};
use oauth2_jose::{Algorithm, Jwks, SigningKey, jws};
use oauth2_pkce_par_jar::{AuthorizationResponse, IdTokenError};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Scripted {
    server: MockServer,
    client: OAuth2Client,
    key: SigningKey,
}

async fn scripted() -> Scripted {
    let server = MockServer::start().await;
    let key = SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_key_id("k1");
    let jwks = Jwks {
        keys: vec![key.public_jwk().clone()],
    };
    Mock::given(method("GET"))
        .and(path("/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&jwks))
        .mount(&server)
        .await;
    let client = OAuth2Client::builder()
        .issuer(server.uri())
        .authorization_endpoint(format!("{}/authorize", server.uri()))
        .pushed_authorization_request_endpoint(format!("{}/par", server.uri()))
        .token_endpoint(format!("{}/token", server.uri()))
        .jwks_uri(format!("{}/jwks", server.uri()))
        .auth(ClientSecretPost::new("client", "secret"))
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    Scripted {
        server,
        client,
        key,
    }
}

impl Scripted {
    /// A validated callback for a request built by `build`.
    fn callback(
        &self,
        build: impl FnOnce(
            oauth2_pkce_par_jar::AuthorizationRequestBuilder,
        ) -> oauth2_pkce_par_jar::AuthorizationRequestBuilder,
    ) -> AuthorizationResponse {
        let request = build(self.client.authorization_request().unwrap())
            .redirect_uri("https://app.example/cb")
            .build()
            .unwrap();
        request
            .pending()
            .validate_query(&format!(
                "code=the-code&state={}&iss={}",
                request.pending().state(),
                self.server.uri()
            ))
            .unwrap()
    }

    async fn id_token(&self, sub: &str, nonce: Option<&str>, acr: Option<&str>) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let mut claims = json!({"iss": self.server.uri(), "sub": sub, "aud": "client",
                                "exp": now + 300, "iat": now});
        if let Some(nonce) = nonce {
            claims["nonce"] = nonce.into();
        }
        if let Some(acr) = acr {
            claims["acr"] = acr.into();
        }
        jws::encode(&jws::Header::new(), &claims, &self.key)
            .await
            .unwrap()
    }

    async fn token_response(&self, grant: &str, body: Value, times: Option<u64>) {
        let mock = Mock::given(method("POST"))
            .and(path("/token"))
            .and(body_string_contains(format!("grant_type={grant}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(body));
        match times {
            Some(times) => mock.up_to_n_times(times).mount(&self.server).await,
            None => mock.mount(&self.server).await,
        }
    }
}

#[tokio::test]
async fn an_openid_exchange_without_id_token_is_refused() {
    let scripted = scripted().await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at", "token_type": "Bearer"}),
            None,
        )
        .await;
    let openid = scripted.callback(|b| b.scope(["openid"]));
    let err = scripted
        .client
        .exchange_code(&openid)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::IdToken(inner) if **inner == IdTokenError::Missing),
        "{err:?}"
    );

    // Without openid, none is expected.
    let plain = scripted.callback(|b| b.scope(["api"]));
    assert!(scripted.client.exchange_code(&plain).send().await.is_ok());
}

#[tokio::test]
async fn an_essential_acr_is_checked_in_the_id_token() {
    let scripted = scripted().await;
    let essential = json!({"id_token": {"acr": {"essential": true, "values": ["urn:mfa"]}}});
    let response = scripted.callback(|b| b.scope(["openid"]).claims(&essential));
    let nonce = response.pending().nonce().map(str::to_owned);
    let weak = scripted
        .id_token("alice", nonce.as_deref(), Some("urn:password"))
        .await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at", "token_type": "Bearer", "id_token": weak}),
            Some(1),
        )
        .await;
    let err = scripted
        .client
        .exchange_code(&response)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::IdToken(inner) if **inner == IdTokenError::Acr),
        "{err:?}"
    );

    let strong = scripted
        .id_token("alice", nonce.as_deref(), Some("urn:mfa"))
        .await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at", "token_type": "Bearer", "id_token": strong}),
            None,
        )
        .await;
    scripted
        .client
        .exchange_code(&response)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refresh_without_id_token_does_not_lose_the_subject_check() {
    let scripted = scripted().await;
    let response = scripted.callback(|b| b.scope(["openid"]));
    let nonce = response.pending().nonce().map(str::to_owned);
    let alice = scripted.id_token("alice", nonce.as_deref(), None).await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at0", "token_type": "Bearer", "refresh_token": "rt", "id_token": alice}),
            None,
        )
        .await;
    // The first refresh brings no ID token, the second one for another subject.
    scripted
        .token_response(
            "refresh_token",
            json!({"access_token": "at1", "token_type": "Bearer"}),
            Some(1),
        )
        .await;
    let mallory = scripted.id_token("mallory", None, None).await;
    scripted
        .token_response(
            "refresh_token",
            json!({"access_token": "at2", "token_type": "Bearer", "id_token": mallory}),
            None,
        )
        .await;
    let client = &scripted.client;
    let first = client.exchange_code(&response).send().await.unwrap();
    let refreshed = client.refresh(&first).unwrap().send().await.unwrap();
    assert_eq!(
        refreshed.id_token(),
        first.id_token(),
        "the first one is kept"
    );
    let err = client
        .refresh(&refreshed)
        .unwrap()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::IdToken(inner) if **inner == IdTokenError::SubjectChanged),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_pushed_request_carries_its_expiry() {
    let scripted = scripted().await;
    Mock::given(method("POST"))
        .and(path("/par"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"request_uri": "urn:r:1", "expires_in": 90})),
        )
        .mount(&scripted.server)
        .await;
    let request = scripted
        .client
        .authorization_request()
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(request.expires_at(), None);
    let before = std::time::Instant::now();
    let pushed = scripted
        .client
        .push_authorization_request(request)
        .await
        .unwrap();
    let expires_at = pushed.expires_at().expect("an expiry");
    assert!(expires_at >= before + Duration::from_secs(90));
    assert!(expires_at <= std::time::Instant::now() + Duration::from_secs(90));
    assert!(!pushed.is_expired());
}

#[tokio::test]
async fn the_token_manager_keeps_the_code_after_a_transient_failure() {
    let scripted = scripted().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down for a moment"))
        .up_to_n_times(1)
        .mount(&scripted.server)
        .await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at", "token_type": "Bearer", "refresh_token": "rt"}),
            None,
        )
        .await;
    let response = scripted.callback(|b| b.scope(["api"]));
    let manager = TokenManager::authorization_code(scripted.client.clone(), &response);
    let err = manager.token().await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    let token = manager.token().await.unwrap();
    assert_eq!(token.access_token().secret(), "at");
    let exchanges = scripted
        .server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|request| String::from_utf8_lossy(&request.body).contains("code=the-code"))
        .count();
    assert_eq!(exchanges, 2, "the same code, sent again");
}

#[tokio::test]
async fn the_token_manager_drops_a_code_the_server_refused() {
    let scripted = scripted().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&scripted.server)
        .await;
    let response = scripted.callback(|b| b.scope(["api"]));
    let manager = TokenManager::authorization_code(scripted.client.clone(), &response);
    assert!(
        manager
            .token()
            .await
            .unwrap_err()
            .is_oauth_error("invalid_grant")
    );
    assert!(matches!(
        manager.token().await.unwrap_err(),
        Error::NoRefreshToken
    ));
    assert_eq!(scripted.server.received_requests().await.unwrap().len(), 1);
}

/// OpenID Connect Core 12.2: a refreshed ID token carrying a nonce must carry the first one's.
#[tokio::test]
async fn a_refreshed_id_token_with_another_nonce_is_refused() {
    let scripted = scripted().await;
    let response = scripted.callback(|b| b.scope(["openid"]));
    let nonce = response.pending().nonce().map(str::to_owned);
    let first = scripted.id_token("alice", nonce.as_deref(), None).await;
    scripted
        .token_response(
            "authorization_code",
            json!({"access_token": "at0", "token_type": "Bearer", "refresh_token": "rt", "id_token": first}),
            None,
        )
        .await;
    let replayed = scripted
        .id_token("alice", Some("another-nonce"), None)
        .await;
    scripted
        .token_response(
            "refresh_token",
            json!({"access_token": "at1", "token_type": "Bearer", "id_token": replayed}),
            None,
        )
        .await;
    let client = &scripted.client;
    let first = client.exchange_code(&response).send().await.unwrap();
    let err = client.refresh(&first).unwrap().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::IdToken(inner) if **inner == IdTokenError::RefreshedClaimChanged("nonce")),
        "{err:?}"
    );
}
