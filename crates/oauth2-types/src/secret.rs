//! Secret strings whose `Debug` never shows the value.
//!
//! Tokens and client secrets end up in structs that get logged with `{:?}`. These newtypes
//! make that safe: `Debug` prints a redacted placeholder, equality is constant-time, and the
//! value is reached only through an explicit `secret()` call.

use std::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// Compares two byte strings in constant time (for a given length).
///
/// Use it wherever a secret or a value an attacker could probe (state, tokens) is compared.
///
/// ```
/// assert!(oauth2_types::constant_time_eq(b"abc", b"abc"));
/// assert!(!oauth2_types::constant_time_eq(b"abc", b"abd"));
/// ```
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident, $label:literal) => {
        $(#[$meta])*
        #[derive(Clone, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            ///
            /// ```
            #[doc = concat!("let value = oauth2_types::", stringify!($name), "::new(\"s3cr3t\");")]
            /// assert_eq!(value.secret(), "s3cr3t");
            /// ```
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The secret value itself. Call it only where the value is sent or stored.
            ///
            /// ```
            #[doc = concat!("let value = oauth2_types::", stringify!($name), "::from(\"s3cr3t\");")]
            /// assert!(!format!("{value:?}").contains("s3cr3t"));
            /// assert_eq!(value.secret(), "s3cr3t");
            /// ```
            pub fn secret(&self) -> &str {
                &self.0
            }

            /// Unwraps the secret value.
            ///
            /// ```
            #[doc = concat!("let value = oauth2_types::", stringify!($name), "::new(\"s3cr3t\");")]
            /// assert_eq!(value.into_secret(), String::from("s3cr3t"));
            /// ```
            pub fn into_secret(self) -> String {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!($label, "(<redacted>)"))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
            }
        }

        impl Eq for $name {}

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

secret_string!(
    /// An OAuth 2.0 access token (RFC 6749 section 1.4).
    ///
    /// ```
    /// use oauth2_types::AccessToken;
    /// let token = AccessToken::new("2YotnFZFEjr1zCsicMWpAA");
    /// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    /// assert_eq!(token.secret(), "2YotnFZFEjr1zCsicMWpAA");
    /// ```
    AccessToken,
    "AccessToken"
);

secret_string!(
    /// An OAuth 2.0 refresh token (RFC 6749 section 1.5).
    ///
    /// ```
    /// use oauth2_types::RefreshToken;
    /// let token = RefreshToken::new("tGzv3JOkF0XG5Qx2TlKWIA");
    /// assert_eq!(format!("{token:?}"), "RefreshToken(<redacted>)");
    /// ```
    RefreshToken,
    "RefreshToken"
);

secret_string!(
    /// A client secret (RFC 6749 section 2.3.1), also the HMAC key of `client_secret_jwt`.
    ///
    /// ```
    /// use oauth2_types::ClientSecret;
    /// let secret = ClientSecret::new("s3cr3t");
    /// assert_eq!(format!("{secret:?}"), "ClientSecret(<redacted>)");
    /// ```
    ClientSecret,
    "ClientSecret"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_and_serde_is_transparent() {
        let token = AccessToken::new("abc");
        assert!(!format!("{token:?}").contains("abc"));
        assert_eq!(serde_json::to_string(&token).unwrap(), "\"abc\"");
        let back: AccessToken = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(back, token);
        assert_ne!(back, AccessToken::new("abd"));
        assert_ne!(back, AccessToken::new("ab"));
    }
}
