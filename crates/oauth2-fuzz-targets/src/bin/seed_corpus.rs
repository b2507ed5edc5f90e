//! Records the fuzz corpus from real responses of the local authorization server and its
//! protected resource (`cargo xtask fuzz --seed-corpus`): bodies and headers go to
//! `fuzz/corpus/<target>/`, and what they are checked against to
//! `crates/oauth2-fuzz-targets/fixtures/local_as.json`.

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

async fn seed() -> Result {
    let corpus = Corpus {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."),
    };
    let server = TestServer::start().map_err(text)?;
    let issuer = server.issuer().as_str().trim_end_matches('/').to_owned();
    let client = server
        .client(CLIENT)
        .ok_or("the test server has no client-secret-basic")?
        .clone();
    // client_secret_basic form-encodes both before joining them (RFC 6749 section 2.3.1).
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let secret = encode(&client.client_secret.clone().unwrap_or_default());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(text)?;
    let send = |request: reqwest::RequestBuilder| async move {
        Recorded::read(request.send().await.map_err(text)?).await
    };
    eprintln!("recording the corpus from {issuer}");

    // Discovery and keys.
    let discovery = send(http.get(format!("{issuer}/.well-known/openid-configuration")))
        .await?
        .expect(200, "discovery")?;
    corpus.save("metadata", "openid-configuration.json", &discovery.body)?;
    let endpoint = |name: &str| discovery.member(name);
    let (token_url, introspection_url) = (
        endpoint("token_endpoint")?,
        endpoint("introspection_endpoint")?,
    );
    let keys = send(http.get(endpoint("jwks_uri")?))
        .await?
        .expect(200, "jwks")?;
    corpus.save("jwk", "as-jwks.json", &keys.body)?;
    let jwks: Jwks = serde_json::from_slice(&keys.body).map_err(text)?;
    for key in &jwks.keys {
        let alg = key.alg.as_deref().unwrap_or(&key.kty).to_ascii_lowercase();
        let json = serde_json::to_vec_pretty(key).map_err(text)?;
        corpus.save("jwk", &format!("as-{alg}.json"), &json)?;
    }
    for test_client in server.clients() {
        if let Some(jwk) = &test_client.private_jwk {
            let json = serde_json::to_vec_pretty(jwk).map_err(text)?;
            corpus.save("jwk", &format!("{}.json", test_client.client_id), &json)?;
        }
    }

    // Token, error and introspection responses.
    let token_request = |form: &[(&str, &str)]| {
        http.post(&token_url)
            .basic_auth(CLIENT, Some(&secret))
            .form(form)
    };
    let credentials = send(token_request(&[
        ("grant_type", "client_credentials"),
        ("scope", "api:read"),
    ]))
    .await?
    .expect(200, "client credentials")?;
    corpus.save(
        "token_response",
        "client-credentials.json",
        &credentials.body,
    )?;
    let access_token = credentials.member("access_token")?;
    corpus.save("jws", "access-token.jwt", access_token.as_bytes())?;
    let introspect = |token: String| {
        http.post(&introspection_url)
            .basic_auth(CLIENT, Some(&secret))
            .form(&[("token", token)])
    };
    let structured = send(introspect(access_token))
        .await?
        .expect(400, "JWT introspection")?;
    corpus.save(
        "error_response",
        "unsupported-token-type.json",
        &structured.body,
    )?;
    let inactive = send(introspect("not-a-token".into()))
        .await?
        .expect(200, "introspection")?;
    corpus.save("introspection", "inactive.json", &inactive.body)?;
    for (name, form) in [
        ("unsupported-grant-type", &[("grant_type", "password")][..]),
        (
            "invalid-target",
            &[
                ("grant_type", "client_credentials"),
                ("resource", "https://unknown.example/"),
            ],
        ),
        (
            "invalid-grant",
            &[("grant_type", "authorization_code"), ("code", "forged")],
        ),
    ] {
        let error = send(token_request(form)).await?.expect(400, name)?;
        corpus.save("error_response", &format!("{name}.json"), &error.body)?;
    }
    let wrong_secret = send(
        http.post(&token_url)
            .basic_auth(CLIENT, Some("wrong"))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await?
    .expect(401, "wrong secret")?;
    corpus.save("error_response", "invalid-client.json", &wrong_secret.body)?;

    // The authorization code flow, its callback and tokens.
    let authorization_endpoint = Url::parse(&endpoint("authorization_endpoint")?).map_err(text)?;
    let request = AuthorizationRequest::builder(authorization_endpoint.clone(), CLIENT)
        .redirect_uri(&client.redirect_uri)
        .scope(["openid", "email", "profile", "offline_access"])
        .issuer(&issuer)
        .require_iss(true)
        .build()
        .map_err(text)?;
    let callback = server
        .complete_authorization(request.url())
        .await
        .map_err(text)?;
    corpus.save("callback", "code.txt", callback.as_str().as_bytes())?;
    corpus.save(
        "callback",
        "code-query.txt",
        callback.query().unwrap_or_default().as_bytes(),
    )?;
    let pending = request.pending();
    let code = pending
        .validate_callback(&callback)
        .map_err(text)?
        .code()
        .to_owned();
    let verifier = pending
        .code_verifier()
        .map(|verifier| verifier.secret().to_owned())
        .unwrap_or_default();
    let tokens = send(token_request(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &client.redirect_uri),
        ("code_verifier", &verifier),
    ]))
    .await?
    .expect(200, "code exchange")?;
    corpus.save("token_response", "authorization-code.json", &tokens.body)?;
    corpus.save("jws", "id-token.jwt", tokens.member("id_token")?.as_bytes())?;
    let active = send(introspect(tokens.member("access_token")?))
        .await?
        .expect(200, "introspection")?;
    corpus.save("introspection", "active-access-token.json", &active.body)?;
    let refresh_token = tokens.member("refresh_token")?;
    let refreshed = send(token_request(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", &refresh_token),
    ]))
    .await?
    .expect(200, "refresh")?;
    corpus.save("token_response", "refresh.json", &refreshed.body)?;
    let refresh_info = send(introspect(refresh_token))
        .await?
        .expect(200, "introspection")?;
    corpus.save(
        "introspection",
        "active-refresh-token.json",
        &refresh_info.body,
    )?;
    let reused = send(token_request(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &client.redirect_uri),
        ("code_verifier", &verifier),
    ]))
    .await?
    .expect(400, "a code used twice")?;
    corpus.save("error_response", "code-reused.json", &reused.body)?;
    // The session's state again, so the error reaches the targets' error path.
    let denied = AuthorizationRequest::builder(authorization_endpoint, CLIENT)
        .state(pending.state())
        .redirect_uri(&client.redirect_uri)
        .scope(["openid"])
        .param("login_hint", "deny")
        .build()
        .map_err(text)?;
    let denied = server
        .complete_authorization(denied.url())
        .await
        .map_err(text)?;
    corpus.save("callback", "access-denied.txt", denied.as_str().as_bytes())?;

    // DPoP at the token endpoint: a nonce challenge, then a DPoP-bound token.
    let signer = ProofSigner::new(
        DpopKey::generate(Algorithm::ES256).map_err(text)?,
        DpopOptions::default(),
    )
    .map_err(text)?;
    let token_endpoint = Url::parse(&token_url).map_err(text)?;
    let post = http::Method::POST;
    let proof = signer
        .proof(&post, &token_endpoint, None, None)
        .await
        .map_err(text)?;
    let form = [("grant_type", "client_credentials"), ("scope", "api:read")];
    let challenge = send(token_request(&form).header("dpop", &proof))
        .await?
        .expect(400, "DPoP without a nonce")?;
    corpus.save(
        "dpop_nonce",
        "as-use-dpop-nonce.txt",
        &challenge.header_block(),
    )?;
    corpus.save("error_response", "use-dpop-nonce.json", &challenge.body)?;
    let nonce = challenge
        .headers
        .get("dpop-nonce")
        .and_then(|nonce| nonce.to_str().ok())
        .ok_or("no DPoP-Nonce from the token endpoint")?
        .to_owned();
    let proof = signer
        .proof(&post, &token_endpoint, None, Some(&nonce))
        .await
        .map_err(text)?;
    corpus.save("jws", "dpop-proof.jwt", proof.as_bytes())?;
    corpus.save(
        "jwk",
        "dpop-key.json",
        &serde_json::to_vec_pretty(signer.key().public_jwk()).map_err(text)?,
    )?;
    let bound = send(token_request(&form).header("dpop", &proof))
        .await?
        .expect(200, "DPoP token")?;
    corpus.save("token_response", "dpop.json", &bound.body)?;
    corpus.save("dpop_nonce", "as-dpop-token.txt", &bound.header_block())?;
    let bound_token = AccessToken::new(bound.member("access_token")?);

    // The protected resource's challenges.
    let api = server.resource().join("api/echo").map_err(text)?;
    let www_authenticate = |recorded: &Recorded| {
        recorded
            .headers
            .get(WWW_AUTHENTICATE)
            .map(|value| value.as_bytes().to_vec())
            .ok_or("no WWW-Authenticate")
    };
    let no_token = send(http.get(api.clone())).await?.expect(401, "no token")?;
    corpus.save(
        "www_authenticate",
        "rs-no-token.txt",
        &www_authenticate(&no_token)?,
    )?;
    let invalid = send(http.get(api.clone()).bearer_auth("not-a-token"))
        .await?
        .expect(401, "invalid token")?;
    corpus.save(
        "www_authenticate",
        "rs-invalid-token.txt",
        &www_authenticate(&invalid)?,
    )?;
    let get = http::Method::GET;
    let dpop_get = |proof: String| {
        http.get(api.clone())
            .header("authorization", format!("DPoP {}", bound_token.secret()))
            .header("dpop", proof)
    };
    let proof = signer
        .proof(&get, &api, Some(&bound_token), None)
        .await
        .map_err(text)?;
    let rs_challenge = send(dpop_get(proof))
        .await?
        .expect(401, "RS nonce challenge")?;
    corpus.save(
        "www_authenticate",
        "rs-use-dpop-nonce.txt",
        &www_authenticate(&rs_challenge)?,
    )?;
    corpus.save(
        "dpop_nonce",
        "rs-use-dpop-nonce.txt",
        &rs_challenge.header_block(),
    )?;
    let rs_nonce = rs_challenge
        .headers
        .get("dpop-nonce")
        .and_then(|nonce| nonce.to_str().ok())
        .ok_or("no DPoP-Nonce from the resource")?
        .to_owned();
    let proof = signer
        .proof(&get, &api, Some(&bound_token), Some(&rs_nonce))
        .await
        .map_err(text)?;
    let answered = send(dpop_get(proof))
        .await?
        .expect(200, "RS with a nonce")?;
    corpus.save("dpop_nonce", "rs-ok.txt", &answered.header_block())?;

    // An ID token of the session signed with the fixed HMAC key (for the HS256 path).
    let recorded_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(text)?
        .as_secs();
    let nonce = pending.nonce().unwrap_or_default().to_owned();
    let claims = json!({
        "iss": issuer, "sub": "alice", "aud": CLIENT, "nonce": nonce,
        "iat": recorded_at, "exp": recorded_at + 3600,
    });
    let hs256 = jws::encode(
        &jws::Header::new(),
        &claims,
        &HmacKey::new(FUZZ_HMAC_SECRET),
    )
    .await
    .map_err(text)?;
    corpus.save("jws", "hs256-id-token.jwt", hs256.as_bytes())?;

    let fixture = Fixture::new(&issuer, CLIENT, pending.state(), nonce, recorded_at, jwks);
    let path = corpus
        .root
        .join("crates/oauth2-fuzz-targets/fixtures/local_as.json");
    let mut json = serde_json::to_vec_pretty(&fixture).map_err(text)?;
    json.push(b'\n');
    std::fs::write(&path, json).map_err(text)?;
    eprintln!("  {}", path.display());
    Ok(())
}
