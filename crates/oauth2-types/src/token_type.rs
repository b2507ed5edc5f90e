//! Token type identifiers.
//!
//! `token_type` values of token responses (RFC 6749 section 7.1) and the token type URIs of
//! token exchange (RFC 8693 section 3) and of revocation/introspection hints (RFC 7009).

/// `token_type` of a bearer token (RFC 6750). Compare case-insensitively.
///
/// ```
/// assert!(oauth2_types::token_type::is_bearer(oauth2_types::token_type::BEARER));
/// ```
pub const BEARER: &str = "Bearer";
/// `token_type` of a DPoP-bound token (RFC 9449). Compare case-insensitively.
///
/// ```
/// assert!(oauth2_types::token_type::is_dpop(oauth2_types::token_type::DPOP));
/// ```
pub const DPOP: &str = "DPoP";

/// `token_type_hint` values for revocation and introspection (RFC 7009 section 2.1).
pub mod hint {
    /// The token is an access token.
    ///
    /// ```
    /// assert_eq!(oauth2_types::token_type::hint::ACCESS_TOKEN, "access_token");
    /// ```
    pub const ACCESS_TOKEN: &str = "access_token";
    /// The token is a refresh token.
    ///
    /// ```
    /// assert_eq!(oauth2_types::token_type::hint::REFRESH_TOKEN, "refresh_token");
    /// ```
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
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert!(uri::ACCESS_TOKEN.ends_with(":access_token"));
    /// ```
    pub const ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
    /// An OAuth 2.0 refresh token.
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert_eq!(uri::REFRESH_TOKEN, "urn:ietf:params:oauth:token-type:refresh_token");
    /// ```
    pub const REFRESH_TOKEN: &str = "urn:ietf:params:oauth:token-type:refresh_token";
    /// An OpenID Connect ID token.
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert_eq!(uri::ID_TOKEN, "urn:ietf:params:oauth:token-type:id_token");
    /// ```
    pub const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
    /// A base64url-encoded SAML 1.1 assertion.
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert_eq!(uri::SAML1, "urn:ietf:params:oauth:token-type:saml1");
    /// ```
    pub const SAML1: &str = "urn:ietf:params:oauth:token-type:saml1";
    /// A base64url-encoded SAML 2.0 assertion.
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert_eq!(uri::SAML2, "urn:ietf:params:oauth:token-type:saml2");
    /// ```
    pub const SAML2: &str = "urn:ietf:params:oauth:token-type:saml2";
    /// A JWT (RFC 7519).
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// assert_eq!(uri::JWT, "urn:ietf:params:oauth:token-type:jwt");
    /// ```
    pub const JWT: &str = "urn:ietf:params:oauth:token-type:jwt";
}

/// Grant type identifiers, as sent in `grant_type`.
///
/// ```
/// assert_eq!(oauth2_types::grant_type::CLIENT_CREDENTIALS, "client_credentials");
/// ```
pub mod grant_type {
    /// RFC 6749 section 4.1.
    ///
    /// ```
    /// assert_eq!(oauth2_types::grant_type::AUTHORIZATION_CODE, "authorization_code");
    /// ```
    pub const AUTHORIZATION_CODE: &str = "authorization_code";
    /// RFC 6749 section 4.4.
    ///
    /// ```
    /// assert_eq!(oauth2_types::grant_type::CLIENT_CREDENTIALS, "client_credentials");
    /// ```
    pub const CLIENT_CREDENTIALS: &str = "client_credentials";
    /// RFC 6749 section 6.
    ///
    /// ```
    /// assert_eq!(oauth2_types::grant_type::REFRESH_TOKEN, "refresh_token");
    /// ```
    pub const REFRESH_TOKEN: &str = "refresh_token";
    /// RFC 6749 section 4.3.
    ///
    /// ```
    /// assert_eq!(oauth2_types::grant_type::PASSWORD, "password");
    /// ```
    pub const PASSWORD: &str = "password";
    /// RFC 8628.
    ///
    /// ```
    /// use oauth2_types::grant_type;
    /// assert_eq!(grant_type::DEVICE_CODE, "urn:ietf:params:oauth:grant-type:device_code");
    /// ```
    pub const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
    /// OpenID Connect CIBA.
    ///
    /// ```
    /// assert_eq!(oauth2_types::grant_type::CIBA, "urn:openid:params:grant-type:ciba");
    /// ```
    pub const CIBA: &str = "urn:openid:params:grant-type:ciba";
    /// RFC 8693.
    ///
    /// ```
    /// use oauth2_types::grant_type;
    /// assert_eq!(grant_type::TOKEN_EXCHANGE, "urn:ietf:params:oauth:grant-type:token-exchange");
    /// ```
    pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
    /// RFC 7523 section 2.1.
    ///
    /// ```
    /// use oauth2_types::grant_type;
    /// assert_eq!(grant_type::JWT_BEARER, "urn:ietf:params:oauth:grant-type:jwt-bearer");
    /// ```
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
