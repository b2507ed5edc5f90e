//! The JSON bodies of the authorization server: token, error, metadata and introspection
//! responses.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_grants::IntrospectionResponse;
use oauth2_types::{AuthorizationServerMetadata, BearerToken, ErrorCode, ErrorResponse};
use serde_json::Value;
use url::Url;

use crate::checks::{round_trip, same_shown, with_secrets_replaced};

/// The members of a token response that are secrets.
const TOKEN_SECRETS: &[&str] = &["access_token", "refresh_token", "id_token"];

/// When the fuzzed token responses were issued: fixed, so two parses of one input agree.
fn issued_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// A token endpoint's body, read as a server's response ([`BearerToken::from_response_at`])
/// and as a stored token (its `Deserialize`): no empty access token is accepted, a token
/// stored and loaded back is the same token, its `Authorization` header is marked sensitive,
/// and neither `Debug` nor an error depends on the token values.
///
/// ```
/// oauth2_fuzz_targets::token_response(br#"{"access_token":"a","expires_in":"60"}"#);
/// ```
pub fn token_response(data: &[u8]) {
    if let Ok(token) = BearerToken::from_response_at(data, issued_at()) {
        check_token(&token);
    }
    if let Ok(stored) = serde_json::from_slice::<BearerToken>(data) {
        check_token(&stored);
    }
    if let Ok(value) = serde_json::from_slice::<Value>(data)
        && let Some(other) = with_secrets_replaced(&value, TOKEN_SECRETS)
    {
        let parse = |value: &Value| {
            let body = serde_json::to_vec(value).unwrap_or_default();
            BearerToken::from_response_at(&body, issued_at())
        };
        same_shown(&parse(&value), &parse(&other), "a token response");
    }
}

fn check_token(token: &BearerToken) {
    assert!(
        !token.access_token().secret().is_empty(),
        "a token without an access token was accepted"
    );
    let _ = (
        token.has_bearer_type(),
        token.has_dpop_type(),
        token.expires_in(),
    );
    let _ = token.is_expired_at(UNIX_EPOCH, Duration::MAX);
    if let Ok(header) = token.authorization_header() {
        assert!(
            header.is_sensitive(),
            "the Authorization header is not sensitive"
        );
    }
    let stored = match serde_json::to_vec(token) {
        Ok(stored) => stored,
        Err(err) => panic!("a token does not serialize: {err}"),
    };
    let loaded = match serde_json::from_slice::<BearerToken>(&stored) {
        Ok(loaded) => loaded,
        Err(err) => panic!("a stored token does not load back: {err}"),
    };
    // A server's own `expires_at` member gives way to ours when stored.
    let mut extras = token.extras().clone();
    extras.remove("expires_at");
    assert!(
        loaded.access_token() == token.access_token()
            && loaded.refresh_token() == token.refresh_token()
            && loaded.token_type() == token.token_type()
            && loaded.expires_at() == token.expires_at()
            && loaded.scope() == token.scope()
            && loaded.id_token() == token.id_token()
            && loaded.extras() == &extras,
        "a stored token loads back different: {token:?} became {loaded:?}"
    );
}

/// An OAuth error response (RFC 6749 section 5.2): it reads back what it writes, its code is
/// kept as sent, and it displays its code first.
///
/// ```
/// oauth2_fuzz_targets::error_response(br#"{"error":"invalid_grant","error_description":"no"}"#);
/// ```
pub fn error_response(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    assert_eq!(
        ErrorCode::from(text.as_ref()).as_str(),
        text,
        "an error code changed"
    );
    if let Ok(response) = serde_json::from_slice::<ErrorResponse>(data) {
        assert_eq!(ErrorCode::from(response.error.as_str()), response.error);
        assert!(response.to_string().starts_with(response.error.as_str()));
        round_trip(&response, "an error response");
    }
}

/// A discovery document: it reads back what it writes, and the well-known URLs made from its
/// issuer stay on the issuer's origin (scheme, host and port).
///
/// ```
/// oauth2_fuzz_targets::metadata(br#"{"issuer":"https://as.example/tenant"}"#);
/// ```
pub fn metadata(data: &[u8]) {
    let Ok(metadata) = serde_json::from_slice::<AuthorizationServerMetadata>(data) else {
        return;
    };
    round_trip(&metadata, "a metadata document");
    let _ = metadata.iss_parameter_supported();
    let issuer = &metadata.issuer;
    let openid = AuthorizationServerMetadata::openid_configuration_url(issuer);
    assert!(openid.starts_with(issuer.trim_end_matches('/')));
    assert!(openid.ends_with("/.well-known/openid-configuration"));
    if let Ok(issuer) = Url::parse(issuer)
        && !issuer.cannot_be_a_base()
    {
        let well_known = AuthorizationServerMetadata::oauth_authorization_server_url(&issuer);
        assert_eq!(
            (well_known.scheme(), well_known.host(), well_known.port()),
            (issuer.scheme(), issuer.host(), issuer.port()),
            "the RFC 8414 URL of {issuer} is {well_known}: another origin"
        );
        assert!(
            well_known
                .path()
                .starts_with("/.well-known/oauth-authorization-server"),
            "the RFC 8414 URL of {issuer} is {well_known}"
        );
        assert_eq!((well_known.query(), well_known.fragment()), (None, None));
    }
}

/// An introspection response (RFC 7662): it reads back what it writes.
///
/// ```
/// oauth2_fuzz_targets::introspection(br#"{"active":true,"scope":"read","exp":1}"#);
/// ```
pub fn introspection(data: &[u8]) {
    if let Ok(response) = serde_json::from_slice::<IntrospectionResponse>(data) {
        round_trip(&response, "an introspection response");
    }
}
