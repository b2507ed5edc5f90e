//! Typed ID tokens against the local authorization server: the ID token validated at the code
//! exchange is read back from the token without validating again, and a refresh brings one
//! for the same authentication (OpenID Connect Core 12.2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{client_for, server, test_client};
use oauth2_grants::{IdToken, TokenManager};

#[tokio::test]
async fn the_exchanged_id_token_has_typed_claims_and_a_refresh_keeps_its_authentication() {
    let client = client_for("public-client").await;
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client("public-client").redirect_uri)
        .scope(["openid", "email", "offline_access"])
        .build()
        .unwrap();
    let nonce = request.pending().nonce().unwrap().to_owned();
    let callback = server()
        .complete_authorization(request.url())
        .await
        .unwrap();
    let response = request.pending().validate_callback(&callback).unwrap();
    let manager = TokenManager::authorization_code(client.clone(), &response);
    let token = manager.token().await.unwrap();

    let id_token = IdToken::of(&token).unwrap().expect("an ID token came");
    let claims = id_token.claims();
    assert_eq!(Some(claims.iss.as_str()), client.issuer());
    assert!(!claims.sub.is_empty());
    assert_eq!(claims.aud, [client.client_id()]);
    assert_eq!(claims.nonce.as_deref(), Some(nonce.as_str()));
    assert!(claims.exp > claims.iat);
    assert_eq!(id_token.raw(), token.id_token().unwrap());
    #[derive(serde::Deserialize)]
    struct Mine {
        sub: String,
        iat: u64,
    }
    let mine: Mine = id_token.claims_as().unwrap();
    assert_eq!(
        (mine.sub.as_str(), mine.iat),
        (claims.sub.as_str(), claims.iat)
    );

    manager.invalidate();
    let refreshed = manager.token().await.unwrap();
    let again = IdToken::of(&refreshed)
        .unwrap()
        .expect("the refresh brought an ID token");
    assert_eq!(again.claims().sub, claims.sub);
    assert_eq!(again.claims().auth_time, claims.auth_time);
    assert_eq!(
        again.claims().nonce,
        claims.nonce,
        "12.2: a nonce, if any, unchanged"
    );
    assert_ne!(
        refreshed.access_token().secret(),
        token.access_token().secret(),
        "refreshed"
    );
}

/// An ID token from elsewhere (here: one the exchange already validated, handed over as a
/// string) is validated by the client into the same typed value the exchange gives.
#[tokio::test]
async fn the_client_validates_an_id_token_into_typed_claims() {
    let client = client_for("public-client").await;
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client("public-client").redirect_uri)
        .scope(["openid"])
        .build()
        .unwrap();
    let nonce = request.pending().nonce().unwrap().to_owned();
    let callback = server()
        .complete_authorization(request.url())
        .await
        .unwrap();
    let response = request.pending().validate_callback(&callback).unwrap();
    let token = client.exchange_code(&response).send().await.unwrap();
    let raw = token.id_token().unwrap();

    let expectations = client.id_token_expectations().unwrap().nonce(nonce);
    let validated = client.validate_id_token(raw, &expectations).await.unwrap();
    assert_eq!(Some(&validated), IdToken::of(&token).unwrap().as_ref());
    assert_eq!(validated.claims().aud, [client.client_id()]);

    let wrong_nonce = client.id_token_expectations().unwrap().nonce("another");
    let err = client
        .validate_id_token(raw, &wrong_nonce)
        .await
        .unwrap_err();
    assert!(matches!(err, oauth2_grants::Error::IdToken(_)), "{err:?}");
}

/// The ID token of a grant other than the code flow (here the password grant) is validated on
/// arrival too when the client knows the server's keys: one signed by a key the server does
/// not publish is refused; one signed by its key passes and reads back with `IdToken::of`.
/// (A forged ID token is what a healthy server never sends: wiremock plays the server.)
#[tokio::test]
async fn the_id_token_of_any_grant_is_validated_when_the_keys_are_known() {
    use oauth2_jose::{Algorithm, Jwks, SigningKey, jws};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let issuer = server.uri();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = serde_json::json!({"iss": issuer, "sub": "alice", "aud": "app", "iat": now, "exp": now + 300});
    let published = SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_key_id("k1");
    let forger = SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_key_id("k1");
    let jwks = Jwks {
        keys: vec![published.public_jwk().clone()],
    };
    Mock::given(method("GET"))
        .and(path("/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&jwks))
        .mount(&server)
        .await;
    let client = |with_keys: bool| {
        let mut builder = oauth2_grants::OAuth2Client::builder()
            .issuer(issuer.clone())
            .token_endpoint(format!("{issuer}/token"))
            .auth(oauth2_client_auth::ClientSecretPost::new("app", "secret"))
            .allow_insecure_http(true);
        if with_keys {
            builder = builder.jwks_uri(format!("{issuer}/jwks"));
        }
        builder.build().unwrap()
    };
    let answer_with = |id_token: String| {
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": id_token,
        }))
    };

    let forged = jws::encode(&jws::Header::new(), &claims, &forger)
        .await
        .unwrap();
    let token_route = Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(answer_with(forged))
        .mount_as_scoped(&server)
        .await;
    let err = client(true)
        .resource_owner_password("alice", "wonderland")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, oauth2_grants::Error::IdToken(_)), "{err:?}");
    // Without a key set the client cannot check it: it is kept as it came (documented).
    let unchecked = client(false)
        .resource_owner_password("alice", "wonderland")
        .send()
        .await
        .unwrap();
    assert!(unchecked.id_token().is_some());
    drop(token_route);

    let genuine = jws::encode(&jws::Header::new(), &claims, &published)
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(answer_with(genuine))
        .mount(&server)
        .await;
    let token = client(true)
        .resource_owner_password("alice", "wonderland")
        .send()
        .await
        .unwrap();
    assert_eq!(IdToken::of(&token).unwrap().unwrap().claims().sub, "alice");
}
