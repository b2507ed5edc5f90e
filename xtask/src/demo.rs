//! `cargo xtask demo`: real flows against the local authorization server.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use oauth2_test_server::TestServer;

use crate::{Result, run};

/// The examples the demo runs, in README order.
const EXAMPLES: &[&str] = &[
    "bearer_token",
    "client_credentials",
    "password_and_jwt_bearer",
    "client_authentication",
    "jose_jwk",
    "token_manager_middleware",
    "api_client",
    "token_store",
    "dpop_session",
    "fleet_redis",
    "refresh_revoke_introspect",
    "authorization_code",
    "id_token",
    "authorization_code_middleware",
    "authorization_request",
    "loopback",
    "device_code",
    "ciba",
    "token_exchange",
    "vendor_presets",
    "dpop",
    "dpop_custom_keys",
    "prepared_requests",
    "blocking",
];

pub(crate) fn run_all(server: &TestServer) -> Result {
    let issuer = server.issuer().as_str().trim_end_matches('/').to_owned();
    let resource = server.resource().as_str().trim_end_matches('/').to_owned();
    // The examples read the server's address from these.
    crate::set_child_env("OAUTH2_ISSUER", &issuer);
    crate::set_child_env("OAUTH2_RESOURCE", &resource);
    // A redis-server for the fleet example, killed (by pid) when the demo ends; without one
    // installed, that example says it skipped.
    let redis = oauth2_test_server::RedisServer::start_or_skip("the fleet_redis example")
        .map_err(|err| err.to_string())?;
    if let Some(redis) = &redis {
        crate::set_child_env("OAUTH2_REDIS_URL", &redis.url());
    }

    banner("The examples (examples/), each against the local authorization server");
    run(
        "cargo",
        &[
            "build",
            "-q",
            "-p",
            "examples",
            "--examples",
            "-p",
            "oauth2-cli",
        ],
    )?;
    for example in EXAMPLES {
        banner(&format!("example: {example}"));
        run(
            "cargo",
            &["run", "-q", "-p", "examples", "--example", example],
        )?;
    }

    banner("The `oauth2` command");
    let basic = server
        .client("client-secret-basic")
        .ok_or("the test server has no client-secret-basic client")?;
    let secret = basic.client_secret.clone().unwrap_or_default();
    let key_file = server
        .private_key_path("private-key-jwt-es256")
        .ok_or("the test server has no key for private-key-jwt-es256")?;
    let key_file = key_file.to_string_lossy().into_owned();
    let oauth2 = |args: &[&str]| {
        let mut all = vec!["run", "-q", "-p", "oauth2-cli", "--"];
        all.extend_from_slice(args);
        run("cargo", &all)
    };
    oauth2(&["discover", &issuer, "--allow-http"])?;
    oauth2(&[
        "token",
        &issuer,
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_basic",
        "--grant-type",
        "client_credentials",
        "--scope",
        "api:read",
    ])?;
    oauth2(&[
        "token",
        &issuer,
        "--allow-http",
        "--client-id",
        "private-key-jwt-es256",
        "--signing-key",
        &key_file,
        "--auth-method",
        "private_key_jwt",
        "--grant-type",
        "client_credentials",
        "--resource",
        &resource,
    ])?;
    oauth2(&[
        "call",
        "GET",
        &format!("{resource}/api/echo"),
        "--issuer",
        &issuer,
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_basic",
        "--scope",
        "api:read",
    ])?;
    oauth2(&[
        "call",
        "POST",
        &format!("{resource}/api/echo"),
        "--issuer",
        &issuer,
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        &secret,
        "--auth-method",
        "client_secret_basic",
        "--dpop",
        "--dpop-alg",
        "EdDSA",
        "--data",
        "hello with DPoP",
    ])?;
    password_grant(server, &issuer)?;
    form_post_code_flow(&issuer)?;
    stored_session(&oauth2, &issuer, &resource, &secret)
}

/// `cargo run -q -p oauth2-cli -- ARGS`, echoed as `run` does.
fn oauth2_command(args: &[&str]) -> Command {
    let mut all = vec!["run", "-q", "-p", "oauth2-cli", "--"];
    all.extend_from_slice(args);
    eprintln!("\n$ cargo {}", all.join(" "));
    let mut command = Command::new("cargo");
    command.args(&all).current_dir(crate::root());
    command
}

/// The command's exit status as a demo result.
fn succeeded(status: std::io::Result<std::process::ExitStatus>) -> Result {
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("the oauth2 command failed: {status}")),
        Err(err) => Err(format!("cannot run the oauth2 command: {err}")),
    }
}

/// The resource owner password grant, the password piped in on standard input
/// (`--password-stdin`), out of sight of `ps`.
fn password_grant(server: &TestServer, issuer: &str) -> Result {
    banner("The `oauth2` command: the password grant, the password read from stdin");
    let secret = server
        .client("password-client")
        .and_then(|client| client.client_secret.clone())
        .ok_or("the test server has no password-client")?;
    let mut child = oauth2_command(&[
        "token",
        issuer,
        "--allow-http",
        "--client-id",
        "password-client",
        "--client-secret",
        &secret,
        "--grant-type",
        "password",
        "--username",
        "alice",
        "--password-stdin",
        "--scope",
        "openid",
    ])
    .stdin(Stdio::piped())
    .spawn()
    .map_err(|err| format!("cannot run the oauth2 command: {err}"))?;
    eprintln!("(standard input: the password of alice)");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"wonderland\n")
            .map_err(|err| format!("cannot write the password: {err}"))?;
    }
    succeeded(child.wait())
}

/// The code flow with `--response-mode form_post`: the demo plays the browser, signing the
/// test user in through the server's pages and POSTing the server's form to the command's
/// loopback listener.
fn form_post_code_flow(issuer: &str) -> Result {
    banner("The `oauth2` command: the code flow with response_mode=form_post");
    let mut child = oauth2_command(&[
        "token",
        issuer,
        "--allow-http",
        "--client-id",
        "public-client",
        "--grant-type",
        "authorization_code",
        "--response-mode",
        "form_post",
        "--scope",
        "openid",
        "--no-browser",
    ])
    .stderr(Stdio::piped())
    .spawn()
    .map_err(|err| format!("cannot run the oauth2 command: {err}"))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    // The command's account is shown as it comes; its first URL is where the browser goes.
    let (sender, receiver) = std::sync::mpsc::channel();
    let echo = std::thread::spawn(move || {
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::io::Result::ok)
        {
            eprintln!("{line}");
            if line.starts_with("http") {
                let _ = sender.send(line);
            }
        }
    });
    let played = receiver
        .recv_timeout(Duration::from_secs(120))
        .map_err(|_| "the command printed no authorization URL".to_owned())
        .and_then(|url| play_form_post_browser(&url));
    if played.is_err() {
        let _ = child.kill();
    }
    let status = child.wait();
    let _ = echo.join();
    played?;
    succeeded(status)
}

/// Signs the test user in at `authorization_url` and POSTs the server's form to the
/// loopback listener, as a browser runs the page's script.
fn play_form_post_browser(authorization_url: &str) -> Result {
    let url = url::Url::parse(authorization_url).map_err(|err| err.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| err.to_string())?;
    runtime.block_on(async {
        let form = oauth2_test_server::complete_form_post_authorization(&url)
            .await
            .map_err(|err| err.to_string())?;
        eprintln!("(the browser POSTs the server's form to {})", form.action);
        let page = reqwest::Client::new()
            .post(form.action)
            .form(&form.fields)
            .send()
            .await
            .map_err(|err| err.to_string())?;
        if page.status().is_success() {
            Ok(())
        } else {
            Err(format!("the loopback listener answered {}", page.status()))
        }
    })
}

/// A DPoP-bound session kept in a file between two runs of the command (two processes): the
/// first gets the token and saves it with its key, the second calls the API with it, proofs
/// made with the stored key, without asking the authorization server again.
fn stored_session(
    oauth2: &dyn Fn(&[&str]) -> Result,
    issuer: &str,
    resource: &str,
    secret: &str,
) -> Result {
    banner("The `oauth2` command keeps a DPoP-bound session between runs (--store)");
    // A folder of its own: the file store keeps its lock files beside the document.
    let dir = std::env::temp_dir().join(format!("oauth2-demo-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|err| err.to_string())?;
    let store = dir.join("sessions.json").to_string_lossy().into_owned();
    let session = [
        "--allow-http",
        "--client-id",
        "client-secret-basic",
        "--client-secret",
        secret,
        "--auth-method",
        "client_secret_basic",
        "--scope",
        "api:read",
        "--dpop",
        "--store",
        store.as_str(),
    ];
    let mut token = vec!["token", issuer];
    token.extend(session);
    oauth2(&token)?;
    let echo = format!("{resource}/api/echo");
    let mut call = vec!["call", "GET", echo.as_str(), "--issuer", issuer];
    call.extend(session);
    let result = oauth2(&call);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn banner(title: &str) {
    eprintln!("\n=== {title} ===");
}

pub(crate) fn demo() -> Result {
    banner("Starting the local authorization server (node oidc-provider)");
    let server = TestServer::start().map_err(|err| err.to_string())?;
    eprintln!("issuer:            {}", server.issuer());
    eprintln!("protected resource: {}", server.resource());
    let result = run_all(&server);
    drop(server);
    banner("Authorization server stopped");
    result
}
