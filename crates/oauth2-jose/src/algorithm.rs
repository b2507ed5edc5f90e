//! JWS algorithms (RFC 7518 section 3, RFC 8037 section 3.1).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// A JWS algorithm this crate signs and verifies with. `none` is not one, by design.
///
/// ```
/// use oauth2_jose::Algorithm;
/// assert_eq!("ES256".parse::<Algorithm>()?, Algorithm::ES256);
/// assert!("none".parse::<Algorithm>().is_err());
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// ECDSA with P-256 and SHA-256.
    ES256,
    /// ECDSA with P-384 and SHA-384.
    ES384,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// EdDSA with Ed25519.
    EdDSA,
    /// HMAC with SHA-256.
    HS256,
}

impl Algorithm {
    /// Every supported algorithm.
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// assert_eq!(Algorithm::ALL.len(), 6);
    /// assert!(Algorithm::ALL.iter().all(|alg| alg.as_str() != "none"));
    /// ```
    pub const ALL: [Algorithm; 6] = [
        Self::ES256,
        Self::ES384,
        Self::RS256,
        Self::PS256,
        Self::EdDSA,
        Self::HS256,
    ];

    /// The algorithm's JOSE name.
    ///
    /// ```
    /// assert_eq!(oauth2_jose::Algorithm::PS256.as_str(), "PS256");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ES256 => "ES256",
            Self::ES384 => "ES384",
            Self::RS256 => "RS256",
            Self::PS256 => "PS256",
            Self::EdDSA => "EdDSA",
            Self::HS256 => "HS256",
        }
    }

    /// Whether it is an asymmetric (public key) algorithm.
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// assert!(Algorithm::EdDSA.is_asymmetric());
    /// assert!(!Algorithm::HS256.is_asymmetric());
    /// ```
    pub fn is_asymmetric(self) -> bool {
        self != Self::HS256
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|alg| alg.as_str() == name)
            .ok_or_else(|| Error::UnsupportedAlgorithm(name.to_owned()))
    }
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Algorithm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}
