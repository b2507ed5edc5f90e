//! Which names (JSON members, form parameters, `name=value` in text) hold secrets.

/// The secrets the protocol makes at random, each with why they are secret.
const RANDOM_SECRET_NAMES: &[&str] = &[
    // Tokens: whoever holds one can use it (RFC 6749, RFC 7009, RFC 7662, RFC 8693, OIDC).
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "subject_token",
    "actor_token",
    "logout_token",
    "id_token_hint",
    // One-time grants a client redeems for tokens (RFC 6749, RFC 8628, CIBA); a device flow's
    // user_code lets someone else approve the device with their own account.
    "code",
    "authorization_code",
    "device_code",
    "user_code",
    "auth_req_id",
    // What proves a client or a grant (RFC 7523, RFC 7636).
    "assertion",
    "client_assertion",
    "code_verifier",
    // What binds a response to its request: known to an attacker, they forge the callback
    // or replay the ID token.
    "state",
    "nonce",
    // A request object carries state and nonce (RFC 9101); a DPoP proof is a credential
    // for its method and URL (RFC 9449).
    "request",
    "dpop",
];

/// Credentials someone typed or was given, by exact name: a user's password, and the HTTP
/// headers that carry credentials.
const CREDENTIAL_NAMES: &[&str] = &[
    "password",
    "authorization",
    "proxy_authorization",
    "cookie",
    "set_cookie",
];

/// Case, and `-` for `_`, do not matter in names.
fn normalized(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('-', "_")
}

/// Whether a secret of this name is a random value the protocol makes (a token, a code, an
/// assertion, a proof, `state`, `nonce`): a few of its first characters tell two apart
/// without helping to guess it. Any other secret is a credential someone typed or was given
/// (a password, a client secret, a private or API key, a cookie), whose first characters
/// would help guess it. Case, and `-` for `_`, do not matter.
///
/// ```
/// use oauth2_types::redact::is_random_secret_name;
/// assert!(is_random_secret_name("Access-Token") && is_random_secret_name("state"));
/// assert!(!is_random_secret_name("password") && !is_random_secret_name("client_secret"));
/// ```
pub fn is_random_secret_name(name: &str) -> bool {
    RANDOM_SECRET_NAMES.contains(&normalized(name).as_str())
}

/// Whether a member or parameter of this name holds a secret: the names above (random
/// secrets and credentials), and any
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
    let name = normalized(name);
    RANDOM_SECRET_NAMES.contains(&name.as_str())
        || CREDENTIAL_NAMES.contains(&name.as_str())
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
