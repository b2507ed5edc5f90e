//! Colour on stderr: only on a terminal, and never with `NO_COLOR` set. The terminal is the
//! pseudo-terminal of util-linux `script`; without it the test skips itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::process::Command;

/// What `oauth2 discover` writes on a terminal, with `NO_COLOR` set to `no_color` (or unset).
fn on_a_terminal(no_color: Option<&str>) -> Option<String> {
    let command = format!(
        "{} discover {} --insecure",
        env!("CARGO_BIN_EXE_oauth2"),
        issuer()
    );
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]);
    script.env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let out = script.output().ok()?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    Some(text(&out.stdout))
}

#[test]
fn dimmed_on_a_terminal_unless_no_color() {
    let Some(coloured) = on_a_terminal(None) else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    assert!(coloured.contains("\x1b[2m"), "dimmed: {coloured}");
    let plain = on_a_terminal(Some("1")).unwrap();
    assert!(plain.contains("> GET"), "the account is there: {plain}");
    assert!(!plain.contains("\x1b["), "no colour with NO_COLOR: {plain}");
}
