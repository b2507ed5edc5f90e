//! Assertions decoded and checked claim by claim, for every algorithm.

use std::collections::HashSet;

use base64ct::Encoding;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{Algorithm, HmacKey, SigningKey, jws};
use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};

use crate::{
    Audience, ClientSecretJwt, ClientSecretPost, JWT_BEARER_ASSERTION_TYPE, NoAuth, PrivateKeyJwt,
};

const ISSUER: &str = "https://as.example";
const TOKEN_ENDPOINT: &str = "https://as.example/oauth/token";

async fn authenticate(auth: &dyn ClientAuthentication, issuer: Option<&str>) -> FormRequest {
    let mut request = FormRequest::new(TOKEN_ENDPOINT.parse().unwrap());
    request.push("grant_type", "client_credentials");
    auth.authenticate(&mut request, &AuthenticationContext::new(issuer))
        .await
        .unwrap();
    request
}

fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

#[tokio::test]
async fn private_key_jwt_claims_and_header_for_every_algorithm() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let key = SigningKey::generate(alg)
            .unwrap()
            .with_key_id(format!("kid-{alg}"));
        let auth = PrivateKeyJwt::new("client-1", key.clone()).clock(fixed_clock);
        let request = authenticate(&auth, Some(ISSUER)).await;
        assert_eq!(
            request.get("client_assertion_type"),
            Some(JWT_BEARER_ASSERTION_TYPE)
        );
        assert_eq!(request.get("client_id"), Some("client-1"));
        let assertion = request.get("client_assertion").unwrap();
        let verified = jws::verify(assertion, &key.verifying_key(), &[alg]).unwrap();
        assert_eq!(verified.header["alg"], alg.as_str());
        assert_eq!(verified.header["typ"], "JWT");
        assert_eq!(verified.header["kid"], format!("kid-{alg}"));
        let claims = verified.claims().unwrap();
        assert_eq!(claims["iss"], "client-1");
        assert_eq!(claims["sub"], "client-1");
        assert_eq!(claims["aud"], ISSUER);
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["exp"], 1_700_000_060);
        assert!(claims["jti"].as_str().unwrap().len() >= 22);
    }
}

#[tokio::test]
async fn client_secret_jwt_is_hs256_with_the_secret() {
    let secret = "a client secret that is long enough for HS256";
    let auth = ClientSecretJwt::new("client-2", secret)
        .lifetime(Duration::from_secs(30))
        .clock(fixed_clock);
    assert_eq!(auth.method(), "client_secret_jwt");
    let request = authenticate(&auth, Some(ISSUER)).await;
    let verified = jws::verify(
        request.get("client_assertion").unwrap(),
        &HmacKey::new(secret),
        &[Algorithm::HS256],
    )
    .unwrap();
    let claims = verified.claims().unwrap();
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        30
    );
    assert!(verified.header.get("kid").is_none());
    assert!(
        request.get("client_secret").is_none(),
        "the secret is not sent"
    );
}

#[tokio::test]
async fn audience_variants() {
    let key = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let aud = |request: FormRequest| {
        jws::decode_unverified(request.get("client_assertion").unwrap())
            .unwrap()
            .claims()
            .unwrap()["aud"]
            .clone()
    };
    let auth = PrivateKeyJwt::new("c", key.clone());
    assert_eq!(
        aud(authenticate(&auth, None).await),
        TOKEN_ENDPOINT,
        "no issuer: the endpoint"
    );
    let auth = PrivateKeyJwt::new("c", key.clone()).audience(Audience::Endpoint);
    assert_eq!(aud(authenticate(&auth, Some(ISSUER)).await), TOKEN_ENDPOINT);
    // At another endpoint: that endpoint, or the token endpoint when asked.
    let at_revocation = |auth: PrivateKeyJwt| async move {
        let mut request = FormRequest::new("https://as.example/oauth/revoke".parse().unwrap());
        let context =
            AuthenticationContext::new(Some(ISSUER)).with_token_endpoint(Some(TOKEN_ENDPOINT));
        auth.authenticate(&mut request, &context).await.unwrap();
        aud(request)
    };
    let endpoint = PrivateKeyJwt::new("c", key.clone()).audience(Audience::Endpoint);
    assert_eq!(
        at_revocation(endpoint).await,
        "https://as.example/oauth/revoke"
    );
    let token_endpoint = PrivateKeyJwt::new("c", key.clone()).audience(Audience::TokenEndpoint);
    assert_eq!(at_revocation(token_endpoint).await, TOKEN_ENDPOINT);
    let auth = PrivateKeyJwt::new("c", key)
        .audience(Audience::Custom("urn:x".into()))
        .claim("extra", 1);
    let request = authenticate(&auth, Some(ISSUER)).await;
    let claims = jws::decode_unverified(request.get("client_assertion").unwrap())
        .unwrap()
        .claims()
        .unwrap();
    assert_eq!(claims["aud"], "urn:x");
    assert_eq!(claims["extra"], 1);
}

#[tokio::test]
async fn jti_is_unique_and_configurable() {
    let auth = ClientSecretJwt::new("c", "s".repeat(32));
    let mut seen = HashSet::new();
    for _ in 0..100 {
        let request = authenticate(&auth, Some(ISSUER)).await;
        let claims = jws::decode_unverified(request.get("client_assertion").unwrap())
            .unwrap()
            .claims()
            .unwrap();
        assert!(seen.insert(claims["jti"].as_str().unwrap().to_owned()));
    }
    let auth = ClientSecretJwt::new("c", "s".repeat(32))
        .jti_generator(|| "fixed".into())
        .send_client_id(false);
    let request = authenticate(&auth, Some(ISSUER)).await;
    assert!(request.get("client_id").is_none());
    let claims = jws::decode_unverified(request.get("client_assertion").unwrap())
        .unwrap()
        .claims()
        .unwrap();
    assert_eq!(claims["jti"], "fixed");
}

#[tokio::test]
async fn post_and_none_send_the_client_id_once() {
    let mut request = FormRequest::new(TOKEN_ENDPOINT.parse().unwrap()).with("client_id", "stale");
    ClientSecretPost::new("c", "s")
        .authenticate(&mut request, &AuthenticationContext::default())
        .await
        .unwrap();
    assert_eq!(
        request
            .form
            .iter()
            .filter(|(k, _)| k == "client_id")
            .count(),
        1
    );
    assert_eq!(request.get("client_id"), Some("c"));
    let request = authenticate(&NoAuth::new("public"), None).await;
    assert_eq!(request.get("client_id"), Some("public"));
    assert!(request.get("client_secret").is_none());
}

#[test]
fn debug_shows_no_secret() {
    let secret = "super-secret-value-1234567890-abcdef";
    for debug in [
        format!("{:?}", crate::ClientSecretBasic::new("c", secret)),
        format!("{:?}", ClientSecretPost::new("c", secret)),
        format!("{:?}", ClientSecretJwt::new("c", secret)),
        format!(
            "{:?}",
            PrivateKeyJwt::new("c", SigningKey::generate(Algorithm::ES256).unwrap())
        ),
    ] {
        assert!(!debug.contains(secret), "{debug}");
        assert!(!debug.contains("\"d\""), "{debug}");
    }
}

#[tokio::test]
async fn private_key_jwt_refuses_a_symmetric_key() {
    let auth = PrivateKeyJwt::new("c", HmacKey::new("s".repeat(32)));
    let mut request = FormRequest::new(TOKEN_ENDPOINT.parse().unwrap());
    let err = auth
        .authenticate(&mut request, &AuthenticationContext::new(Some(ISSUER)))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("ClientSecretJwt"), "{err}");
    assert!(request.get("client_assertion").is_none());
}

/// The failures reach the caller typed through `dyn ClientAuthentication`: no downcast.
#[tokio::test]
async fn assertion_failures_are_typed_through_the_seam() {
    use oauth2_types::{AssertionError, ClientAuthError};

    /// A remote signer that is down.
    #[derive(Debug)]
    struct Down;
    #[async_trait::async_trait]
    impl oauth2_jose::JwsSigner for Down {
        fn algorithm(&self) -> Algorithm {
            Algorithm::ES256
        }
        fn key_id(&self) -> Option<&str> {
            None
        }
        fn public_jwk(&self) -> Option<oauth2_jose::Jwk> {
            None
        }
        async fn sign(&self, _: &[u8]) -> Result<Vec<u8>, oauth2_jose::Error> {
            Err(oauth2_jose::Error::Signing("the KMS is down".into()))
        }
    }

    let context = AuthenticationContext::new(Some(ISSUER));
    let symmetric: Box<dyn ClientAuthentication> =
        Box::new(PrivateKeyJwt::new("c", HmacKey::new("s".repeat(32))));
    let mut request = FormRequest::new(TOKEN_ENDPOINT.parse().unwrap());
    let err = symmetric
        .authenticate(&mut request, &context)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientAuthError::Assertion(AssertionError::SymmetricKey(alg)) if alg == "HS256"),
        "{err:?}"
    );

    let down: Box<dyn ClientAuthentication> = Box::new(PrivateKeyJwt::new("c", Down));
    let err = down.authenticate(&mut request, &context).await.unwrap_err();
    let ClientAuthError::Assertion(AssertionError::Signing(source)) = &err else {
        panic!("{err:?}")
    };
    assert!(source.to_string().contains("the KMS is down"), "{source}");
}

/// Where the secret is also a key (HS256 ID tokens), the method checks MACs itself: the
/// secret never comes out of the seam.
#[test]
fn secret_methods_check_hs256_macs_with_their_secret() {
    let secret = "a secret of at least 32 bytes, really";
    let mac = HmacKey::new(secret).sign(b"header.payload").unwrap();
    let other = HmacKey::new("another secret")
        .sign(b"header.payload")
        .unwrap();
    let methods: [Box<dyn ClientAuthentication>; 3] = [
        Box::new(crate::ClientSecretBasic::new("c", secret)),
        Box::new(ClientSecretPost::new("c", secret)),
        Box::new(ClientSecretJwt::new("c", secret)),
    ];
    for auth in methods {
        let check = auth.secret_mac().unwrap();
        assert!(check.verify_hs256(b"header.payload", &mac), "{auth:?}");
        assert!(!check.verify_hs256(b"header.payload", &other), "{auth:?}");
        assert!(!check.verify_hs256(b"header.other", &mac), "{auth:?}");
        assert!(!format!("{check:?}").contains(secret));
    }
    assert!(NoAuth::new("c").secret_mac().is_none());
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    assert!(PrivateKeyJwt::new("c", key).secret_mac().is_none());
}

/// A claim named like one the method sets itself does not replace it, and never makes a second
/// member of the same name (RFC 7519 section 4: claim names are unique).
#[tokio::test]
async fn extra_claims_do_not_replace_or_duplicate_registered_claims() {
    let auth = PrivateKeyJwt::new("client-1", SigningKey::generate(Algorithm::EdDSA).unwrap())
        .clock(fixed_clock)
        .claim("aud", "https://elsewhere.example")
        .claim("exp", 9_999_999_999u64)
        .claim("iss", "someone-else")
        .claim("tenant", "t1");
    let request = authenticate(&auth, Some(ISSUER)).await;
    let assertion = request.get("client_assertion").unwrap();
    let payload = assertion.split('.').nth(1).unwrap();
    let payload = base64ct::Base64UrlUnpadded::decode_vec(payload).unwrap();
    let payload = String::from_utf8(payload).unwrap();
    for name in ["\"iss\"", "\"aud\"", "\"exp\""] {
        assert_eq!(payload.matches(name).count(), 1, "{name} in {payload}");
    }
    let claims = jws::decode_unverified(assertion).unwrap().claims().unwrap();
    assert_eq!(claims["iss"], "client-1");
    assert_eq!(claims["aud"], ISSUER);
    assert_eq!(claims["exp"], 1_700_000_060);
    assert_eq!(claims["tenant"], "t1");
}
