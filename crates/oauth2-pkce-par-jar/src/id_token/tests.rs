//! The attacks ID token validation refuses.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{Algorithm, HmacKey, Jwks, SigningKey, jws};
use serde_json::{Value, json};

use crate::{IdToken, IdTokenError, IdTokenExpectations, check_refreshed, half_hash};

const ISSUER: &str = "https://as.example";
const NOW: u64 = 1_700_000_000;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn key() -> SigningKey {
    SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_key_id("k1")
}

fn claims() -> Value {
    json!({"iss": ISSUER, "sub": "alice", "aud": "client-1", "exp": NOW + 300, "iat": NOW, "nonce": "n-1",
           "auth_time": NOW - 10, "acr": "urn:mfa",
           "at_hash": half_hash(Algorithm::RS256, "the-access-token"), "c_hash": half_hash(Algorithm::RS256, "the-code")})
}

async fn sign(key: &SigningKey, claims: &Value) -> String {
    jws::encode(&jws::Header::new(), claims, key).await.unwrap()
}

fn expect() -> IdTokenExpectations {
    IdTokenExpectations::new(ISSUER, "client-1")
        .nonce("n-1")
        .now(now())
        .access_token("the-access-token")
        .code("the-code")
        .max_age(60)
        .essential_acr(["urn:mfa"])
}

fn jwks(key: &SigningKey) -> Jwks {
    Jwks {
        keys: vec![key.public_jwk().clone()],
    }
}

#[test]
fn a_good_token_passes() {
    pollster::block_on(async {
        let key = key();
        let claims = expect()
            .validate(&sign(&key, &claims()).await, &jwks(&key))
            .unwrap();
        assert_eq!(claims["sub"], "alice");
    });
}

#[test]
fn each_bad_claim_is_refused() {
    pollster::block_on(async {
        let key = key();
        let cases: Vec<(&str, Value, IdTokenError)> = vec![
            (
                "iss",
                json!("https://attacker"),
                IdTokenError::Issuer {
                    expected: ISSUER.into(),
                    received: "https://attacker".into(),
                },
            ),
            ("exp", json!(NOW - 60), IdTokenError::Expired),
            ("iat", json!(NOW + 600), IdTokenError::IssuedInFuture),
            ("nonce", json!("replayed"), IdTokenError::NonceMismatch),
            ("nonce", json!(42), IdTokenError::NonceMismatch),
            (
                "at_hash",
                json!("AAAAAAAAAAAAAAAAAAAAAA"),
                IdTokenError::Hash("at_hash"),
            ),
            (
                "c_hash",
                json!("AAAAAAAAAAAAAAAAAAAAAA"),
                IdTokenError::Hash("c_hash"),
            ),
            ("auth_time", json!(NOW - 3600), IdTokenError::AuthTime),
            ("acr", json!("urn:password"), IdTokenError::Acr),
        ];
        for (claim, value, expected) in cases {
            let mut bad = claims();
            bad[claim] = value;
            let err = expect()
                .validate(&sign(&key, &bad).await, &jwks(&key))
                .unwrap_err();
            assert_eq!(err, expected, "{claim}");
        }
        for missing in ["auth_time", "sub"] {
            let mut bad = claims();
            bad.as_object_mut().unwrap().remove(missing);
            assert!(
                expect()
                    .validate(&sign(&key, &bad).await, &jwks(&key))
                    .is_err(),
                "without {missing}"
            );
        }
        // Several audiences with the right azp pass.
        let mut several = claims();
        several["aud"] = json!(["client-1", "other"]);
        several["azp"] = json!("client-1");
        assert!(
            expect()
                .validate(&sign(&key, &several).await, &jwks(&key))
                .is_ok()
        );
    });
}

/// Validates `claims()` changed by `change` (a `null` removes the member).
async fn refusal(change: Value) -> IdTokenError {
    let key = key();
    let mut claims = claims();
    for (name, value) in change.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(name);
        } else {
            claims[name] = value.clone();
        }
    }
    expect()
        .validate(&sign(&key, &claims).await, &jwks(&key))
        .unwrap_err()
}

#[test]
fn each_audience_rule_has_its_own_error() {
    pollster::block_on(async {
        // Rule 3: the client is not an audience.
        assert_eq!(
            refusal(json!({"aud": ["other-client", "third"]})).await,
            IdTokenError::AudienceMismatch {
                expected: "client-1".into(),
                received: vec!["other-client".into(), "third".into()],
            }
        );
        // Rule 4: several audiences and no azp.
        assert_eq!(
            refusal(json!({"aud": ["client-1", "other"]})).await,
            IdTokenError::AzpMissing
        );
        // Rule 5: azp names another party, with one audience or several.
        for aud in [json!("client-1"), json!(["client-1", "other"])] {
            assert_eq!(
                refusal(json!({"aud": aud, "azp": "other"})).await,
                IdTokenError::AzpMismatch {
                    expected: "client-1".into(),
                    received: "other".into(),
                }
            );
        }
        // An azp that is not a string is malformed.
        assert_eq!(refusal(json!({"azp": 7})).await, IdTokenError::Claim("azp"));
    });
}

#[test]
fn a_missing_nonce_and_a_wrong_nonce_are_told_apart() {
    pollster::block_on(async {
        assert_eq!(
            refusal(json!({"nonce": null})).await,
            IdTokenError::NonceMissing
        );
        let wrong = refusal(json!({"nonce": "replayed"})).await;
        assert_eq!(wrong, IdTokenError::NonceMismatch);
        // Neither value is shown: a nonce is a secret.
        let shown = format!("{wrong} {wrong:?}");
        assert!(
            !shown.contains("replayed") && !shown.contains("n-1"),
            "{shown}"
        );
    });
}

#[test]
fn alg_none_hs256_with_the_public_key_and_unknown_kid_are_refused() {
    pollster::block_on(async {
        let key = key();
        let payload = oauth2_jose::base64url(claims().to_string().as_bytes());
        let none = format!("eyJhbGciOiJub25lIn0.{payload}.");
        assert!(matches!(
            expect().validate(&none, &jwks(&key)),
            Err(IdTokenError::Signature(_))
        ));

        let public_as_secret = HmacKey::new(serde_json::to_vec(key.public_jwk()).unwrap());
        let forged = jws::encode(&jws::Header::new(), &claims(), &public_as_secret)
            .await
            .unwrap();
        assert!(expect().validate(&forged, &jwks(&key)).is_err());
        let lenient = expect().algorithms([Algorithm::RS256, Algorithm::HS256]);
        assert!(
            lenient.validate(&forged, &jwks(&key)).is_err(),
            "HS256 only with the client secret"
        );

        // HS256 with the client secret, when configured.
        let secret = HmacKey::new("the client secret, thirty-two bytes");
        let symmetric = jws::encode(&jws::Header::new(), &claims(), &secret)
            .await
            .unwrap();
        let with_secret = expect()
            .algorithms([Algorithm::HS256])
            .client_secret("the client secret, thirty-two bytes");
        assert!(with_secret.validate(&symmetric, &Jwks::default()).is_ok());

        let rotated = SigningKey::generate(Algorithm::RS256)
            .unwrap()
            .with_key_id("k2");
        let err = expect()
            .validate(&sign(&rotated, &claims()).await, &jwks(&key))
            .unwrap_err();
        assert_eq!(
            err,
            IdTokenError::Signature(oauth2_jose::Error::UnknownKeyId("k2".into()))
        );
        let wrong_alg = expect().algorithms([Algorithm::ES256]);
        assert!(
            wrong_alg
                .validate(&sign(&key, &claims()).await, &jwks(&key))
                .is_err()
        );
    });
}

#[test]
fn refreshed_tokens_keep_subject_and_issuer() {
    let first = claims().as_object().unwrap().clone();
    let mut same = first.clone();
    same.remove("nonce");
    assert!(check_refreshed(&first, &same).is_ok());
    let mut other = first.clone();
    other.insert("sub".into(), "mallory".into());
    assert_eq!(
        check_refreshed(&first, &other),
        Err(IdTokenError::SubjectChanged)
    );
}

/// OpenID Connect Core 12.2: after a refresh, iss, sub, aud and azp are the first ID token's,
/// auth_time (when present) is the original authentication's, and a nonce, if any, is the
/// same.
#[test]
fn a_refreshed_id_token_keeps_the_original_authentication() {
    let mut first = claims().as_object().unwrap().clone();
    first.insert("auth_time".into(), json!(NOW - 60));
    first.insert("azp".into(), json!("client-1"));
    let mut refreshed = first.clone();
    refreshed.insert("iat".into(), json!(NOW + 300));
    refreshed.insert("exp".into(), json!(NOW + 900));
    refreshed.remove("nonce");
    assert!(check_refreshed(&first, &refreshed).is_ok());
    refreshed.remove("auth_time");
    assert!(
        check_refreshed(&first, &refreshed).is_ok(),
        "auth_time may be left out"
    );

    for (claim, value) in [
        ("aud", json!(["client-1", "other"])),
        ("azp", json!("other")),
        ("auth_time", json!(NOW + 300)),
        ("nonce", json!("another-nonce")),
    ] {
        let mut changed = first.clone();
        changed.insert(claim.into(), value);
        assert_eq!(
            check_refreshed(&first, &changed),
            Err(IdTokenError::RefreshedClaimChanged(claim)),
            "{claim}"
        );
    }
    let mut issuer = first.clone();
    issuer.insert("iss".into(), json!("https://other.example"));
    assert_eq!(
        check_refreshed(&first, &issuer),
        Err(IdTokenError::SubjectChanged)
    );
}

/// HS256 ID tokens checked by the client authentication method (the secret stays there):
/// the method's MAC verdict decides, and a token under another secret is refused.
#[test]
fn hs256_through_the_methods_mac_check() {
    /// Stands for a client authentication method holding its secret.
    #[derive(Debug)]
    struct Method(HmacKey);
    impl oauth2_types::ClientSecretMac for Method {
        fn verify_hs256(&self, input: &[u8], mac: &[u8]) -> bool {
            self.0.verify(input, mac).is_ok()
        }
    }

    pollster::block_on(async {
        let secret = "the client secret, thirty-two bytes";
        let expectations = expect()
            .algorithms([Algorithm::HS256])
            .client_secret_mac(std::sync::Arc::new(Method(HmacKey::new(secret))));
        let good = jws::encode(&jws::Header::new(), &claims(), &HmacKey::new(secret))
            .await
            .unwrap();
        assert_eq!(
            expectations.validate(&good, &Jwks::default()).unwrap()["sub"],
            "alice"
        );
        let forged = jws::encode(&jws::Header::new(), &claims(), &HmacKey::new("other"))
            .await
            .unwrap();
        assert_eq!(
            expectations.validate(&forged, &Jwks::default()),
            Err(IdTokenError::Signature(
                oauth2_jose::Error::InvalidSignature
            ))
        );
        assert!(!format!("{expectations:?}").contains(secret));
    });
}

/// A validated ID token keeps its claims typed, the others in `extra`, and reads into the
/// caller's own struct; its raw form and nonce never show in `Debug`.
#[test]
fn a_validated_id_token_has_typed_claims_and_hides_its_secrets() {
    let key = key();
    let mut claims = claims();
    claims["amr"] = json!(["pwd", "otp"]);
    claims["email"] = json!("alice@example.com");
    claims["email_verified"] = json!(true);
    claims["tenant"] = json!("acme");
    let raw = pollster::block_on(sign(&key, &claims));
    let id_token = expect().validate_id_token(&raw, &jwks(&key)).unwrap();
    let typed = id_token.claims();
    assert_eq!((typed.iss.as_str(), typed.sub.as_str()), (ISSUER, "alice"));
    assert_eq!(typed.aud, ["client-1"]);
    assert_eq!(
        (typed.exp, typed.iat, typed.auth_time),
        (NOW + 300, NOW, Some(NOW - 10))
    );
    assert_eq!(typed.acr.as_deref(), Some("urn:mfa"));
    assert_eq!(
        typed.amr.as_deref(),
        Some(&["pwd".to_owned(), "otp".to_owned()][..])
    );
    assert_eq!(
        (typed.email.as_deref(), typed.email_verified),
        (Some("alice@example.com"), Some(true))
    );
    assert_eq!(typed.extra["tenant"], "acme");
    assert!(!typed.extra.contains_key("sub"));
    assert_eq!(id_token.raw(), raw);

    #[derive(serde::Deserialize)]
    struct Mine {
        sub: String,
        tenant: String,
    }
    let mine: Mine = id_token.claims_as().unwrap();
    assert_eq!((mine.sub.as_str(), mine.tenant.as_str()), ("alice", "acme"));
    assert!(matches!(
        id_token.claims_as::<Vec<u8>>(),
        Err(IdTokenError::Claim(_))
    ));

    // Read back from a token without validating again: the same value.
    let token = oauth2_types::BearerToken::new("at").with_id_token(raw.clone());
    assert_eq!(IdToken::of(&token).unwrap(), Some(id_token.clone()));

    let shown = format!("{id_token:?}");
    assert!(!shown.contains(&raw) && !shown.contains("n-1"), "{shown}");
    assert!(shown.contains("alice"), "{shown}");
}

/// Real servers send some optional standard claims with other types (an ISO date as
/// `updated_at`, the string "true" as `email_verified`): the token still validates, those
/// claims stay in `extra` as they came, the others are typed. A required claim of the wrong
/// type is still refused.
#[test]
fn optional_claims_of_another_type_stay_in_extra_instead_of_failing_the_token() {
    let key = key();
    let mut claims = claims();
    claims["updated_at"] = json!("2024-05-01T10:00:00.000Z");
    claims["email_verified"] = json!("true");
    claims["email"] = json!("alice@example.com");
    claims["phone_number_verified"] = json!(false);
    let raw = pollster::block_on(sign(&key, &claims));
    let id_token = expect().validate_id_token(&raw, &jwks(&key)).unwrap();
    let typed = id_token.claims();
    assert_eq!(typed.sub, "alice");
    assert_eq!(typed.email.as_deref(), Some("alice@example.com"));
    assert_eq!(typed.phone_number_verified, Some(false));
    assert_eq!((typed.updated_at, typed.email_verified), (None, None));
    assert_eq!(typed.extra["updated_at"], "2024-05-01T10:00:00.000Z");
    assert_eq!(typed.extra["email_verified"], "true");
    assert_eq!(id_token.payload()["updated_at"], "2024-05-01T10:00:00.000Z");
    let token = oauth2_types::BearerToken::new("at").with_id_token(raw.clone());
    assert_eq!(IdToken::of(&token).unwrap(), Some(id_token));

    let mut claims = self::claims();
    claims["sub"] = json!(42);
    let raw = pollster::block_on(sign(&key, &claims));
    assert!(expect().validate_id_token(&raw, &jwks(&key)).is_err());
}
