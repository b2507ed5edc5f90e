//! No type of this crate shows a secret it holds: every one is built with `SECRET-` markers,
//! formatted every way it can be, and searched for them.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::{Debug, Display};

use oauth2_types::{
    AccessToken, BearerToken, ClientSecret, ErrorResponse, FormRequest, RefreshToken, store,
};

/// A value as `Debug` shows it, plain and pretty.
fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// A value as `Debug` and `Display` show it.
fn debug_display(value: &(impl Debug + Display)) -> String {
    format!("{}\n{value}", debug(value))
}

#[test]
fn no_type_shows_its_secrets() {
    let token = BearerToken::from_response(
        br#"{"access_token":"SECRET-AT","token_type":"Bearer","expires_in":60,
             "refresh_token":"SECRET-RT","id_token":"SECRET-IDT","scope":"read",
             "issued_token":"SECRET-EXTRA"}"#,
    )
    .unwrap();
    let mut form = FormRequest::new("https://as.example/token".parse().unwrap());
    for (name, value) in [
        ("grant_type", "password"),
        ("client_secret", "SECRET-CS"),
        ("password", "SECRET-PW"),
        ("subject_token", "SECRET-ST"),
        ("client_assertion", "SECRET-CA"),
        ("code_verifier", "SECRET-CV"),
        ("detail", "refresh_token=SECRET-RT2"),
    ] {
        form.push(name, value);
    }
    let mut sensitive = http::HeaderValue::from_static("Basic SECRET-BASIC");
    sensitive.set_sensitive(true);
    form.headers.insert("authorization", sensitive);
    form.headers
        .insert("x-api-key", http::HeaderValue::from_static("SECRET-KEY"));
    form.headers
        .insert("dpop", http::HeaderValue::from_static("SECRET-PROOF"));
    let error: ErrorResponse = serde_json::from_str(
        r#"{"error":"invalid_grant","error_description":"code=SECRET-CODE is spent",
            "refresh_token":"SECRET-RT3","detail":{"access_token":"SECRET-AT2"}}"#,
    )
    .unwrap();
    let parse_error = BearerToken::from_response(br#"{"access_token":123456789}"#).unwrap_err();
    let store_error = store::decode(br#"{"access_token":SECRET-AT}"#).unwrap_err();
    let memory_store = store::MemoryStore::new();
    block_on(store::TokenStore::save(
        &memory_store,
        &store::StoreKey::named("k"),
        &token,
    ))
    .unwrap();
    for (name, shown) in [
        ("BearerToken", debug(&token)),
        ("AccessToken", debug(&AccessToken::new("SECRET-AT"))),
        ("RefreshToken", debug(&RefreshToken::new("SECRET-RT"))),
        ("ClientSecret", debug(&ClientSecret::new("SECRET-CS"))),
        ("FormRequest", debug(&form)),
        ("ErrorResponse", debug_display(&error)),
        ("TokenResponseError", debug_display(&parse_error)),
        (
            "RenewalLock",
            debug(&store::RenewalLock::new("SECRET-LOCK")),
        ),
        ("StoreError", debug_display(&store_error)),
        ("MemoryStore", debug(&memory_store)),
    ] {
        assert!(!shown.contains("SECRET-"), "{name}: {shown}");
        assert!(!shown.contains("123456789"), "{name}: {shown}");
    }
    // What is not secret stays, to help.
    let form = format!("{form:?}");
    assert!(
        form.contains("password") && form.contains("grant_type"),
        "{form}"
    );
    assert!(
        format!("{error}").starts_with("invalid_grant: code="),
        "{error}"
    );
}

/// Runs a future that never waits (the memory store's) to its end.
fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}
