//! Why an ID token is refused.

/// Why an ID token is refused.
///
/// ```
/// use oauth2_pkce_par_jar::IdTokenError;
/// assert_eq!(IdTokenError::Expired.to_string(), "the ID token has expired");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    /// The signature, key or algorithm is not acceptable (`none` never is).
    #[error("the ID token signature is not acceptable: {0}")]
    Signature(#[from] oauth2_jose::Error),
    /// A claim is missing or malformed.
    #[error("the ID token claim {0} is missing or malformed")]
    Claim(&'static str),
    /// `iss` is not the issuer (OpenID Connect Core 3.1.3.7, rule 2).
    #[error("the ID token comes from {received:?}, expected {expected:?}")]
    Issuer {
        /// The issuer expected.
        expected: String,
        /// The issuer received.
        received: String,
    },
    /// `aud` does not contain the client id: the token was issued to another client
    /// (OpenID Connect Core 3.1.3.7, rule 3).
    #[error("the ID token is for audience {received:?}, not for client {expected:?}")]
    AudienceMismatch {
        /// The client id.
        expected: String,
        /// The audiences of the token.
        received: Vec<String>,
    },
    /// `azp` names another client: the token was issued to that party, with this client as
    /// one more audience (OpenID Connect Core 3.1.3.7, rule 5).
    #[error("the ID token was issued to party {received:?}, not to client {expected:?}")]
    AzpMismatch {
        /// The client id.
        expected: String,
        /// The `azp` of the token.
        received: String,
    },
    /// The token has several audiences and no `azp` saying which of them it was issued to
    /// (OpenID Connect Core 3.1.3.7, rule 4).
    #[error("the ID token has several audiences and no azp")]
    AzpMissing,
    /// `exp` has passed.
    #[error("the ID token has expired")]
    Expired,
    /// `iat` is in the future.
    #[error("the ID token is issued in the future")]
    IssuedInFuture,
    /// `nonce` is not the one the authorization request sent: a replayed or substituted
    /// token (OpenID Connect Core 3.1.3.7, rule 11). Neither value is shown: they are secrets.
    #[error("the ID token nonce does not match the request's")]
    NonceMismatch,
    /// The authorization request sent a `nonce`, and the token has none (OpenID Connect Core
    /// 3.1.3.7, rule 11).
    #[error("the ID token has no nonce, though the request sent one")]
    NonceMissing,
    /// `at_hash` or `c_hash` does not match.
    #[error("the ID token {0} does not match")]
    Hash(&'static str),
    /// `auth_time` is missing, or too old for `max_age`.
    #[error("the authentication is older than max_age, or auth_time is missing")]
    AuthTime,
    /// `acr` is not one of the essential values asked for.
    #[error("the ID token acr is not one that was required")]
    Acr,
    /// The token response has no ID token, though the request asked for `openid`.
    #[error("the token response has no ID token, though openid was asked for")]
    Missing,
    /// `sub` or `iss` differ from the first ID token's after a refresh.
    #[error("the refreshed ID token is for another subject or issuer")]
    SubjectChanged,
    /// After a refresh, this claim differs from the first ID token's where OpenID Connect
    /// Core 12.2 says it must not (`aud`, `azp`, `auth_time`, `nonce`).
    #[error("the refreshed ID token changed its {0} claim")]
    RefreshedClaimChanged(&'static str),
}
