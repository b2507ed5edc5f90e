//! `cargo xtask demo`: real flows against the local authorization server.

use oauth2_test_server::TestServer;

use crate::{Result, run};

/// The examples the demo runs, in README order.
const EXAMPLES: &[&str] = &[
    "bearer_token",
    "client_credentials",
    "client_authentication",
    "token_manager_middleware",
    "token_store",
    "dpop_session",
    "fleet_redis",
    "refresh_revoke_introspect",
    "authorization_code",
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
    oauth2(&["discover", &issuer, "--insecure"])?;
    oauth2(&[
        "token",
        &issuer,
        "--insecure",
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
        "--insecure",
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
        "--insecure",
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
        "--insecure",
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
    stored_session(&oauth2, &issuer, &resource, &secret)
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
        "--insecure",
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
