//! The account on stderr of what the command does: every request and response, with secrets
//! redacted, the DPoP nonce challenges met and answered, and the decoded claims of JWTs. It is
//! an `HttpClient` wrapper, so it sees exactly what goes over the wire.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use oauth2_grants::ReqwestHttpClient;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};
use serde_json::Value;

/// Form parameters and response members whose values are secrets.
const SECRETS: &[&str] = &[
    "client_secret",
    "client_assertion",
    "password",
    "auth_req_id",
    "refresh_token",
    "code",
    "code_verifier",
    "token",
    "assertion",
    "access_token",
    "id_token",
    "subject_token",
    "actor_token",
    "device_code",
];

/// Shows a secret as its first characters (long random values only), else not at all.
fn redact(value: &str) -> String {
    let length = value.chars().count();
    if length < 32 {
        return format!("<redacted, {length} chars>");
    }
    let shown: String = value.chars().take(8).collect();
    format!("{shown}…<{length} chars>")
}

/// The most lines of a response body shown.
const MAX_BODY_LINES: usize = 25;

/// Writes to stderr, dimmed when it is a terminal.
pub(crate) fn note(text: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("\x1b[2m{text}\x1b[0m");
    } else {
        eprintln!("{text}");
    }
}

/// An HTTP client that tells what it sends and receives.
#[derive(Debug)]
pub(crate) struct Account {
    inner: ReqwestHttpClient,
    silent: bool,
    /// The nonce each origin's last `use_dpop_nonce` challenge brought, until a proof carries it.
    challenges: Mutex<HashMap<String, String>>,
}

impl Account {
    pub(crate) fn new(inner: ReqwestHttpClient, silent: bool) -> Self {
        Self {
            inner,
            silent,
            challenges: Mutex::default(),
        }
    }

    /// Remembers the nonce of a `use_dpop_nonce` challenge from `origin`.
    fn challenged(&self, origin: &str, response: &HttpResponse) {
        if let Some(nonce) = nonce_challenge(response) {
            self.challenges
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(origin.to_owned(), nonce);
        }
    }

    /// Tells when a request answers the last challenge of its origin with the nonce it brought.
    fn answers(&self, origin: &str, request: &HttpRequest) {
        let mut challenges = self
            .challenges
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(nonce) = challenges.get(origin) else {
            return;
        };
        if proof_nonce(request).as_deref() == Some(nonce.as_str()) {
            challenges.remove(origin);
            note(&format!(
                "DPoP nonce challenge from {origin}: answered with the new nonce"
            ));
        }
    }
}

/// The origin (scheme, host, port) of a request.
fn origin(request: &HttpRequest) -> String {
    url::Url::parse(&request.uri().to_string())
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default()
}

/// The nonce a `use_dpop_nonce` answer brings (a 400 error response from the authorization
/// server, or a 401 `WWW-Authenticate: DPoP` challenge), if it is one.
fn nonce_challenge(response: &HttpResponse) -> Option<String> {
    let nonce = response.headers().get("dpop-nonce")?.to_str().ok()?;
    let in_body = serde_json::from_slice::<Value>(response.body())
        .ok()
        .is_some_and(|body| body["error"] == "use_dpop_nonce");
    let in_header = oauth2_dpop::use_dpop_nonce_challenge(response.status(), response.headers());
    (in_body || in_header).then(|| nonce.to_owned())
}

/// The nonce in a request's DPoP proof.
fn proof_nonce(request: &HttpRequest) -> Option<String> {
    oauth2_dpop::proof_nonce(request.headers().get("dpop")?.to_str().ok()?)
}

fn show_request(request: &HttpRequest) {
    note(&format!("> {} {}", request.method(), request.uri()));
    for (name, value) in request.headers() {
        let value = match name.as_str() {
            "authorization" | "dpop" => value
                .to_str()
                .map(|v| match v.split_once(' ') {
                    Some((scheme, rest)) => format!("{scheme} {}", redact(rest)),
                    None => redact(v),
                })
                .unwrap_or_default(),
            _ => value.to_str().unwrap_or("<binary>").to_owned(),
        };
        note(&format!(">   {name}: {value}"));
    }
    for (name, value) in url::form_urlencoded::parse(request.body()) {
        let value = if SECRETS.contains(&name.as_ref()) {
            redact(&value)
        } else {
            value.into_owned()
        };
        note(&format!(">   {name}={value}"));
    }
}

fn show_response(response: &HttpResponse) {
    note(&format!("< {}", response.status()));
    for name in ["www-authenticate", "dpop-nonce", "content-type"] {
        if let Some(value) = response.headers().get(name).and_then(|v| v.to_str().ok()) {
            note(&format!("<   {name}: {value}"));
        }
    }
    match serde_json::from_slice::<Value>(response.body()) {
        Ok(Value::Object(mut members)) => {
            for (name, value) in members.iter_mut() {
                if let (true, Some(text)) = (SECRETS.contains(&name.as_str()), value.as_str()) {
                    *value = Value::String(redact(text));
                }
            }
            let text = serde_json::to_string_pretty(&members).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for line in lines.iter().take(MAX_BODY_LINES) {
                note(&format!("<   {line}"));
            }
            if lines.len() > MAX_BODY_LINES {
                note(&format!(
                    "<   … {} more lines",
                    lines.len() - MAX_BODY_LINES
                ));
            }
        }
        _ => {
            let body = String::from_utf8_lossy(response.body());
            let excerpt: String = body.chars().take(300).collect();
            if !excerpt.is_empty() {
                note(&format!("<   {excerpt}"));
            }
        }
    }
}

#[async_trait]
impl HttpClient for Account {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        if self.silent {
            return self.inner.execute(request).await;
        }
        let origin = origin(&request);
        self.answers(&origin, &request);
        show_request(&request);
        let response = self.inner.execute(request).await;
        if let Ok(response) = &response {
            show_response(response);
            self.challenged(&origin, response);
        }
        response
    }
}

/// Shows a JWT's header and claims, decoded WITHOUT verification.
pub(crate) fn show_jwt(label: &str, token: &str) {
    let Ok(decoded) = oauth2_jose::jws::decode_unverified(token) else {
        return;
    };
    note(&format!("{label} is a JWT (decoded, not verified):"));
    note(&format!(
        "  header: {}",
        Value::Object(decoded.header.clone())
    ));
    if let Ok(claims) = decoded.claims() {
        for line in serde_json::to_string_pretty(&claims)
            .unwrap_or_default()
            .lines()
        {
            note(&format!("  {line}"));
        }
    }
}
