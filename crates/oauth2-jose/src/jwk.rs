//! JSON Web Keys (RFC 7517) and key sets.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::algorithm::Algorithm;
use crate::error::Error;

/// A JSON Web Key, public or private. Members this type does not name are kept in `extra`;
/// `Debug` never shows the private members.
///
/// ```
/// use oauth2_jose::Jwk;
/// let jwk: Jwk = serde_json::from_str(r#"{"kty":"OKP","crv":"Ed25519",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1"}"#)?;
/// assert_eq!(jwk.kid.as_deref(), Some("k1"));
/// assert!(!jwk.is_private());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Jwk {
    /// Key type: `EC`, `RSA`, `OKP`, `oct`.
    pub kty: String,
    /// Curve (`P-256`, `P-384`, `Ed25519`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// EC or OKP public coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// EC public coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// RSA modulus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Private exponent or key (EC, OKP, RSA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// RSA first prime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    /// RSA second prime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// RSA first CRT exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dp: Option<String>,
    /// RSA second CRT exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dq: Option<String>,
    /// RSA CRT coefficient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qi: Option<String>,
    /// Symmetric key value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<String>,
    /// Key identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The algorithm the key is meant for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// `sig` or `enc`.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Jwk {
    /// Whether the key has private members.
    ///
    /// ```
    /// let mut jwk = oauth2_jose::Jwk::default();
    /// assert!(!jwk.is_private());
    /// jwk.k = Some("c2VjcmV0".into());
    /// assert!(jwk.is_private());
    /// ```
    pub fn is_private(&self) -> bool {
        self.d.is_some() || self.k.is_some()
    }

    /// The key's `alg`, parsed, if it has one.
    ///
    /// ```
    /// let mut jwk = oauth2_jose::Jwk::default();
    /// jwk.alg = Some("PS256".into());
    /// assert_eq!(jwk.algorithm()?, Some(oauth2_jose::Algorithm::PS256));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn algorithm(&self) -> Result<Option<Algorithm>, Error> {
        self.alg.as_deref().map(str::parse).transpose()
    }

    /// The same key without its private members.
    ///
    /// ```
    /// let mut jwk = oauth2_jose::Jwk::default();
    /// jwk.kty = "EC".into();
    /// jwk.d = Some("secret".into());
    /// assert!(!jwk.to_public().is_private());
    /// ```
    pub fn to_public(&self) -> Jwk {
        Jwk {
            d: None,
            p: None,
            q: None,
            dp: None,
            dq: None,
            qi: None,
            k: None,
            ..self.clone()
        }
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("crv", &self.crv)
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("x", &self.x)
            .field(
                "n",
                &self
                    .n
                    .as_ref()
                    .map(|n| format!("{}…", n.chars().take(8).collect::<String>())),
            )
            .field("private", &self.is_private())
            .finish_non_exhaustive()
    }
}

/// A JWK Set (RFC 7517 section 5), as served at an authorization server's `jwks_uri`.
///
/// ```
/// let jwks: oauth2_jose::Jwks = serde_json::from_str(r#"{"keys":[{"kty":"EC","kid":"a"}]}"#)?;
/// assert!(jwks.find("a").is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key with this `kid`.
    ///
    /// ```
    /// let jwks: oauth2_jose::Jwks =
    ///     serde_json::from_str(r#"{"keys":[{"kty":"EC","kid":"a"},{"kty":"RSA","kid":"b"}]}"#)?;
    /// assert_eq!(jwks.find("b").map(|jwk| jwk.kty.as_str()), Some("RSA"));
    /// assert!(jwks.find("c").is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|key| key.kid.as_deref() == Some(kid))
    }
}
