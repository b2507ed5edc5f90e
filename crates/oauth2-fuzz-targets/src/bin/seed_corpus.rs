//! Records the fuzz corpus from real responses of the local authorization server and its
//! protected resource (`cargo xtask fuzz --seed-corpus`): bodies and headers go to
//! `fuzz/corpus/<target>/`, and what they are checked against to
//! `crates/oauth2-fuzz-targets/fixtures/local_as.json`, both under the workspace root, or
//! under `$OAUTH2_FUZZ_SEED_ROOT` when set (to look at a recording before keeping it).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use oauth2_dpop::{DpopKey, DpopOptions, ProofSigner};
use oauth2_fuzz_targets::{FUZZ_HMAC_SECRET, Fixture};
use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
use oauth2_pkce_par_jar::AuthorizationRequest;
use oauth2_test_server::TestServer;
use oauth2_types::AccessToken;
use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};
use serde_json::{Value, json};
use url::Url;

type Result<T = (), E = String> = std::result::Result<T, E>;

/// The client the recorded session is of.
const CLIENT: &str = "client-secret-basic";

#[tokio::main]
async fn main() -> ExitCode {
    match seed().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("seed-corpus: {err}");
            ExitCode::FAILURE
        }
    }
}

/// A response as recorded: status, headers, body.
struct Recorded {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Recorded {
    async fn read(response: reqwest::Response) -> Result<Self> {
        Ok(Self {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.map_err(text)?.to_vec(),
        })
    }

    /// The header block, one `name: value` per line.
    fn header_block(&self) -> Vec<u8> {
        let mut block = Vec::new();
        for (name, value) in &self.headers {
            block.extend_from_slice(name.as_str().as_bytes());
            block.extend_from_slice(b": ");
            block.extend_from_slice(value.as_bytes());
            block.push(b'\n');
        }
        block
    }

    fn json(&self) -> Result<Value> {
        serde_json::from_slice(&self.body)
            .map_err(|err| format!("{err}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn member(&self, name: &str) -> Result<String> {
        self.json()?
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("no {name} in {}", String::from_utf8_lossy(&self.body)))
    }

    fn expect(self, status: u16, what: &str) -> Result<Self> {
        if self.status == status {
            Ok(self)
        } else {
            Err(format!(
                "{what}: status {} instead of {status}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            ))
        }
    }
}

fn text(err: impl std::fmt::Display) -> String {
    err.to_string()
}

/// Where the corpus and the fixture go.
struct Corpus {
    root: PathBuf,
}

impl Corpus {
    fn save(&self, target: &str, name: &str, bytes: &[u8]) -> Result {
        let dir = self.root.join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&dir).map_err(text)?;
        std::fs::write(dir.join(name), bytes).map_err(text)?;
        eprintln!("  {target}/{name} ({} bytes)", bytes.len());
        Ok(())
    }
}

/// The recording: where it goes, the server, and the client it speaks as.
struct Session {
    corpus: Corpus,
    server: TestServer,
    http: reqwest::Client,
    issuer: String,
    /// The client secret, form-encoded as client_secret_basic sends it (RFC 6749 § 2.3.1).
    secret: String,
    redirect_uri: String,
    discovery: Recorded,
}

impl Session {
    /// Starts the server and records its discovery document.
    async fn start(corpus: Corpus) -> Result<Self> {
        let server = TestServer::start().map_err(text)?;
        let issuer = server.issuer().as_str().trim_end_matches('/').to_owned();
        let client = server
            .client(CLIENT)
            .ok_or("the test server has no client-secret-basic")?
            .clone();
        let secret = url::form_urlencoded::byte_serialize(
            client.client_secret.unwrap_or_default().as_bytes(),
        )
        .collect();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(text)?;
        eprintln!("recording the corpus from {issuer}");
        let url = format!("{issuer}/.well-known/openid-configuration");
        let discovery = Recorded::read(http.get(url).send().await.map_err(text)?)
            .await?
            .expect(200, "discovery")?;
        corpus.save("metadata", "openid-configuration.json", &discovery.body)?;
        Ok(Self {
            corpus,
            server,
            http,
            issuer,
            secret,
            redirect_uri: client.redirect_uri,
            discovery,
        })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Recorded> {
        Recorded::read(request.send().await.map_err(text)?).await
    }

    fn endpoint(&self, name: &str) -> Result<String> {
        self.discovery.member(name)
    }

    /// A token request of the client.
    fn token_request(&self, form: &[(&str, &str)]) -> Result<reqwest::RequestBuilder> {
        Ok(self
            .http
            .post(self.endpoint("token_endpoint")?)
            .basic_auth(CLIENT, Some(&self.secret))
            .form(form))
    }

    /// An introspection request of the client.
    fn introspect(&self, token: &str) -> Result<reqwest::RequestBuilder> {
        Ok(self
            .http
            .post(self.endpoint("introspection_endpoint")?)
            .basic_auth(CLIENT, Some(&self.secret))
            .form(&[("token", token)]))
    }
}

/// The server's key set, each of its keys, and the test clients' private keys.
async fn record_keys(session: &Session) -> Result<Jwks> {
    let corpus = &session.corpus;
    let keys = session
        .send(session.http.get(session.endpoint("jwks_uri")?))
        .await?
        .expect(200, "jwks")?;
    corpus.save("jwk", "as-jwks.json", &keys.body)?;
    let jwks: Jwks = serde_json::from_slice(&keys.body).map_err(text)?;
    for key in &jwks.keys {
        let alg = key.alg.as_deref().unwrap_or(&key.kty).to_ascii_lowercase();
        let json = serde_json::to_vec_pretty(key).map_err(text)?;
        corpus.save("jwk", &format!("as-{alg}.json"), &json)?;
    }
    for test_client in session.server.clients() {
        if let Some(jwk) = &test_client.private_jwk {
            let json = serde_json::to_vec_pretty(jwk).map_err(text)?;
            corpus.save("jwk", &format!("{}.json", test_client.client_id), &json)?;
        }
    }
    Ok(jwks)
}

/// A client credentials token (a JWT access token), and the errors of bad token requests.
async fn record_client_credentials(session: &Session) -> Result {
    let corpus = &session.corpus;
    let form = [("grant_type", "client_credentials"), ("scope", "api:read")];
    let credentials = session
        .send(session.token_request(&form)?)
        .await?
        .expect(200, "client credentials")?;
    corpus.save(
        "token_response",
        "client-credentials.json",
        &credentials.body,
    )?;
    let access_token = credentials.member("access_token")?;
    corpus.save("jws", "access-token.jwt", access_token.as_bytes())?;
    let structured = session
        .send(session.introspect(&access_token)?)
        .await?
        .expect(400, "JWT introspection")?;
    corpus.save(
        "error_response",
        "unsupported-token-type.json",
        &structured.body,
    )?;
    let inactive = session
        .send(session.introspect("not-a-token")?)
        .await?
        .expect(200, "introspection")?;
    corpus.save("introspection", "inactive.json", &inactive.body)?;
    let unknown_resource = [
        ("grant_type", "client_credentials"),
        ("resource", "https://unknown.example/"),
    ];
    let forged_code = [("grant_type", "authorization_code"), ("code", "forged")];
    for (name, form) in [
        ("unsupported-grant-type", &[("grant_type", "password")][..]),
        ("invalid-target", &unknown_resource),
        ("invalid-grant", &forged_code),
    ] {
        let error = session
            .send(session.token_request(form)?)
            .await?
            .expect(400, name)?;
        corpus.save("error_response", &format!("{name}.json"), &error.body)?;
    }
    let wrong_secret = session
        .http
        .post(session.endpoint("token_endpoint")?)
        .basic_auth(CLIENT, Some("wrong"))
        .form(&[("grant_type", "client_credentials")]);
    let wrong_secret = session
        .send(wrong_secret)
        .await?
        .expect(401, "wrong secret")?;
    corpus.save("error_response", "invalid-client.json", &wrong_secret.body)
}

/// A code flow: its callback, tokens (ID token, refresh), their introspection, a reused
/// code, and a denied request's callback. Returns the request's state and nonce.
async fn record_code_flow(session: &Session) -> Result<(String, String)> {
    let corpus = &session.corpus;
    let endpoint = Url::parse(&session.endpoint("authorization_endpoint")?).map_err(text)?;
    let request = AuthorizationRequest::builder(endpoint.clone(), CLIENT)
        .redirect_uri(&session.redirect_uri)
        .scope(["openid", "email", "profile", "offline_access"])
        .issuer(&session.issuer)
        .require_iss(true)
        .build()
        .map_err(text)?;
    let callback = session
        .server
        .complete_authorization(request.url())
        .await
        .map_err(text)?;
    corpus.save("callback", "code.txt", callback.as_str().as_bytes())?;
    let query = callback.query().unwrap_or_default();
    corpus.save("callback", "code-query.txt", query.as_bytes())?;
    let pending = request.pending();
    let code = pending.validate_callback(&callback).map_err(text)?;
    let verifier = pending
        .code_verifier()
        .map(|v| v.secret())
        .unwrap_or_default();
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.code()),
        ("redirect_uri", &session.redirect_uri),
        ("code_verifier", verifier),
    ];
    let tokens = session
        .send(session.token_request(&exchange)?)
        .await?
        .expect(200, "code exchange")?;
    corpus.save("token_response", "authorization-code.json", &tokens.body)?;
    corpus.save("jws", "id-token.jwt", tokens.member("id_token")?.as_bytes())?;
    let active = session
        .send(session.introspect(&tokens.member("access_token")?)?)
        .await?
        .expect(200, "introspection")?;
    corpus.save("introspection", "active-access-token.json", &active.body)?;
    let refresh_token = tokens.member("refresh_token")?;
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", &refresh_token),
    ];
    let refreshed = session
        .send(session.token_request(&refresh)?)
        .await?
        .expect(200, "refresh")?;
    corpus.save("token_response", "refresh.json", &refreshed.body)?;
    let refresh_info = session
        .send(session.introspect(&refresh_token)?)
        .await?
        .expect(200, "introspection")?;
    corpus.save(
        "introspection",
        "active-refresh-token.json",
        &refresh_info.body,
    )?;
    let reused = session
        .send(session.token_request(&exchange)?)
        .await?
        .expect(400, "a code used twice")?;
    corpus.save("error_response", "code-reused.json", &reused.body)?;
    // The session's state again, so the error reaches the targets' error path.
    let denied = AuthorizationRequest::builder(endpoint, CLIENT)
        .state(pending.state())
        .redirect_uri(&session.redirect_uri)
        .scope(["openid"])
        .param("login_hint", "deny")
        .build()
        .map_err(text)?;
    let denied = session
        .server
        .complete_authorization(denied.url())
        .await
        .map_err(text)?;
    corpus.save("callback", "access-denied.txt", denied.as_str().as_bytes())?;
    let nonce = pending.nonce().unwrap_or_default().to_owned();
    Ok((pending.state().to_owned(), nonce))
}

/// The `DPoP-Nonce` a response carries.
fn dpop_nonce(recorded: &Recorded, from: &str) -> Result<String> {
    recorded
        .headers
        .get("dpop-nonce")
        .and_then(|nonce| nonce.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("no DPoP-Nonce from {from}"))
}

/// DPoP at the token endpoint: a nonce challenge, then a bound token (returned), its proof
/// and key.
async fn record_dpop_token(session: &Session, signer: &ProofSigner) -> Result<AccessToken> {
    let corpus = &session.corpus;
    let token_endpoint = Url::parse(&session.endpoint("token_endpoint")?).map_err(text)?;
    let post = http::Method::POST;
    let form = [("grant_type", "client_credentials"), ("scope", "api:read")];
    let proof = signer
        .proof(&post, &token_endpoint, None, None)
        .await
        .map_err(text)?;
    let challenge = session
        .send(session.token_request(&form)?.header("dpop", &proof))
        .await?
        .expect(400, "DPoP without a nonce")?;
    corpus.save(
        "dpop_nonce",
        "as-use-dpop-nonce.txt",
        &challenge.header_block(),
    )?;
    corpus.save("error_response", "use-dpop-nonce.json", &challenge.body)?;
    let nonce = dpop_nonce(&challenge, "the token endpoint")?;
    let proof = signer
        .proof(&post, &token_endpoint, None, Some(&nonce))
        .await
        .map_err(text)?;
    corpus.save("jws", "dpop-proof.jwt", proof.as_bytes())?;
    let key = serde_json::to_vec_pretty(signer.key().public_jwk()).map_err(text)?;
    corpus.save("jwk", "dpop-key.json", &key)?;
    let bound = session
        .send(session.token_request(&form)?.header("dpop", &proof))
        .await?
        .expect(200, "DPoP token")?;
    corpus.save("token_response", "dpop.json", &bound.body)?;
    corpus.save("dpop_nonce", "as-dpop-token.txt", &bound.header_block())?;
    Ok(AccessToken::new(bound.member("access_token")?))
}

/// The protected resource's challenges: no token, a bad one, a DPoP token without its nonce;
/// and its answer with the nonce.
async fn record_resource(session: &Session, signer: &ProofSigner, token: &AccessToken) -> Result {
    let corpus = &session.corpus;
    let api = session.server.resource().join("api/echo").map_err(text)?;
    let www_authenticate = |recorded: &Recorded| {
        recorded
            .headers
            .get(WWW_AUTHENTICATE)
            .map(|value| value.as_bytes().to_vec())
            .ok_or("no WWW-Authenticate")
    };
    let no_token = session
        .send(session.http.get(api.clone()))
        .await?
        .expect(401, "no token")?;
    corpus.save(
        "www_authenticate",
        "rs-no-token.txt",
        &www_authenticate(&no_token)?,
    )?;
    let invalid = session
        .send(session.http.get(api.clone()).bearer_auth("not-a-token"))
        .await?
        .expect(401, "invalid token")?;
    corpus.save(
        "www_authenticate",
        "rs-invalid-token.txt",
        &www_authenticate(&invalid)?,
    )?;
    let get = http::Method::GET;
    let dpop_get = |proof: String| {
        session
            .http
            .get(api.clone())
            .header("authorization", format!("DPoP {}", token.secret()))
            .header("dpop", proof)
    };
    let proof = signer
        .proof(&get, &api, Some(token), None)
        .await
        .map_err(text)?;
    let challenge = session
        .send(dpop_get(proof))
        .await?
        .expect(401, "RS nonce challenge")?;
    corpus.save(
        "www_authenticate",
        "rs-use-dpop-nonce.txt",
        &www_authenticate(&challenge)?,
    )?;
    corpus.save(
        "dpop_nonce",
        "rs-use-dpop-nonce.txt",
        &challenge.header_block(),
    )?;
    let nonce = dpop_nonce(&challenge, "the resource")?;
    let proof = signer
        .proof(&get, &api, Some(token), Some(&nonce))
        .await
        .map_err(text)?;
    let answered = session
        .send(dpop_get(proof))
        .await?
        .expect(200, "RS with a nonce")?;
    corpus.save("dpop_nonce", "rs-ok.txt", &answered.header_block())
}

async fn seed() -> Result {
    let root = std::env::var_os("OAUTH2_FUZZ_SEED_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."));
    let session = Session::start(Corpus { root }).await?;
    let jwks = record_keys(&session).await?;
    record_client_credentials(&session).await?;
    let (state, nonce) = record_code_flow(&session).await?;
    let signer = ProofSigner::new(
        DpopKey::generate(Algorithm::ES256).map_err(text)?,
        DpopOptions::default(),
    )
    .map_err(text)?;
    let bound = record_dpop_token(&session, &signer).await?;
    record_resource(&session, &signer, &bound).await?;

    // An ID token of the session signed with the fixed HMAC key (for the HS256 path).
    let recorded_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(text)?
        .as_secs();
    let claims = json!({
        "iss": session.issuer, "sub": "alice", "aud": CLIENT, "nonce": nonce,
        "iat": recorded_at, "exp": recorded_at + 3600,
    });
    let key = HmacKey::new(FUZZ_HMAC_SECRET);
    let hs256 = jws::encode(&jws::Header::new(), &claims, &key)
        .await
        .map_err(text)?;
    session
        .corpus
        .save("jws", "hs256-id-token.jwt", hs256.as_bytes())?;

    let fixture = Fixture::new(&session.issuer, CLIENT, state, nonce, recorded_at, jwks);
    let path = session
        .corpus
        .root
        .join("crates/oauth2-fuzz-targets/fixtures/local_as.json");
    let mut json = serde_json::to_vec_pretty(&fixture).map_err(text)?;
    json.push(b'\n');
    std::fs::create_dir_all(path.parent().unwrap_or(&session.corpus.root)).map_err(text)?;
    std::fs::write(&path, json).map_err(text)?;
    eprintln!("  {}", path.display());
    Ok(())
}
