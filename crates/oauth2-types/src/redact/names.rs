//! Which names (JSON members, form parameters, `name=value` in text) hold secrets.

/// The names of secrets, each with why.
const SECRET_NAMES: &[&str] = &[
    // Tokens: whoever holds one can use it (RFC 6749, RFC 7009, RFC 7662, RFC 8693, OIDC).
    "token",
    "id_token_hint",
    // One-time grants a client redeems for tokens (RFC 6749, RFC 8628, CIBA); a device flow's
    // user_code lets someone else approve the device with their own account.
    "code",
    "authorization_code",
    "device_code",
    "user_code",
    "auth_req_id",
    // Client and user credentials, and what proves them (RFC 6749, RFC 7523, RFC 7636).
    "assertion",
    "password",
    "code_verifier",
    // What binds a response to its request: known to an attacker, they forge the callback
    // or replay the ID token.
    "state",
    "nonce",
    // A request object carries state and nonce (RFC 9101); a DPoP proof is a credential
    // for its method and URL (RFC 9449); and the HTTP headers that carry credentials.
    "request",
    "dpop",
    "authorization",
    "proxy_authorization",
    "cookie",
    "set_cookie",
];

/// Whether a member or parameter of this name holds a secret: the names above, and any
/// name ending in `_token` or `assertion` (`access_token`, `logout_token`,
/// `client_assertion`...), or containing `secret`, `password`, `passwd`, `private_key`,
/// `api_key` or `apikey`.
/// Case, and `-` for `_`, do not matter. `request_uri` is no secret: it travels through the
/// browser by design (RFC 9126).
///
/// ```
/// use oauth2_types::redact::is_secret_name;
/// for name in ["access_token", "Refresh-Token", "client_secret", "code", "state", "session_token"] {
///     assert!(is_secret_name(name), "{name}");
/// }
/// for name in ["token_type", "expires_in", "scope", "error", "request_uri", "token_endpoint"] {
///     assert!(!is_secret_name(name), "{name}");
/// }
/// ```
pub fn is_secret_name(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase().replace('-', "_");
    SECRET_NAMES.contains(&name.as_str())
        || name.ends_with("_token")
        || name.ends_with("assertion")
        || [
            "secret",
            "password",
            "passwd",
            "private_key",
            "private_jwk",
            "api_key",
            "apikey",
        ]
        .iter()
        .any(|part| name.contains(part))
}

/// The members of a JWK that are private key material (RFC 7518 section 6).
pub(super) const JWK_PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k", "oth"];
