//! Masking JSON by its structure, and the strings inside it by what they turn out to be.

use serde_json::{Map, Value};

use super::names::{JWK_PRIVATE_MEMBERS, is_secret_name};
use super::{REDACTED, text};

/// How deep strings holding documents holding strings are looked into; deeper ones are
/// masked whole.
const MAX_DEPTH: usize = 8;

/// Masks, in place, every member of `value` (at any depth) whose name is a secret's (see
/// [`is_secret_name`]) and the private members of JWKs, whatever their type; and every
/// string that holds a secret (a JSON document or a form with secret members, a JWT,
/// `name=value` text).
///
/// ```
/// let mut value = serde_json::json!({
///     "access_token": "2YotnFZFEjr1zCsicMWpAA",
///     "scope": "read",
///     "upstream": {"detail": "refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&x=1"},
/// });
/// oauth2_types::redact::mask_json(&mut value);
/// assert_eq!(value["access_token"], "<redacted>");
/// assert_eq!(value["scope"], "read");
/// assert_eq!(value["upstream"]["detail"], "refresh_token=<redacted>&x=1");
/// ```
pub fn mask_json(value: &mut Value) {
    mask_json_with(value, |_| Value::from(REDACTED));
}

/// [`mask_json`], with the value that replaces a secret member chosen by `replace` (given
/// the member's value): to show a hint of it, its length say. Secrets found inside strings
/// are always [`REDACTED`](super::REDACTED).
///
/// ```
/// let mut value = serde_json::json!({"access_token": "2YotnFZFEjr1zCsicMWpAA"});
/// oauth2_types::redact::mask_json_with(&mut value, |secret| {
///     format!("<{} chars>", secret.as_str().map_or(0, str::len)).into()
/// });
/// assert_eq!(value["access_token"], "<22 chars>");
/// ```
pub fn mask_json_with(value: &mut Value, replace: impl Fn(&Value) -> Value) {
    walk(value, &replace, 0);
}

fn walk(value: &mut Value, replace: &dyn Fn(&Value) -> Value, depth: usize) {
    match value {
        Value::Object(members) => {
            let jwk = members.contains_key("kty");
            let masked: Map<String, Value> = std::mem::take(members)
                .into_iter()
                .map(|(name, mut member)| {
                    if is_secret_name(&name)
                        || (jwk && JWK_PRIVATE_MEMBERS.contains(&name.as_str()))
                    {
                        member = replace(&member);
                    } else {
                        walk(&mut member, replace, depth);
                    }
                    // A name can be a secret too (a map keyed by tokens).
                    let name = mask_string(&name, depth).unwrap_or_else(|| REDACTED.to_owned());
                    (name, member)
                })
                .collect();
            *members = masked;
        }
        Value::Array(items) => {
            for item in items {
                walk(item, replace, depth);
            }
        }
        Value::String(text) => {
            if let Some(masked) = mask_string(text, depth).filter(|masked| masked != text) {
                *text = masked;
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A string with its secrets masked, read as what it is: a JSON document, a form, or text.
/// `None` when it cannot be read well enough to tell (it is then left out whole).
pub(super) fn mask_string(text: &str, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let trimmed = text.trim();
    if trimmed.starts_with(['{', '[', '"'])
        && let Ok(mut value) = serde_json::from_str::<Value>(trimmed)
    {
        walk(&mut value, &|_| Value::from(REDACTED), depth + 1);
        return serde_json::to_string(&value).ok();
    }
    if text::is_form(trimmed) {
        return mask_form(trimmed, depth);
    }
    text::mask_text_checked(text)
}

/// A form with the values of its secret parameters masked, and its other values looked
/// into; written out decoded, for reading.
fn mask_form(form: &str, depth: usize) -> Option<String> {
    let mut pairs = Vec::new();
    for (name, value) in url::form_urlencoded::parse(form.as_bytes()) {
        let value = if is_secret_name(&name) {
            REDACTED.to_owned()
        } else {
            mask_string(&value, depth + 1)?
        };
        let name = text::mask_text_checked(&name)?;
        pairs.push(format!("{name}={value}"));
    }
    Some(pairs.join("&"))
}
