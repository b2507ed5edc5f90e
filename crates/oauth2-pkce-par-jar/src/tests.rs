//! Authorization requests and the attacks callback validation refuses.

use std::collections::HashMap;

use url::Url;

use crate::{AuthorizationRequest, CallbackError, CodeChallengeMethod, CodeVerifier};

fn request() -> AuthorizationRequest {
    AuthorizationRequest::builder(
        Url::parse("https://as.example/authorize?tenant=blue").unwrap(),
        "client-1",
    )
    .redirect_uri("https://app.example/cb")
    .scope(["openid", "email"])
    .issuer("https://as.example")
    .require_iss(true)
    .build()
    .unwrap()
}

fn query(request: &AuthorizationRequest) -> HashMap<String, String> {
    request.url().query_pairs().into_owned().collect()
}

#[test]
fn secure_defaults_and_existing_query_kept() {
    let request = request();
    let params = query(&request);
    assert_eq!(params["tenant"], "blue");
    assert_eq!(params["client_id"], "client-1");
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["scope"], "openid email");
    assert_eq!(params["code_challenge_method"], "S256");
    assert!(params["state"].len() >= 43, "256 random bits");
    assert!(params["nonce"].len() >= 43, "a nonce with openid");
    let verifier = request.pending().code_verifier().unwrap();
    assert_eq!(
        params["code_challenge"],
        verifier.challenge(CodeChallengeMethod::S256)
    );
    assert_ne!(request.pending().state(), self::request().pending().state());
}

#[test]
fn every_option_is_sent() {
    let request =
        AuthorizationRequest::builder(Url::parse("https://as.example/authorize").unwrap(), "c")
            .scope(["email"])
            .code_verifier(
                CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap(),
            )
            .response_mode("form_post")
            .prompt("consent")
            .max_age(300)
            .acr_values(["urn:a", "urn:b"])
            .login_hint("alice")
            .ui_locales("fr en")
            .claims(&serde_json::json!({"id_token": {"email": null}}))
            .resource("https://api.one")
            .resource("https://api.two")
            .authorization_details(&serde_json::json!([{"type": "payment"}]))
            .dpop_jkt("jkt")
            .param("custom", "x")
            .build()
            .unwrap();
    let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    let get = |name: &str| {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    assert!(get("nonce").is_empty(), "no openid, no nonce");
    assert_eq!(
        get("code_challenge"),
        ["E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"]
    );
    assert_eq!(get("max_age"), ["300"]);
    assert_eq!(get("acr_values"), ["urn:a urn:b"]);
    assert_eq!(get("resource"), ["https://api.one", "https://api.two"]);
    assert_eq!(get("dpop_jkt"), ["jkt"]);
    assert_eq!(get("custom"), ["x"]);
    assert_eq!(
        request.pending().acr_values(),
        Some(&["urn:a".to_owned(), "urn:b".to_owned()][..])
    );
    assert_eq!(request.pending().essential_acr(), None, "not essential");
    assert_eq!(request.pending().dpop_jkt(), Some("jkt"));
    assert_eq!(request.pending().max_age(), Some(300));
}

#[test]
fn plain_and_no_pkce_only_on_request() {
    let plain = AuthorizationRequest::builder(Url::parse("https://as/a").unwrap(), "c")
        .pkce(CodeChallengeMethod::Plain)
        .build()
        .unwrap();
    assert_eq!(query(&plain)["code_challenge_method"], "plain");
    let none = AuthorizationRequest::builder(Url::parse("https://as/a").unwrap(), "c")
        .without_pkce()
        .build()
        .unwrap();
    assert!(!query(&none).contains_key("code_challenge"));
    assert!(none.pending().code_verifier().is_none());
}

fn callback(request: &AuthorizationRequest, extra: &str) -> Url {
    Url::parse(&format!(
        "https://app.example/cb?state={}{extra}",
        request.pending().state()
    ))
    .unwrap()
}

#[test]
fn a_good_callback_gives_the_code() {
    let request = request();
    let response = request
        .pending()
        .validate_callback(&callback(
            &request,
            "&code=abc&iss=https%3A%2F%2Fas.example",
        ))
        .unwrap();
    assert_eq!(response.code(), "abc");
    assert_eq!(
        response.pending().redirect_uri(),
        Some("https://app.example/cb")
    );
}

#[test]
fn state_missing_or_wrong_is_refused() {
    let request = request();
    let pending = request.pending();
    assert_eq!(
        pending
            .validate_query("code=abc&iss=https%3A%2F%2Fas.example")
            .unwrap_err(),
        CallbackError::MissingState
    );
    let err = pending
        .validate_query("code=abc&state=forged&iss=https%3A%2F%2Fas.example")
        .unwrap_err();
    assert_eq!(
        err,
        CallbackError::StateMismatch {
            received_prefix: "forged".to_owned()
        }
    );
}

#[test]
fn iss_mismatch_or_missing_when_required_is_refused() {
    let request = request();
    let err = request
        .pending()
        .validate_callback(&callback(
            &request,
            "&code=abc&iss=https%3A%2F%2Fattacker.example",
        ))
        .unwrap_err();
    assert!(
        matches!(err, CallbackError::IssuerMismatch { .. }),
        "{err:?}"
    );
    let err = request
        .pending()
        .validate_callback(&callback(&request, "&code=abc"))
        .unwrap_err();
    assert_eq!(err, CallbackError::MissingIssuer);

    // Not required: a missing iss passes, a wrong one never does.
    let lenient = AuthorizationRequest::builder(Url::parse("https://as/a").unwrap(), "c")
        .issuer("https://as")
        .build()
        .unwrap();
    assert!(
        lenient
            .pending()
            .validate_callback(&callback(&lenient, "&code=abc"))
            .is_ok()
    );
    assert!(
        lenient
            .pending()
            .validate_callback(&callback(&lenient, "&code=abc&iss=https%3A%2F%2Fx"))
            .is_err()
    );
}

#[test]
fn repeated_parameters_are_refused() {
    let request = request();
    let err = request
        .pending()
        .validate_callback(&callback(
            &request,
            "&code=a&code=b&iss=https%3A%2F%2Fas.example",
        ))
        .unwrap_err();
    assert_eq!(err, CallbackError::RepeatedParameter("code".into()));
}

#[test]
fn errors_and_missing_codes_are_typed() {
    let request = request();
    for code in [
        "access_denied",
        "login_required",
        "consent_required",
        "interaction_required",
        "account_selection_required",
        "vendor_thing",
    ] {
        let err = request
            .pending()
            .validate_callback(&callback(
                &request,
                &format!("&error={code}&error_description=no&iss=https%3A%2F%2Fas.example"),
            ))
            .unwrap_err();
        let CallbackError::Error(response) = err else {
            panic!("{code}")
        };
        assert_eq!(response.error.as_str(), code);
        assert_eq!(response.error_description.as_deref(), Some("no"));
    }
    let err = request
        .pending()
        .validate_callback(&callback(&request, "&iss=https%3A%2F%2Fas.example"))
        .unwrap_err();
    assert_eq!(err, CallbackError::MissingCode);
}

#[test]
fn form_post_parameters_and_fragments() {
    let request = request();
    let params = vec![
        ("state".to_owned(), request.pending().state().to_owned()),
        ("code".to_owned(), "abc".to_owned()),
        ("iss".to_owned(), "https://as.example".to_owned()),
    ];
    assert_eq!(
        request.pending().validate_params(params).unwrap().code(),
        "abc"
    );
    let fragment = Url::parse(&format!(
        "https://app.example/cb#state={}&code=xyz&iss=https%3A%2F%2Fas.example",
        request.pending().state()
    ))
    .unwrap();
    assert_eq!(
        request
            .pending()
            .validate_callback(&fragment)
            .unwrap()
            .code(),
        "xyz"
    );
}
