//! Conversions from and to the `jose-jwk` crate's `Jwk` and `JwkSet` (feature `jose-jwk`), so
//! a caller holding their keys passes them in with `.into()`.
//!
//! Both types speak the same RFC 7517 JSON, so the conversions go through it: one mapping,
//! written once by each crate's serde derives, rather than a second field-by-field copy.

use serde_json::Value;

use crate::jwk::{Jwk, Jwks};

/// Why a [`Jwk`] cannot become a `jose_jwk::Jwk`: jose-jwk knows a closed list of key types,
/// curves, algorithms, `use` and `key_ops` values, and rejects every other.
///
/// ```
/// use oauth2_jose::{JoseJwkError, Jwk};
/// let jwk: Jwk = serde_json::from_str(r#"{"kty":"AKP","alg":"ML-DSA-44","pub":"AAAA"}"#)?;
/// let err = jose_jwk::Jwk::try_from(&jwk).unwrap_err();
/// assert!(matches!(err, JoseJwkError::Unsupported { member: "kty", .. }));
/// assert_eq!(err.to_string(), "jose-jwk has no kty \"AKP\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JoseJwkError {
    /// A member's value is not one jose-jwk names (only public members are checked this way,
    /// so the value is safe to show).
    #[error("jose-jwk has no {member} {value:?}")]
    Unsupported {
        /// The member: `kty`, `crv`, `alg`, `use` or `key_ops`.
        member: &'static str,
        /// Its value.
        value: String,
    },
    /// jose-jwk rejects the key for another reason: a missing or malformed member. The reason
    /// is jose-jwk's own message, which names members, never their values.
    #[error("jose-jwk rejects the key: {0}")]
    Rejected(String),
}

/// Members are carried as they are; members jose-jwk names (`key_ops`, `x5c`, `x5t`,
/// `x5t#S256`, an RSA key's `oth`) land in [`Jwk::extra`].
///
/// ```
/// let theirs: jose_jwk::Jwk = serde_json::from_str(r#"{"kty":"OKP","crv":"Ed25519",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1","key_ops":["verify"]}"#)?;
/// let ours: oauth2_jose::Jwk = theirs.into();
/// assert_eq!((ours.kty.as_str(), ours.kid.as_deref()), ("OKP", Some("k1")));
/// assert_eq!(ours.extra["key_ops"], serde_json::json!(["verify"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl From<jose_jwk::Jwk> for Jwk {
    fn from(jwk: jose_jwk::Jwk) -> Self {
        Jwk::from(&jwk)
    }
}

/// As the by-value conversion, without consuming the key.
///
/// ```
/// let theirs: jose_jwk::Jwk =
///     serde_json::from_str(r#"{"kty":"oct","k":"c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1sb25nLi4u"}"#)?;
/// let ours = oauth2_jose::Jwk::from(&theirs);
/// assert!(ours.is_private());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl From<&jose_jwk::Jwk> for Jwk {
    fn from(jwk: &jose_jwk::Jwk) -> Self {
        // jose-jwk serializes only strings, byte strings (as base64 strings), sets and
        // options into a string-keyed map, and every such JSON object is a valid `Jwk` (all
        // its members but `kty` are optional or land in `extra`): neither step can fail.
        serde_json::to_value(jwk)
            .and_then(serde_json::from_value)
            .unwrap_or_default()
    }
}

/// Fails with a [`JoseJwkError`] naming what jose-jwk cannot hold (a `kty`, `crv`, `alg`,
/// `use` or `key_ops` value it does not know, a missing member). Members of [`Jwk::extra`]
/// that jose-jwk does not name are dropped, since it has nowhere to keep them.
///
/// ```
/// use oauth2_jose::{Algorithm, SigningKey};
/// let key = SigningKey::generate(Algorithm::ES256)?;
/// let theirs = jose_jwk::Jwk::try_from(key.public_jwk())?;
/// assert!(matches!(theirs.key, jose_jwk::Key::Ec(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl TryFrom<&Jwk> for jose_jwk::Jwk {
    type Error = JoseJwkError;

    fn try_from(jwk: &Jwk) -> Result<Self, JoseJwkError> {
        check_known_values(jwk)?;
        let value =
            serde_json::to_value(jwk).map_err(|err| JoseJwkError::Rejected(err.to_string()))?;
        serde_json::from_value(value).map_err(|err| JoseJwkError::Rejected(err.to_string()))
    }
}

/// Every key is converted as one key is (`From<jose_jwk::Jwk> for Jwk`).
///
/// ```
/// let theirs: jose_jwk::JwkSet = serde_json::from_str(r#"{"keys":[{"kty":"OKP",
///     "crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a"}]}"#)?;
/// let ours: oauth2_jose::Jwks = theirs.into();
/// assert!(ours.find("a").is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl From<jose_jwk::JwkSet> for Jwks {
    fn from(set: jose_jwk::JwkSet) -> Self {
        Jwks {
            keys: set.keys.iter().map(Jwk::from).collect(),
        }
    }
}

/// Fails on the first key jose-jwk cannot hold (a whole set is refused for one key, as
/// jose-jwk itself does when parsing one); to keep the others, convert key by key.
///
/// ```
/// let ours: oauth2_jose::Jwks = serde_json::from_str(r#"{"keys":[{"kty":"OKP",
///     "crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)?;
/// let theirs = jose_jwk::JwkSet::try_from(&ours)?;
/// assert_eq!(theirs.keys.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl TryFrom<&Jwks> for jose_jwk::JwkSet {
    type Error = JoseJwkError;

    fn try_from(set: &Jwks) -> Result<Self, JoseJwkError> {
        Ok(jose_jwk::JwkSet {
            keys: set
                .keys
                .iter()
                .map(jose_jwk::Jwk::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Names the public member whose value jose-jwk does not know, before its deserializer would
/// say only that no variant matched.
fn check_known_values(jwk: &Jwk) -> Result<(), JoseJwkError> {
    if !matches!(jwk.kty.as_str(), "EC" | "RSA" | "OKP" | "oct") {
        return Err(unsupported("kty", &jwk.kty));
    }
    if let Some(crv) = &jwk.crv {
        let known = match jwk.kty.as_str() {
            "EC" => is_known::<jose_jwk::EcCurves>(crv),
            "OKP" => is_known::<jose_jwk::OkpCurves>(crv),
            _ => true,
        };
        if !known {
            return Err(unsupported("crv", crv));
        }
    }
    if let Some(alg) = jwk
        .alg
        .as_deref()
        .filter(|alg| !is_known::<jose_jwk::jose_jwa::Algorithm>(alg))
    {
        return Err(unsupported("alg", alg));
    }
    if let Some(use_) = jwk
        .use_
        .as_deref()
        .filter(|use_| !is_known::<jose_jwk::Class>(use_))
    {
        return Err(unsupported("use", use_));
    }
    if let Some(Value::Array(ops)) = jwk.extra.get("key_ops") {
        for op in ops.iter().filter_map(Value::as_str) {
            if !is_known::<jose_jwk::Operations>(op) {
                return Err(unsupported("key_ops", op));
            }
        }
    }
    Ok(())
}

/// Whether jose-jwk's enum `T` has a variant spelled `value`.
fn is_known<T: serde::de::DeserializeOwned>(value: &str) -> bool {
    serde_json::from_value::<T>(Value::String(value.to_owned())).is_ok()
}

fn unsupported(member: &'static str, value: &str) -> JoseJwkError {
    JoseJwkError::Unsupported {
        member,
        value: value.to_owned(),
    }
}
