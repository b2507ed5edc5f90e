//! The authorization code flow against the local authorization server: PKCE, `iss` (RFC 9207),
//! PAR (RFC 9126), signed request objects (RFC 9101), a denied request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{client_for, server, test_client};
use oauth2_jose::SigningKey;
use oauth2_pkce_par_jar::{CallbackError, DEFAULT_REQUEST_OBJECT_LIFETIME};

/// An authorization request of `client` for the `openid` scope, to `id`'s redirect URI.
fn openid_request(
    client: &oauth2_grants::OAuth2Client,
    id: &str,
) -> oauth2_pkce_par_jar::AuthorizationRequest {
    client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client(id).redirect_uri)
        .scope(["openid"])
        .build()
        .unwrap()
}

/// The callback URL the local server's user agent lands on after signing in at `url`.
async fn authorize(url: &url::Url) -> url::Url {
    server().complete_authorization(url).await.unwrap()
}

#[tokio::test]
async fn code_flow_with_pkce_state_nonce_and_iss() {
    let client = client_for("public-client").await;
    let redirect_uri = &test_client("public-client").redirect_uri;
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(redirect_uri)
        .scope(["openid", "email"])
        .build()
        .unwrap();
    assert!(request.pending().nonce().is_some());
    let callback = authorize(request.url()).await;
    let response = request.pending().validate_callback(&callback).unwrap();
    assert_eq!(response.param("iss"), client.issuer());
    let token = client.exchange_code(&response).send().await.unwrap();
    assert!(token.id_token().is_some());
    assert!(token.refresh_token().is_some());
    let fresh = client.refresh(&token).unwrap().send().await.unwrap();
    assert_ne!(
        fresh.refresh_token(),
        token.refresh_token(),
        "public clients get rotated refresh tokens"
    );
}

#[tokio::test]
async fn a_tampered_iss_is_refused() {
    let client = client_for("client-secret-post").await;
    let request = openid_request(&client, "client-secret-post");
    let callback = authorize(request.url()).await;
    let mut forged = callback.clone();
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "iss" {
                (k, "https://attacker.example".into())
            } else {
                (k, v)
            }
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(&pairs);
    let err = request.pending().validate_callback(&forged).unwrap_err();
    assert!(
        matches!(err, CallbackError::IssuerMismatch { .. }),
        "{err:?}"
    );
    let mut stripped = callback.clone();
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .into_owned()
        .filter(|(k, _)| k != "iss")
        .collect();
    stripped.query_pairs_mut().clear().extend_pairs(&pairs);
    assert_eq!(
        request.pending().validate_callback(&stripped).unwrap_err(),
        CallbackError::MissingIssuer
    );
}

#[tokio::test]
async fn a_denied_request_is_access_denied() {
    let client = client_for("client-secret-basic").await;
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(&test_client("client-secret-basic").redirect_uri)
        .login_hint("deny")
        .build()
        .unwrap();
    let callback = authorize(request.url()).await;
    let err = request.pending().validate_callback(&callback).unwrap_err();
    let CallbackError::Error(response) = err else {
        panic!("{err:?}")
    };
    assert_eq!(response.error.as_str(), "access_denied");
}

/// The server sends the user back with `invalid_request`, its description mentioning `what`.
async fn assert_refused(request: &oauth2_pkce_par_jar::AuthorizationRequest, what: &str) {
    let callback = authorize(request.url()).await;
    let err = request.pending().validate_callback(&callback).unwrap_err();
    let CallbackError::Error(response) = err else {
        panic!("{err:?}")
    };
    assert_eq!(response.error.as_str(), "invalid_request", "{response:?}");
    let description = response.error_description.unwrap_or_default();
    assert!(description.contains(what), "{description}");
}

#[tokio::test]
async fn prepare_authorization_pushes_for_a_client_that_requires_it() {
    // The client is registered with require_pushed_authorization_requests (the server's
    // metadata does not require PAR of every client).
    let client = oauth2_grants::OAuth2Client::builder()
        .auth(common::auth_for("par-required"))
        .allow_insecure_http(true)
        .require_pushed_authorization_requests(true)
        .discover(&common::issuer())
        .await
        .unwrap();
    assert!(client.requires_pushed_authorization_requests());
    let plain = client_for("par-required").await;
    assert!(!plain.requires_pushed_authorization_requests());
    let request = openid_request(&client, "par-required");
    let prepared = client.prepare_authorization(request).await.unwrap();
    let names: Vec<String> = prepared
        .url()
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    assert_eq!(
        names,
        ["client_id", "request_uri"],
        "pushed without being asked"
    );
    assert!(prepared.expires_at().is_some(), "the request_uri's expiry");
    assert!(
        prepared.pending().dpop_jkt().is_none(),
        "no DPoP by default"
    );
    let callback = authorize(prepared.url()).await;
    let response = prepared.pending().validate_callback(&callback).unwrap();
    let token = client.exchange_code(&response).send().await.unwrap();
    assert!(!token.has_dpop_type());
}

#[tokio::test]
async fn prepare_authorization_with_dpop_by_default_binds_the_code_to_the_pushed_key() {
    let client = oauth2_grants::OAuth2Client::builder()
        .auth(common::auth_for("par-required"))
        .allow_insecure_http(true)
        .require_pushed_authorization_requests(true)
        .dpop_bound_access_tokens(true)
        .discover(&common::issuer())
        .await
        .unwrap();
    let request = openid_request(&client, "par-required");
    let prepared = client.prepare_authorization(request).await.unwrap();
    let jkt = prepared
        .pending()
        .dpop_jkt()
        .expect("pushed with a DPoP proof")
        .to_owned();
    let callback = authorize(prepared.url()).await;
    let response = prepared.pending().validate_callback(&callback).unwrap();
    // The code is bound to the pushed key: the server refuses an exchange with another key.
    let token = client.exchange_code(&response).send().await.unwrap();
    assert!(token.has_dpop_type());
    assert_eq!(token.binding().unwrap().thumbprint().unwrap(), jkt);
}

/// A web app behind a load balancer: the callback reaches another instance than the one that
/// pushed the request. The pending authorization, stored in the session, carries the DPoP key
/// the code is bound to.
#[tokio::test]
async fn a_pending_authorization_restored_in_another_client_exchanges_with_its_dpop_key() {
    let build_client = || async {
        oauth2_grants::OAuth2Client::builder()
            .auth(common::auth_for("par-required"))
            .allow_insecure_http(true)
            .require_pushed_authorization_requests(true)
            .dpop_bound_access_tokens(true)
            .discover(&common::issuer())
            .await
            .unwrap()
    };
    let first = build_client().await;
    let request = openid_request(&first, "par-required");
    let prepared = first.prepare_authorization(request).await.unwrap();
    let jkt = prepared.pending().dpop_jkt().unwrap().to_owned();
    let session = serde_json::to_string(prepared.pending()).unwrap();
    assert!(
        !format!("{:?}", prepared.pending()).contains("PRIVATE KEY"),
        "the key is never in Debug"
    );
    let url = prepared.url().clone();
    drop((first, prepared));

    let callback = authorize(&url).await;
    let second = build_client().await;
    let pending: oauth2_pkce_par_jar::PendingAuthorization =
        serde_json::from_str(&session).unwrap();
    let response = pending.validate_callback(&callback).unwrap();
    let token = second.exchange_code(&response).send().await.unwrap();
    assert!(token.has_dpop_type());
    assert_eq!(token.binding().unwrap().thumbprint().unwrap(), jkt);
}

#[tokio::test]
async fn pushed_requests_and_a_client_that_requires_them() {
    let client = client_for("par-required").await;
    let redirect_uri = &test_client("par-required").redirect_uri;
    let build = || {
        client
            .authorization_request()
            .unwrap()
            .redirect_uri(redirect_uri)
            .scope(["openid"])
            .build()
            .unwrap()
    };

    // Not pushed: refused by the server.
    let direct = build();
    assert_refused(&direct, "Pushed Authorization Request must be used").await;

    // Pushed: only client_id and request_uri travel in the browser.
    let pushed = client.push_authorization_request(build()).await.unwrap();
    let names: Vec<String> = pushed
        .url()
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    assert_eq!(names, ["client_id", "request_uri"]);
    let callback = authorize(pushed.url()).await;
    let response = pushed.pending().validate_callback(&callback).unwrap();
    let token = client.exchange_code(&response).send().await.unwrap();
    assert!(token.id_token().is_some());
}

#[tokio::test]
async fn signed_request_objects_by_value_and_pushed() {
    let id = "jar-required";
    let client = client_for(id).await;
    let redirect_uri = &test_client(id).redirect_uri;
    let key = SigningKey::from_jwk_json(&test_client(id).private_jwk.as_ref().unwrap().to_string())
        .unwrap();
    let issuer = client.issuer().unwrap().to_owned();
    let build = || {
        client
            .authorization_request()
            .unwrap()
            .redirect_uri(redirect_uri)
            .scope(["openid"])
            .build()
            .unwrap()
    };

    // Unsigned: refused.
    let unsigned = build();
    assert_refused(&unsigned, "Request Object must be used").await;

    // By value.
    let signed = build()
        .signed(&key, &issuer, DEFAULT_REQUEST_OBJECT_LIFETIME)
        .await
        .unwrap();
    let callback = authorize(signed.url()).await;
    let response = signed.pending().validate_callback(&callback).unwrap();
    client.exchange_code(&response).send().await.unwrap();

    // Pushed.
    let signed = build()
        .signed(&key, &issuer, DEFAULT_REQUEST_OBJECT_LIFETIME)
        .await
        .unwrap();
    let pushed = client.push_authorization_request(signed).await.unwrap();
    let callback = authorize(pushed.url()).await;
    let response = pushed.pending().validate_callback(&callback).unwrap();
    client.exchange_code(&response).send().await.unwrap();
}

#[tokio::test]
async fn pushed_with_dpop_binds_the_code_to_the_key() {
    let client = client_for("client-secret-basic").await;
    let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap();
    let request = openid_request(&client, "client-secret-basic");
    let pushed = client
        .push_authorization_request_with_dpop(request, &key)
        .await
        .unwrap();
    let callback = authorize(pushed.url()).await;
    let response = pushed.pending().validate_callback(&callback).unwrap();
    let token = client
        .exchange_code(&response)
        .dpop_key(key.clone())
        .send()
        .await
        .unwrap();
    assert!(token.has_dpop_type());
    assert_eq!(
        token.binding().unwrap().thumbprint().unwrap(),
        key.thumbprint()
    );
}

#[tokio::test]
async fn the_id_token_is_validated_at_the_exchange() {
    // The server signs ID tokens with RS256; a client that expects ES256 refuses them.
    let strict = oauth2_grants::OAuth2Client::builder()
        .auth(common::auth_for("client-secret-post"))
        .allow_insecure_http(true)
        .id_token_signed_response_alg(oauth2_jose::Algorithm::ES256)
        .discover(&common::issuer())
        .await
        .unwrap();
    let request = openid_request(&strict, "client-secret-post");
    let callback = authorize(request.url()).await;
    let response = request.pending().validate_callback(&callback).unwrap();
    let err = strict.exchange_code(&response).send().await.unwrap_err();
    assert!(matches!(err, oauth2_grants::Error::IdToken(_)), "{err:?}");

    // The server's keys are fetched from jwks_uri and cached.
    let jwks = strict.jwks(false).await.unwrap();
    assert!(!jwks.keys.is_empty());
}

#[tokio::test]
async fn loopback_redirect_and_code_grant_token_manager_end_to_end() {
    let client = client_for("public-client").await;
    let loopback = oauth2_grants::LoopbackRedirect::bind().await.unwrap();
    let request = client
        .authorization_request()
        .unwrap()
        .redirect_uri(loopback.redirect_uri())
        .scope(["openid", "offline_access"])
        .prompt("consent")
        .build()
        .unwrap();
    let pending = request.pending().clone();
    let waiting = tokio::spawn(async move {
        loopback
            .wait(&pending, std::time::Duration::from_secs(30))
            .await
    });

    // The "browser": follows the server's redirects, then lands on the loopback listener,
    // after a stray favicon request.
    let callback = authorize(request.url()).await;
    let browser = reqwest::Client::new();
    let favicon = callback.join("/favicon.ico").unwrap();
    assert_eq!(browser.get(favicon).send().await.unwrap().status(), 404);
    let page = browser.get(callback).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Signed in"));
    let response = waiting.await.unwrap().unwrap();

    let manager = oauth2_grants::TokenManager::authorization_code(client.clone(), &response);
    let first = manager.token().await.unwrap();
    assert!(first.refresh_token().is_some());
    assert_eq!(
        manager.token().await.unwrap().access_token(),
        first.access_token(),
        "cached"
    );
    manager.invalidate();
    let second = manager.token().await.unwrap();
    assert_ne!(
        second.access_token(),
        first.access_token(),
        "refreshed, not exchanged again"
    );
}

#[tokio::test]
async fn loopback_refuses_a_forged_callback_and_times_out() {
    let loopback = oauth2_grants::LoopbackRedirect::bind().await.unwrap();
    let request = oauth2_pkce_par_jar::AuthorizationRequest::builder(
        "https://as.example/authorize".parse().unwrap(),
        "c",
    )
    .redirect_uri(loopback.redirect_uri())
    .build()
    .unwrap();
    let url = format!("{}?code=stolen&state=forged", loopback.redirect_uri());
    let pending = request.pending().clone();
    let waiting = tokio::spawn(async move {
        loopback
            .wait(&pending, std::time::Duration::from_millis(1500))
            .await
    });
    let page = reqwest::get(url).await.unwrap();
    assert_eq!(page.status(), 400);
    // Refused, and the wait goes on until its timeout.
    let err = waiting.await.unwrap().unwrap_err();
    assert!(
        matches!(err, oauth2_grants::LoopbackError::Timeout(_)),
        "{err:?}"
    );

    let quiet = oauth2_grants::LoopbackRedirect::bind().await.unwrap();
    let err = quiet
        .wait(request.pending(), std::time::Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(err, oauth2_grants::LoopbackError::Timeout(_)));
}

/// HS256 ID tokens (OpenID Connect Core section 10.1) are keyed by the client secret: the
/// client authentication method checks their MAC itself, the secret never leaves it.
#[tokio::test]
async fn hs256_id_tokens_are_checked_by_the_client_authentication_method() {
    let id = "hs256-id-token";
    let client = oauth2_grants::OAuth2Client::builder()
        .auth(common::auth_for(id))
        .allow_insecure_http(true)
        .id_token_signed_response_alg(oauth2_jose::Algorithm::HS256)
        .discover(&common::issuer())
        .await
        .unwrap();
    let request = openid_request(&client, id);
    let callback = authorize(request.url()).await;
    let response = request.pending().validate_callback(&callback).unwrap();
    let token = client.exchange_code(&response).send().await.unwrap();
    let id_token = token.id_token().unwrap();
    let header = oauth2_jose::jws::decode_unverified(id_token)
        .unwrap()
        .header;
    assert_eq!(header["alg"], "HS256");
    let expectations = client.id_token_expectations().unwrap();
    let validated = client
        .validate_id_token(id_token, &expectations)
        .await
        .unwrap();
    assert_eq!(validated.claims().aud, [id]);

    // Under another secret the same token is refused.
    let other = oauth2_grants::OAuth2Client::builder()
        .auth(oauth2_client_auth::ClientSecretBasic::new(
            id,
            "another secret",
        ))
        .allow_insecure_http(true)
        .id_token_signed_response_alg(oauth2_jose::Algorithm::HS256)
        .discover(&common::issuer())
        .await
        .unwrap();
    let err = other
        .validate_id_token(id_token, &other.id_token_expectations().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, oauth2_grants::Error::IdToken(_)), "{err:?}");
}
