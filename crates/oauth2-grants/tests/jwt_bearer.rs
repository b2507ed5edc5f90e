//! The JWT bearer grant (RFC 7523 section 2.1) against the local authorization server, whose
//! test-only grant trusts one issuer's key: a signed assertion about alice gets a token that
//! userinfo takes as hers; a bad signature, an expired, replayed or misdirected assertion is
//! `invalid_grant`, typed, with the server's reason. `GrantAssertion` (oauth2-client-auth)
//! signs assertions the server takes, and its options reach the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::time::{Duration, SystemTime};

use oauth2_client_auth::GrantAssertion;
use oauth2_grants::Error;
use oauth2_jose::{Algorithm, SigningKey, jws};
use oauth2_test_server::{JWT_BEARER_CLIENT, jwt_bearer_issuer};
use serde_json::{Map, Value};

/// The claims of a valid assertion about alice for the local server.
fn valid_claims() -> Map<String, Value> {
    jwt_bearer_issuer()
        .unwrap()
        .assertion_claims(&issuer(), "alice")
}

/// The trusted issuer's key.
fn trusted_key() -> SigningKey {
    SigningKey::from_jwk_json(&jwt_bearer_issuer().unwrap().private_jwk.to_string()).unwrap()
}

async fn sign(claims: &Map<String, Value>, key: &SigningKey) -> String {
    let mut header = jws::Header::new();
    header.insert("typ".into(), "JWT".into());
    jws::encode(&header, claims, key).await.unwrap()
}

/// The error of a refused assertion: `invalid_grant`, 400, and the server's reason.
fn refused(err: &Error, assertion: &str) -> String {
    assert!(
        !format!("{err:?} {err}").contains(assertion),
        "the assertion is never shown: {err:?}"
    );
    let Error::OAuth { status, response } = err else {
        panic!("not an OAuth error: {err:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(response.error.as_str(), "invalid_grant", "{response:?}");
    response.error_description.clone().unwrap_or_default()
}

#[tokio::test]
async fn a_signed_assertion_gets_a_token_for_its_subject() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let assertion = sign(&valid_claims(), &trusted_key()).await;
    let token = client
        .jwt_bearer(&assertion)
        .scope("openid email")
        .send()
        .await
        .unwrap();
    assert_eq!(token.scope(), Some("openid email"));
    // A new assertion, not a refresh token, gets the next one (RFC 7521 section 4.1).
    assert!(token.refresh_token().is_none());
    let claims = client.userinfo(&token).await.unwrap();
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["email"], "alice@example.com");
}

/// Assertions about alice from the trusted issuer, for the server (its issuer, as discovered).
fn builder(client: &oauth2_grants::OAuth2Client) -> GrantAssertion {
    let trusted = jwt_bearer_issuer().unwrap();
    GrantAssertion::new(trusted.issuer, "alice", client.issuer().unwrap())
}

#[tokio::test]
async fn an_assertion_signed_by_the_builder_gets_a_token_and_each_signature_is_new() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let builder = builder(&client);
    let assertion = builder.sign(&trusted_key()).await.unwrap();
    let token = client
        .jwt_bearer(&assertion)
        .scope("openid email")
        .send()
        .await
        .unwrap();
    assert_eq!(token.scope(), Some("openid email"));
    assert_eq!(client.userinfo(&token).await.unwrap()["sub"], "alice");
    // The same builder signs the next assertion, with a new jti: not a replay.
    let next = builder.sign(&trusted_key()).await.unwrap();
    let token = client.jwt_bearer(&next).send().await.unwrap();
    assert_eq!(client.userinfo(&token).await.unwrap()["sub"], "alice");
    // The first one again is.
    let err = client.jwt_bearer(&assertion).send().await.unwrap_err();
    let reason = refused(&err, assertion.secret());
    assert!(reason.contains("already used"), "{reason}");
}

/// The builder's audience, lifetime, clock and extra claims are what the server checks.
#[tokio::test]
async fn the_builders_options_reach_the_server() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let trusted = jwt_bearer_issuer().unwrap();
    let token_endpoint = client.metadata().token_endpoint.clone().unwrap();
    let to_token_endpoint = GrantAssertion::new(&trusted.issuer, "alice", token_endpoint.as_str())
        .claim("nbf", valid_claims()["iat"].clone());
    let assertion = to_token_endpoint.sign(&trusted_key()).await.unwrap();
    let token = client.jwt_bearer(&assertion).send().await.unwrap();
    assert_eq!(client.userinfo(&token).await.unwrap()["sub"], "alice");

    let two_minutes_ago = || SystemTime::now() - Duration::from_secs(120);
    let in_ten_minutes = valid_claims()["iat"].as_u64().unwrap() + 600;
    let refusals = [
        (builder(&client).clock(two_minutes_ago), "\"exp\""),
        (
            builder(&client).lifetime(Duration::from_secs(7200)),
            "too long",
        ),
        (builder(&client).claim("nbf", in_ten_minutes), "\"nbf\""),
        (
            GrantAssertion::new(&trusted.issuer, "alice", "https://other-server.example"),
            "\"aud\"",
        ),
    ];
    for (assertion, expected) in refusals {
        let signed = assertion.sign(&trusted_key()).await.unwrap();
        let err = client.jwt_bearer(&signed).send().await.unwrap_err();
        let reason = refused(&err, signed.secret());
        assert!(reason.contains(expected), "{assertion:?}: {reason}");
    }
}

#[tokio::test]
async fn the_token_endpoint_as_audience_is_accepted_too() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let token_endpoint = client.metadata().token_endpoint.clone().unwrap();
    let mut claims = valid_claims();
    claims.insert("aud".into(), token_endpoint.to_string().into());
    let assertion = sign(&claims, &trusted_key()).await;
    let token = client.jwt_bearer(&assertion).send().await.unwrap();
    assert_eq!(client.userinfo(&token).await.unwrap()["sub"], "alice");
}

#[tokio::test]
async fn a_bad_signature_is_invalid_grant() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let untrusted = SigningKey::generate(Algorithm::ES256).unwrap();
    let assertion = sign(&valid_claims(), &untrusted).await;
    let err = client.jwt_bearer(&assertion).send().await.unwrap_err();
    let reason = refused(&err, &assertion);
    assert!(reason.contains("signature"), "{reason}");
}

#[tokio::test]
async fn an_expired_assertion_is_invalid_grant() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let mut claims = valid_claims();
    let iat = claims["iat"].as_u64().unwrap();
    claims.insert("iat".into(), (iat - 120).into());
    claims.insert("exp".into(), (iat - 60).into());
    let assertion = sign(&claims, &trusted_key()).await;
    let err = client.jwt_bearer(&assertion).send().await.unwrap_err();
    let reason = refused(&err, &assertion);
    assert!(reason.contains("\"exp\""), "{reason}");
}

#[tokio::test]
async fn a_replayed_assertion_is_invalid_grant() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let assertion = sign(&valid_claims(), &trusted_key()).await;
    client.jwt_bearer(&assertion).send().await.unwrap();
    let err = client.jwt_bearer(&assertion).send().await.unwrap_err();
    let reason = refused(&err, &assertion);
    assert!(reason.contains("already used"), "{reason}");
}

#[tokio::test]
async fn an_assertion_failing_any_other_check_is_invalid_grant() {
    let client = client_for(JWT_BEARER_CLIENT).await;
    let now = valid_claims()["iat"].as_u64().unwrap();
    let cases: [(&str, Value, &str); 7] = [
        ("aud", "https://other-server.example".into(), "\"aud\""),
        ("iss", "https://untrusted.example".into(), "\"iss\""),
        ("sub", "mallory".into(), "unknown subject"),
        ("jti", Value::Null, "\"jti\""),
        ("nbf", (now + 600).into(), "\"nbf\""),
        ("iat", (now - 3600).into(), "\"iat\""),
        ("exp", (now + 7200).into(), "too long"),
    ];
    for (claim, value, expected) in cases {
        let mut claims = valid_claims();
        if value.is_null() {
            claims.remove(claim);
        } else {
            claims.insert(claim.into(), value);
        }
        let assertion = sign(&claims, &trusted_key()).await;
        let err = client.jwt_bearer(&assertion).send().await.unwrap_err();
        let reason = refused(&err, &assertion);
        assert!(reason.contains(expected), "{claim}: {reason}");
    }
}
