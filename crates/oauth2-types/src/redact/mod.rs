//! Keeping secrets out of error messages, `Debug` output and logs.
//!
//! A body that ends up in an error (a token response of the wrong content type, a 502 page
//! relaying an upstream answer) can carry live tokens in any encoding, and patterns miss
//! encodings. So a body is read for what it is, and masked by its structure:
//!
//! - JSON is parsed; every member whose (unescaped) name is a secret's is masked, every string
//!   is looked into (a JSON document, a form, a JWT or `name=value` text inside it), and the
//!   document is written out again;
//! - a form (`a=1&b=2`) has the values of its secret parameters masked;
//! - any other text (HTML, plain text, a document cut short) has its escapes undone, then
//!   the values after a secret name and `=` or `:`, credentials after an authorization
//!   scheme, JWT-like runs and long random-looking runs masked; text whose escapes cannot be
//!   undone is withheld whole.
//!
//! The length of an excerpt is bounded after masking, never before: a document cut short is
//! no longer JSON, and must not lose its structure before it is read.
//!
//! ```
//! use oauth2_types::redact;
//! let body = br#"{"access\u005ftoken":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer"}"#;
//! assert_eq!(redact::excerpt(body, 256), r#"{"access_token":"<redacted>","token_type":"Bearer"}"#);
//! let form = b"access_token=2YotnFZFEjr1zCsicMWpAA&token_type=bearer";
//! assert_eq!(redact::excerpt(form, 256), "access_token=<redacted>&token_type=bearer");
//! ```

mod debug;
mod json;
mod names;
mod text;

pub(crate) use debug::SHOWN_PARAMS;
pub use debug::{FormParams, Redacted};
pub use json::{mask_json, mask_json_with};
pub use names::{is_random_secret_name, is_secret_name};
pub use text::mask_text;

/// What stands in place of a secret.
///
/// ```
/// assert_eq!(oauth2_types::redact::REDACTED, "<redacted>");
/// ```
pub const REDACTED: &str = "<redacted>";

/// What stands in place of a body that could not be read well enough to mask it.
///
/// ```
/// assert_eq!(oauth2_types::redact::mask_body(b"\x00\x01binary"), oauth2_types::redact::WITHHELD);
/// ```
pub const WITHHELD: &str = "<excerpt withheld>";

/// A whole body with its secrets masked, whatever it is (JSON, a form, HTML, text); see the
/// [module documentation](self). A body that is binary, or whose escapes cannot be undone,
/// is [`WITHHELD`].
///
/// ```
/// use oauth2_types::redact::mask_body;
/// let body = br#"{"detail":"upstream said {\"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\"}"}"#;
/// assert!(!mask_body(body).contains("tGzv3JOkF0XG5Qx2TlKWIA"));
/// assert_eq!(mask_body(b"<p>Bad Gateway</p>"), "<p>Bad Gateway</p>");
/// ```
pub fn mask_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let binary = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    if binary {
        return WITHHELD.to_owned();
    }
    json::mask_string(&text, 0).unwrap_or_else(|| WITHHELD.to_owned())
}

/// The start of a body, for an error message: [`mask_body`], then at most `max_chars`
/// characters (and `…` when cut).
///
/// ```
/// let body = "access_token=2YotnFZFEjr1zCsicMWpAA&token_type=bearer&expires_in=3600";
/// assert_eq!(oauth2_types::redact::excerpt(body.as_bytes(), 30), "access_token=<redacted>&token_…");
/// ```
pub fn excerpt(body: &[u8], max_chars: usize) -> String {
    truncate(&mask_body(body), max_chars)
}

/// The first `max_chars` characters of `text`, and `…` when it is longer.
fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A URL as it may be shown in an error or a log line: scheme, host, port and path, without
/// user info, query or fragment, which may carry anything (a redirect's `Location` is the
/// server's to choose). Text that is not an absolute URL keeps what comes before `?` or `#`.
///
/// ```
/// use oauth2_types::redact::url;
/// assert_eq!(url("https://user:pw@as.example/cb?code=SplxlOBeZQQYbYS6WxSbIA#x"), "https://as.example/cb");
/// assert_eq!(url("/login?next=/token&session=8f3a"), "/login");
/// ```
pub fn url(location: &str) -> String {
    match ::url::Url::parse(location) {
        Ok(parsed) if parsed.has_host() => {
            format!("{}{}", parsed.origin().ascii_serialization(), parsed.path())
        }
        _ => location
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// A `serde_json` error message without the value it quotes: `invalid type: string "…"`
/// would otherwise show a token that is of the wrong type where a number was expected.
/// Syntax errors and missing, unknown or repeated field names are kept as they are.
///
/// ```
/// let err = serde_json::from_str::<u64>(r#""2YotnFZFEjr1zCsicMWpAA""#).unwrap_err();
/// let message = oauth2_types::redact::json_error(&err);
/// assert!(!message.contains("2YotnFZFEjr1zCsicMWpAA"));
/// assert!(message.starts_with("invalid type: string, expected u64"), "{message}");
/// ```
pub fn json_error(err: &serde_json::Error) -> String {
    let message = err.to_string();
    if !err.is_data() {
        return message;
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // `<kind> <value>, expected <what>`: the value goes, the kind and the rest stay.
            let kind = rest
                .split(['"', '`', ','])
                .next()
                .unwrap_or_default()
                .trim_end();
            return match rest.rsplit_once(", expected ") {
                Some((_, expected)) => format!("{prefix}{kind}, expected {expected}"),
                None => format!("{prefix}{kind}"),
            };
        }
    }
    let named = [
        "missing field `",
        "unknown field `",
        "duplicate field `",
        "invalid length ",
    ];
    if named.iter().any(|prefix| message.starts_with(prefix)) {
        return message;
    }
    format!(
        "a value is not of the expected shape at line {} column {}",
        err.line(),
        err.column()
    )
}

#[cfg(test)]
mod tests;
