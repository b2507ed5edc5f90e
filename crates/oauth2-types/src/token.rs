//! Token responses (RFC 6749 section 5.1) and the [`BearerToken`] built from them.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::seams::TokenBinding;
use wire::{Source, Wire, whole_seconds};

mod wire;
use crate::secret::{AccessToken, RefreshToken};
use crate::token_type;

/// Why a token response body could not be read as a token.
///
/// ```
/// use oauth2_types::{BearerToken, TokenResponseError};
/// let err = BearerToken::from_response(br#"{"token_type":"Bearer"}"#).unwrap_err();
/// assert!(matches!(err, TokenResponseError::MissingAccessToken));
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum TokenResponseError {
    /// The body is not a JSON object of the expected shape. The message, `Debug` included,
    /// leaves out the value the parser quotes (a token where a number was expected); so the
    /// parser's error is not given as the source either.
    #[error("the token response is not valid JSON: {}", crate::redact::json_error(.0))]
    Json(serde_json::Error),
    /// `access_token` is missing or empty.
    #[error("the token response has no access_token")]
    MissingAccessToken,
    /// `expires_in` is neither a number nor a numeric string; the value is shown with its
    /// secrets masked (see [`redact`](crate::redact)), and cut short.
    #[error("the token response has an unreadable expires_in: {0}")]
    InvalidExpiresIn(String),
}

impl From<serde_json::Error> for TokenResponseError {
    fn from(err: serde_json::Error) -> Self {
        Self::Json(err)
    }
}

impl fmt::Debug for TokenResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(err) => f
                .debug_tuple("Json")
                .field(&crate::redact::json_error(err))
                .finish(),
            Self::MissingAccessToken => f.write_str("MissingAccessToken"),
            Self::InvalidExpiresIn(value) => {
                f.debug_tuple("InvalidExpiresIn").field(value).finish()
            }
        }
    }
}

/// A token issued by an authorization server: the access token and everything that came with
/// it, with `expires_in` turned into an absolute expiry.
///
/// Works for any `token_type`: `Bearer`, and `DPoP`, whose key the token carries as a
/// [`TokenBinding`] (not serialized: a stored DPoP token needs its key again). It serializes with `expires_at` (seconds since the Unix epoch) so a token can be
/// stored and loaded again with its expiry intact.
///
/// ```
/// use std::time::Duration;
/// use oauth2_types::BearerToken;
///
/// let body = br#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"bearer",
///                "expires_in":"3600","refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
///                "scope":"read write","example_parameter":"example_value"}"#;
/// let token = BearerToken::from_response(body)?;
/// assert!(token.has_bearer_type());
/// assert!(!token.is_expired(Duration::from_secs(20)));
/// assert_eq!(token.scope(), Some("read write"));
/// assert_eq!(token.extra("example_parameter").and_then(|v| v.as_str()), Some("example_value"));
///
/// // Persist it and load it back, expiry included.
/// let stored = serde_json::to_string(&token)?;
/// let loaded: BearerToken = serde_json::from_str(&stored)?;
/// assert_eq!(loaded.expires_at(), token.expires_at());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct BearerToken {
    /// Shared: a token is handed out on every request (token managers, the middleware), so a
    /// clone must cost a reference count, not a copy of an 800-byte token and its extras.
    /// The `with_*` methods copy on write.
    inner: Arc<TokenFields>,
}

/// The members of a [`BearerToken`].
#[derive(Clone)]
struct TokenFields {
    access_token: AccessToken,
    token_type: String,
    expires_at: Option<SystemTime>,
    refresh_token: Option<RefreshToken>,
    scope: Option<String>,
    id_token: Option<String>,
    extra: Map<String, Value>,
    binding: Option<Arc<dyn TokenBinding>>,
    /// The `Authorization` value, built on first use and kept: every request of a cached
    /// token sends the same one.
    authorization: OnceLock<http::HeaderValue>,
}

/// Equal when every member of the token response is; the binding is not compared.
impl PartialEq for BearerToken {
    fn eq(&self, other: &Self) -> bool {
        self.inner.access_token == other.inner.access_token
            && self.inner.token_type == other.inner.token_type
            && self.inner.expires_at == other.inner.expires_at
            && self.inner.refresh_token == other.inner.refresh_token
            && self.inner.scope == other.inner.scope
            && self.inner.id_token == other.inner.id_token
            && self.inner.extra == other.inner.extra
    }
}

impl From<TokenFields> for BearerToken {
    fn from(fields: TokenFields) -> Self {
        Self {
            inner: Arc::new(fields),
        }
    }
}

impl BearerToken {
    /// The members, to change: copied first when another clone shares them, and with the
    /// cached `Authorization` value dropped, since the change may be to what it says.
    fn fields(&mut self) -> &mut TokenFields {
        let fields = Arc::make_mut(&mut self.inner);
        fields.authorization = OnceLock::new();
        fields
    }

    /// A bearer token with no expiry and nothing else; see the `with_*` methods.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("abc");
    /// assert_eq!(token.access_token().secret(), "abc");
    /// assert_eq!(token.token_type(), "Bearer");
    /// ```
    pub fn new(access_token: impl Into<AccessToken>) -> Self {
        TokenFields {
            access_token: access_token.into(),
            token_type: token_type::BEARER.to_owned(),
            expires_at: None,
            refresh_token: None,
            scope: None,
            id_token: None,
            extra: Map::new(),
            binding: None,
            authorization: OnceLock::new(),
        }
        .into()
    }

    /// Reads a token endpoint's successful response body; `expires_in` counts from now.
    ///
    /// Lenient where servers are sloppy: `expires_in` may be a numeric string, `token_type`
    /// may be missing (taken as `Bearer`) or in any case; every extra member is kept.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::from_response(br#"{"access_token":"a","expires_in":60}"#)?;
    /// assert!(token.expires_in().unwrap().as_secs() <= 60);
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn from_response(body: &[u8]) -> Result<Self, TokenResponseError> {
        Self::from_response_at(body, SystemTime::now())
    }

    /// Like [`from_response`](Self::from_response), with `expires_in` counted from `issued_at`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let issued = UNIX_EPOCH + Duration::from_secs(1_000);
    /// let token = oauth2_types::BearerToken::from_response_at(
    ///     br#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#, issued)?;
    /// assert_eq!(token.expires_at(), Some(issued + Duration::from_secs(60)));
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn from_response_at(
        body: &[u8],
        issued_at: SystemTime,
    ) -> Result<Self, TokenResponseError> {
        let wire: Wire = serde_json::from_slice(body)?;
        wire.into_token(issued_at, Source::Server)
    }

    /// Reads a token response that is already a JSON value.
    ///
    /// ```
    /// let value = serde_json::json!({"access_token": "a", "token_type": "Bearer"});
    /// let token = oauth2_types::BearerToken::from_json(value)?;
    /// assert_eq!(token.access_token().secret(), "a");
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn from_json(value: Value) -> Result<Self, TokenResponseError> {
        let wire: Wire = serde_json::from_value(value)?;
        wire.into_token(SystemTime::now(), Source::Server)
    }

    /// Sets the token type (`Bearer`, `DPoP`, ...).
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_token_type("DPoP");
    /// assert!(token.has_dpop_type());
    /// ```
    #[must_use]
    pub fn with_token_type(mut self, token_type: impl Into<String>) -> Self {
        self.fields().token_type = token_type.into();
        self
    }

    /// Sets the expiry to `lifetime` from now.
    ///
    /// ```
    /// use std::time::Duration;
    /// let token = oauth2_types::BearerToken::new("a").with_expires_in(Duration::from_secs(10));
    /// assert!(token.is_expired(Duration::from_secs(20)));
    /// ```
    #[must_use]
    pub fn with_expires_in(mut self, lifetime: Duration) -> Self {
        self.fields().expires_at = SystemTime::now().checked_add(lifetime).map(whole_seconds);
        self
    }

    /// Sets the absolute expiry.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// let token = oauth2_types::BearerToken::new("a").with_expires_at(SystemTime::now());
    /// assert!(token.is_expired(std::time::Duration::ZERO));
    /// ```
    #[must_use]
    pub fn with_expires_at(mut self, expires_at: SystemTime) -> Self {
        self.fields().expires_at = Some(expires_at);
        self
    }

    /// Sets the refresh token.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_refresh_token("r");
    /// assert_eq!(token.refresh_token().unwrap().secret(), "r");
    /// ```
    #[must_use]
    pub fn with_refresh_token(mut self, refresh_token: impl Into<RefreshToken>) -> Self {
        self.fields().refresh_token = Some(refresh_token.into());
        self
    }

    /// Sets the granted scope.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_scope("read");
    /// assert_eq!(token.scope(), Some("read"));
    /// ```
    #[must_use]
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.fields().scope = Some(scope.into());
        self
    }

    /// Sets the ID token.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_id_token("eyJ...");
    /// assert_eq!(token.id_token(), Some("eyJ..."));
    /// ```
    #[must_use]
    pub fn with_id_token(mut self, id_token: impl Into<String>) -> Self {
        self.fields().id_token = Some(id_token.into());
        self
    }

    /// Binds the token to a key (DPoP): the binding then authorizes requests with it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use oauth2_types::{AccessToken, AuthorizeError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// let token = oauth2_types::BearerToken::new("a").with_binding(Arc::new(Key));
    /// assert_eq!(token.binding().map(|binding| binding.scheme()), Some("DPoP"));
    /// ```
    #[must_use]
    pub fn with_binding(mut self, binding: Arc<dyn TokenBinding>) -> Self {
        self.fields().binding = Some(binding);
        self
    }

    /// The key binding of a sender-constrained (DPoP) token, if any.
    ///
    /// ```
    /// assert!(oauth2_types::BearerToken::new("a").binding().is_none());
    /// ```
    pub fn binding(&self) -> Option<&Arc<dyn TokenBinding>> {
        self.inner.binding.as_ref()
    }

    /// The access token.
    ///
    /// ```
    /// assert_eq!(oauth2_types::BearerToken::new("abc").access_token().secret(), "abc");
    /// ```
    pub fn access_token(&self) -> &AccessToken {
        &self.inner.access_token
    }

    /// The `token_type` as the server sent it (compare with [`has_bearer_type`](Self::has_bearer_type)).
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::from_response(br#"{"access_token":"a","token_type":"bearer"}"#)?;
    /// assert_eq!(token.token_type(), "bearer");
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn token_type(&self) -> &str {
        &self.inner.token_type
    }

    /// Whether the server said `token_type` `Bearer` (in any case): a token anyone who holds
    /// it can use. Named for the `token_type` it reads, because a [`BearerToken`] may well be
    /// DPoP-bound; see [`is_sender_constrained`](Self::is_sender_constrained).
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_token_type("BEARER");
    /// assert!(token.has_bearer_type());
    /// assert!(!token.with_token_type("DPoP").has_bearer_type());
    /// ```
    pub fn has_bearer_type(&self) -> bool {
        token_type::is_bearer(&self.inner.token_type)
    }

    /// Whether the server said `token_type` `DPoP` (in any case): the token is bound to a
    /// DPoP key (RFC 9449 section 5), whether or not this value carries the key's binding.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a");
    /// assert!(!token.has_dpop_type());
    /// assert!(token.with_token_type("dpop").has_dpop_type());
    /// ```
    pub fn has_dpop_type(&self) -> bool {
        token_type::is_dpop(&self.inner.token_type)
    }

    /// Whether the token is bound to a sender (DPoP): it carries a binding, or the server
    /// said `token_type` `DPoP`. Such a token is useless without its key, so it is refreshed
    /// and sent only with the key's proofs.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a");
    /// assert!(!token.is_sender_constrained());
    /// assert!(token.with_token_type("DPoP").is_sender_constrained());
    /// ```
    pub fn is_sender_constrained(&self) -> bool {
        self.inner.binding.is_some() || self.has_dpop_type()
    }

    /// When the access token expires, if the server said.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let at = UNIX_EPOCH + Duration::from_secs(1_000);
    /// assert_eq!(oauth2_types::BearerToken::new("a").with_expires_at(at).expires_at(), Some(at));
    /// ```
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.inner.expires_at
    }

    /// How long the access token has left (zero once expired), if the server said.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("a").with_expires_at(std::time::UNIX_EPOCH);
    /// assert_eq!(token.expires_in(), Some(std::time::Duration::ZERO));
    /// ```
    pub fn expires_in(&self) -> Option<Duration> {
        self.inner.expires_at.map(|at| {
            at.duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO)
        })
    }

    /// Whether the token expires within `leeway` from now. A token without expiry never does.
    ///
    /// ```
    /// use std::time::Duration;
    /// let token = oauth2_types::BearerToken::new("a").with_expires_in(Duration::from_secs(60));
    /// assert!(!token.is_expired(Duration::from_secs(20)));
    /// assert!(token.is_expired(Duration::from_secs(120)));
    /// ```
    pub fn is_expired(&self, leeway: Duration) -> bool {
        self.is_expired_at(SystemTime::now(), leeway)
    }

    /// Whether the token expires within `leeway` from `now`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let token = oauth2_types::BearerToken::new("a").with_expires_at(UNIX_EPOCH + Duration::from_secs(100));
    /// assert!(token.is_expired_at(UNIX_EPOCH + Duration::from_secs(90), Duration::from_secs(10)));
    /// assert!(!token.is_expired_at(UNIX_EPOCH + Duration::from_secs(80), Duration::from_secs(10)));
    /// ```
    pub fn is_expired_at(&self, now: SystemTime, leeway: Duration) -> bool {
        match self.inner.expires_at {
            Some(at) => now.checked_add(leeway).is_none_or(|limit| limit >= at),
            None => false,
        }
    }

    /// The refresh token, if one came with the access token.
    ///
    /// ```
    /// assert!(oauth2_types::BearerToken::new("a").refresh_token().is_none());
    /// ```
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.inner.refresh_token.as_ref()
    }

    /// The granted scope, if the server said.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::from_response(br#"{"access_token":"a","scope":"read"}"#)?;
    /// assert_eq!(token.scope(), Some("read"));
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn scope(&self) -> Option<&str> {
        self.inner.scope.as_deref()
    }

    /// The OpenID Connect ID token, if one came with the access token.
    ///
    /// ```
    /// assert_eq!(oauth2_types::BearerToken::new("a").id_token(), None);
    /// ```
    pub fn id_token(&self) -> Option<&str> {
        self.inner.id_token.as_deref()
    }

    /// Any other member of the token response, by name.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::from_response(br#"{"access_token":"a","foo":1}"#)?;
    /// assert_eq!(token.extra("foo"), Some(&serde_json::json!(1)));
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn extra(&self, name: &str) -> Option<&Value> {
        self.inner.extra.get(name)
    }

    /// Every other member of the token response.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::from_response(br#"{"access_token":"a","foo":1}"#)?;
    /// assert_eq!(token.extras().len(), 1);
    /// # Ok::<(), oauth2_types::TokenResponseError>(())
    /// ```
    pub fn extras(&self) -> &Map<String, Value> {
        &self.inner.extra
    }

    /// Keeps `previous`'s refresh token when this (refreshed) token came without one: servers
    /// that do not rotate refresh tokens leave it out of the refresh response (RFC 6749
    /// section 6). Likewise keeps `previous`'s ID token when this one has none, so a later
    /// refreshed ID token can still be checked against the first (same `sub` and `iss`,
    /// OpenID Connect Core 12.2).
    ///
    /// ```
    /// let old = oauth2_types::BearerToken::new("a").with_refresh_token("r");
    /// let new = oauth2_types::BearerToken::new("b").keep_refresh_token_of(&old);
    /// assert_eq!(new.refresh_token().unwrap().secret(), "r");
    /// ```
    #[must_use]
    pub fn keep_refresh_token_of(mut self, previous: &BearerToken) -> Self {
        if self.inner.refresh_token.is_none() {
            self.fields().refresh_token = previous.inner.refresh_token.clone();
        }
        if self.inner.id_token.is_none() {
            self.fields().id_token = previous.inner.id_token.clone();
        }
        self
    }

    /// The `Authorization` header value, `<token_type> <access_token>`, marked sensitive so
    /// HTTP libraries keep it out of their logs. `Bearer` is written in its canonical case.
    /// Built once and kept with the token (and its clones), so a cached token does not format
    /// and validate its header again on every request.
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("abc");
    /// assert_eq!(token.authorization_header()?, "Bearer abc");
    /// assert!(token.authorization_header()?.is_sensitive());
    /// # Ok::<(), http::header::InvalidHeaderValue>(())
    /// ```
    pub fn authorization_header(
        &self,
    ) -> Result<http::HeaderValue, http::header::InvalidHeaderValue> {
        if let Some(value) = self.inner.authorization.get() {
            return Ok(value.clone());
        }
        let scheme = if self.has_dpop_type() {
            token_type::DPOP
        } else {
            token_type::BEARER
        };
        let mut value =
            http::HeaderValue::try_from(format!("{scheme} {}", self.inner.access_token.secret()))?;
        value.set_sensitive(true);
        Ok(self.inner.authorization.get_or_init(|| value).clone())
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("access_token", &self.inner.access_token)
            .field("token_type", &self.inner.token_type)
            .field("expires_at", &self.inner.expires_at)
            .field("refresh_token", &self.inner.refresh_token)
            .field("scope", &self.inner.scope)
            .field(
                "id_token",
                &self.inner.id_token.as_ref().map(|_| "<redacted>"),
            )
            .field("extra", &self.inner.extra.keys().collect::<Vec<_>>())
            .field("binding", &self.inner.binding)
            .finish()
    }
}

#[cfg(test)]
#[path = "token_tests.rs"]
mod tests;
