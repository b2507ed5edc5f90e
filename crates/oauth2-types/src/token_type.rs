//! Token type identifiers.
//!
//! `token_type` values of token responses (RFC 6749 section 7.1) and the token type URIs of
//! token exchange (RFC 8693 section 3) and of revocation/introspection hints (RFC 7009).

/// `token_type` of a bearer token (RFC 6750). Compare case-insensitively.
pub const BEARER: &str = "Bearer";
/// `token_type` of a DPoP-bound token (RFC 9449). Compare case-insensitively.
pub const DPOP: &str = "DPoP";

/// `token_type_hint` values for revocation and introspection (RFC 7009 section 2.1).
pub mod hint {
    /// The token is an access token.
    pub const ACCESS_TOKEN: &str = "access_token";
    /// The token is a refresh token.
    pub const REFRESH_TOKEN: &str = "refresh_token";
}

/// Token type URIs of RFC 8693 section 3 (token exchange).
///
/// ```
/// use oauth2_types::token_type::uri;
/// assert_eq!(uri::ACCESS_TOKEN, "urn:ietf:params:oauth:token-type:access_token");
/// ```
pub mod uri {
    /// An OAuth 2.0 access token.
    pub const ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
    /// An OAuth 2.0 refresh token.
    pub const REFRESH_TOKEN: &str = "urn:ietf:params:oauth:token-type:refresh_token";
    /// An OpenID Connect ID token.
    pub const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
    /// A base64url-encoded SAML 1.1 assertion.
    pub const SAML1: &str = "urn:ietf:params:oauth:token-type:saml1";
    /// A base64url-encoded SAML 2.0 assertion.
    pub const SAML2: &str = "urn:ietf:params:oauth:token-type:saml2";
    /// A JWT (RFC 7519).
    pub const JWT: &str = "urn:ietf:params:oauth:token-type:jwt";
}

/// Grant type identifiers, as sent in `grant_type`.
///
/// ```
/// assert_eq!(oauth2_types::grant_type::CLIENT_CREDENTIALS, "client_credentials");
/// ```
pub mod grant_type {
    /// RFC 6749 section 4.1.
    pub const AUTHORIZATION_CODE: &str = "authorization_code";
    /// RFC 6749 section 4.4.
    pub const CLIENT_CREDENTIALS: &str = "client_credentials";
    /// RFC 6749 section 6.
    pub const REFRESH_TOKEN: &str = "refresh_token";
    /// RFC 6749 section 4.3.
    pub const PASSWORD: &str = "password";
    /// RFC 8628.
    pub const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
    /// OpenID Connect CIBA.
    pub const CIBA: &str = "urn:openid:params:grant-type:ciba";
    /// RFC 8693.
    pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
    /// RFC 7523 section 2.1.
    pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
}

/// Returns whether a `token_type` is `Bearer`, in any case (RFC 6749 section 5.1 says the
/// value is case-insensitive, and servers send `bearer`, `Bearer`, `BEARER`).
///
/// ```
/// assert!(oauth2_types::token_type::is_bearer("bearer"));
/// assert!(!oauth2_types::token_type::is_bearer("DPoP"));
/// ```
pub fn is_bearer(token_type: &str) -> bool {
    token_type.eq_ignore_ascii_case(BEARER)
}

/// Returns whether a `token_type` is `DPoP`, in any case.
///
/// ```
/// assert!(oauth2_types::token_type::is_dpop("dpop"));
/// ```
pub fn is_dpop(token_type: &str) -> bool {
    token_type.eq_ignore_ascii_case(DPOP)
}
