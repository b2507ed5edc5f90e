//! The OAuth 2.0 error response (RFC 6749 section 5.2) and its error codes.
//!
//! The same shape is used by the token, PAR, device, CIBA, revocation and introspection
//! endpoints, by authorization responses (section 4.1.2.1) and by `WWW-Authenticate`
//! challenges (RFC 6750 section 3).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::redact;

macro_rules! error_codes {
    ($($(#[$meta:meta])* $variant:ident => $code:literal,)*) => {
        /// An OAuth 2.x `error` code. Codes this crate does not know are kept in
        /// [`ErrorCode::Other`], so nothing the server said is lost.
        ///
        /// ```
        /// use oauth2_types::ErrorCode;
        /// assert_eq!(ErrorCode::from("invalid_grant"), ErrorCode::InvalidGrant);
        /// assert_eq!(ErrorCode::from("vendor_specific").as_str(), "vendor_specific");
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$meta])* $variant,)*
            /// A code not listed above, as the server sent it.
            Other(String),
        }

        impl ErrorCode {
            /// The code as sent on the wire.
            ///
            /// ```
            /// assert_eq!(oauth2_types::ErrorCode::InvalidGrant.as_str(), "invalid_grant");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Other(code) => code,
                }
            }
        }

        impl From<&str> for ErrorCode {
            fn from(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
}

error_codes! {
    /// `invalid_request` (RFC 6749).
    InvalidRequest => "invalid_request",
    /// `invalid_client` (RFC 6749).
    InvalidClient => "invalid_client",
    /// `invalid_grant` (RFC 6749).
    InvalidGrant => "invalid_grant",
    /// `unauthorized_client` (RFC 6749).
    UnauthorizedClient => "unauthorized_client",
    /// `unsupported_grant_type` (RFC 6749).
    UnsupportedGrantType => "unsupported_grant_type",
    /// `invalid_scope` (RFC 6749).
    InvalidScope => "invalid_scope",
    /// `access_denied` (RFC 6749).
    AccessDenied => "access_denied",
    /// `unsupported_response_type` (RFC 6749).
    UnsupportedResponseType => "unsupported_response_type",
    /// `server_error` (RFC 6749).
    ServerError => "server_error",
    /// `temporarily_unavailable` (RFC 6749).
    TemporarilyUnavailable => "temporarily_unavailable",
    /// `invalid_token` (RFC 6750).
    InvalidToken => "invalid_token",
    /// `insufficient_scope` (RFC 6750).
    InsufficientScope => "insufficient_scope",
    /// `unsupported_token_type` (RFC 7009).
    UnsupportedTokenType => "unsupported_token_type",
    /// `invalid_target` (RFC 8707).
    InvalidTarget => "invalid_target",
    /// `authorization_pending` (RFC 8628, CIBA).
    AuthorizationPending => "authorization_pending",
    /// `slow_down` (RFC 8628, CIBA).
    SlowDown => "slow_down",
    /// `expired_token` (RFC 8628, CIBA).
    ExpiredToken => "expired_token",
    /// `invalid_dpop_proof` (RFC 9449).
    InvalidDpopProof => "invalid_dpop_proof",
    /// `use_dpop_nonce` (RFC 9449).
    UseDpopNonce => "use_dpop_nonce",
    /// `invalid_request_uri` (RFC 9101).
    InvalidRequestUri => "invalid_request_uri",
    /// `invalid_request_object` (RFC 9101).
    InvalidRequestObject => "invalid_request_object",
    /// `request_not_supported` (OpenID Connect).
    RequestNotSupported => "request_not_supported",
    /// `request_uri_not_supported` (OpenID Connect).
    RequestUriNotSupported => "request_uri_not_supported",
    /// `interaction_required` (OpenID Connect).
    InteractionRequired => "interaction_required",
    /// `login_required` (OpenID Connect).
    LoginRequired => "login_required",
    /// `account_selection_required` (OpenID Connect).
    AccountSelectionRequired => "account_selection_required",
    /// `consent_required` (OpenID Connect).
    ConsentRequired => "consent_required",
    /// `invalid_authorization_details` (RFC 9396).
    InvalidAuthorizationDetails => "invalid_authorization_details",
    /// `unknown_user_id` (CIBA).
    UnknownUserId => "unknown_user_id",
    /// `transaction_failed` (CIBA).
    TransactionFailed => "transaction_failed",
    /// `invalid_binding_message` (CIBA).
    InvalidBindingMessage => "invalid_binding_message",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for ErrorCode {
    fn from(code: String) -> Self {
        Self::from(code.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(Self::from(code))
    }
}

/// An OAuth 2.x error response: `error`, `error_description`, `error_uri`, and any other
/// member the server added.
///
/// ```
/// use oauth2_types::{ErrorCode, ErrorResponse};
/// let body = r#"{"error":"invalid_client","error_description":"bad secret","trace":"x1"}"#;
/// let err: ErrorResponse = serde_json::from_str(body).unwrap();
/// assert_eq!(err.error, ErrorCode::InvalidClient);
/// assert_eq!(err.error_description.as_deref(), Some("bad secret"));
/// assert_eq!(err.extra["trace"], "x1");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The error code.
    pub error: ErrorCode,
    /// A human-readable explanation, if the server sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// A page about the error, if the server sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
    /// Every other member of the response.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ErrorResponse {
    /// An error response with only a code.
    ///
    /// ```
    /// let err = oauth2_types::ErrorResponse::new("access_denied");
    /// assert_eq!(err.to_string(), "access_denied");
    /// ```
    pub fn new(error: impl Into<ErrorCode>) -> Self {
        Self {
            error: error.into(),
            error_description: None,
            error_uri: None,
            extra: serde_json::Map::new(),
        }
    }

    /// Sets the description.
    ///
    /// ```
    /// let err = oauth2_types::ErrorResponse::new("access_denied").with_description("no");
    /// assert_eq!(err.to_string(), "access_denied: no");
    /// ```
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.error_description = Some(description.into());
        self
    }

    /// Sets the error URI.
    ///
    /// ```
    /// let err = oauth2_types::ErrorResponse::new("access_denied").with_uri("https://e/x");
    /// assert_eq!(err.error_uri.as_deref(), Some("https://e/x"));
    /// ```
    #[must_use]
    pub fn with_uri(mut self, uri: impl Into<String>) -> Self {
        self.error_uri = Some(uri.into());
        self
    }
}

/// The description and the extra members are masked where they hold a secret (a server that
/// echoes the code it refused, say); see [`redact`].
impl fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut extra = serde_json::Value::Object(self.extra.clone());
        redact::mask_json(&mut extra);
        f.debug_struct("ErrorResponse")
            .field("error", &self.error)
            .field(
                "error_description",
                &self.error_description.as_deref().map(redact::mask_text),
            )
            .field("error_uri", &self.error_uri)
            .field("extra", &extra)
            .finish()
    }
}

/// `error: description (see uri)`, the description masked where it holds a secret.
impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(description) = &self.error_description {
            write!(f, ": {}", redact::mask_text(description))?;
        }
        if let Some(uri) = &self.error_uri {
            write!(f, " (see {uri})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_round_trip() {
        let err: ErrorResponse = serde_json::from_str(r#"{"error":"made_up"}"#).unwrap();
        assert_eq!(err.error, ErrorCode::Other("made_up".into()));
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"error":"made_up"}"#
        );
    }

    #[test]
    fn known_codes_parse() {
        for code in [
            "use_dpop_nonce",
            "consent_required",
            "slow_down",
            "invalid_target",
        ] {
            let parsed = ErrorCode::from(code);
            assert!(!matches!(parsed, ErrorCode::Other(_)), "{code}");
            assert_eq!(parsed.as_str(), code);
        }
    }
}
