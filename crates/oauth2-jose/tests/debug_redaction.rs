//! No JOSE type shows key material or a token's claims: keys are built (or imported with
//! `SECRET-` markers), tokens signed with secret claims, all formatted with `{:?}` and
//! `{:#?}`, and searched for the markers, as text and as a byte list.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Debug;

use oauth2_jose::jws::{self, VerificationKey};
use oauth2_jose::{Algorithm, HmacKey, Jwk, Jwks, SigningKey};

fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// `SECRET-` as Debug shows a byte list.
const SECRET_BYTES: &str = "83, 69, 67, 82, 69, 84, 45";

#[tokio::test]
async fn no_jose_type_shows_key_material_or_claims() {
    let hmac = HmacKey::new("SECRET-HMAC-KEY-of-at-least-32-bytes").with_key_id("h1");
    let mut private_jwk: Jwk = serde_json::from_str(
        r#"{"kty":"EC","crv":"P-256","kid":"k1","x":"x","y":"y","d":"SECRET-D"}"#,
    )
    .unwrap();
    private_jwk.k = Some("SECRET-K".into());
    let jwks = Jwks {
        keys: vec![private_jwk.clone(), hmac.to_jwk()],
    };
    let claims = serde_json::json!({"sub": "alice", "nonce": "SECRET-NONCE"});
    let token = jws::encode(&jws::Header::new(), &claims, &hmac)
        .await
        .unwrap();
    let decoded = jws::verify(&token, &hmac, &[Algorithm::HS256]).unwrap();
    let mut cases = vec![
        ("HmacKey", debug(&hmac)),
        ("Jwk (private)", debug(&private_jwk)),
        ("Jwk (HMAC)", debug(&hmac.to_jwk())),
        ("Jwks", debug(&jwks)),
        ("VerificationKey", debug(&VerificationKey::from(&hmac))),
        ("Decoded", debug(&decoded)),
        (
            "Decoded (unverified)",
            debug(&jws::decode_unverified(&token).unwrap()),
        ),
    ];
    for alg in [Algorithm::ES256, Algorithm::RS256, Algorithm::EdDSA] {
        let key = SigningKey::generate(alg).unwrap();
        cases.push(("SigningKey", debug(&key)));
        cases.push(("VerifyingKey", debug(&key.verifying_key())));
    }
    for (name, shown) in cases {
        assert!(!shown.contains("SECRET-"), "{name}: {shown}");
        assert!(!shown.contains(SECRET_BYTES), "{name}: {shown}");
        assert!(!shown.contains(&token), "{name}: {shown}");
    }
    // What is not secret stays, to help.
    assert!(debug(&decoded).contains("HS256"));
}
