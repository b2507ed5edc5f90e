//! The invariants several targets check.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Serializing `value` and reading it back gives `value` again.
pub(crate) fn round_trip<T>(value: &T, what: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let json = match serde_json::to_vec(value) {
        Ok(json) => json,
        Err(err) => panic!("{what} does not serialize: {err}"),
    };
    match serde_json::from_slice::<T>(&json) {
        Ok(again) => assert_eq!(&again, value, "{what} changes through serialization"),
        Err(err) => panic!(
            "{what} does not read back what it wrote: {err}\n{}",
            String::from_utf8_lossy(&json)
        ),
    }
}

/// Another string differing from `secret` at every character, of the same length as JSON
/// text (so a parse error's column, which counts bytes of the document, stays the same):
/// characters JSON escapes become others escaped as long, the rest ASCII letters.
pub(crate) fn other_string(secret: &str) -> String {
    secret
        .chars()
        .map(|c| match c {
            '"' => "\\".to_owned(),
            '\\' => "\"".to_owned(),
            '\n' => "\t".to_owned(),
            '\t' | '\r' | '\u{8}' | '\u{c}' => "\n".to_owned(),
            '\u{1}' => "\u{2}".to_owned(),
            c if c < ' ' => "\u{1}".to_owned(),
            'x' => "y".to_owned(),
            c => "x".repeat(c.len_utf8()),
        })
        .collect()
}

/// `value` (a JSON object) with each string member named in `names` replaced by
/// [`other_string`]; `None` when it has none of them.
pub(crate) fn with_secrets_replaced(value: &Value, names: &[&str]) -> Option<Value> {
    let mut object = value.as_object()?.clone();
    let mut replaced = false;
    for name in names {
        if let Some(Value::String(secret)) = object.get_mut(*name) {
            *secret = other_string(secret);
            replaced = true;
        }
    }
    replaced.then_some(Value::Object(object))
}

/// What two parses show (`Debug` of the value or of the error) is the same: the secrets
/// that differ between their inputs never show.
pub(crate) fn same_shown<T: Debug, E: Debug + std::fmt::Display>(
    first: &Result<T, E>,
    second: &Result<T, E>,
    what: &str,
) {
    match (first, second) {
        (Ok(first), Ok(second)) => assert_eq!(
            format!("{first:?}"),
            format!("{second:?}"),
            "{what}: Debug shows a secret"
        ),
        (Err(first), Err(second)) => {
            assert_eq!(
                first.to_string(),
                second.to_string(),
                "{what}: an error shows a secret"
            );
            assert_eq!(
                format!("{first:?}"),
                format!("{second:?}"),
                "{what}: an error's Debug shows a secret"
            );
        }
        _ => panic!("{what}: a secret's value changes whether it parses"),
    }
}
