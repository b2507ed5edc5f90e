//! The checks on an ID token that comes with a refresh (OpenID Connect Core 12.2).

use serde_json::{Map, Value};

use super::IdTokenError;

/// After a refresh, the new ID token must stand for the original authentication (OpenID
/// Connect Core 12.2): same `iss` and `sub` ([`IdTokenError::SubjectChanged`]), same `aud`
/// (as a set) and `azp`, `auth_time` (when present) and `nonce` (when present) unchanged
/// ([`IdTokenError::RefreshedClaimChanged`]). Its signature, `exp` and `iat` are checked by
/// [`IdTokenExpectations::validate`](super::IdTokenExpectations::validate) like any ID token's.
///
/// ```
/// use serde_json::{Map, Value};
/// let first: Map<String, Value> = serde_json::from_str(r#"{"iss": "https://as.example", "sub": "alice"}"#)?;
/// let refreshed: Map<String, Value> = serde_json::from_str(r#"{"iss": "https://as.example", "sub": "bob"}"#)?;
/// assert!(oauth2_pkce_par_jar::check_refreshed(&first, &first).is_ok());
/// assert!(oauth2_pkce_par_jar::check_refreshed(&first, &refreshed).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn check_refreshed(
    first: &Map<String, Value>,
    refreshed: &Map<String, Value>,
) -> Result<(), IdTokenError> {
    if first.get("sub") != refreshed.get("sub") || first.get("iss") != refreshed.get("iss") {
        return Err(IdTokenError::SubjectChanged);
    }
    if audiences(first) != audiences(refreshed) {
        return Err(IdTokenError::RefreshedClaimChanged("aud"));
    }
    if first.get("azp") != refreshed.get("azp") {
        return Err(IdTokenError::RefreshedClaimChanged("azp"));
    }
    for claim in ["auth_time", "nonce"] {
        if let Some(value) = refreshed.get(claim)
            && first.get(claim) != Some(value)
        {
            return Err(IdTokenError::RefreshedClaimChanged(claim));
        }
    }
    Ok(())
}

/// `aud` as a sorted list, whether one string or an array.
fn audiences(claims: &Map<String, Value>) -> Vec<&str> {
    let mut audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    audiences.sort_unstable();
    audiences
}
