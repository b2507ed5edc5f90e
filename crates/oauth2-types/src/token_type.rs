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

/// The RFC 8693 token type URI for a short name (`access_token`, `refresh_token`, `id_token`,
/// `jwt`, `saml1`, `saml2`), as the Python original accepts them; any other value (a URI, or
/// a custom type) is returned unchanged.
///
/// ```
/// use oauth2_types::token_type::{to_uri, uri};
/// assert_eq!(to_uri("access_token"), uri::ACCESS_TOKEN);
/// assert_eq!(to_uri(uri::JWT), uri::JWT);
/// assert_eq!(to_uri("urn:example:custom"), "urn:example:custom");
/// ```
pub fn to_uri(token_type: &str) -> &str {
    match token_type {
        "access_token" => uri::ACCESS_TOKEN,
        "refresh_token" => uri::REFRESH_TOKEN,
        "id_token" => uri::ID_TOKEN,
        "jwt" => uri::JWT,
        "saml1" => uri::SAML1,
        "saml2" => uri::SAML2,
        other => other,
    }
}

/// A token that knows its own RFC 8693 type, so token exchange needs no separate type
/// argument for it (a [`BearerToken`](crate::BearerToken) is an access token; a typed ID
/// token implements it with [`uri::ID_TOKEN`]).
///
/// ```
/// use oauth2_types::token_type::{uri, ExchangeableToken};
/// let token = oauth2_types::BearerToken::new("abc");
/// assert_eq!(token.token(), "abc");
/// assert_eq!(token.token_type_uri(), uri::ACCESS_TOKEN);
/// ```
pub trait ExchangeableToken {
    /// The token itself, as sent in `subject_token` or `actor_token`.
    ///
    /// ```
    /// use oauth2_types::token_type::ExchangeableToken;
    /// assert_eq!(oauth2_types::BearerToken::new("abc").token(), "abc");
    /// ```
    fn token(&self) -> &str;

    /// Its token type URI (or a short name [`to_uri`] expands). Not `token_type`: a
    /// [`BearerToken`](crate::BearerToken)'s own `token_type()` is the response's (`Bearer`).
    ///
    /// ```
    /// use oauth2_types::token_type::{uri, ExchangeableToken};
    /// let token = oauth2_types::BearerToken::new("abc");
    /// assert_eq!(token.token_type_uri(), uri::ACCESS_TOKEN);
    /// ```
    fn token_type_uri(&self) -> &str;
}

impl ExchangeableToken for crate::BearerToken {
    fn token(&self) -> &str {
        self.access_token().secret()
    }

    fn token_type_uri(&self) -> &str {
        uri::ACCESS_TOKEN
    }
}

impl<T: ExchangeableToken + ?Sized> ExchangeableToken for &T {
    fn token(&self) -> &str {
        (**self).token()
    }

    fn token_type_uri(&self) -> &str {
        (**self).token_type_uri()
    }
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

#[cfg(test)]
mod tests {
    use super::{to_uri, uri};

    #[test]
    fn every_short_name_expands_to_its_rfc_8693_uri() {
        for (short, full) in [
            ("access_token", uri::ACCESS_TOKEN),
            ("refresh_token", uri::REFRESH_TOKEN),
            ("id_token", uri::ID_TOKEN),
            ("jwt", uri::JWT),
            ("saml1", uri::SAML1),
            ("saml2", uri::SAML2),
        ] {
            assert_eq!(to_uri(short), full);
            assert_eq!(to_uri(full), full, "a URI is left alone");
        }
    }

    #[test]
    fn anything_else_passes_through_unchanged() {
        for custom in ["urn:example:custom", "ACCESS_TOKEN", "", "access_token "] {
            assert_eq!(to_uri(custom), custom);
        }
    }
}
