//! Helpers for `Debug` implementations of types that hold secrets.

use std::fmt;

use super::REDACTED;

/// Parameters whose values are shown in `Debug` output: they say what a request asks for,
/// and are never credentials. Every other value (a token, a code, a vendor's parameter that
/// could be either) is redacted.
pub(crate) const SHOWN_PARAMS: &[&str] = &[
    "grant_type",
    "response_type",
    "response_mode",
    "client_id",
    "redirect_uri",
    "scope",
    "resource",
    "audience",
    "prompt",
    "max_age",
    "ui_locales",
    "acr_values",
    "code_challenge_method",
    "token_type_hint",
    "subject_token_type",
    "actor_token_type",
    "requested_token_type",
    "binding_message",
    "requested_expiry",
];

/// A `Debug` and `Display` stand-in for a secret field: shows [`REDACTED`].
///
/// ```
/// use std::fmt;
/// use oauth2_types::redact::Redacted;
/// struct Login { user: String, password: String }
/// impl fmt::Debug for Login {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.debug_struct("Login").field("user", &self.user).field("password", &Redacted).finish()
///     }
/// }
/// let login = Login { user: "alice".into(), password: "hunter2".into() };
/// assert_eq!(format!("{login:?}"), r#"Login { user: "alice", password: <redacted> }"#);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A `Debug` view of form or query parameters: every name, and the values of those that
/// only say what is asked for (`grant_type`, `scope`, `resource`...); the others (codes,
/// tokens, assertions, and parameters this crate does not know) are [`REDACTED`].
///
/// ```
/// use oauth2_types::redact::FormParams;
/// let params = vec![
///     ("grant_type".to_owned(), "refresh_token".to_owned()),
///     ("refresh_token".to_owned(), "tGzv3JOkF0XG5Qx2TlKWIA".to_owned()),
/// ];
/// assert_eq!(
///     format!("{:?}", FormParams(&params)),
///     r#"[("grant_type", "refresh_token"), ("refresh_token", <redacted>)]"#
/// );
/// ```
#[derive(Clone, Copy)]
pub struct FormParams<'a>(pub &'a [(String, String)]);

impl fmt::Debug for FormParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| ParamEntry(name, value)))
            .finish()
    }
}

/// One parameter: `(name, value)`, the value redacted unless it is one shown.
struct ParamEntry<'a>(&'a str, &'a str);

impl fmt::Debug for ParamEntry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tuple = f.debug_tuple("");
        tuple.field(&self.0);
        if SHOWN_PARAMS.contains(&self.0) {
            tuple.field(&super::mask_text(self.1));
        } else {
            tuple.field(&Redacted);
        }
        tuple.finish()
    }
}
