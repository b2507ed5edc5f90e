//! What only the vendors do, on wiremock: issuers with paths (Keycloak, Okta custom servers),
//! and Microsoft Entra ID's tenants and multi-tenant issuer template.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oauth2_client_auth::ClientSecretPost;
use oauth2_vendors::{Entra, Error, Preset};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Serves a discovery document at `{issuer_path}/.well-known/openid-configuration` naming
/// `issuer`, with a token endpoint answering a client-credentials request.
async fn serve_discovery(server: &MockServer, document_path: &str, issuer: &str) {
    Mock::given(method("GET"))
        .and(path(format!(
            "{document_path}/.well-known/openid-configuration"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": issuer,
            "token_endpoint": format!("{}/token", server.uri()),
        })))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "at", "token_type": "Bearer", "expires_in": 300
        })))
        .mount(server)
        .await;
}

fn auth() -> ClientSecretPost {
    ClientSecretPost::new("my-client", "my-secret")
}

#[tokio::test]
async fn path_issuers_are_discovered_under_their_path() {
    let server = MockServer::start().await;
    let presets = [
        (
            Preset::keycloak("sso.example.com", "demo").unwrap(),
            "/realms/demo",
        ),
        (
            Preset::keycloak_legacy("sso.example.com", "demo").unwrap(),
            "/auth/realms/demo",
        ),
        (
            Preset::okta_default("dev-123.okta.com").unwrap(),
            "/oauth2/default",
        ),
        (
            Preset::okta("dev-123.okta.com", "aus9").unwrap(),
            "/oauth2/aus9",
        ),
        (Preset::pingone("eu", "env-1").unwrap(), "/env-1/as"),
    ];
    for (preset, issuer_path) in presets {
        let issuer = format!("{}{issuer_path}", server.uri());
        serve_discovery(&server, issuer_path, &issuer).await;
        let preset = preset
            .base_url(&server.uri())
            .unwrap()
            .allow_insecure_http(true);
        assert_eq!(preset.issuer(), issuer);
        let client = preset.discover(auth()).await.unwrap();
        assert_eq!(client.issuer(), Some(issuer.as_str()));
        client.client_credentials().send().await.unwrap();
    }
}

/// A document that names another issuer is refused, preset or not.
#[tokio::test]
async fn another_issuer_is_refused() {
    let server = MockServer::start().await;
    serve_discovery(&server, "/realms/demo", "https://evil.example/realms/demo").await;
    let keycloak = Preset::keycloak("sso.example.com", "demo")
        .unwrap()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true);
    let err = keycloak.discover(auth()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Grants(oauth2_grants::Error::IssuerMismatch { .. })
        ),
        "{err:?}"
    );
}

const TENANT_ID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

#[tokio::test]
async fn entra_single_tenant_discovery_is_strict() {
    let server = MockServer::start().await;
    let authority_path = format!("/{TENANT_ID}/v2.0");
    let issuer = format!("{}{authority_path}", server.uri());
    serve_discovery(&server, &authority_path, &issuer).await;
    let entra = Entra::tenant(TENANT_ID)
        .unwrap()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true);
    let client = entra.discover(auth()).await.unwrap();
    assert_eq!(client.issuer(), Some(issuer.as_str()));

    // A tenant named by its domain: the document names the tenant id, which the strict
    // check refuses rather than trusting.
    serve_discovery(&server, "/contoso.onmicrosoft.com/v2.0", &issuer).await;
    let by_domain = Entra::tenant("contoso.onmicrosoft.com")
        .unwrap()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true);
    let err = by_domain.discover(auth()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Grants(oauth2_grants::Error::IssuerMismatch { .. })
        ),
        "{err:?}"
    );
}

/// The multi-tenant document's issuer is the template: discovery is refused with a reason,
/// and the client made without it keeps the template as its issuer.
#[tokio::test]
async fn entra_multi_tenant_uses_the_issuer_template() {
    let server = MockServer::start().await;
    let template = format!("{}/{{tenantid}}/v2.0", server.uri());
    serve_discovery(&server, "/common/v2.0", &template).await;
    let entra = Entra::common()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true);
    assert!(matches!(
        entra.discover(auth()).await.unwrap_err(),
        Error::Unsupported(_)
    ));
    Mock::given(method("POST"))
        .and(path("/common/oauth2/v2.0/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "at", "token_type": "Bearer", "expires_in": 300
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = entra.client(auth()).unwrap();
    assert_eq!(client.issuer(), Some(template.as_str()));
    client
        .client_credentials()
        .scope("https://graph.microsoft.com/.default")
        .send()
        .await
        .unwrap();
}

#[test]
fn entra_real_urls() {
    let client = Entra::organizations().client(auth()).unwrap();
    let meta = client.metadata();
    let base = "https://login.microsoftonline.com/organizations";
    assert_eq!(
        meta.authorization_endpoint.as_deref(),
        Some(format!("{base}/oauth2/v2.0/authorize").as_str())
    );
    assert_eq!(
        meta.token_endpoint.as_deref(),
        Some(format!("{base}/oauth2/v2.0/token").as_str())
    );
    assert_eq!(
        meta.device_authorization_endpoint.as_deref(),
        Some(format!("{base}/oauth2/v2.0/devicecode").as_str())
    );
    assert_eq!(
        meta.jwks_uri.as_deref(),
        Some(format!("{base}/discovery/v2.0/keys").as_str())
    );
    assert_eq!(
        Entra::tenant(TENANT_ID).unwrap().authority(),
        format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0")
    );
}

/// Signs an ID token for `my-client` with `key`, naming `iss` and `tid`.
async fn id_token(key: &oauth2_jose::SigningKey, iss: &str, tid: Option<&str>) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut claims = serde_json::json!({
        "iss": iss, "sub": "alice", "aud": "my-client", "iat": now, "exp": now + 300,
    });
    if let Some(tid) = tid {
        claims["tid"] = serde_json::json!(tid);
    }
    oauth2_jose::jws::encode(&oauth2_jose::jws::Header::new(), &claims, key)
        .await
        .unwrap()
}

/// A multi-tenant client validates each ID token against the issuer template filled with
/// the token's own `tid`: its tenant's issuer passes, anything else is refused.
#[tokio::test]
async fn entra_multi_tenant_id_tokens_fill_the_template_with_their_tid() {
    let server = MockServer::start().await;
    let key = oauth2_jose::SigningKey::generate(oauth2_jose::Algorithm::RS256)
        .unwrap()
        .with_key_id("entra-1");
    Mock::given(method("GET"))
        .and(path("/organizations/discovery/v2.0/keys"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"keys": [key.public_jwk()]})),
        )
        .mount(&server)
        .await;
    let client = Entra::organizations()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true)
        .client(auth())
        .unwrap();
    let expectations = client.id_token_expectations().unwrap();
    let issuer_of = |tenant: &str| format!("{}/{tenant}/v2.0", server.uri());
    let other = "00000000-0000-0000-0000-000000000001";

    let good = id_token(&key, &issuer_of(TENANT_ID), Some(TENANT_ID)).await;
    let validated = client
        .validate_id_token(&good, &expectations)
        .await
        .unwrap();
    assert_eq!(validated.claims().extra["tid"], TENANT_ID);

    let refused = [
        // another tenant's issuer with this tenant's tid
        id_token(&key, &issuer_of(other), Some(TENANT_ID)).await,
        // no tid
        id_token(&key, &issuer_of(TENANT_ID), None).await,
        // the template itself
        id_token(&key, &issuer_of("{tenantid}"), Some("{tenantid}")).await,
        // another host
        id_token(
            &key,
            &format!("https://evil.example/{TENANT_ID}/v2.0"),
            Some(TENANT_ID),
        )
        .await,
    ];
    for token in refused {
        let err = client
            .validate_id_token(&token, &expectations)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("ID token comes from"), "{err}");
    }
}

/// The whole code flow of a multi-tenant client: the exchange validates the ID token (nonce
/// included) against the template filled with the token's `tid`.
#[tokio::test]
async fn entra_multi_tenant_code_exchange_validates_the_id_token() {
    let server = MockServer::start().await;
    let key = oauth2_jose::SigningKey::generate(oauth2_jose::Algorithm::RS256)
        .unwrap()
        .with_key_id("entra-1");
    Mock::given(method("GET"))
        .and(path("/common/discovery/v2.0/keys"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"keys": [key.public_jwk()]})),
        )
        .mount(&server)
        .await;
    let client = Entra::common()
        .base_url(&server.uri())
        .unwrap()
        .allow_insecure_http(true)
        .client(auth())
        .unwrap();
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri("https://app.example/cb")
        .scope("openid")
        .state("state-0123456789abcdef")
        .build()
        .unwrap();
    let nonce = request.pending().nonce().expect("a nonce").to_owned();
    let response = request
        .pending()
        .validate_query("code=the-code&state=state-0123456789abcdef")
        .unwrap();

    for (tenant, accepted) in [
        (TENANT_ID, true),
        ("00000000-0000-0000-0000-000000000001", false),
    ] {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = serde_json::json!({
            "iss": format!("{}/{tenant}/v2.0", server.uri()), "tid": TENANT_ID,
            "sub": "alice", "aud": "my-client", "iat": now, "exp": now + 300, "nonce": nonce,
        });
        let id_token = oauth2_jose::jws::encode(&oauth2_jose::jws::Header::new(), &claims, &key)
            .await
            .unwrap();
        let token_endpoint = Mock::given(method("POST"))
            .and(path("/common/oauth2/v2.0/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "at", "token_type": "Bearer", "expires_in": 300,
                "id_token": id_token,
            })))
            .mount_as_scoped(&server)
            .await;
        let result = client.exchange_code(&response).send().await;
        assert_eq!(result.is_ok(), accepted, "{tenant}: {result:?}");
        drop(token_endpoint);
    }
}
