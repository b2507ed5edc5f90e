//! No type of this crate shows a secret it holds (state, nonce, verifier, code, request
//! object, client secret, access token): every one is built with `SECRET-` markers, formatted
//! with `{:?}` and `{:#?}` (and Display where it has one), and searched for them.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Debug;

use oauth2_jose::{Algorithm, SigningKey};
use oauth2_pkce_par_jar::{
    AuthorizationRequest, AuthorizationRequestBuilder, CallbackError, CodeVerifier,
    DEFAULT_REQUEST_OBJECT_LIFETIME, IdTokenExpectations, PendingDpopKey, STATE_PREFIX_CHARS,
};

const STATE: &str = "SECRET-STATE-0123456789";
const NONCE: &str = "SECRET-NONCE-0123456789";

fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

fn builder() -> AuthorizationRequestBuilder {
    let verifier = CodeVerifier::new(format!("SECRET-VERIFIER-{}", "v".repeat(40))).unwrap();
    AuthorizationRequest::builder("https://as.example/authorize".parse().unwrap(), "my-client")
        .redirect_uri("https://app.example/cb")
        .scope(["openid", "email"])
        .state(STATE)
        .nonce(NONCE)
        .code_verifier(verifier)
        .issuer("https://as.example")
        .param("id_token_hint", "SECRET-IDT-HINT")
        .param("login_hint_token", "SECRET-LHT")
}

#[test]
fn no_type_shows_its_secrets() {
    let request = builder().build().unwrap();
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let signed = pollster::block_on(builder().build().unwrap().signed(
        &key,
        "https://as.example",
        DEFAULT_REQUEST_OBJECT_LIFETIME,
    ))
    .unwrap();
    let request_object = signed
        .params()
        .iter()
        .find(|(name, _)| name == "request")
        .map(|(_, value)| value.clone())
        .unwrap();
    let query = format!(
        "code=SECRET-CODE&state={STATE}&iss=https%3A%2F%2Fas.example&session_state=SECRET-SS"
    );
    let response = request.pending().validate_query(&query).unwrap();
    let expectations = IdTokenExpectations::new("https://as.example", "my-client")
        .algorithms([Algorithm::RS256, Algorithm::HS256])
        .nonce(NONCE)
        .access_token("SECRET-AT")
        .code("SECRET-CODE")
        .client_secret("SECRET-CLIENT-SECRET");
    let dpop_key = PendingDpopKey::new("ES256", "SECRET-PKCS8-PEM");
    let with_key = builder()
        .build()
        .unwrap()
        .with_dpop_key("jkt-1", dpop_key.clone());
    for (name, shown) in [
        ("PendingDpopKey", debug(&dpop_key)),
        ("PendingAuthorization (DPoP key)", debug(with_key.pending())),
        ("AuthorizationRequestBuilder", debug(&builder())),
        ("AuthorizationRequest", debug(&request)),
        ("AuthorizationRequest (signed)", debug(&signed)),
        ("PendingAuthorization", debug(request.pending())),
        ("AuthorizationResponse", debug(&response)),
        ("IdTokenExpectations", debug(&expectations)),
    ] {
        assert!(!shown.contains("SECRET-"), "{name}: {shown}");
        assert!(!shown.contains(&request_object), "{name}: {shown}");
        // The client secret as bytes.
        assert!(!shown.contains("83, 69, 67"), "{name}: {shown}");
    }
    // What is not secret stays, to help.
    let shown = debug(&response);
    assert!(
        shown.contains("my-client") && shown.contains("session_state"),
        "{shown}"
    );
    let shown = debug(&expectations);
    assert!(
        shown.contains("https://as.example") && shown.contains("HS256"),
        "{shown}"
    );
}

#[test]
fn a_mismatched_state_shows_only_its_first_characters() {
    let request = builder().build().unwrap();
    let err = request
        .pending()
        .validate_query("code=c&state=abcdefghSECRET-OTHER-STATE&iss=https%3A%2F%2Fas.example")
        .unwrap_err();
    assert!(matches!(err, CallbackError::StateMismatch { .. }));
    let shown = format!("{}\n{err}", debug(&err));
    assert!(!shown.contains("SECRET-"), "{shown}");
    assert!(shown.contains(&"abcdefgh"[..STATE_PREFIX_CHARS]), "{shown}");
}
