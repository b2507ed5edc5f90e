//! Token responses and stored tokens: expiry forms, extras, serde round trips, Debug.
use super::*;
use std::time::UNIX_EPOCH;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn a_servers_own_expires_at_is_just_a_member() {
    let body = r#"{"access_token":"a","expires_in":60,"expires_at":"2030-01-01T00:00:00Z"}"#;
    let token = BearerToken::from_response_at(body.as_bytes(), at(1000)).unwrap();
    assert_eq!(token.expires_at(), Some(at(1060)));
    assert_eq!(
        token.extra("expires_at"),
        Some(&Value::from("2030-01-01T00:00:00Z"))
    );
    let stored = serde_json::to_string(&token).unwrap();
    let loaded: BearerToken = serde_json::from_str(&stored).unwrap();
    assert_eq!(loaded.expires_at(), Some(at(1060)), "{stored}");
    let body = r#"{"access_token":"a","expires_at":99}"#;
    let token = BearerToken::from_response_at(body.as_bytes(), at(1000)).unwrap();
    assert_eq!(token.expires_at(), None, "no expires_in: no expiry");
}

#[test]
fn a_refresh_without_id_token_keeps_the_first_one() {
    let first = BearerToken::new("a")
        .with_refresh_token("r")
        .with_id_token("first.id.token");
    let refreshed = BearerToken::new("b").keep_refresh_token_of(&first);
    assert_eq!(refreshed.id_token(), Some("first.id.token"));
    let newer = BearerToken::new("c")
        .with_id_token("newer.id.token")
        .keep_refresh_token_of(&refreshed);
    assert_eq!(newer.id_token(), Some("newer.id.token"), "a new one wins");
}

#[test]
fn expires_in_forms() {
    for body in [
        r#"{"access_token":"a","expires_in":60}"#,
        r#"{"access_token":"a","expires_in":"60"}"#,
        r#"{"access_token":"a","expires_in":60.0}"#,
        r#"{"access_token":"a","expires_in":" 60 "}"#,
    ] {
        let token = BearerToken::from_response_at(body.as_bytes(), at(1000)).unwrap();
        assert_eq!(token.expires_at(), Some(at(1060)), "{body}");
    }
    let token = BearerToken::from_response_at(br#"{"access_token":"a","expires_in":-5}"#, at(1000))
        .unwrap();
    assert!(token.is_expired_at(at(1000), Duration::ZERO));
    assert!(matches!(
        BearerToken::from_response(br#"{"access_token":"a","expires_in":"soon"}"#),
        Err(TokenResponseError::InvalidExpiresIn(_))
    ));
    assert!(matches!(
        BearerToken::from_response(br#"{"access_token":"a","expires_in":[1]}"#),
        Err(TokenResponseError::InvalidExpiresIn(_))
    ));
}

#[test]
fn missing_or_empty_access_token_is_refused() {
    for body in [r#"{"token_type":"Bearer"}"#, r#"{"access_token":""}"#] {
        assert!(matches!(
            BearerToken::from_response(body.as_bytes()),
            Err(TokenResponseError::MissingAccessToken)
        ));
    }
    assert!(matches!(
        BearerToken::from_response(b"<html>"),
        Err(TokenResponseError::Json(_))
    ));
    assert!(matches!(
        BearerToken::from_response(b"[1,2]"),
        Err(TokenResponseError::Json(_))
    ));
}

#[test]
fn token_type_any_case() {
    for tt in ["bearer", "BEARER", "Bearer"] {
        let body = format!(r#"{{"access_token":"a","token_type":"{tt}"}}"#);
        let token = BearerToken::from_response(body.as_bytes()).unwrap();
        assert!(token.has_bearer_type());
        assert_eq!(token.authorization_header().unwrap(), "Bearer a");
    }
    let token = BearerToken::from_response(br#"{"access_token":"a","token_type":"dpop"}"#).unwrap();
    assert_eq!(token.authorization_header().unwrap(), "DPoP a");
}

#[test]
fn serde_round_trip_keeps_absolute_expiry_and_extras() {
    let token = BearerToken::from_response_at(
        br#"{"access_token":"a","token_type":"Bearer","expires_in":60,"refresh_token":"r","scope":"s","id_token":"i","x":{"y":1}}"#,
        at(1_700_000_000),
    )
    .unwrap();
    let stored = serde_json::to_value(&token).unwrap();
    assert_eq!(stored["expires_at"], 1_700_000_060);
    assert!(stored.get("expires_in").is_none());
    let loaded: BearerToken = serde_json::from_value(stored).unwrap();
    assert_eq!(loaded, token);
    assert_eq!(loaded.extra("x").unwrap()["y"], 1);
}

#[test]
fn debug_shows_no_secret() {
    let token = BearerToken::new("secret-access")
        .with_refresh_token("secret-refresh")
        .with_id_token("secret-id");
    let debug = format!("{token:?}");
    assert!(!debug.contains("secret-"), "{debug}");
}

#[test]
fn header_refuses_control_characters() {
    assert!(BearerToken::new("a\nb").authorization_header().is_err());
    assert!(
        BearerToken::new("abc")
            .authorization_header()
            .unwrap()
            .is_sensitive()
    );
}

#[test]
fn a_token_of_the_wrong_type_is_not_quoted_by_the_error() {
    // A numeric access token, and a refresh token where an object would not be.
    for body in [
        r#"{"access_token":987654321987,"token_type":"Bearer"}"#,
        r#"{"access_token":"a","refresh_token":{"v":"SECRET-RT"},"x":987654321987}"#,
    ] {
        let err = BearerToken::from_response(body.as_bytes()).unwrap_err();
        let shown = [format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
        for shown in &shown {
            assert!(
                !shown.contains("987654321987") && !shown.contains("SECRET-RT"),
                "{shown}"
            );
        }
        assert!(std::error::Error::source(&err).is_none());
    }
}

#[test]
fn a_clone_shares_the_token_instead_of_copying_it() {
    let token = BearerToken::new("x".repeat(800))
        .with_id_token("eyJ...")
        .with_refresh_token("r");
    let clone = token.clone();
    assert!(Arc::ptr_eq(&token.inner, &clone.inner));
    assert_eq!(size_of::<BearerToken>(), size_of::<usize>());
}

#[test]
fn the_authorization_header_is_built_once_and_kept() {
    let token = BearerToken::new("abc");
    let first = token.authorization_header().unwrap();
    let again = token.clone().authorization_header().unwrap();
    assert_eq!(first.as_bytes().as_ptr(), again.as_bytes().as_ptr());
    assert!(again.is_sensitive());
}

#[test]
fn changing_a_token_changes_its_authorization_header() {
    let token = BearerToken::new("abc");
    assert_eq!(token.authorization_header().unwrap(), "Bearer abc");
    let dpop = token.clone().with_token_type("DPoP");
    assert_eq!(dpop.authorization_header().unwrap(), "DPoP abc");
    assert_eq!(token.authorization_header().unwrap(), "Bearer abc");
}
