//! Proofs checked claim by claim and header by header, and the binding's retry decisions.

use std::time::{Duration, UNIX_EPOCH};

use oauth2_jose::{Algorithm, SigningKey, jws};
use oauth2_types::{AccessToken, BearerToken, RetryAdvice, TokenBinding};
use url::Url;

use crate::{DpopBinding, DpopKey, DpopOptions, ProofSigner, access_token_hash};

fn fixed() -> DpopOptions {
    DpopOptions::default()
        .jti_generator(|| "jti-1".into())
        .clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

#[test]
fn proof_header_and_claims_are_exactly_as_specified() {
    pollster::block_on(async {
        for alg in [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::RS256,
            Algorithm::PS256,
            Algorithm::EdDSA,
        ] {
            let signing_key = SigningKey::generate(alg)
                .unwrap()
                .with_key_id("not-in-proofs");
            let key = DpopKey::from_signing_key(signing_key.clone());
            let signer = ProofSigner::new(key.clone(), fixed()).unwrap();
            let url = Url::parse("HTTPS://Resource.Example:443/api/orders?page=2#top").unwrap();
            let token = AccessToken::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");
            let proof = signer
                .proof(&http::Method::GET, &url, Some(&token), Some("nonce-1"))
                .await
                .unwrap();

            let verified = jws::verify(&proof, &signing_key.verifying_key(), &[alg]).unwrap();
            let header = &verified.header;
            assert_eq!(header["typ"], "dpop+jwt");
            assert_eq!(header["alg"], alg.as_str());
            assert_eq!(header.len(), 3, "typ, alg, jwk only: {header:?}");
            let jwk: oauth2_jose::Jwk = serde_json::from_value(header["jwk"].clone()).unwrap();
            assert!(!jwk.is_private());
            assert!(jwk.kid.is_none());
            assert_eq!(oauth2_jose::thumbprint(&jwk).unwrap(), key.thumbprint());

            let claims = verified.claims().unwrap();
            assert_eq!(claims["jti"], "jti-1");
            assert_eq!(claims["htm"], "GET");
            assert_eq!(claims["htu"], "https://resource.example/api/orders");
            assert_eq!(claims["iat"], 1_700_000_000);
            assert_eq!(claims["ath"], "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
            assert_eq!(claims["nonce"], "nonce-1");
            assert_eq!(claims.len(), 6);
        }
    });
}

#[test]
fn token_endpoint_proofs_have_no_ath_and_unique_jti() {
    pollster::block_on(async {
        let signer = ProofSigner::new(
            DpopKey::generate(Algorithm::ES256).unwrap(),
            DpopOptions::default().typ("custom+jwt"),
        )
        .unwrap();
        let url = Url::parse("https://as.example/token").unwrap();
        let a = jws::decode_unverified(
            &signer
                .proof(&http::Method::POST, &url, None, None)
                .await
                .unwrap(),
        )
        .unwrap();
        let b = jws::decode_unverified(
            &signer
                .proof(&http::Method::POST, &url, None, None)
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(a.header["typ"], "custom+jwt");
        let (a, b) = (a.claims().unwrap(), b.claims().unwrap());
        assert!(a.get("ath").is_none() && a.get("nonce").is_none());
        assert_ne!(a["jti"], b["jti"]);
    });
}

#[test]
fn ath_matches_rfc9449_example() {
    assert_eq!(
        access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    );
}

fn response_headers(www_authenticate: Option<&str>, nonce: Option<&str>) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    if let Some(value) = www_authenticate {
        headers.insert("www-authenticate", value.parse().unwrap());
    }
    if let Some(nonce) = nonce {
        headers.insert("dpop-nonce", nonce.parse().unwrap());
    }
    headers
}

async fn authorized(token: &BearerToken, url: &Url) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    token
        .authorize(&http::Method::GET, url, &mut headers)
        .await
        .unwrap();
    headers
}

#[test]
fn nonce_challenges_are_retried_once_per_new_nonce() {
    pollster::block_on(async {
        let binding = DpopBinding::new(DpopKey::generate(Algorithm::ES256).unwrap()).unwrap();
        let token = binding.bind(BearerToken::new("at").with_token_type("DPoP"));
        let url = Url::parse("https://rs.example/api").unwrap();
        let get = http::Method::GET;
        let challenge = Some(r#"DPoP error="use_dpop_nonce", error_description="nonce required""#);
        let unauthorized = http::StatusCode::UNAUTHORIZED;

        let first = authorized(&token, &url).await;
        assert_eq!(binding.sent_nonce(&first), None);
        let advice = token.on_response(
            &get,
            &url,
            &first,
            unauthorized,
            &response_headers(challenge, Some("n1")),
        );
        assert_eq!(advice, RetryAdvice::RetryWithNonce);
        // The retry carries the nonce.
        let retry = authorized(&token, &url).await;
        let proof = jws::decode_unverified(retry["dpop"].to_str().unwrap()).unwrap();
        assert_eq!(proof.claims().unwrap()["nonce"], "n1");
        assert_eq!(binding.sent_nonce(&retry).as_deref(), Some("n1"));
        assert_eq!(retry["authorization"], "DPoP at");

        // The nonce this request sent, again: no retry (never a loop).
        let advice = token.on_response(
            &get,
            &url,
            &retry,
            unauthorized,
            &response_headers(challenge, Some("n1")),
        );
        assert_eq!(advice, RetryAdvice::Done);
        // A challenge without a nonce: nothing to retry with.
        let advice = token.on_response(
            &get,
            &url,
            &retry,
            unauthorized,
            &response_headers(challenge, None),
        );
        assert_eq!(advice, RetryAdvice::Done);
        // invalid_token: a fresh token.
        let advice = token.on_response(
            &get,
            &url,
            &retry,
            unauthorized,
            &response_headers(Some(r#"DPoP error="invalid_token""#), None),
        );
        assert_eq!(advice, RetryAdvice::RetryWithFreshToken);
        // Success responses update the nonce too.
        token.on_response(
            &get,
            &url,
            &retry,
            http::StatusCode::OK,
            &response_headers(None, Some("n2")),
        );
        assert_eq!(binding.nonces().get(&url).as_deref(), Some("n2"));
        assert_eq!(
            binding
                .nonces()
                .get(&Url::parse("https://as.example/token").unwrap()),
            None
        );
    });
}

#[test]
fn the_retry_decision_rests_on_the_nonce_the_request_sent() {
    pollster::block_on(async {
        let binding = DpopBinding::new(DpopKey::generate(Algorithm::ES256).unwrap()).unwrap();
        let token = binding.bind(BearerToken::new("at").with_token_type("DPoP"));
        let url = Url::parse("https://rs.example/api").unwrap();
        let get = http::Method::GET;
        let challenge = Some(r#"DPoP error="use_dpop_nonce""#);
        let unauthorized = http::StatusCode::UNAUTHORIZED;

        // Two concurrent first requests, both without a nonce, both challenged with n1: the
        // first answer stores n1, and the second must still retry.
        let (a, b) = (
            authorized(&token, &url).await,
            authorized(&token, &url).await,
        );
        for request in [&a, &b] {
            let advice = token.on_response(
                &get,
                &url,
                request,
                unauthorized,
                &response_headers(challenge, Some("n1")),
            );
            assert_eq!(advice, RetryAdvice::RetryWithNonce);
        }

        // A request sent with n1, answered after another response already stored n2: retry.
        let old = authorized(&token, &url).await;
        assert_eq!(binding.sent_nonce(&old).as_deref(), Some("n1"));
        binding.nonces().set(&url, "n2");
        let advice = token.on_response(
            &get,
            &url,
            &old,
            unauthorized,
            &response_headers(challenge, Some("n2")),
        );
        assert_eq!(advice, RetryAdvice::RetryWithNonce);
    });
}

#[test]
fn the_bound_key_is_seen_through_the_seam() {
    let binding = DpopBinding::new(DpopKey::generate(Algorithm::EdDSA).unwrap()).unwrap();
    let token = binding.bind(BearerToken::new("at"));
    let found = token.binding().unwrap();
    assert_eq!(found.thumbprint(), Some(binding.key().thumbprint()));
    assert_eq!(found.algorithm(), Some("EdDSA"));
    assert!(BearerToken::new("plain").binding().is_none());
}

/// The authorization server's nonce challenge (a 400 JSON error, RFC 9449 section 8), read
/// through the seam: one retry for a nonce the request did not send, none for the one it did.
#[test]
fn the_as_nonce_challenge_is_read_through_the_seam() {
    pollster::block_on(async {
        let binding = DpopBinding::new(DpopKey::generate(Algorithm::ES256).unwrap()).unwrap();
        let url: url::Url = "https://as.example/token".parse().unwrap();
        let seam: &dyn TokenBinding = &binding;
        let mut sent = http::HeaderMap::new();
        seam.prove(&http::Method::POST, &url, &mut sent)
            .await
            .unwrap();
        assert!(sent.contains_key("dpop"));
        let challenge = br#"{"error":"use_dpop_nonce"}"#;
        let mut answer = http::HeaderMap::new();
        answer.insert("dpop-nonce", http::HeaderValue::from_static("n1"));
        let bad_request = http::StatusCode::BAD_REQUEST;
        let advice = seam.on_token_response(&url, &sent, bad_request, &answer, challenge);
        assert_eq!(advice, RetryAdvice::RetryWithNonce);
        // The retry carries n1; the same challenge again is no reason for a third request.
        let mut again = http::HeaderMap::new();
        seam.prove(&http::Method::POST, &url, &mut again)
            .await
            .unwrap();
        assert_eq!(binding.sent_nonce(&again).as_deref(), Some("n1"));
        let advice = seam.on_token_response(&url, &again, bad_request, &answer, challenge);
        assert_eq!(advice, RetryAdvice::Done);
        // Another error is kept; a successful answer's nonce is remembered.
        let other = br#"{"error":"invalid_grant"}"#;
        let advice = seam.on_token_response(&url, &sent, bad_request, &answer, other);
        assert_eq!(advice, RetryAdvice::Done);
        answer.insert("dpop-nonce", http::HeaderValue::from_static("n2"));
        seam.on_token_response(&url, &again, http::StatusCode::OK, &answer, b"{}");
        assert_eq!(binding.nonces().get(&url).as_deref(), Some("n2"));
    });
}

#[test]
fn signer_without_public_key_is_refused() {
    let hmac = std::sync::Arc::new(oauth2_jose::HmacKey::new("secret"));
    assert!(matches!(
        DpopKey::from_signer(hmac),
        Err(crate::Error::NoPublicKey)
    ));
}

#[test]
fn header_names_are_configurable() {
    pollster::block_on(async {
        let options = DpopOptions::default()
            .header_names("X-DPoP", "X-DPoP-Nonce")
            .unwrap()
            .authorization_header("X-Auth")
            .unwrap();
        let binding = DpopBinding::with_options(
            DpopKey::generate(Algorithm::ES256).unwrap(),
            options,
            Default::default(),
        )
        .unwrap();
        let token = binding.bind(BearerToken::new("at").with_token_type("DPoP"));
        let url = Url::parse("https://rs.example/api").unwrap();
        let mut headers = http::HeaderMap::new();
        token
            .authorize(&http::Method::GET, &url, &mut headers)
            .await
            .unwrap();
        assert_eq!(headers["x-auth"], "DPoP at");
        assert!(headers.contains_key("x-dpop") && !headers.contains_key("dpop"));
        let mut response = http::HeaderMap::new();
        response.insert("x-dpop-nonce", "n9".parse().unwrap());
        token.on_response(
            &http::Method::GET,
            &url,
            &headers,
            http::StatusCode::OK,
            &response,
        );
        assert_eq!(binding.nonces().get(&url).as_deref(), Some("n9"));
    });
}

/// A signer (as a careless KMS adapter might be) that tells its private JWK.
#[derive(Debug)]
struct LeakySigner(SigningKey);

#[async_trait::async_trait]
impl oauth2_jose::JwsSigner for LeakySigner {
    fn algorithm(&self) -> Algorithm {
        self.0.algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        None
    }
    fn public_jwk(&self) -> Option<oauth2_jose::Jwk> {
        let mut jwk = self.0.public_jwk().clone();
        for member in [
            &mut jwk.d,
            &mut jwk.p,
            &mut jwk.q,
            &mut jwk.dp,
            &mut jwk.dq,
            &mut jwk.qi,
            &mut jwk.k,
        ] {
            *member = Some("PRIVATE-MEMBER".into());
        }
        Some(jwk)
    }
    async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, oauth2_jose::Error> {
        self.0.sign(input)
    }
}

#[test]
fn a_signer_telling_its_private_jwk_leaks_nothing_into_proofs() {
    pollster::block_on(async {
        for alg in [Algorithm::ES256, Algorithm::RS256, Algorithm::EdDSA] {
            let signing_key = SigningKey::generate(alg).unwrap();
            let key = DpopKey::from_signer(std::sync::Arc::new(LeakySigner(signing_key.clone())))
                .unwrap();
            assert!(!key.public_jwk().is_private());
            assert_eq!(key.thumbprint(), signing_key.thumbprint());
            let signer = ProofSigner::new(key, fixed()).unwrap();
            let url = Url::parse("https://as.example/token").unwrap();
            let proof = signer
                .proof(&http::Method::POST, &url, None, None)
                .await
                .unwrap();
            let verified = jws::verify(&proof, &signing_key.verifying_key(), &[alg]).unwrap();
            let jwk = verified.header["jwk"].as_object().unwrap();
            for member in ["d", "p", "q", "dp", "dq", "qi", "k"] {
                assert!(!jwk.contains_key(member), "{alg:?}: {member} in {jwk:?}");
            }
            let header_json = serde_json::to_string(&verified.header).unwrap();
            assert!(!header_json.contains("PRIVATE-MEMBER"), "{header_json}");
        }
    });
}
