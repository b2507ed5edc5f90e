//! The account on stderr of what the command does: every request and response, with secrets
//! redacted, the DPoP nonce challenges met and answered, and the decoded claims of JWTs. It is
//! an `HttpClient` wrapper, so it sees exactly what goes over the wire.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use oauth2_grants::ReqwestHttpClient;
use oauth2_types::{HttpClient, HttpError, HttpRequest, HttpResponse, redact};
use serde_json::Value;

/// Shows a secret as its first characters (long random values only), else its length: enough
/// to tell two tokens apart in the account, never enough to use one. Only for the random
/// values the protocol makes (see [`redact::is_random_secret_name`]).
fn secret_hint(value: &str) -> String {
    let length = value.chars().count();
    if length < 32 {
        return format!("<redacted, {length} chars>");
    }
    let shown: String = value.chars().take(8).collect();
    format!("{shown}…<{length} chars>")
}

/// How the account shows the secret `value` of the parameter or member `name`.
fn shown_secret(name: &str, value: &str) -> String {
    // A random value the protocol makes is hinted at; a credential someone typed or was
    // given (a password, a client secret, a key) is redacted alone: its first characters
    // would help guess it and its length narrows the search.
    if redact::is_random_secret_name(name) {
        secret_hint(value)
    } else {
        redact::REDACTED.to_owned()
    }
}

/// How the account shows the value of a secret header: the credentials of `Bearer` and
/// `DPoP` are tokens, hinted at; any other scheme (`Basic` holds the client secret) or header
/// (`Cookie`) is redacted.
fn shown_secret_header(name: &str, value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, token))
            if ["bearer", "dpop"].contains(&scheme.to_ascii_lowercase().as_str()) =>
        {
            format!("{scheme} {}", secret_hint(token))
        }
        Some((scheme, _)) => format!("{scheme} {}", redact::REDACTED),
        None => shown_secret(name, value),
    }
}

/// Replaces every secret member of a JSON value: random ones (tokens, codes, `nonce`, ...) by
/// their [`secret_hint`], credentials (`client_secret`, `password`, ...) by
/// [`redact::REDACTED`].
fn mask_secret_members(value: &mut Value) {
    mark_credentials(value);
    redact::mask_json_with(value, |secret| match secret.as_str() {
        Some(text) => secret_hint(text).into(),
        None => redact::REDACTED.into(),
    });
}

/// Sets every credential member (a secret one that [`redact::is_random_secret_name`] does not know,
/// at any depth) to `null`, which [`mask_secret_members`] then shows as redacted, not hinted.
fn mark_credentials(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if redact::is_secret_name(name) && !redact::is_random_secret_name(name) {
                    *member = Value::Null;
                } else {
                    mark_credentials(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mark_credentials),
        _ => {}
    }
}

/// The most lines of a response body shown.
const MAX_BODY_LINES: usize = 25;

/// Writes to stderr, dimmed when it is a terminal and colour is not turned off.
pub(crate) fn note(text: &str) {
    if colour_wanted(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    ) {
        eprintln!("\x1b[2m{text}\x1b[0m");
    } else {
        eprintln!("{text}");
    }
}

/// Whether to colour: only on a terminal, and not when `NO_COLOR` is set to anything but the
/// empty string (<https://no-color.org>).
fn colour_wanted(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|value| value.is_empty())
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
    let in_body = oauth2_dpop::use_dpop_nonce_answer(response.status(), response.body()).is_some();
    let in_header = oauth2_dpop::use_dpop_nonce_challenge(response.status(), response.headers());
    (in_body || in_header).then(|| nonce.to_owned())
}

/// The nonce in a request's DPoP proof.
fn proof_nonce(request: &HttpRequest) -> Option<String> {
    oauth2_dpop::proof_nonce(request.headers().get("dpop")?.to_str().ok()?)
}

/// The most characters of a body that is not JSON shown.
const MAX_TEXT_CHARS: usize = 300;

fn show_request(request: &HttpRequest) {
    for line in request_lines(request) {
        note(&line);
    }
}

fn show_response(response: &HttpResponse) {
    for line in response_lines(response) {
        note(&line);
    }
}

/// The account of a request: method and URL, headers, form parameters; random secrets
/// hinted at, credentials redacted.
fn request_lines(request: &HttpRequest) -> Vec<String> {
    let mut lines = vec![format!("> {} {}", request.method(), request.uri())];
    for (name, value) in request.headers() {
        let value = match value.to_str() {
            Ok(value) if redact::is_secret_name(name.as_str()) => {
                shown_secret_header(name.as_str(), value)
            }
            Ok(value) => value.to_owned(),
            Err(_) => "<binary>".to_owned(),
        };
        lines.push(format!(">   {name}: {value}"));
    }
    for (name, value) in url::form_urlencoded::parse(request.body()) {
        let value = if redact::is_secret_name(&name) {
            shown_secret(&name, &value)
        } else {
            redact::mask_text(&value)
        };
        lines.push(format!(">   {name}={value}"));
    }
    lines
}

/// The account of a response: status, the headers that matter, and the body with its
/// secrets masked (hinted at, for the members of a JSON body).
fn response_lines(response: &HttpResponse) -> Vec<String> {
    let mut lines = vec![format!("< {}", response.status())];
    for name in ["www-authenticate", "dpop-nonce", "content-type"] {
        if let Some(value) = response.headers().get(name).and_then(|v| v.to_str().ok()) {
            lines.push(format!("<   {name}: {value}"));
        }
    }
    match serde_json::from_slice::<Value>(response.body()) {
        Ok(mut body) => {
            mask_secret_members(&mut body);
            let text = serde_json::to_string_pretty(&body).unwrap_or_default();
            let body_lines: Vec<&str> = text.lines().collect();
            for line in body_lines.iter().take(MAX_BODY_LINES) {
                lines.push(format!("<   {line}"));
            }
            if body_lines.len() > MAX_BODY_LINES {
                lines.push(format!(
                    "<   … {} more lines",
                    body_lines.len() - MAX_BODY_LINES
                ));
            }
        }
        Err(_) => {
            let excerpt = redact::excerpt(response.body(), MAX_TEXT_CHARS);
            if !excerpt.is_empty() {
                lines.push(format!("<   {excerpt}"));
            }
        }
    }
    lines
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

/// Shows a JWT's header and claims; `verified` says whether its signature and claims were
/// checked, so the account never calls a verified token unverified, or the reverse.
pub(crate) fn show_jwt(label: &str, token: &str, verified: bool) {
    let Ok(decoded) = oauth2_jose::jws::decode_unverified(token) else {
        return;
    };
    let how = if verified {
        "signature and claims verified"
    } else {
        "decoded, not verified"
    };
    note(&format!("{label} is a JWT ({how}):"));
    note(&format!(
        "  header: {}",
        Value::Object(decoded.header.clone())
    ));
    // An ID token's `nonce` (or any other secret-named claim) is shown as a hint only.
    if let Ok(claims) = decoded.claims() {
        let mut claims = Value::Object(claims);
        mask_secret_members(&mut claims);
        for line in serde_json::to_string_pretty(&claims)
            .unwrap_or_default()
            .lines()
        {
            note(&format!("  {line}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour_wanted(true, None));
        assert!(colour_wanted(true, Some("".into())));
        assert!(!colour_wanted(true, Some("1".into())));
        assert!(!colour_wanted(false, None));
    }

    fn response(content_type: &str, body: &str) -> HttpResponse {
        http::Response::builder()
            .status(200)
            .header("content-type", content_type)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn the_account_of_a_response_shows_no_secret() {
        for (content_type, body) in [
            (
                "application/x-www-form-urlencoded",
                "access_token=SECRET-AT-1&token_type=bearer&refresh_token=SECRET-RT-2",
            ),
            (
                "application/json",
                r#"{"access\u005ftoken":"SECRET-AT-1","nested":{"refresh_token":"SECRET-RT-2"}}"#,
            ),
            (
                "application/json",
                r#"{"detail":"upstream said {\"access_token\":\"SECRET-AT-1\"}"}"#,
            ),
            (
                "text/html",
                "<p>access_token=SECRET-AT-1; Bearer SECRET-RT-2</p>",
            ),
        ] {
            let lines = response_lines(&response(content_type, body)).join("\n");
            for secret in ["SECRET-AT-1", "SECRET-RT-2"] {
                assert!(!lines.contains(secret), "{secret} in {lines}");
            }
        }
    }

    #[test]
    fn the_account_of_a_request_hints_at_random_secrets_only() {
        let long = "a".repeat(8) + &"SECRET-PART-".repeat(4);
        let request = http::Request::post("https://as.example/token")
            .header("authorization", format!("Basic {long}"))
            .header("dpop", long.clone())
            .header("cookie", "session=SECRET-PART-")
            .body(
                format!(
                    "grant_type=password&password={long}&client_secret={long}\
                     &client_assertion={long}&scope=a"
                )
                .into_bytes(),
            )
            .unwrap();
        let lines = request_lines(&request).join("\n");
        assert!(!lines.contains("SECRET-PART-"), "{lines}");
        assert!(lines.contains("grant_type=password"), "{lines}");
        // Credentials: no prefix, no length.
        assert!(
            lines.contains("authorization: Basic <redacted>\n"),
            "{lines}"
        );
        assert!(lines.contains("password=<redacted>\n"), "{lines}");
        assert!(lines.contains("client_secret=<redacted>\n"), "{lines}");
        assert!(lines.contains("cookie: <redacted>\n"), "{lines}");
        // Random values: a hint.
        assert!(
            lines.contains("client_assertion=aaaaaaaa…<56 chars>"),
            "{lines}"
        );
        assert!(lines.contains("dpop: aaaaaaaa…<56 chars>"), "{lines}");
    }

    #[test]
    fn a_bearer_token_is_hinted_at_and_json_credentials_are_redacted() {
        let long = "b".repeat(8) + &"SECRET-PART-".repeat(4);
        let request = http::Request::get("https://api.example/")
            .header("authorization", format!("Bearer {long}"))
            .body(Vec::new())
            .unwrap();
        let lines = request_lines(&request).join("\n");
        assert!(lines.contains("Bearer bbbbbbbb…<56 chars>"), "{lines}");
        let body = serde_json::json!({
            "access_token": long,
            "client_secret": long,
            "nested": {"api_key": "short-SECRET-PART-", "Password": long},
        });
        let lines = response_lines(&response("application/json", &body.to_string())).join("\n");
        assert!(!lines.contains("SECRET-PART-"), "{lines}");
        assert!(lines.contains("bbbbbbbb…<56 chars>"), "{lines}");
        assert_eq!(lines.matches("\"<redacted>\"").count(), 3, "{lines}");
        assert!(!lines.contains("18 chars"), "{lines}");
    }
}
