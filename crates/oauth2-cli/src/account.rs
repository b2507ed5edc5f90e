//! The account on stderr of what the command does: every request and response, with secrets
//! redacted, and the decoded claims of JWTs. It is an `HttpClient` wrapper, so it sees exactly
//! what goes over the wire.

use std::io::IsTerminal;

use async_trait::async_trait;
use oauth2_grants::ReqwestHttpClient;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse};
use serde_json::Value;

/// Form parameters and response members whose values are secrets.
const SECRETS: &[&str] = &[
    "client_secret",
    "client_assertion",
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
}

impl Account {
    pub(crate) fn new(inner: ReqwestHttpClient, silent: bool) -> Self {
        Self { inner, silent }
    }
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
        if !self.silent {
            show_request(&request);
        }
        let response = self.inner.execute(request).await;
        if let (false, Ok(response)) = (self.silent, &response) {
            show_response(response);
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
