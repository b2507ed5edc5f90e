//! Round trips between our `Jwk`/`Jwks` and jose-jwk's, and keys jose-jwk cannot hold.
#![allow(clippy::unwrap_used)]

use crate::{Algorithm, JoseJwkError, Jwk, Jwks, SigningKey, jws};

/// Ours → theirs → ours gives the same key, private members included.
fn assert_round_trip(jwk: &Jwk) {
    let theirs = jose_jwk::Jwk::try_from(jwk).unwrap();
    assert_eq!(&Jwk::from(theirs), jwk);
}

#[test]
fn ec_okp_and_rsa_keys_round_trip_public_and_private() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::RS256,
    ] {
        let key = SigningKey::generate(alg).unwrap().with_key_id("k1");
        let private = key.to_private_jwk().unwrap();
        assert!(private.is_private(), "{alg:?}");
        if alg == Algorithm::RS256 {
            assert!(private.p.is_some() && private.qi.is_some(), "RSA with CRT");
        }
        assert_round_trip(&private);
        assert_round_trip(key.public_jwk());
    }
}

#[test]
fn oct_key_round_trips() {
    let jwk: Jwk = serde_json::from_str(
        r#"{"kty":"oct","k":"c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1sb25nLi4u","alg":"HS256","kid":"h"}"#,
    )
    .unwrap();
    assert_round_trip(&jwk);
}

#[test]
fn members_jose_jwk_names_are_carried_and_others_dropped() {
    let mut jwk = SigningKey::generate(Algorithm::ES256)
        .unwrap()
        .public_jwk()
        .clone();
    jwk.use_ = Some("sig".into());
    jwk.extra
        .insert("key_ops".into(), serde_json::json!(["verify"]));
    jwk.extra.insert("x-vendor".into(), serde_json::json!(1));
    let back = Jwk::from(jose_jwk::Jwk::try_from(&jwk).unwrap());
    assert_eq!(back.use_.as_deref(), Some("sig"));
    assert_eq!(
        back.extra.get("key_ops"),
        Some(&serde_json::json!(["verify"]))
    );
    assert_eq!(back.extra.get("x-vendor"), None);
}

#[tokio::test]
async fn a_jose_jwk_key_signs_and_its_public_key_verifies() {
    let private = SigningKey::generate(Algorithm::ES256)
        .unwrap()
        .to_private_jwk()
        .unwrap();
    let theirs: jose_jwk::Jwk =
        serde_json::from_str(&serde_json::to_string(&private).unwrap()).unwrap();
    let key = SigningKey::from_jwk(&theirs.into()).unwrap();
    let token = jws::encode(&jws::Header::new(), &serde_json::json!({"a": 1}), &key)
        .await
        .unwrap();
    let public: jose_jwk::Jwk = jose_jwk::Jwk::try_from(key.public_jwk()).unwrap();
    let verifier = crate::VerifyingKey::from_jwk(&public.into()).unwrap();
    jws::verify(&token, &verifier, &[Algorithm::ES256]).unwrap();
}

#[test]
fn values_jose_jwk_does_not_know_are_named_errors() {
    let cases = [
        (r#"{"kty":"AKP","pub":"AAAA"}"#, "kty", "AKP"),
        (
            r#"{"kty":"EC","crv":"P-999","x":"AA","y":"AA"}"#,
            "crv",
            "P-999",
        ),
        (r#"{"kty":"OKP","crv":"Ed999","x":"AA"}"#, "crv", "Ed999"),
        (
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"RSA-OAEP-999"}"#,
            "alg",
            "RSA-OAEP-999",
        ),
        (
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB","use":"tls"}"#,
            "use",
            "tls",
        ),
        (
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB","key_ops":["fly"]}"#,
            "key_ops",
            "fly",
        ),
    ];
    for (json, member, value) in cases {
        let jwk: Jwk = serde_json::from_str(json).unwrap();
        assert_eq!(
            jose_jwk::Jwk::try_from(&jwk),
            Err(JoseJwkError::Unsupported {
                member,
                value: value.into()
            }),
            "{json}"
        );
    }
}

#[test]
fn a_malformed_private_key_is_rejected_without_its_value() {
    let secret = "not*base64*secret";
    let jwk: Jwk = serde_json::from_str(&format!(
        r#"{{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"{secret}"}}"#
    ))
    .unwrap();
    let err = jose_jwk::Jwk::try_from(&jwk).unwrap_err();
    assert!(matches!(err, JoseJwkError::Rejected(_)), "{err:?}");
    assert!(!err.to_string().contains(secret), "{err}");
    assert!(!format!("{err:?}").contains(secret));
    assert!(
        !format!(
            "{:?}",
            Jwk::from(jose_jwk::Jwk::try_from(&jwk.to_public()).unwrap())
        )
        .contains(secret)
    );
}

#[test]
fn key_sets_convert_both_ways_and_one_unknown_key_fails_the_set() {
    let keys: Vec<Jwk> = [Algorithm::ES256, Algorithm::EdDSA]
        .into_iter()
        .map(|alg| SigningKey::generate(alg).unwrap().public_jwk().clone())
        .collect();
    let ours = Jwks { keys };
    let theirs = jose_jwk::JwkSet::try_from(&ours).unwrap();
    assert_eq!(Jwks::from(theirs), ours);

    let mut with_unknown = ours.clone();
    with_unknown
        .keys
        .push(serde_json::from_str(r#"{"kty":"AKP","pub":"AAAA"}"#).unwrap());
    assert!(matches!(
        jose_jwk::JwkSet::try_from(&with_unknown),
        Err(JoseJwkError::Unsupported { member: "kty", .. })
    ));
}
