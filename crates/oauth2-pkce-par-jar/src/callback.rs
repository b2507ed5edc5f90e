//! Validating the authorization response (RFC 6749 section 4.1.2, RFC 9207): the callback
//! the user's browser brings back.

use std::collections::HashMap;

use oauth2_types::redact::Redacted;
use oauth2_types::{ErrorResponse, constant_time_eq};
use url::Url;

use crate::authorization_request::PendingAuthorization;

/// How many characters of a mismatched `state` an error shows.
///
/// ```
/// use oauth2_pkce_par_jar::{AuthorizationRequest, CallbackError, STATE_PREFIX_CHARS};
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
/// let err = request.pending().validate_query("code=abc&state=forged-state").err();
/// let received_prefix = "forged-state"[..STATE_PREFIX_CHARS].to_owned();
/// assert_eq!(err, Some(CallbackError::StateMismatch { received_prefix }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const STATE_PREFIX_CHARS: usize = 8;

/// Why an authorization response is refused.
///
/// ```
/// use oauth2_pkce_par_jar::{AuthorizationRequest, CallbackError};
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
///     .state("state-1234")
///     .build()?;
/// assert_eq!(request.pending().validate_query("state=state-1234").err(), Some(CallbackError::MissingCode));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// A parameter appears more than once (RFC 6749 section 3.1).
    #[error("the parameter {0:?} is repeated")]
    RepeatedParameter(String),
    /// The response has no `state`.
    #[error("the response has no state")]
    MissingState,
    /// `state` is not the one sent: a forged or mixed-up response. The state sent is a
    /// secret and is never shown; of the one received, only the first
    /// [`STATE_PREFIX_CHARS`] characters are kept.
    #[error("the state does not match the request's (received {received_prefix:?}...)")]
    StateMismatch {
        /// The first characters of the state received.
        received_prefix: String,
    },
    /// `iss` is required (RFC 9207) and missing.
    #[error("the response has no iss, and the server says it sends one (RFC 9207)")]
    MissingIssuer,
    /// `iss` is required (RFC 9207), but no expected issuer was configured to check it
    /// against: a configuration error (set one with
    /// [`AuthorizationRequestBuilder::issuer`](crate::AuthorizationRequestBuilder::issuer)).
    #[error("iss is required, but no expected issuer is configured to check it against")]
    NoExpectedIssuer,
    /// `iss` is not the expected issuer: a mix-up attack (RFC 9207).
    #[error("the response comes from issuer {received:?}, expected {expected:?}")]
    IssuerMismatch {
        /// The issuer expected.
        expected: String,
        /// The issuer received.
        received: String,
    },
    /// The server answered with an error (`access_denied`, `login_required`...).
    #[error("the authorization server answered: {0}")]
    Error(Box<ErrorResponse>),
    /// The response has neither `code` nor `error`.
    #[error("the response has no code")]
    MissingCode,
}

/// A validated authorization response: the code, and what the exchange needs.
///
/// ```
/// # use oauth2_pkce_par_jar::AuthorizationRequest;
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
///     .state("state-1234")
///     .build()?;
/// let response = request.pending().validate_query("code=abc&state=state-1234")?;
/// assert_eq!(response.code(), "abc");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct AuthorizationResponse {
    code: String,
    params: HashMap<String, String>,
    pending: PendingAuthorization,
}

/// The code is redacted, and so are the parameters but for their names and `iss`.
impl std::fmt::Debug for AuthorizationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.params.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("AuthorizationResponse")
            .field("code", &Redacted)
            .field("iss", &self.params.get("iss"))
            .field("params", &names)
            .field("pending", &self.pending)
            .finish()
    }
}

impl AuthorizationResponse {
    /// The authorization code.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// assert_eq!(request.pending().validate_query("code=abc&state=state-1234")?.code(), "abc");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Any parameter of the response.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// let response = request.pending().validate_query("code=abc&state=state-1234&session_state=s1")?;
    /// assert_eq!(response.param("session_state"), Some("s1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// What was kept from the request (verifier, redirect URI, nonce...).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// let response = request.pending().validate_query("code=abc&state=state-1234")?;
    /// assert!(response.pending().code_verifier().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pending(&self) -> &PendingAuthorization {
        &self.pending
    }
}

/// The parameters of a query string, decoded.
fn pairs_of(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

impl PendingAuthorization {
    /// Validates the full callback URL (its query, or its fragment for `fragment` mode).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .issuer("https://as.example").state("xyz-state").build()?;
    /// let callback = url::Url::parse("https://app.example/cb?code=abc&state=xyz-state&iss=https%3A%2F%2Fas.example")?;
    /// let response = request.pending().validate_callback(&callback)?;
    /// assert_eq!(response.code(), "abc");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_callback(&self, url: &Url) -> Result<AuthorizationResponse, CallbackError> {
        let query = match (url.query(), url.fragment()) {
            (Some(query), _) if !query.is_empty() => query,
            (_, Some(fragment)) => fragment,
            _ => "",
        };
        self.validate_params(pairs_of(query))
    }

    /// Validates a bare query string (`code=...&state=...`, or `?code=...`: one leading `?`
    /// is skipped; a second one belongs to the first parameter's name, as a browser reads it).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// assert_eq!(request.pending().validate_query("?code=abc&state=state-1234")?.code(), "abc");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_query(&self, query: &str) -> Result<AuthorizationResponse, CallbackError> {
        self.validate_params(pairs_of(query.strip_prefix('?').unwrap_or(query)))
    }

    /// Validates parameters already parsed (a `form_post` body).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// let form = [("code".to_owned(), "abc".to_owned()), ("state".to_owned(), "state-1234".to_owned())];
    /// assert_eq!(request.pending().validate_params(form)?.code(), "abc");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_params(
        &self,
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Result<AuthorizationResponse, CallbackError> {
        let mut params = HashMap::new();
        for (name, value) in pairs {
            if params.insert(name.clone(), value).is_some() {
                return Err(CallbackError::RepeatedParameter(name));
            }
        }
        // The issuer first: an error from another server must not be believed either.
        match (params.get("iss"), &self.issuer) {
            (_, None) if self.require_iss => return Err(CallbackError::NoExpectedIssuer),
            (Some(received), Some(expected)) if received != expected => {
                return Err(CallbackError::IssuerMismatch {
                    expected: expected.clone(),
                    received: received.clone(),
                });
            }
            (None, _) if self.require_iss => return Err(CallbackError::MissingIssuer),
            _ => {}
        }
        let received = params.get("state").ok_or(CallbackError::MissingState)?;
        if !constant_time_eq(received.as_bytes(), self.state.as_bytes()) {
            return Err(CallbackError::StateMismatch {
                received_prefix: received.chars().take(STATE_PREFIX_CHARS).collect(),
            });
        }
        if let Some(error) = params.get("error") {
            let mut response = ErrorResponse::new(error.as_str());
            response.error_description = params.get("error_description").cloned();
            response.error_uri = params.get("error_uri").cloned();
            return Err(CallbackError::Error(Box::new(response)));
        }
        let code = params
            .get("code")
            .cloned()
            .ok_or(CallbackError::MissingCode)?;
        Ok(AuthorizationResponse {
            code,
            params,
            pending: self.clone(),
        })
    }
}
