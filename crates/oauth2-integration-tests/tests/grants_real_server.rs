//! Every grant and endpoint of `OAuth2Client`, with every client authentication method,
//! against the local authorization server (node oidc-provider) and protected resource.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../../oauth2-grants/tests/common/mod.rs"]
mod common;

use common::{CONFIDENTIAL_CLIENTS, client_for, issuer, resource, user_token};
use oauth2_apiclient::RequestBuilderExt;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{Error, OAuth2Client};
use oauth2_types::ErrorCode;

#[tokio::test]
async fn discovery_reads_every_endpoint() {
    let client = client_for("client-secret-post").await;
    let meta = client.metadata();
    assert_eq!(meta.issuer, issuer());
    for endpoint in [
        &meta.authorization_endpoint,
        &meta.token_endpoint,
        &meta.jwks_uri,
        &meta.userinfo_endpoint,
        &meta.revocation_endpoint,
        &meta.introspection_endpoint,
        &meta.device_authorization_endpoint,
        &meta.pushed_authorization_request_endpoint,
        &meta.backchannel_authentication_endpoint,
    ] {
        assert!(
            endpoint
                .as_deref()
                .is_some_and(|url| url.starts_with(&issuer())),
            "{meta:?}"
        );
    }
    assert!(meta.iss_parameter_supported());
}

#[tokio::test]
async fn http_issuer_needs_the_explicit_opt_in() {
    let err = OAuth2Client::discover(&issuer(), ClientSecretPost::new("client-secret-post", "x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InsecureUrl(_)), "{err:?}");
}

#[tokio::test]
async fn client_credentials_with_every_auth_method_reaches_the_api() {
    for id in CONFIDENTIAL_CLIENTS {
        let client = client_for(id).await;
        let token = client
            .client_credentials()
            .scope("api:read")
            .resource(resource())
            .send()
            .await
            .unwrap_or_else(|err| panic!("{id}: {err}"));
        assert!(token.has_bearer_type(), "{id}");
        assert!(
            token.expires_in().is_some_and(|left| left.as_secs() > 0),
            "{id}"
        );
        assert_eq!(
            token.access_token().secret().split('.').count(),
            3,
            "{id}: a JWT"
        );
        let response = reqwest::Client::new()
            .get(format!("{}/api/echo", resource()))
            .send_with(&token)
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{id}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["client_id"], *id);
    }
}

/// The claims of a JWT, unverified (the resource server verifies; here we only read).
fn jwt_claims(jwt: &str) -> serde_json::Value {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn audience_and_extra_parameters_reach_the_server() {
    let client = client_for("client-secret-basic").await;
    let token = client
        .client_credentials()
        .scope("api:read")
        .resource(resource())
        .audience("https://backend.example")
        .param("tenant", "blue")
        .send()
        .await
        .unwrap();
    let claims = jwt_claims(token.access_token().secret());
    assert_eq!(claims["tenant"], "blue");
    assert_eq!(claims["requested_audience"], "https://backend.example");
    assert_eq!(claims["aud"], resource());
    assert_eq!(claims["scope"], "api:read");
}

#[tokio::test]
async fn every_resource_indicator_is_sent() {
    // The first indicator is the protected resource, the second one the server does not
    // know: its answer names the second, so both reached it.
    let client = client_for("client-secret-post").await;
    let err = client
        .client_credentials()
        .resource(resource())
        .resource(format!("{}/other", resource()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(&ErrorCode::InvalidTarget), "{err:?}");
    let description = err
        .oauth_error()
        .unwrap()
        .error_description
        .clone()
        .unwrap();
    assert!(description.contains("/other"), "{description}");
}

#[tokio::test]
async fn a_public_client_refreshes_reads_userinfo_and_revokes() {
    let client = client_for("public-client").await;
    let token = user_token(&client).await;
    let fresh = client.refresh(&token).unwrap().send().await.unwrap();
    let claims = client.userinfo(&fresh).await.unwrap();
    assert_eq!(claims["sub"], "alice");
    let refresh = fresh.refresh_token().unwrap().secret().to_owned();
    client.revoke_refresh_token(&refresh).await.unwrap();
    let err = client.refresh_token(refresh).send().await.unwrap_err();
    assert_eq!(err.error_code(), Some(&ErrorCode::InvalidGrant), "{err:?}");
}

/// Stands for a key in a KMS or an HSM: signs only asynchronously, and only through the trait.
#[derive(Debug)]
struct RemoteSigner(oauth2_jose::SigningKey);

#[async_trait::async_trait]
impl oauth2_jose::JwsSigner for RemoteSigner {
    fn algorithm(&self) -> oauth2_jose::Algorithm {
        self.0.algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        None
    }
    fn public_jwk(&self) -> Option<oauth2_jose::Jwk> {
        Some(self.0.public_jwk().clone())
    }
    async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, oauth2_jose::Error> {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        self.0.sign(input)
    }
}

#[tokio::test]
async fn private_key_jwt_with_a_remote_signer() {
    let id = "private-key-jwt-es256";
    let jwk = common::test_client(id)
        .private_jwk
        .as_ref()
        .unwrap()
        .to_string();
    let key = oauth2_jose::SigningKey::from_jwk_json(&jwk).unwrap();
    let client = OAuth2Client::builder()
        .auth(oauth2_client_auth::PrivateKeyJwt::new(
            id,
            RemoteSigner(key),
        ))
        .allow_insecure_http(true)
        .discover(&issuer())
        .await
        .unwrap();
    let token = client
        .client_credentials()
        .scope("api:read")
        .send()
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/api/echo", resource()))
        .send_with(&token)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["client_id"], id);
}

#[tokio::test]
async fn wrong_secret_is_invalid_client_with_status() {
    let client = OAuth2Client::builder()
        .auth(ClientSecretPost::new("client-secret-post", "wrong"))
        .allow_insecure_http(true)
        .discover(&issuer())
        .await
        .unwrap();
    let err = client.client_credentials().send().await.unwrap_err();
    assert_eq!(err.error_code(), Some(&ErrorCode::InvalidClient), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert!(err.oauth_error().unwrap().error_description.is_some());
}

#[tokio::test]
async fn unknown_resource_is_invalid_target() {
    let client = client_for("client-secret-basic").await;
    let err = client
        .client_credentials()
        .resource("https://unknown.example/api")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(&ErrorCode::InvalidTarget), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
}

#[tokio::test]
async fn code_exchange_refresh_introspection_userinfo_revocation_with_every_auth_method() {
    for id in CONFIDENTIAL_CLIENTS {
        let client = client_for(id).await;
        let token = user_token(&client).await;
        assert!(token.refresh_token().is_some(), "{id}");
        assert!(token.id_token().is_some(), "{id}");

        let fresh = client
            .refresh(&token)
            .unwrap()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_ne!(fresh.access_token(), token.access_token(), "{id}");
        assert_eq!(
            fresh.refresh_token(),
            token.refresh_token(),
            "{id}: the server does not rotate it for confidential clients; the client keeps it"
        );

        let info = client
            .introspect(fresh.access_token().secret())
            .send()
            .await
            .unwrap();
        assert!(info.active, "{id}");
        assert_eq!(info.client_id.as_deref(), Some(*id));
        assert_eq!(info.sub.as_deref(), Some("alice"));

        let claims = client.userinfo(&fresh).await.unwrap();
        assert_eq!(claims["sub"], "alice", "{id}");

        client
            .revoke_access_token(fresh.access_token().secret())
            .await
            .unwrap();
        let info = client
            .introspect(fresh.access_token().secret())
            .send()
            .await
            .unwrap();
        assert!(!info.active, "{id}: revoked");
        let refresh = fresh.refresh_token().unwrap().secret().to_owned();
        client.revoke_refresh_token(&refresh).await.unwrap();
        let err = client.refresh_token(refresh).send().await.unwrap_err();
        assert_eq!(
            err.error_code(),
            Some(&ErrorCode::InvalidGrant),
            "{id}: {err:?}"
        );
    }
}

#[tokio::test]
async fn userinfo_with_a_revoked_token_is_invalid_token() {
    let client = client_for("client-secret-basic").await;
    let token = user_token(&client).await;
    client
        .revoke_access_token(token.access_token().secret())
        .await
        .unwrap();
    let err = client.userinfo(&token).await.unwrap_err();
    assert!(err.is_oauth_error("invalid_token"), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
}
