//! `.scope()` takes a space-separated string or a list, as the token requests' `.scope()` does.

use oauth2_pkce_par_jar::AuthorizationRequest;

fn scope_sent(request: &AuthorizationRequest) -> Option<String> {
    request
        .url()
        .query_pairs()
        .find(|(name, _)| name == "scope")
        .map(|(_, value)| value.into_owned())
}

#[test]
fn a_string_and_a_list_ask_for_the_same_scopes() {
    let endpoint: url::Url = "https://as.example/authorize".parse().unwrap();
    let from_text = AuthorizationRequest::builder(endpoint.clone(), "c")
        .scope("openid profile")
        .build()
        .unwrap();
    let from_list = AuthorizationRequest::builder(endpoint.clone(), "c")
        .scope(["openid", "profile"])
        .build()
        .unwrap();
    let from_vec = AuthorizationRequest::builder(endpoint, "c")
        .scope(vec!["openid".to_owned(), "profile".to_owned()])
        .build()
        .unwrap();
    for request in [&from_text, &from_list, &from_vec] {
        assert_eq!(scope_sent(request).as_deref(), Some("openid profile"));
        // `openid` is seen in either form, so a nonce is added.
        assert!(request.pending().nonce().is_some());
    }
}
