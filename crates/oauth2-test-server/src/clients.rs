//! The test clients, and the issuer the JWT bearer grant trusts, read from
//! `testing/authorization-server/clients.json`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use crate::{Error, server_dir};

/// A client registered at the local authorization server.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TestClient {
    /// The client id.
    pub client_id: String,
    /// `client_secret_basic`, `client_secret_post`, `client_secret_jwt`, `private_key_jwt`,
    /// `none`.
    pub auth_method: String,
    /// The secret, for the secret-based methods.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The private JWK, for `private_key_jwt`.
    #[serde(default)]
    pub private_jwk: Option<serde_json::Value>,
    /// The assertion signing algorithm, for `private_key_jwt`.
    #[serde(default)]
    pub signing_alg: Option<String>,
    /// The key file, relative to the server folder.
    #[serde(default)]
    pub key_file: Option<String>,
    /// The registered redirect URI.
    #[serde(default)]
    pub redirect_uri: String,
}

/// The one issuer whose assertions the local server's JWT bearer grant (RFC 7523 section
/// 2.1) trusts, for `jwt-bearer-client`: sign an assertion with its key, `iss` its identifier,
/// `sub` a user (`alice`), `aud` the server's issuer, and a fresh `jti`.
///
/// ```
/// let trusted = oauth2_test_server::jwt_bearer_issuer()?;
/// assert_eq!(trusted.private_jwk["alg"], "ES256");
/// println!("assertions from {}", trusted.issuer);
/// # Ok::<(), oauth2_test_server::Error>(())
/// ```
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct JwtBearerIssuer {
    /// The issuer identifier the server expects as `iss`.
    pub issuer: String,
    /// The key file, relative to the server folder.
    pub key_file: String,
    /// The test-only private JWK the server trusts the public half of.
    #[serde(default)]
    pub private_jwk: serde_json::Value,
}

impl JwtBearerIssuer {
    /// The claims of a valid assertion about `subject` for the server at `audience` (its
    /// issuer): this issuer as `iss`, issued now, valid 60 s, a `jti` not used before. Change
    /// one to make it invalid, then sign it with [`private_jwk`](Self::private_jwk).
    ///
    /// ```
    /// let trusted = oauth2_test_server::jwt_bearer_issuer()?;
    /// let claims = trusted.assertion_claims("http://127.0.0.1:3000", "alice");
    /// assert_eq!(claims["iss"], trusted.issuer.as_str());
    /// assert_ne!(claims["jti"], trusted.assertion_claims("http://127.0.0.1:3000", "alice")["jti"]);
    /// # Ok::<(), oauth2_test_server::Error>(())
    /// ```
    pub fn assertion_claims(
        &self,
        audience: &str,
        subject: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        static ISSUED: AtomicU64 = AtomicU64::new(0);
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let now = since_epoch.as_secs();
        // Unique within this process (a counter) and across runs (the time).
        let jti = format!(
            "test-{}-{}",
            since_epoch.as_nanos(),
            ISSUED.fetch_add(1, Ordering::Relaxed)
        );
        [
            ("iss", self.issuer.clone().into()),
            ("sub", subject.into()),
            ("aud", audience.into()),
            ("iat", now.into()),
            ("exp", (now + 60).into()),
            ("jti", jti.into()),
        ]
        .into_iter()
        .map(|(name, value): (&str, serde_json::Value)| (name.to_owned(), value))
        .collect()
    }
}

/// The test client allowed the JWT bearer grant.
pub const JWT_BEARER_CLIENT: &str = "jwt-bearer-client";

#[derive(Deserialize)]
struct ClientsFile {
    redirect_uri: String,
    jwt_bearer_issuer: JwtBearerIssuer,
    clients: Vec<TestClient>,
}

fn clients_file() -> Result<ClientsFile, Error> {
    let text = std::fs::read_to_string(server_dir().join("clients.json"))
        .map_err(|err| Error::Clients(err.to_string()))?;
    serde_json::from_str(&text).map_err(|err| Error::Clients(err.to_string()))
}

/// A private JWK from a file of the server folder.
fn private_jwk(key_file: &str) -> Result<serde_json::Value, Error> {
    let key = std::fs::read_to_string(server_dir().join(key_file))
        .map_err(|err| Error::Clients(format!("{key_file}: {err}")))?;
    serde_json::from_str(&key).map_err(|err| Error::Clients(format!("{key_file}: {err}")))
}

/// Every test client, with its private key loaded; no server needed.
pub fn clients() -> Result<Vec<TestClient>, Error> {
    let file = clients_file()?;
    file.clients
        .into_iter()
        .map(|mut client| {
            client.redirect_uri = file.redirect_uri.clone();
            if let Some(key_file) = &client.key_file {
                client.private_jwk = Some(private_jwk(key_file)?);
            }
            Ok(client)
        })
        .collect()
}

/// The issuer the JWT bearer grant trusts, with its private key loaded; no server needed.
pub fn jwt_bearer_issuer() -> Result<JwtBearerIssuer, Error> {
    let mut trusted = clients_file()?.jwt_bearer_issuer;
    trusted.private_jwk = private_jwk(&trusted.key_file)?;
    Ok(trusted)
}
