//! RFC test vectors (RFC 7515 appendix A, RFC 7638 section 3.1, RFC 8037 appendix A) and the
//! attacks a verifier must refuse. They run with either backend.

use crate::jws::{self, Header};
use crate::{
    Algorithm, CryptoProvider, Error, HmacKey, Jwk, Jwks, SigningKey, VerifyingKey, b64, thumbprint,
};

/// The payload of RFC 7515 A.1 to A.3.
const PAYLOAD: &str = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

fn jwk(json: &str) -> Jwk {
    serde_json::from_str(json).unwrap()
}

/// RFC 7515 A.1: HS256, exact.
#[test]
fn rfc7515_a1_hs256() {
    let k = b64::decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
    )
    .unwrap();
    let key = HmacKey::new(k);
    let input = format!("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{PAYLOAD}");
    let signature = key.sign(input.as_bytes()).unwrap();
    assert_eq!(
        b64::encode(&signature),
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    let token = format!("{input}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    let verified = jws::verify(&token, &key, &[Algorithm::HS256]).unwrap();
    assert_eq!(verified.claims().unwrap()["iss"], "joe");
}

/// The RSA key of RFC 7515 A.2 with its CRT members (dp, dq, qi; optional in a JWK).
pub(crate) fn rfc7515_a2_key(with_crt: bool) -> Jwk {
    let mut jwk = jwk(concat!(
        r#"{"kty":"RSA","e":"AQAB","#,
        r#""n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","#,
        r#""d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ","#,
        r#""p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc","#,
        r#""q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc","#,
        r#""dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0","#,
        r#""dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU","#,
        r#""qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"}"#
    ));
    if !with_crt {
        (jwk.dp, jwk.dq, jwk.qi) = (None, None, None);
    }
    jwk
}

/// RFC 7515 A.2: RS256, exact (PKCS#1 v1.5 signatures are deterministic), with every
/// provider.
#[test]
fn rfc7515_a2_rs256() {
    let private = rfc7515_a2_key(true);
    let signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
    let input = format!("eyJhbGciOiJSUzI1NiJ9.{PAYLOAD}");
    let token = format!("{input}.{signature}");
    for provider in CryptoProvider::available() {
        let key = SigningKey::from_jwk_with(*provider, &private).unwrap();
        assert_eq!(key.algorithm(), Algorithm::RS256);
        assert_eq!(
            b64::encode(&key.sign(input.as_bytes()).unwrap()),
            signature,
            "{provider}"
        );
        let public = VerifyingKey::from_jwk_with(*provider, &private.to_public()).unwrap();
        jws::verify(&token, &public, &[Algorithm::RS256]).unwrap();
        let tampered = token.replacen(".eyJpc3MiOiJqb2Ui", ".eyJpc3MiOiJqb2Uj", 1);
        assert_eq!(
            jws::verify(&tampered, &public, &[Algorithm::RS256]).unwrap_err(),
            Error::InvalidSignature
        );
    }
}

/// RFC 7515 A.3: ES256, the RFC's signature verifies; the RFC's private key signs; with every
/// provider.
#[test]
fn rfc7515_a3_es256() {
    let private = jwk(
        r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#,
    );
    let token = format!(
        "eyJhbGciOiJFUzI1NiJ9.{PAYLOAD}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
    );
    for provider in CryptoProvider::available() {
        let public = VerifyingKey::from_jwk_with(*provider, &private).unwrap();
        jws::verify(&token, &public, &[Algorithm::ES256]).unwrap();
        let key = SigningKey::from_jwk_with(*provider, &private).unwrap();
        assert_eq!(key.public_jwk().x, private.x);
        assert_eq!(key.public_jwk().y, private.y);
        let input = format!("eyJhbGciOiJFUzI1NiJ9.{PAYLOAD}");
        let signature = key.sign(input.as_bytes()).unwrap();
        assert_eq!(signature.len(), 64, "{provider}: r || s, not DER");
        public
            .verify(Algorithm::ES256, input.as_bytes(), &signature)
            .unwrap();
    }
}

/// RFC 8037 A.1 to A.4: Ed25519 public key, thumbprint and signature, exact, with every
/// provider.
#[test]
fn rfc8037_ed25519() {
    let private = jwk(
        r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    );
    for provider in CryptoProvider::available() {
        let key = SigningKey::from_jwk_with(*provider, &private).unwrap();
        assert_eq!(
            key.public_jwk().x.as_deref(),
            Some("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        );
        assert_eq!(
            key.thumbprint(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
        let signature = key
            .sign(b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")
            .unwrap();
        assert_eq!(
            b64::encode(&signature),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
            "{provider}"
        );
    }
}

/// RFC 7638 3.1 (also in the thumbprint module) through the key type.
#[test]
fn rfc7638_through_jwk() {
    let jwk = jwk(
        r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#,
    );
    assert_eq!(
        thumbprint(&jwk).unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    assert_eq!(VerifyingKey::from_jwk(&jwk).unwrap().to_jwk().n, jwk.n);
}

#[tokio::test]
async fn every_algorithm_round_trips_through_jwk_and_jws() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::EdDSA,
    ] {
        let key = SigningKey::generate(alg).unwrap().with_key_id("k");
        assert_eq!(key.algorithm(), alg);
        let mut header = Header::new();
        header.insert("typ".into(), "JWT".into());
        let token = jws::encode(&header, &serde_json::json!({"n": 1}), &key)
            .await
            .unwrap();
        let decoded = jws::decode_unverified(&token).unwrap();
        assert_eq!(decoded.header["alg"], alg.as_str());
        assert_eq!(decoded.header["kid"], "k");
        assert_eq!(decoded.header["typ"], "JWT");
        let jwks = Jwks {
            keys: vec![key.public_jwk().clone()],
        };
        jws::verify_with_jwks(&token, &jwks, &[alg]).unwrap();
        assert!(!key.public_jwk().is_private());
        assert_eq!(thumbprint(key.public_jwk()).unwrap(), key.thumbprint());
        assert!(!format!("{key:?}").contains("\"d\""));
    }
}

#[test]
fn alg_none_and_unlisted_algorithms_are_refused() {
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let none = format!("eyJhbGciOiJub25lIn0.{PAYLOAD}.");
    let err = jws::verify(&none, &key.verifying_key(), &Algorithm::ALL).unwrap_err();
    assert!(matches!(err, Error::AlgorithmNotAllowed(alg) if alg == "none"));
    let input = format!("eyJhbGciOiJFUzI1NiJ9.{PAYLOAD}");
    let token = format!(
        "{input}.{}",
        b64::encode(&key.sign(input.as_bytes()).unwrap())
    );
    assert!(jws::verify(&token, &key.verifying_key(), &[Algorithm::ES256]).is_ok());
    assert!(matches!(
        jws::verify(&token, &key.verifying_key(), &[Algorithm::RS256]),
        Err(Error::AlgorithmNotAllowed(_))
    ));
}

#[tokio::test]
async fn hs256_signed_with_a_public_key_as_secret_is_refused() {
    let rsa = SigningKey::generate(Algorithm::RS256).unwrap();
    let public_json = serde_json::to_vec(rsa.public_jwk()).unwrap();
    let forged = jws::encode(
        &Header::new(),
        &serde_json::json!({"sub": "admin"}),
        &HmacKey::new(public_json),
    )
    .await
    .unwrap();
    let err = jws::verify(
        &forged,
        &rsa.verifying_key(),
        &[Algorithm::RS256, Algorithm::HS256],
    )
    .unwrap_err();
    assert!(matches!(err, Error::AlgorithmMismatch(_)), "{err:?}");
    let jwks = Jwks {
        keys: vec![rsa.public_jwk().clone()],
    };
    assert!(jws::verify_with_jwks(&forged, &jwks, &[Algorithm::RS256, Algorithm::HS256]).is_err());
}

#[tokio::test]
async fn unknown_kid_is_its_own_error() {
    let key = SigningKey::generate(Algorithm::EdDSA)
        .unwrap()
        .with_key_id("new");
    let token = jws::encode(&Header::new(), &serde_json::json!({}), &key)
        .await
        .unwrap();
    let other = SigningKey::generate(Algorithm::EdDSA)
        .unwrap()
        .with_key_id("old");
    let jwks = Jwks {
        keys: vec![other.public_jwk().clone()],
    };
    assert_eq!(
        jws::verify_with_jwks(&token, &jwks, &[Algorithm::EdDSA]).unwrap_err(),
        Error::UnknownKeyId("new".into())
    );
}

#[test]
fn weak_rsa_and_mismatched_algorithms_are_refused() {
    assert!(matches!(
        SigningKey::generate_rsa(Algorithm::RS256, 1024),
        Err(Error::InvalidKey(_))
    ));
    let ec = SigningKey::generate(Algorithm::ES256).unwrap();
    assert!(ec.clone().with_algorithm(Algorithm::RS256).is_err());
    let rsa = SigningKey::generate(Algorithm::RS256)
        .unwrap()
        .with_algorithm(Algorithm::PS256)
        .unwrap();
    assert_eq!(rsa.algorithm(), Algorithm::PS256);
    let signature = rsa.sign(b"x").unwrap();
    rsa.verifying_key()
        .verify(Algorithm::PS256, b"x", &signature)
        .unwrap();
    assert!(
        rsa.verifying_key()
            .verify(Algorithm::RS256, b"x", &signature)
            .is_err()
    );
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    for token in [
        "",
        "a",
        "a.b",
        "a.b.c.d",
        "!!.!!.!!",
        "e30.e30.",
        "eyJhbGciOjF9.e30.AA",
    ] {
        let key = SigningKey::generate(Algorithm::ES256).unwrap();
        assert!(
            jws::verify(token, &key.verifying_key(), &Algorithm::ALL).is_err(),
            "{token}"
        );
    }
    for json in [
        "{}",
        r#"{"kty":"EC","crv":"P-256","d":"AA"}"#,
        r#"{"kty":"OKP","crv":"Ed25519","d":"AAAA"}"#,
        "not json",
    ] {
        assert!(SigningKey::from_jwk_json(json).is_err(), "{json}");
    }
    assert!(SigningKey::from_pem("-----BEGIN NOTHING-----\n-----END NOTHING-----", None).is_err());
}

#[test]
fn pem_import() {
    // A P-256 key in PKCS#8 and SEC1 forms, generated for this test.
    let pkcs8 = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2\nOF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r\n1RTwjmYSi9R/zpBnuQ4EiMnCqfMPWiZqB4QdbAd0E7oH50VpuZ1P087G\n-----END PRIVATE KEY-----\n";
    let from_pem = SigningKey::from_pem(pkcs8, None).unwrap();
    assert_eq!(from_pem.algorithm(), Algorithm::ES256);
}

#[test]
fn debug_of_a_jwk_with_multibyte_members_does_not_panic() {
    let jwk: Jwk =
        serde_json::from_str(r#"{"kty":"RSA","n":"ééééééééé","e":"AQAB","d":"secret"}"#).unwrap();
    let debug = format!("{jwk:?}");
    assert!(!debug.contains("secret"));
}

#[test]
fn hmac_keys_from_symmetric_jwks_only() {
    let key = HmacKey::generate().unwrap();
    let jwk = key.to_jwk();
    assert_eq!(jwk.kty, "oct");
    assert!(jwk.is_private());
    let again = HmacKey::from_jwk(&jwk).unwrap();
    assert_eq!(again.sign(b"x").unwrap(), key.sign(b"x").unwrap());
    for json in [
        r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#,
        r#"{"kty":"oct"}"#,
        r#"{"kty":"oct","k":""}"#,
        r#"{"kty":"oct","k":"!!"}"#,
    ] {
        let jwk: Jwk = serde_json::from_str(json).unwrap();
        assert!(HmacKey::from_jwk(&jwk).is_err(), "{json}");
    }
}

/// RFC 7518 sections 6.2.1.2, 6.2.1.3 and 6.3.1.1: EC coordinates are full-size, RSA
/// integers have no leading zero octet. A key in another form (a coordinate split elsewhere,
/// `n` padded with zeros) would be one key with several thumbprints: refused.
#[test]
fn public_jwks_in_non_canonical_form_are_refused() {
    for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::RS256] {
        let canonical = SigningKey::generate(alg).unwrap().public_jwk().clone();
        assert!(VerifyingKey::from_jwk(&canonical).is_ok(), "{alg}");
        let mut other = canonical.clone();
        match alg {
            Algorithm::RS256 => {
                let n = b64::decode(canonical.n.as_deref().unwrap()).unwrap();
                other.n = Some(b64::encode(&[&[0, 0, 0][..], &n].concat()));
            }
            _ => {
                let x = b64::decode(canonical.x.as_deref().unwrap()).unwrap();
                let y = b64::decode(canonical.y.as_deref().unwrap()).unwrap();
                let last = x.len() - 1;
                other.x = Some(b64::encode(&x[..last]));
                other.y = Some(b64::encode(&[&x[last..], &y[..]].concat()));
            }
        }
        for provider in CryptoProvider::available() {
            assert!(
                matches!(
                    VerifyingKey::from_jwk_with(*provider, &other),
                    Err(Error::InvalidKey(_))
                ),
                "{provider} {alg}: accepted {other:?}"
            );
        }
    }
}
