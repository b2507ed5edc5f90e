//! The DPoP key a pending authorization carries to the code exchange.

use std::fmt;

use oauth2_types::redact::Redacted;
use serde::{Deserialize, Serialize};

/// The private DPoP key a pushed request's code is bound to (RFC 9449 section 10.1), as its
/// client exported it: a PKCS#8 PEM document and the proof algorithm. It travels with the
/// [`PendingAuthorization`](crate::PendingAuthorization), so the code exchange proves the same
/// key in whatever instance the callback reaches. It is a secret: keep the serialized pending
/// state server-side (or encrypted), as for the PKCE verifier. `Debug` shows the algorithm
/// only.
///
/// ```
/// use oauth2_pkce_par_jar::PendingDpopKey;
/// let key = PendingDpopKey::new("ES256", "-----BEGIN PRIVATE KEY-----\n...");
/// assert_eq!(key.algorithm(), "ES256");
/// assert!(!format!("{key:?}").contains("PRIVATE KEY"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDpopKey {
    alg: String,
    pkcs8_pem: String,
}

impl PendingDpopKey {
    /// A key exported as PKCS#8 PEM, which signs with `alg` (a JWS algorithm name).
    ///
    /// ```
    /// let key = oauth2_pkce_par_jar::PendingDpopKey::new("EdDSA", "-----BEGIN PRIVATE KEY-----\n...");
    /// assert!(key.pkcs8_pem().starts_with("-----BEGIN"));
    /// ```
    pub fn new(alg: impl Into<String>, pkcs8_pem: impl Into<String>) -> Self {
        Self {
            alg: alg.into(),
            pkcs8_pem: pkcs8_pem.into(),
        }
    }

    /// The JWS algorithm the key signs proofs with.
    ///
    /// ```
    /// let key = oauth2_pkce_par_jar::PendingDpopKey::new("PS256", "...");
    /// assert_eq!(key.algorithm(), "PS256");
    /// ```
    pub fn algorithm(&self) -> &str {
        &self.alg
    }

    /// The private key, PKCS#8 PEM (secret).
    ///
    /// ```
    /// let key = oauth2_pkce_par_jar::PendingDpopKey::new("ES256", "-----BEGIN PRIVATE KEY-----\n...");
    /// assert!(key.pkcs8_pem().starts_with("-----BEGIN PRIVATE KEY-----"));
    /// ```
    pub fn pkcs8_pem(&self) -> &str {
        &self.pkcs8_pem
    }
}

impl fmt::Debug for PendingDpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingDpopKey")
            .field("alg", &self.alg)
            .field("pkcs8_pem", &Redacted)
            .finish()
    }
}
