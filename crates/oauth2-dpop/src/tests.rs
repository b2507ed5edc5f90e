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

mod sessions {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::sync::Arc;

    use oauth2_jose::{Algorithm, CryptoProvider, SigningKey};
    use oauth2_types::BearerToken;
    use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};

    use crate::{BoundSession, DpopBinding, DpopKey, DpopSessionStore, Error, STORED_KEY_MEMBER};

    const ALGORITHMS: [Algorithm; 5] = [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ];

    #[test]
    fn every_key_round_trips_through_jwk_and_pem_across_providers() {
        for exporter in CryptoProvider::available() {
            for alg in ALGORITHMS {
                let key = DpopKey::generate_with(*exporter, alg).unwrap();
                let jwk = key.to_private_jwk().unwrap();
                assert!(jwk.is_private());
                let debug = format!("{jwk:?}{key:?}");
                assert!(!debug.contains(jwk.d.as_deref().unwrap()), "{alg}");
                let pem = key.to_pkcs8_pem().unwrap();
                for importer in CryptoProvider::available() {
                    let from_jwk = DpopKey::from_jwk_with(*importer, &jwk).unwrap();
                    let from_pem = DpopKey::from_pem_with(*importer, &pem, Some(alg)).unwrap();
                    for back in [from_jwk, from_pem] {
                        assert_eq!(
                            (back.thumbprint(), back.algorithm()),
                            (key.thumbprint(), alg),
                            "{exporter} -> {importer}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_key_held_by_its_own_signer_is_not_exported() {
        let signer = Arc::new(SigningKey::generate(Algorithm::ES256).unwrap());
        let key = DpopKey::from_signer(signer).unwrap();
        assert!(matches!(key.to_private_jwk(), Err(Error::NotExportable)));
    }

    fn bound_token(key: &DpopKey) -> BearerToken {
        DpopBinding::new(key.clone()).unwrap().bind(
            BearerToken::new("SECRET-AT")
                .with_token_type("DPoP")
                .with_refresh_token("SECRET-RT")
                .with_expires_in(std::time::Duration::from_secs(60)),
        )
    }

    #[test]
    fn a_session_serializes_with_its_key_and_comes_back_bound_to_it() {
        for alg in ALGORITHMS {
            let key = DpopKey::generate(alg).unwrap();
            let session = BoundSession::new(bound_token(&key), key.clone()).unwrap();
            let jwk = key.to_private_jwk().unwrap();
            let debug = format!("{session:?}");
            for secret in ["SECRET-AT", "SECRET-RT", jwk.d.as_deref().unwrap()] {
                assert!(!debug.contains(secret), "{alg}: {debug}");
            }
            let json = serde_json::to_string(&session).unwrap();
            let back: BoundSession = serde_json::from_str(&json).unwrap();
            let token = back.token();
            assert_eq!(token.access_token().secret(), "SECRET-AT");
            assert_eq!(token.refresh_token().unwrap().secret(), "SECRET-RT");
            assert_eq!(token.expires_at(), session.token().expires_at());
            assert_eq!(
                token.binding().unwrap().thumbprint(),
                Some(key.thumbprint()),
                "{alg}"
            );
        }
    }

    #[test]
    fn a_session_with_a_key_that_does_not_load_is_an_error_without_the_key() {
        let json = r#"{"token":{"access_token":"at","token_type":"DPoP"},
            "dpop_private_jwk":{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","d":"SECRETD"}}"#;
        let err = serde_json::from_str::<BoundSession>(json).unwrap_err();
        assert!(!err.to_string().contains("SECRETD"), "{err}");
    }

    #[test]
    fn a_token_bound_to_another_key_is_refused() {
        let key = DpopKey::generate(Algorithm::ES256).unwrap();
        let other = DpopKey::generate(Algorithm::ES256).unwrap();
        assert!(matches!(
            BoundSession::new(bound_token(&key), other),
            Err(Error::KeyMismatch)
        ));
    }

    #[test]
    fn the_session_store_saves_known_keys_only_and_restores_the_binding() {
        pollster::block_on(async {
            let inner = MemoryStore::new();
            let name = StoreKey::named("me");
            let key = DpopKey::generate(Algorithm::ES256).unwrap();
            let store = DpopSessionStore::new(inner.clone()).with_key(key.clone());
            store.save(&name, &bound_token(&key)).await.unwrap();
            let raw = inner.load(&name).await.unwrap().unwrap();
            assert!(raw.extra(STORED_KEY_MEMBER).is_some());
            assert!(
                !format!("{raw:?}").contains(key.to_private_jwk().unwrap().d.as_deref().unwrap())
            );

            // Another process: the token comes back bound to the same key, without the member.
            let restarted = DpopSessionStore::new(inner.clone());
            let loaded = restarted.load(&name).await.unwrap().unwrap();
            assert_eq!(
                loaded.binding().unwrap().thumbprint(),
                Some(key.thumbprint())
            );
            assert!(loaded.extra(STORED_KEY_MEMBER).is_none());
            // ... and saves the key again with the refreshed token.
            restarted.save(&name, &bound_token(&key)).await.unwrap();
            assert!(
                inner
                    .load(&name)
                    .await
                    .unwrap()
                    .unwrap()
                    .extra(STORED_KEY_MEMBER)
                    .is_some()
            );

            // A token bound to a key the store was not given is saved without a key.
            let stranger = DpopKey::generate(Algorithm::ES256).unwrap();
            DpopSessionStore::new(inner.clone())
                .save(&name, &bound_token(&stranger))
                .await
                .unwrap();
            let raw = inner.load(&name).await.unwrap().unwrap();
            assert!(raw.extra(STORED_KEY_MEMBER).is_none());
        });
    }
}
