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

/// Runs `oauth2 token --grant-type authorization_code --no-browser ...`, plays the browser
/// (the local server signs the test user in), and returns the command's output (its stderr
/// included).
pub(crate) async fn code_flow(extra: &[&str]) -> Output {
    run_code_flow(extra, |url| async move {
        let callback = server().complete_authorization(&url).await.unwrap();
        reqwest::get(callback).await.unwrap()
    })
    .await
}

/// As [`code_flow`], with `--response-mode form_post`: the browser POSTs the server's form
/// to the loopback listener.
pub(crate) async fn form_post_code_flow(extra: &[&str]) -> Output {
    let mut args = vec!["--response-mode", "form_post"];
    args.extend(extra);
    run_code_flow(&args, |url| async move {
        let form = server()
            .complete_form_post_authorization(&url)
            .await
            .unwrap();
        reqwest::Client::new()
            .post(form.action)
            .form(&form.fields)
            .send()
            .await
            .unwrap()
    })
    .await
}

/// Runs the code flow command; `browser` plays the browser from the authorization URL and
/// returns the loopback listener's answer.
async fn run_code_flow<F, Fut>(extra: &[&str], browser: F) -> Output
where
    F: FnOnce(url::Url) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response>,
{
    use std::io::{BufRead, BufReader};
    let issuer = issuer();
    let mut args = vec![
        "token",
        issuer.as_str(),
        "--allow-http",
        "--grant-type",
        "authorization_code",
        "--no-browser",
    ];
    args.extend(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth2"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let account = std::thread::spawn(move || {
        let mut seen = String::new();
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent && line.starts_with("http") {
                let _ = sender.send(Ok(line.clone()));
                sent = true;
            }
            seen.push_str(&line);
            seen.push('\n');
        }
        if !sent {
            let _ = sender.send(Err(seen.clone()));
        }
        seen
    });
    let url = tokio::task::spawn_blocking(move || {
        receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap()
    })
    .await
    .unwrap()
    .unwrap_or_else(|stderr| panic!("no authorization URL on stderr: {stderr}"));
    let page = browser(url::Url::parse(&url).unwrap()).await;
    assert_eq!(
        page.status(),
        200,
        "{}",
        page.text().await.unwrap_or_default()
    );
    let mut out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    out.stderr = account.join().unwrap().into_bytes();
    out
}

/// Set to `1` to make a missing `script` (the pseudo-terminal of the terminal tests) a
/// failure outside CI too.
pub(crate) const REQUIRE_TERMINAL_VAR: &str = "OAUTH2_REQUIRE_TERMINAL";

/// `test` cannot run without util-linux `script`: a failure under CI, a loud skip elsewhere.
pub(crate) fn no_terminal(test: &str) {
    oauth2_test_server::skip_or_fail(
        test,
        "`script` (util-linux, for a pseudo-terminal)",
        "Debian: apt-get install bsdutils",
        REQUIRE_TERMINAL_VAR,
    );
}
