//! `.scope()` takes a space-separated string or a list, as the authorization request's does.

use oauth2_client_auth::NoAuth;
use oauth2_grants::OAuth2Client;

#[test]
fn a_string_and_a_list_ask_for_the_same_scopes() {
    let client = OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(NoAuth::new("my-app"))
        .build()
        .unwrap();
    let scopes = vec!["api:read".to_owned(), "api:write".to_owned()];
    for request in [
        client.client_credentials().scope("api:read api:write"),
        client.client_credentials().scope(["api:read", "api:write"]),
        client.client_credentials().scope(&scopes),
        client.client_credentials().scope(scopes.clone()),
        client.client_credentials().scopes(&scopes),
    ] {
        assert_eq!(request.get("scope"), Some("api:read api:write"));
    }
    let cleared = client.client_credentials().scope("api:read").scope([""; 0]);
    assert_eq!(cleared.get("scope"), None);
}
