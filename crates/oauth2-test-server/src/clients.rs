//! The test clients, read from `testing/authorization-server/clients.json`.

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

#[derive(Deserialize)]
struct ClientsFile {
    redirect_uri: String,
    clients: Vec<TestClient>,
}

/// Every test client, with its private key loaded; no server needed.
pub fn clients() -> Result<Vec<TestClient>, Error> {
    let dir = server_dir();
    let text = std::fs::read_to_string(dir.join("clients.json"))
        .map_err(|err| Error::Clients(err.to_string()))?;
    let file: ClientsFile =
        serde_json::from_str(&text).map_err(|err| Error::Clients(err.to_string()))?;
    file.clients
        .into_iter()
        .map(|mut client| {
            client.redirect_uri = file.redirect_uri.clone();
            if let Some(key_file) = &client.key_file {
                let key = std::fs::read_to_string(dir.join(key_file))
                    .map_err(|err| Error::Clients(format!("{key_file}: {err}")))?;
                client.private_jwk = Some(
                    serde_json::from_str(&key)
                        .map_err(|err| Error::Clients(format!("{key_file}: {err}")))?,
                );
            }
            Ok(client)
        })
        .collect()
}
