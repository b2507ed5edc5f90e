//! Compact JWS and JWTs (RFC 7515, 7519), ID tokens (OpenID Connect Core 3.1.3.7), JWKs and
//! JWK Sets (RFC 7517), thumbprints (RFC 7638).

use oauth2_jose::{
    Algorithm, HmacKey, Jwk, Jwks, SigningKey, VerifyingKey, base64url, jws, thumbprint,
};
use oauth2_pkce_par_jar::IdTokenExpectations;
use serde_json::Value;

use crate::checks::{round_trip, same_shown, with_secrets_replaced};
use crate::fixture::{FUZZ_HMAC_SECRET, fixture};

/// A JWK's private members.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k"];

/// A compact JWS: decoded without verification, verified with the fixed HMAC key, with each
/// key of the recorded server's JWK Set, and by the set; validated as an ID token of the
/// recorded session (RS/ES/PS/EdDSA with the set, and HS256 with the fixed key). Whatever is
/// verified decodes to the same header and payload, has an allowed algorithm of the key's
/// kind (never `none`, never HMAC with a public key), and its payload is encoded canonically;
/// an accepted ID token is one of the recorded issuer, audience and nonce.
///
/// ```
/// oauth2_fuzz_targets::jws(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln");
/// ```
pub fn jws(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = jws::decode_unverified(token);
    if let Ok(decoded) = &decoded {
        let _ = (decoded.algorithm(), decoded.key_id(), decoded.claims());
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "decoded a JWS without three parts");
        assert_eq!(
            base64url(&decoded.payload),
            parts[1],
            "decoded a payload that is not canonical base64url"
        );
    }
    let fixture = fixture();
    let hmac = HmacKey::new(FUZZ_HMAC_SECRET);
    check_verified(token, jws::verify(token, &hmac, &Algorithm::ALL), false);
    for jwk in &fixture.jwks.keys {
        if let Ok(key) = VerifyingKey::from_jwk(jwk) {
            check_verified(token, jws::verify(token, &key, &Algorithm::ALL), true);
        }
    }
    let by_set = jws::verify_with_jwks(token, &fixture.jwks, &Algorithm::ALL);
    check_verified(token, by_set.clone(), true);

    let expected = IdTokenExpectations::new(&fixture.issuer, &fixture.client_id)
        .nonce(&fixture.nonce)
        .now(fixture.recorded_time());
    if let Ok(claims) = expected.validate(token, &fixture.jwks) {
        assert!(
            by_set.is_ok(),
            "an ID token the key set does not verify was accepted"
        );
        check_id_token(&claims);
    }
    let with_secret = expected
        .algorithms([Algorithm::HS256])
        .client_secret(FUZZ_HMAC_SECRET);
    if let Ok(claims) = with_secret.validate(token, &Jwks::default()) {
        check_id_token(&claims);
    }
}

/// What a verified token must be.
fn check_verified(token: &str, verified: Result<jws::Decoded, oauth2_jose::Error>, public: bool) {
    let Ok(verified) = verified else { return };
    let alg = match verified.algorithm() {
        Ok(alg) => alg,
        Err(err) => panic!("verified a token whose alg is unknown: {err}"),
    };
    assert_eq!(
        alg.is_asymmetric(),
        public,
        "verified {alg} with the wrong kind of key"
    );
    let Ok(decoded) = jws::decode_unverified(token) else {
        panic!("verified a token that does not decode")
    };
    assert_eq!(
        (&decoded.header, &decoded.payload),
        (&verified.header, &verified.payload)
    );
}

/// The recorded issuer, audience and nonce.
fn check_id_token(claims: &serde_json::Map<String, Value>) {
    let fixture = fixture();
    assert_eq!(
        claims.get("iss").and_then(Value::as_str),
        Some(fixture.issuer.as_str())
    );
    assert_eq!(
        claims.get("nonce").and_then(Value::as_str),
        Some(fixture.nonce.as_str())
    );
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => *aud == fixture.client_id,
        Some(Value::Array(auds)) => auds.iter().any(|aud| *aud == *fixture.client_id),
        _ => false,
    };
    assert!(audience_ok, "accepted an ID token for another audience");
}

/// A JWK or a JWK Set: it reads back what it writes; `Debug` never depends on the private
/// members; a key's public form has the same thumbprint and no private member; an imported
/// public key exports to the same thumbprint; an imported private key verifies its own
/// signatures with its public JWK, whose thumbprint is the key's.
///
/// ```
/// oauth2_fuzz_targets::jwk(br#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#);
/// ```
pub fn jwk(data: &[u8]) {
    if let Ok(set) = serde_json::from_slice::<Jwks>(data) {
        round_trip(&set, "a JWK Set");
        for key in &set.keys {
            check_key(key);
        }
    }
    if let Ok(key) = serde_json::from_slice::<Jwk>(data) {
        round_trip(&key, "a JWK");
        check_key(&key);
    }
    if let Ok(value) = serde_json::from_slice::<Value>(data)
        && let Some(other) = with_secrets_replaced(&value, PRIVATE_MEMBERS)
    {
        let parse = |value: &Value| serde_json::from_value::<Jwk>(value.clone());
        same_shown(&parse(&value), &parse(&other), "a JWK");
    }
}

fn check_key(jwk: &Jwk) {
    let _ = (jwk.algorithm(), jwk.is_private());
    let public = jwk.to_public();
    assert!(!public.is_private(), "a public JWK with private members");
    let print = thumbprint(jwk).ok();
    assert_eq!(
        print,
        thumbprint(&public).ok(),
        "the public form has another thumbprint"
    );
    if let Ok(key) = VerifyingKey::from_jwk(jwk) {
        assert_eq!(
            thumbprint(&key.to_jwk()).ok(),
            print,
            "an imported key exports with another thumbprint"
        );
    }
    let Ok(key) = SigningKey::from_jwk(jwk) else {
        return;
    };
    assert_eq!(
        Some(key.thumbprint()),
        thumbprint(key.public_jwk()).ok().as_deref()
    );
    let signature = match key.sign(b"fuzz") {
        Ok(signature) => signature,
        Err(err) => panic!("an imported private key does not sign: {err}"),
    };
    let verified = VerifyingKey::from_jwk(key.public_jwk())
        .and_then(|public| public.verify(key.algorithm(), b"fuzz", &signature));
    assert!(
        verified.is_ok(),
        "an imported private key's public JWK does not verify its signature: {verified:?}"
    );
    // Its export loads back as the same key with its provider; another provider may refuse
    // it (aws-lc-rs takes fewer RSA sizes), never load it as another key.
    let exported = match key.to_private_jwk() {
        Ok(exported) => exported,
        Err(err) => panic!("an imported private key does not export: {err}"),
    };
    for provider in oauth2_jose::CryptoProvider::available() {
        match SigningKey::from_jwk_with(*provider, &exported) {
            Ok(back) => assert_eq!(
                back.thumbprint(),
                key.thumbprint(),
                "exported as another key"
            ),
            Err(err) if *provider == key.provider() => {
                panic!("an exported private key does not load back: {err}")
            }
            Err(_) => {}
        }
    }
}
