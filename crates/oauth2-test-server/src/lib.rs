//! Test harness: starts the project's local authorization server (node `oidc-provider`,
//! `testing/authorization-server`) and protected resource on 127.0.0.1, and drives
//! authorization requests through it without a browser.
//!
//! Tests fail, never skip, when the server cannot start: the error says why (no node, `npm ci`
//! failed, the server crashed).
//!
//! ```no_run
//! let server = oauth2_test_server::TestServer::shared()?;
//! println!("issuer {}", server.issuer());
//! let client = server.client("client-secret-post").expect("a test client");
//! # Ok::<(), oauth2_test_server::Error>(())
//! ```

mod authorize;
#[cfg(feature = "browser")]
mod browser;
mod clients;
#[cfg(feature = "wiremock")]
pub mod dpop_mock;
mod optional;
mod process;
mod redis;

use std::path::PathBuf;
use std::sync::OnceLock;

pub use authorize::{
    FormPost, complete_authorization, complete_device_authorization,
    complete_form_post_authorization,
};
#[cfg(feature = "browser")]
pub use browser::{Browser, REQUIRE_BROWSER_VAR};
pub use clients::{JWT_BEARER_CLIENT, JwtBearerIssuer, TestClient, clients, jwt_bearer_issuer};
pub use optional::{part_required, skip_notice, skip_or_fail};
pub use process::ensure_installed;
pub use redis::{REQUIRE_REDIS_VAR, RedisServer};

/// Why the local authorization server is not available.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Node.js or npm could not be run.
    #[error("cannot run {program}: {reason} (the integration tests need Node.js 20+ and npm)")]
    MissingTool {
        /// The program.
        program: String,
        /// What went wrong.
        reason: String,
    },
    /// `npm ci` failed.
    #[error("npm ci failed in {dir}: {output}")]
    Install {
        /// Where it ran.
        dir: String,
        /// Its output.
        output: String,
    },
    /// The server did not start.
    #[error("the authorization server did not start: {0}")]
    Start(String),
    /// The test clients' configuration could not be read.
    #[error("cannot read the test clients: {0}")]
    Clients(String),
    /// The headless browser failed.
    #[error("browser: {0}")]
    Browser(String),
    /// redis-server did not start, or is required and missing.
    #[error("redis-server: {0}")]
    Redis(String),
    /// Driving an authorization request failed.
    #[error("authorization did not complete: {0}")]
    Authorization(String),
}

/// How many token requests the local server at `issuer` has answered for `client_id`
/// (successes and errors), counted by the server itself; for a server another process started
/// (the demo's examples).
pub async fn token_requests(issuer: &url::Url, client_id: &str) -> Result<u64, Error> {
    #[derive(serde::Deserialize)]
    struct Count {
        count: u64,
    }
    let mut url = issuer
        .join("/test/token-requests")
        .map_err(|err| Error::Start(err.to_string()))?;
    url.query_pairs_mut().append_pair("client_id", client_id);
    let count: Count = reqwest::get(url)
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|err| Error::Start(format!("token request count: {err}")))?
        .json()
        .await
        .map_err(|err| Error::Start(format!("token request count: {err}")))?;
    Ok(count.count)
}

/// The folder of the node project.
pub fn server_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testing/authorization-server")
}

/// A running local authorization server and protected resource. Dropping it stops both.
#[derive(Debug)]
pub struct TestServer {
    process: process::ServerProcess,
    issuer: url::Url,
    resource: url::Url,
    clients: Vec<TestClient>,
}

impl TestServer {
    /// Starts a new server (installing its node packages first if needed).
    pub fn start() -> Result<Self, Error> {
        let clients = clients::clients()?;
        let (process, issuer, resource) = process::ServerProcess::spawn()?;
        Ok(Self {
            process,
            issuer,
            resource,
            clients,
        })
    }

    /// The server shared by every test of this test binary, started on first use.
    pub fn shared() -> Result<&'static TestServer, Error> {
        static SHARED: OnceLock<Result<TestServer, Error>> = OnceLock::new();
        SHARED
            .get_or_init(TestServer::start)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The issuer identifier (`http://127.0.0.1:<port>`).
    pub fn issuer(&self) -> &url::Url {
        &self.issuer
    }

    /// The protected resource's base URL.
    pub fn resource(&self) -> &url::Url {
        &self.resource
    }

    /// How many token requests the server has answered for `client_id` (successes and
    /// errors), counted by the server itself: the fleet tests check there was one.
    pub async fn token_requests(&self, client_id: &str) -> Result<u64, Error> {
        token_requests(&self.issuer, client_id).await
    }

    /// A test client by id.
    pub fn client(&self, client_id: &str) -> Option<&TestClient> {
        self.clients
            .iter()
            .find(|client| client.client_id == client_id)
    }

    /// Every test client.
    pub fn clients(&self) -> &[TestClient] {
        &self.clients
    }

    /// The file holding a test client's private JWK.
    pub fn private_key_path(&self, client_id: &str) -> Option<PathBuf> {
        self.client(client_id)?
            .key_file
            .as_ref()
            .map(|file| server_dir().join(file))
    }

    /// Follows an authorization request through login and consent (done by the server's test
    /// interactions) and returns the callback URL, with `code`, `state` and `iss`, or `error`.
    pub async fn complete_authorization(
        &self,
        authorization_url: &url::Url,
    ) -> Result<url::Url, Error> {
        authorize::complete_authorization(authorization_url).await
    }

    /// Follows a `response_mode=form_post` authorization request through login and consent
    /// and returns the form the server's page posts to the redirect URI.
    pub async fn complete_form_post_authorization(
        &self,
        authorization_url: &url::Url,
    ) -> Result<FormPost, Error> {
        authorize::complete_form_post_authorization(authorization_url).await
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }
}
