//! JWK thumbprints (RFC 7638): SHA-256 over the required members in lexicographic order.

use sha2::{Digest, Sha256};

use crate::b64;
use crate::error::Error;
use crate::jwk::Jwk;

/// The RFC 7638 SHA-256 thumbprint of a key, base64url-encoded. Used for DPoP's `jkt`.
///
/// ```
/// let jwk: oauth2_jose::Jwk = serde_json::from_str(r#"{"kty":"OKP","crv":"Ed25519",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
/// assert_eq!(oauth2_jose::thumbprint(&jwk)?, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn thumbprint(jwk: &Jwk) -> Result<String, Error> {
    let member = |name: &str, value: &Option<String>| {
        value
            .as_deref()
            .ok_or_else(|| Error::InvalidKey(format!("the JWK has no {name:?}")))
            .map(|value| serde_json::Value::String(value.to_owned()).to_string())
    };
    let canonical = match jwk.kty.as_str() {
        "EC" => format!(
            r#"{{"crv":{},"kty":"EC","x":{},"y":{}}}"#,
            member("crv", &jwk.crv)?,
            member("x", &jwk.x)?,
            member("y", &jwk.y)?
        ),
        "RSA" => format!(
            r#"{{"e":{},"kty":"RSA","n":{}}}"#,
            member("e", &jwk.e)?,
            member("n", &jwk.n)?
        ),
        "OKP" => format!(
            r#"{{"crv":{},"kty":"OKP","x":{}}}"#,
            member("crv", &jwk.crv)?,
            member("x", &jwk.x)?
        ),
        "oct" => format!(r#"{{"k":{},"kty":"oct"}}"#, member("k", &jwk.k)?),
        other => return Err(Error::InvalidKey(format!("unsupported kty {other:?}"))),
    };
    Ok(b64::encode(&Sha256::digest(canonical.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7638 section 3.1.
    #[test]
    fn rfc7638_example() {
        let jwk: Jwk = serde_json::from_str(
            r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#,
        )
        .unwrap();
        assert_eq!(
            thumbprint(&jwk).unwrap(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
