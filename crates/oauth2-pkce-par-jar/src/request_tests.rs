//! What the builder refuses, what it keeps for the callback, and secrets kept out of errors.

use serde_json::json;
use url::Url;

use crate::{
    AuthorizationRequest, AuthorizationRequestError, CallbackError, PendingAuthorization,
    RESERVED_PARAMETERS,
};

fn builder() -> crate::AuthorizationRequestBuilder {
    AuthorizationRequest::builder(
        Url::parse("https://as.example/authorize?tenant=blue&x=1").unwrap(),
        "client-1",
    )
    .issuer("https://as.example")
}

#[test]
fn a_state_mismatch_never_shows_the_expected_state() {
    let request = builder().build().unwrap();
    let secret = request.pending().state().to_owned();
    let forged = "forged-state-that-is-quite-long";
    let err = request
        .pending()
        .validate_query(&format!("code=abc&state={forged}"))
        .unwrap_err();
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(&secret), "{shown}");
        assert!(!shown.contains(&secret[..8]), "{shown}");
        assert!(!shown.contains(forged), "only a prefix: {shown}");
        assert!(shown.contains("forged-s"), "{shown}");
    }
}

#[test]
fn iss_required_without_an_expected_issuer_is_a_configuration_error() {
    let err = AuthorizationRequest::builder(Url::parse("https://as/a").unwrap(), "c")
        .require_iss(true)
        .build()
        .unwrap_err();
    assert_eq!(err, AuthorizationRequestError::IssuerRequired);

    // A pending state stored that way (or edited) never accepts any iss.
    let request = builder().require_iss(true).build().unwrap();
    let mut stored = serde_json::to_value(request.pending()).unwrap();
    stored["issuer"] = serde_json::Value::Null;
    let pending: PendingAuthorization = serde_json::from_value(stored).unwrap();
    for iss in ["https%3A%2F%2Fattacker.example", "https%3A%2F%2Fas.example"] {
        let err = pending
            .validate_query(&format!("code=abc&state={}&iss={iss}", pending.state()))
            .unwrap_err();
        assert_eq!(err, CallbackError::NoExpectedIssuer);
    }
}

#[test]
fn pushed_and_signed_urls_keep_the_endpoint_query() {
    let request = builder()
        .build()
        .unwrap()
        .with_url_params(vec![("request_uri".into(), "urn:r".into())]);
    let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    let expected = [
        ("tenant", "blue"),
        ("x", "1"),
        ("client_id", "client-1"),
        ("request_uri", "urn:r"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(pairs, expected);
    assert_eq!(request.url().path(), "/authorize");
}

#[test]
#[cfg(feature = "jar")]
fn signed_urls_keep_the_endpoint_query() {
    pollster::block_on(async {
        let key = oauth2_jose::SigningKey::generate(oauth2_jose::Algorithm::ES256).unwrap();
        let signed = builder()
            .build()
            .unwrap()
            .signed(
                &key,
                "https://as.example",
                crate::DEFAULT_REQUEST_OBJECT_LIFETIME,
            )
            .await
            .unwrap();
        let names: Vec<String> = signed
            .url()
            .query_pairs()
            .map(|(k, _)| k.into_owned())
            .collect();
        assert_eq!(names, ["tenant", "x", "client_id", "request"]);
    });
}

#[test]
fn core_parameters_cannot_be_repeated_with_param() {
    for name in RESERVED_PARAMETERS {
        let err = builder().param(*name, "x").build().unwrap_err();
        assert_eq!(
            err,
            AuthorizationRequestError::ReservedParameter((*name).to_owned())
        );
    }
    let request = builder()
        .param("custom", "1")
        .max_age(10)
        .max_age(20)
        .build()
        .unwrap();
    let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    let max_ages: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "max_age")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(max_ages, ["20"], "set once, and as kept");
    assert_eq!(request.pending().max_age(), Some(20));
}

#[test]
fn weak_or_unprintable_states_are_refused() {
    for state in [
        "",
        "short",
        "1234567",
        "has\nnewline-in-it",
        "tab\there-too",
        "caf\u{e9}-state",
    ] {
        assert_eq!(
            builder().state(state).build().unwrap_err(),
            AuthorizationRequestError::InvalidState,
            "{state:?}"
        );
    }
    let ok = builder().state("abcdefgh").build().unwrap();
    assert_eq!(ok.pending().state(), "abcdefgh");
    let random = builder().build().unwrap();
    assert!(random.pending().state().len() >= 22, ">= 128 random bits");
}

#[test]
fn acr_values_and_essential_acr_are_kept_for_the_id_token_check() {
    let essential_values = builder()
        .acr_values(["urn:a", "urn:b"])
        .claims(&json!({"id_token": {"acr": {"essential": true, "values": ["urn:mfa"]}}}))
        .build()
        .unwrap();
    let pending = essential_values.pending();
    assert_eq!(
        pending.acr_values(),
        Some(&["urn:a".to_owned(), "urn:b".to_owned()][..])
    );
    assert_eq!(pending.essential_acr(), Some(&["urn:mfa".to_owned()][..]));

    // Essential without values: the acr_values requested.
    let essential = builder()
        .acr_values(["urn:a"])
        .claims(&json!({"id_token": {"acr": {"essential": true}}}))
        .build()
        .unwrap();
    assert_eq!(
        essential.pending().essential_acr(),
        Some(&["urn:a".to_owned()][..])
    );

    // Voluntary: nothing to check.
    let voluntary = builder()
        .acr_values(["urn:a"])
        .claims(&json!({"id_token": {"acr": {"values": ["urn:a"]}}}))
        .build()
        .unwrap();
    assert_eq!(voluntary.pending().essential_acr(), None);

    // Kept across a session store; older stored states still load.
    let stored = serde_json::to_string(pending).unwrap();
    let back: PendingAuthorization = serde_json::from_str(&stored).unwrap();
    assert_eq!(back.essential_acr(), pending.essential_acr());
    let mut old = serde_json::to_value(pending).unwrap();
    for field in ["openid", "acr_values", "essential_acr", "dpop_jkt"] {
        old.as_object_mut().unwrap().remove(field);
    }
    let old: PendingAuthorization = serde_json::from_value(old).unwrap();
    assert_eq!(old.essential_acr(), None);
}

#[test]
fn openid_in_the_scope_means_an_id_token_is_expected() {
    let openid = builder().scope(["openid"]).build().unwrap();
    assert!(openid.pending().expects_id_token());
    let plain = builder().scope(["api"]).build().unwrap();
    assert!(!plain.pending().expects_id_token());
}

/// The names of a URL's query parameters, in order.
fn query_names(url: &Url) -> Vec<String> {
    url.query_pairs().map(|(k, _)| k.into_owned()).collect()
}

#[test]
fn parameters_in_the_endpoint_query_are_replaced_not_sent_twice() {
    let endpoint = Url::parse(
        "https://as.example/authorize?client_id=other&response_type=token&tenant=blue\
         &state=theirs&scope=admin&redirect_uri=https%3A%2F%2Fevil.example&prompt=none&flag",
    )
    .unwrap();
    let request = AuthorizationRequest::builder(endpoint, "client-1")
        .redirect_uri("https://app.example/cb")
        .scope(["openid"])
        .param("prompt", "login")
        .build()
        .unwrap();
    let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    let mut names = query_names(request.url());
    names.sort();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "a parameter is sent twice: {pairs:?}");
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(value("client_id"), Some("client-1"));
    assert_eq!(value("response_type"), Some("code"));
    assert_eq!(value("state"), Some(request.pending().state()));
    assert_eq!(value("scope"), Some("openid"));
    assert_eq!(value("redirect_uri"), Some("https://app.example/cb"));
    assert_eq!(value("prompt"), Some("login"), "ours replaces theirs");
    // Unrelated parameters of the endpoint stay first, as written (`flag` has no `=`).
    assert!(
        request
            .url()
            .query()
            .unwrap()
            .starts_with("tenant=blue&flag&client_id=client-1"),
        "{:?}",
        request.url().query()
    );

    // A pushed (or signed) request's URL carries client_id and request_uri only: a reserved
    // parameter of the endpoint is dropped even when the request no longer sends it.
    let pushed = request.with_url_params(vec![("request_uri".into(), "urn:r".into())]);
    assert_eq!(
        query_names(pushed.url()),
        ["tenant", "prompt", "flag", "client_id", "request_uri"]
    );
}

#[test]
fn only_the_one_question_mark_before_a_query_is_skipped() {
    let request = builder().state("state-1234").build().unwrap();
    let pending = request.pending();
    // `?code` is a parameter of its own name, as a browser or a web framework reads it.
    let query = "??code=abc&state=state-1234&iss=https%3A%2F%2Fas.example";
    assert_eq!(
        pending.validate_query(query).err(),
        Some(CallbackError::MissingCode)
    );
    let callback = Url::parse(&format!("https://app.example/cb?{query}")).unwrap();
    assert_eq!(
        pending.validate_callback(&callback).err(),
        Some(CallbackError::MissingCode)
    );
    // One `?` before a bare query is the query's own.
    assert_eq!(pending.validate_query(&query[1..]).unwrap().code(), "abc");
    assert_eq!(pending.validate_query(&query[2..]).unwrap().code(), "abc");
}
