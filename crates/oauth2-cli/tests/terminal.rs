//! The `oauth2` command on a terminal (the pseudo-terminal of util-linux `script`; without it
//! the tests skip themselves): colour only there and never with `NO_COLOR`, and the polling line.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

use std::process::Command;

/// What `oauth2 discover` writes on a terminal, with `NO_COLOR` set to `no_color` (or unset).
fn on_a_terminal(no_color: Option<&str>) -> Option<String> {
    let command = format!(
        "{} discover {} --allow-http",
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
        no_terminal("dimmed_on_a_terminal_unless_no_color");
        return;
    };
    assert!(coloured.contains("\x1b[2m"), "dimmed: {coloured}");
    let plain = on_a_terminal(Some("1")).unwrap();
    assert!(plain.contains("> GET"), "the account is there: {plain}");
    assert!(!plain.contains("\x1b["), "no colour with NO_COLOR: {plain}");
}

/// On a terminal the device flow's polling is one line redrawn in place: a spinner and the
/// time left before the code expires.
#[tokio::test]
async fn device_polling_shows_a_spinner_and_countdown_on_a_terminal() {
    use std::io::Read;
    let secret = secret_of("client-secret-post");
    let command = format!(
        "{} token {} --allow-http --grant-type device_code --scope openid \
         --client-id client-secret-post --client-secret {secret} --auth-method client_secret_post",
        env!("CARGO_BIN_EXE_oauth2"),
        issuer()
    );
    let Ok(mut child) = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        no_terminal("device_polling_shows_a_spinner_and_countdown_on_a_terminal");
        return;
    };
    let mut terminal = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buffer = [0_u8; 4096];
        let mut sent = false;
        while let Ok(read) = terminal.read(&mut buffer) {
            if read == 0 {
                break;
            }
            seen.extend_from_slice(&buffer[..read]);
            let text = String::from_utf8_lossy(&seen).into_owned();
            if !sent
                && text.contains("left (poll")
                && let Some(url) = text
                    .split("(or open ")
                    .nth(1)
                    .and_then(|rest| rest.split(')').next())
            {
                let _ = sender.send(url.to_owned());
                sent = true;
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    let complete = tokio::task::spawn_blocking(move || {
        receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap()
    })
    .await
    .unwrap();
    oauth2_test_server::complete_device_authorization(&url::Url::parse(&complete).unwrap(), true)
        .await
        .unwrap();
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let seen = reader.join().unwrap();
    assert!(status.success(), "{seen}");
    assert!(
        seen.contains('▀') || seen.contains('▄'),
        "a QR code: {seen}"
    );
    assert!(seen.contains("\r\x1b[2K"), "one line redrawn: {seen}");
    assert!(
        seen.contains("waiting for approval, ") && seen.contains(" left (poll"),
        "a countdown: {seen}"
    );
    assert!(seen.contains("\"access_token\""), "and the token: {seen}");
}

/// With no password given, the password grant asks on the terminal, without echo: the
/// password typed never shows.
#[test]
fn the_password_grant_asks_on_the_terminal_without_echo() {
    use std::io::{Read, Write};
    let secret = secret_of("password-client");
    let command = format!(
        "{} token {} --allow-http --grant-type password --username alice --scope openid \
         --client-id password-client --client-secret {secret}",
        env!("CARGO_BIN_EXE_oauth2"),
        issuer()
    );
    let Ok(mut child) = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("OAUTH2_PASSWORD")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        no_terminal("the_password_grant_asks_on_the_terminal_without_echo");
        return;
    };
    let mut terminal = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0_u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("Password for alice: ") {
        let read = terminal.read(&mut buffer).unwrap();
        assert!(read > 0, "no prompt: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buffer[..read]);
    }
    // The prompt is written just before echo is turned off.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut keyboard = child.stdin.take().unwrap();
    keyboard.write_all(b"wonderland\r").unwrap();
    terminal.read_to_end(&mut seen).unwrap();
    drop(keyboard);
    let status = child.wait().unwrap();
    let seen = String::from_utf8_lossy(&seen);
    assert!(status.success(), "{seen}");
    assert!(seen.contains("\"access_token\""), "a token: {seen}");
    assert!(
        !seen.contains("wonderland"),
        "the password is not echoed: {seen}"
    );
}
