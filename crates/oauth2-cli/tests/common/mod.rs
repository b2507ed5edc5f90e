//! Shared set-up of the `oauth2` command tests: the local authorization server and a way to
//! run the command.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Output};

use oauth2_test_server::TestServer;

pub(crate) fn server() -> &'static TestServer {
    TestServer::shared()
        .unwrap_or_else(|err| panic!("the local authorization server did not start: {err}"))
}

pub(crate) fn issuer() -> String {
    server().issuer().as_str().trim_end_matches('/').to_owned()
}

pub(crate) fn resource() -> String {
    server()
        .resource()
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

/// Runs `oauth2 <args>` to completion.
pub(crate) fn oauth2(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oauth2"))
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A test client's secret.
pub(crate) fn secret_of(id: &str) -> String {
    server().client(id).unwrap().client_secret.clone().unwrap()
}
