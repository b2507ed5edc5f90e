//! Grant assertions decoded and checked claim by claim, for every kind of signer.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64ct::Encoding;
use oauth2_jose::{Algorithm, HmacKey, Jwk, JwsSigner, SigningKey, jws};
use oauth2_types::AssertionError;
use serde_json::{Map, Value};

use crate::GrantAssertion;

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "https://as.example";

fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn builder() -> GrantAssertion {
    GrantAssertion::new(ISSUER, "alice", AUDIENCE)
}

async fn claims_of(assertion: &GrantAssertion) -> Map<String, Value> {
    let key = HmacKey::new("a key the issuer shares with the server");
    let signed = assertion.sign(&key).await.unwrap();
    jws::verify(signed.secret(), &key, &[Algorithm::HS256])
        .unwrap()
        .claims()
        .unwrap()
}

#[tokio::test]
async fn claims_and_header_for_every_algorithm() {
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
        let signed = builder().clock(fixed_clock).sign(&key).await.unwrap();
        let verified = jws::verify(signed.secret(), &key.verifying_key(), &[alg]).unwrap();
        assert_eq!(verified.header["alg"], alg.as_str());
        assert_eq!(verified.header["typ"], "JWT");
        assert_eq!(verified.header["kid"], format!("kid-{alg}"));
        let claims = verified.claims().unwrap();
        assert_eq!(claims["iss"], ISSUER);
        assert_eq!(claims["sub"], "alice");
        assert_eq!(claims["aud"], AUDIENCE);
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["exp"], 1_700_000_060);
        assert_eq!(claims["jti"].as_str().unwrap().len(), 22);
        assert_eq!(claims.len(), 6, "{claims:?}");
    }
}

/// An issuer that shares a secret with the server MACs its assertions (RFC 7523 section 3).
#[tokio::test]
async fn a_shared_secret_signs_hs256() {
    let claims = claims_of(&builder()).await;
    assert_eq!(claims["sub"], "alice");
}

#[tokio::test]
async fn lifetime_sets_exp() {
    let claims = claims_of(&builder().lifetime(Duration::from_secs(300))).await;
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        300
    );
}

/// Every signature is a new assertion: a server may take each only once.
#[tokio::test]
async fn jti_is_unique_per_signature_and_configurable() {
    let assertion = builder();
    let mut seen = HashSet::new();
    for _ in 0..100 {
        let claims = claims_of(&assertion).await;
        assert!(seen.insert(claims["jti"].as_str().unwrap().to_owned()));
    }
    let claims = claims_of(&builder().jti_generator(|| "jti-1".into())).await;
    assert_eq!(claims["jti"], "jti-1");
}

/// Extra claims go in; the registered ones stay the builder's, each once, as in client
/// assertions.
#[tokio::test]
async fn extra_claims_are_added_but_never_replace_registered_ones() {
    let assertion = builder()
        .clock(fixed_clock)
        .claim("nbf", 1_700_000_000u64)
        .claim("scope", "api:read")
        .claim("sub", "mallory")
        .claim("aud", "https://elsewhere.example")
        .claim("exp", 9_999_999_999u64)
        .claim("jti", "fixed");
    let key = HmacKey::new("a key the issuer shares with the server");
    let signed = assertion.sign(&key).await.unwrap();
    let payload = signed.secret().split('.').nth(1).unwrap();
    let payload =
        String::from_utf8(base64ct::Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap();
    for name in ["\"sub\"", "\"aud\"", "\"exp\"", "\"jti\""] {
        assert_eq!(payload.matches(name).count(), 1, "{name} in {payload}");
    }
    let claims = jws::decode_unverified(signed.secret())
        .unwrap()
        .claims()
        .unwrap();
    assert_eq!(claims["nbf"], 1_700_000_000);
    assert_eq!(claims["scope"], "api:read");
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["aud"], AUDIENCE);
    assert_eq!(claims["exp"], 1_700_000_060);
    assert_ne!(claims["jti"], "fixed");
}

/// The signed assertion is a credential: neither it nor any of its parts is ever formatted,
/// and the builder shows extra claims by name only.
#[tokio::test]
async fn debug_shows_no_assertion_and_no_claim_value() {
    let assertion = builder().claim("secret_claim", "SECRET-CLAIM-VALUE");
    let signed = assertion
        .sign(&HmacKey::new("a key the issuer shares with the server"))
        .await
        .unwrap();
    for debug in [
        format!("{signed:?}"),
        format!("{signed:#?}"),
        format!("{:?}", Some(signed.clone())),
    ] {
        assert_eq!(debug.matches("<redacted>").count(), 1, "{debug}");
        for part in signed.secret().split('.') {
            assert!(!debug.contains(part), "{debug}");
        }
    }
    let debug = format!("{assertion:?} {assertion:#?}");
    assert!(debug.contains("secret_claim"), "{debug}");
    assert!(!debug.contains("SECRET-CLAIM-VALUE"), "{debug}");
    assert_eq!(signed.as_ref(), signed.secret());
    assert_eq!(signed.clone().into_secret(), signed.secret());
}

/// A remote signer (a KMS) that is down.
#[derive(Debug)]
struct Down;

#[async_trait::async_trait]
impl JwsSigner for Down {
    fn algorithm(&self) -> Algorithm {
        Algorithm::ES256
    }
    fn key_id(&self) -> Option<&str> {
        None
    }
    fn public_jwk(&self) -> Option<Jwk> {
        None
    }
    async fn sign(&self, _: &[u8]) -> Result<Vec<u8>, oauth2_jose::Error> {
        Err(oauth2_jose::Error::Signing("the KMS is down".into()))
    }
}

#[tokio::test]
async fn failures_are_typed() {
    let err = builder().sign(&Down).await.unwrap_err();
    let AssertionError::Signing(source) = &err else {
        panic!("{err:?}")
    };
    assert!(source.to_string().contains("the KMS is down"), "{source}");

    let key = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let err = builder()
        .clock(|| UNIX_EPOCH - Duration::from_secs(1))
        .sign(&key)
        .await
        .unwrap_err();
    assert!(matches!(err, AssertionError::Clock), "{err:?}");
}

/// A shared signer (`Arc<dyn JwsSigner>`, as `PrivateKeyJwt` holds it) signs too, and the
/// future is `Send`, so it runs on any runtime's worker threads.
#[tokio::test]
async fn a_shared_dyn_signer_signs_and_the_future_is_send() {
    fn send<T: Send>(value: T) -> T {
        value
    }
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let verifying = key.verifying_key();
    let signer: Arc<dyn JwsSigner> = Arc::new(key);
    let assertion = builder();
    let signed = send(assertion.sign(signer.as_ref())).await.unwrap();
    jws::verify(signed.secret(), &verifying, &[Algorithm::ES256]).unwrap();
}
