//! No type of this crate shows a secret it holds (tokens, codes, verifiers, assertions,
//! passwords, device codes, CIBA ids and hints, the client secret): every one is built with
//! `SECRET-` markers, formatted with `{:?}` and `{:#?}` (and Display where it has one), and
//! searched for them.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::fmt::{Debug, Display};

use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{
    AuthorizationCodeFetcher, BackchannelAuthenticationResponse, ClientCredentialsFetcher,
    DeviceAuthorizationResponse, Error, IntrospectionResponse, OAuth2Client, RefreshingFetcher,
    TokenManager,
};
use oauth2_types::{BearerToken, ErrorResponse};

fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

fn debug_display(value: &(impl Debug + Display)) -> String {
    format!("{}\n{value}", debug(value))
}

fn client() -> OAuth2Client {
    OAuth2Client::builder()
        .issuer("https://as.example")
        .authorization_endpoint("https://as.example/authorize")
        .token_endpoint("https://as.example/token")
        .auth(ClientSecretPost::new("my-client", "SECRET-CS"))
        .build()
        .unwrap()
}

#[test]
fn no_type_shows_its_secrets() {
    let client = client();
    let request = client
        .authorization_request()
        .unwrap()
        .state("SECRET-STATE-1234")
        .scope(["openid"])
        .nonce("SECRET-NONCE")
        .build()
        .unwrap();
    let response = request
        .pending()
        .validate_query("code=SECRET-CODE&state=SECRET-STATE-1234")
        .unwrap();
    let device: DeviceAuthorizationResponse = serde_json::from_str(
        r#"{"device_code":"SECRET-DC","user_code":"SECRET-UC","verification_uri":"https://as.example/device",
            "verification_uri_complete":"https://as.example/device?user_code=SECRET-UC","expires_in":600,
            "extra_token":"SECRET-EXTRA"}"#,
    )
    .unwrap();
    // Unsigned is enough: IdToken::of reads a token the client validated on arrival.
    let payload = oauth2_jose::base64url(
        br#"{"iss":"https://as.example","sub":"alice","aud":"c","exp":4000000000,"iat":1,"nonce":"SECRET-NONCE","x":"SECRET-EXTRA"}"#,
    );
    let raw_id_token = format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln");
    let id_token = oauth2_grants::IdToken::of(
        &oauth2_types::BearerToken::new("at").with_id_token(&raw_id_token),
    )
    .unwrap()
    .unwrap();
    assert!(!debug(&id_token).contains(&raw_id_token));
    let ciba: BackchannelAuthenticationResponse = serde_json::from_str(
        r#"{"auth_req_id":"SECRET-ARI","expires_in":120,"interval":2,"x_secret":"SECRET-EXTRA"}"#,
    )
    .unwrap();
    let introspection: IntrospectionResponse = serde_json::from_str(
        r#"{"active":true,"scope":"read","client_id":"my-client","sub":"alice",
            "access_token":"SECRET-AT","cnf":{"jkt":"thumb"},"session":{"refresh_token":"SECRET-RT"}}"#,
    )
    .unwrap();
    let token = BearerToken::new("SECRET-AT").with_refresh_token("SECRET-RT");
    let oauth_error = Error::OAuth {
        status: http::StatusCode::BAD_REQUEST,
        response: Box::new(
            serde_json::from_str::<ErrorResponse>(
                r#"{"error":"invalid_grant","error_description":"code=SECRET-CODE was used","refresh_token":"SECRET-RT"}"#,
            )
            .unwrap(),
        ),
    };
    for (name, shown) in [
        ("OAuth2Client", debug(&client)),
        (
            "TokenRequest (code)",
            debug(&client.exchange_code(&response)),
        ),
        (
            "TokenRequest (code, bare)",
            debug(
                &client
                    .authorization_code("SECRET-CODE")
                    .code_verifier("SECRET-CV"),
            ),
        ),
        (
            "TokenRequest (refresh)",
            debug(&client.refresh(&token).unwrap()),
        ),
        (
            "TokenRequest (password)",
            debug(&client.resource_owner_password("alice", "SECRET-PW")),
        ),
        (
            "TokenRequest (exchange)",
            debug(
                &client
                    .token_exchange("SECRET-ST", "urn:ietf:params:oauth:token-type:access_token")
                    .actor_token("SECRET-ACT", "urn:ietf:params:oauth:token-type:jwt"),
            ),
        ),
        (
            "TokenRequest (jwt bearer)",
            debug(&client.jwt_bearer("SECRET-ASSERTION")),
        ),
        ("TokenRequest (device)", debug(&client.device_code(&device))),
        ("TokenRequest (ciba)", debug(&client.ciba(&ciba))),
        (
            "TokenRequest (extension)",
            debug(
                &client
                    .client_credentials()
                    .param("vendor_otp", "SECRET-OTP"),
            ),
        ),
        (
            "IntrospectionRequest",
            debug(&client.introspect("SECRET-T")),
        ),
        ("RevocationRequest", debug(&client.revocation("SECRET-T"))),
        (
            "DeviceAuthorizationRequest",
            debug(
                &client
                    .device_authorization()
                    .param("vendor_otp", "SECRET-OTP"),
            ),
        ),
        (
            "BackchannelAuthenticationRequest",
            debug(
                &client
                    .backchannel_authentication()
                    .login_hint_token("SECRET-LHT")
                    .id_token_hint("SECRET-IDT")
                    .param("user_code", "SECRET-UC"),
            ),
        ),
        ("DeviceAuthorizationResponse", debug(&device)),
        (
            "Poller (device)",
            debug(&client.device_poller(&device).unwrap()),
        ),
        ("Poller (CIBA)", debug(&client.ciba_poller(&ciba).unwrap())),
        (
            "PollingFetcher",
            debug(&oauth2_grants::PollingFetcher::new(
                client.clone(),
                client.device_poller(&device).unwrap(),
            )),
        ),
        ("BackchannelAuthenticationResponse", debug(&ciba)),
        ("IntrospectionResponse", debug(&introspection)),
        (
            "RefreshingFetcher",
            debug(&RefreshingFetcher::new(client.clone()).param("client_assertion", "SECRET-CA")),
        ),
        (
            "ClientCredentialsFetcher",
            debug(&ClientCredentialsFetcher::new(
                client
                    .client_credentials()
                    .param("vendor_otp", "SECRET-OTP"),
            )),
        ),
        (
            "AuthorizationCodeFetcher",
            debug(&AuthorizationCodeFetcher::new(client.clone(), &response)),
        ),
        (
            "TokenManager",
            debug(&TokenManager::refreshing(client.clone(), token.clone())),
        ),
        (
            "TokenManager with a store and a hook",
            debug(
                &TokenManager::client_credentials(
                    client
                        .client_credentials()
                        .param("vendor_otp", "SECRET-OTP"),
                )
                .with_store(oauth2_grants::FileStore::new("tokens.json"))
                .on_renewal(|_| {}),
            ),
        ),
        ("Error::OAuth", debug_display(&oauth_error)),
        ("IdToken", debug(&id_token)),
    ] {
        assert!(!shown.contains("SECRET-"), "{name}: {shown}");
    }
    // What is not secret stays, to help.
    let shown = debug(&client.exchange_code(&response));
    assert!(
        shown.contains("authorization_code") && shown.contains("code_verifier"),
        "{shown}"
    );
    let shown = debug(&introspection);
    assert!(
        shown.contains("alice") && shown.contains("thumb"),
        "{shown}"
    );
}
