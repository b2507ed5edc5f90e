//! The key a token is stored under.

use std::fmt;

use crate::redact::SHOWN_PARAMS;
use crate::redact::is_secret_name;

/// The key a token is stored under: named by the user, or derived from what the token is for
/// (issuer, client id, grant and its parameters), so two managers of the same session share it
/// and two different sessions never do.
///
/// A derived key holds no secret: parameters with a secret's name (`password`,
/// `client_secret`, `*_token`...) are left out of it, and the others count with their value
/// only when it says what is asked for (`scope`, `resource`, `audience`...; the values `Debug`
/// shows), by name alone otherwise (a vendor's parameter may be a one-time password). Name
/// the key yourself when two sessions differ only in such a value.
///
/// ```
/// use oauth2_types::store::StoreKey;
/// let key = StoreKey::derive(
///     "https://as.example",
///     "my-app",
///     "client_credentials",
///     [("scope", "api:read"), ("client_secret", "s3cret")],
/// );
/// assert_eq!(
///     key.as_str(),
///     "oauth2:iss=https%3A%2F%2Fas.example&client_id=my-app&grant=client_credentials&scope=api%3Aread"
/// );
/// assert_eq!(StoreKey::named("me@laptop").as_str(), "me@laptop");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoreKey(String);

impl StoreKey {
    /// A key the user chose (a session name, a user id...), used as it is.
    ///
    /// ```
    /// assert_eq!(oauth2_types::store::StoreKey::named("alice").as_str(), "alice");
    /// ```
    pub fn named(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The key of the tokens `client_id` gets from `issuer` with `grant` and `params`
    /// (sorted, so their order does not matter; secrets left out, see [`StoreKey`]).
    ///
    /// ```
    /// use oauth2_types::store::StoreKey;
    /// let a = StoreKey::derive("https://as", "app", "client_credentials", [("scope", "a"), ("resource", "r")]);
    /// let b = StoreKey::derive("https://as", "app", "client_credentials", [("resource", "r"), ("scope", "a")]);
    /// assert_eq!(a, b);
    /// let otp = StoreKey::derive("https://as", "app", "client_credentials", [("vendor_otp", "123456")]);
    /// assert!(otp.as_str().ends_with("&vendor_otp") && !otp.as_str().contains("123456"));
    /// ```
    pub fn derive<'a>(
        issuer: &str,
        client_id: &str,
        grant: &str,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let mut params: Vec<(&str, &str)> = params
            .into_iter()
            .filter(|(name, _)| !is_secret_name(name))
            .collect();
        params.sort_unstable();
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("iss", issuer)
            .append_pair("client_id", client_id)
            .append_pair("grant", grant);
        for (name, value) in params {
            if SHOWN_PARAMS.contains(&name) {
                form.append_pair(name, value);
            } else {
                form.append_key_only(name);
            }
        }
        Self(format!("oauth2:{}", form.finish()))
    }

    /// The key as a string.
    ///
    /// ```
    /// assert_eq!(oauth2_types::store::StoreKey::named("k").as_str(), "k");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StoreKey").field(&self.0).finish()
    }
}

impl fmt::Display for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
