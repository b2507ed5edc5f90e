//! Authorization requests (RFC 6749 section 4.1.1, OpenID Connect Core 3.1.2.1), secure by
//! default: PKCE S256, a random `state`, and a `nonce` when `openid` is asked for.

mod builder;
mod pending_dpop_key;

use std::fmt;
use std::time::{Duration, Instant};

use oauth2_types::redact::{FormParams, Redacted};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::pkce::{CodeChallengeMethod, CodeVerifier, PkceError};
pub use pending_dpop_key::PendingDpopKey;

/// The shortest `state` a caller may choose (the random default has 256 bits).
///
/// ```
/// use oauth2_pkce_par_jar::{AuthorizationRequest, AuthorizationRequestError, MIN_STATE_LEN};
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
///     .state("s".repeat(MIN_STATE_LEN - 1))
///     .build();
/// assert_eq!(request.err(), Some(AuthorizationRequestError::InvalidState));
/// # Ok::<(), url::ParseError>(())
/// ```
pub const MIN_STATE_LEN: usize = 8;

/// The parameters the builder sets itself, which [`AuthorizationRequestBuilder::param`]
/// refuses: set them with their own methods, so the request and what is kept for the
/// callback ([`PendingAuthorization`]) agree.
///
/// ```
/// assert!(oauth2_pkce_par_jar::RESERVED_PARAMETERS.contains(&"state"));
/// ```
pub const RESERVED_PARAMETERS: &[&str] = &[
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "max_age",
    "acr_values",
    "claims",
    "dpop_jkt",
    "request",
    "request_uri",
];

/// Why an authorization request cannot be built.
///
/// ```
/// use oauth2_pkce_par_jar::{AuthorizationRequest, AuthorizationRequestError};
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
///     .require_iss(true)
///     .build();
/// assert_eq!(request.err(), Some(AuthorizationRequestError::IssuerRequired));
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationRequestError {
    /// No PKCE verifier, `state` or `nonce` could be made.
    #[error(transparent)]
    Pkce(#[from] PkceError),
    /// [`AuthorizationRequestBuilder::param`] was given a parameter the builder sets itself
    /// (see [`RESERVED_PARAMETERS`]).
    #[error("the parameter {0:?} is set by its own builder method, not by param()")]
    ReservedParameter(String),
    /// The `state` given is too short to be unguessable, or has characters outside the
    /// printable ASCII range (RFC 6749 appendix A.5).
    #[error("a state has at least {MIN_STATE_LEN} printable ASCII characters")]
    InvalidState,
    /// `iss` is required in the response, but no issuer is known to check it against.
    #[error("iss is required in the response, but no expected issuer is configured")]
    IssuerRequired,
}

/// Builds an authorization request. Start with [`AuthorizationRequest::builder`].
///
/// ```
/// use oauth2_pkce_par_jar::AuthorizationRequest;
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "my-client")
///     .redirect_uri("https://app.example/callback")
///     .scope(["openid", "email"])
///     .issuer("https://as.example")
///     .build()?;
/// let url = request.url();
/// assert!(url.query_pairs().any(|(k, v)| k == "code_challenge_method" && v == "S256"));
/// assert!(url.query_pairs().any(|(k, _)| k == "nonce"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct AuthorizationRequestBuilder {
    endpoint: Url,
    client_id: String,
    redirect_uri: Option<String>,
    scope: oauth2_types::Scope,
    state: Option<String>,
    nonce: Option<String>,
    pkce: Option<CodeChallengeMethod>,
    code_verifier: Option<CodeVerifier>,
    issuer: Option<String>,
    require_iss: bool,
    max_age: Option<u64>,
    acr_values: Option<Vec<String>>,
    claims: Option<serde_json::Value>,
    dpop_jkt: Option<String>,
    params: Vec<(String, String)>,
    reserved: Option<String>,
}

/// An authorization request: the URL to send the user to, and what must be kept until the
/// callback ([`PendingAuthorization`]).
///
/// ```
/// # use oauth2_pkce_par_jar::AuthorizationRequest;
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
/// assert!(request.url().as_str().starts_with("https://as.example/authorize?client_id=c&response_type=code"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct AuthorizationRequest {
    endpoint: Url,
    url: Url,
    params: Vec<(String, String)>,
    pending: PendingAuthorization,
    expires_at: Option<Instant>,
}

/// What a client keeps between the redirect and the callback: serializable, so a web
/// application can store it in its session.
///
/// ```
/// # use oauth2_pkce_par_jar::AuthorizationRequest;
/// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
///     .redirect_uri("https://app.example/cb")
///     .build()?;
/// let stored = serde_json::to_string(request.pending())?;
/// let pending: oauth2_pkce_par_jar::PendingAuthorization = serde_json::from_str(&stored)?;
/// assert_eq!(pending.state(), request.pending().state());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingAuthorization {
    pub(crate) client_id: String,
    pub(crate) state: String,
    pub(crate) nonce: Option<String>,
    pub(crate) code_verifier: Option<CodeVerifier>,
    pub(crate) redirect_uri: Option<String>,
    pub(crate) issuer: Option<String>,
    pub(crate) require_iss: bool,
    pub(crate) max_age: Option<u64>,
    #[serde(default)]
    pub(crate) openid: bool,
    #[serde(default)]
    pub(crate) acr_values: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) essential_acr: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) dpop_jkt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) dpop_key: Option<PendingDpopKey>,
}

/// `state`, `nonce`, the verifier and every parameter value but those that only say what is
/// asked for are redacted: the URL carries them, so only its endpoint is shown.
impl fmt::Debug for AuthorizationRequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequestBuilder")
            .field("endpoint", &self.endpoint.as_str())
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .field("scope", &self.scope)
            .field("state", &self.state.as_ref().map(|_| Redacted))
            .field("nonce", &self.nonce.as_ref().map(|_| Redacted))
            .field("pkce", &self.pkce)
            .field("code_verifier", &self.code_verifier)
            .field("issuer", &self.issuer)
            .field("require_iss", &self.require_iss)
            .field("max_age", &self.max_age)
            .field("acr_values", &self.acr_values)
            .field("dpop_jkt", &self.dpop_jkt)
            .field("params", &FormParams(&self.params))
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("endpoint", &self.endpoint.as_str())
            .field("params", &FormParams(&self.params))
            .field("pending", &self.pending)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("client_id", &self.client_id)
            .field("state", &Redacted)
            .field("nonce", &self.nonce.as_ref().map(|_| Redacted))
            .field("code_verifier", &self.code_verifier)
            .field("redirect_uri", &self.redirect_uri)
            .field("issuer", &self.issuer)
            .field("require_iss", &self.require_iss)
            .field("max_age", &self.max_age)
            .field("openid", &self.openid)
            .field("acr_values", &self.acr_values)
            .field("essential_acr", &self.essential_acr)
            .field("dpop_jkt", &self.dpop_jkt)
            .field("dpop_key", &self.dpop_key)
            .finish()
    }
}

impl PendingAuthorization {
    /// The `state` sent.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// assert_eq!(request.pending().state(), "state-1234");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The `nonce` sent, if any (ID tokens must carry it back).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .scope(["openid"])
    ///     .build()?;
    /// assert!(request.pending().nonce().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The PKCE verifier, for the code exchange.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// assert!(request.pending().code_verifier().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_verifier(&self) -> Option<&CodeVerifier> {
        self.code_verifier.as_ref()
    }

    /// The `redirect_uri` sent, for the code exchange.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .redirect_uri("https://app.example/cb")
    ///     .build()?;
    /// assert_eq!(request.pending().redirect_uri(), Some("https://app.example/cb"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redirect_uri(&self) -> Option<&str> {
        self.redirect_uri.as_deref()
    }

    /// The issuer expected in the response (RFC 9207).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .issuer("https://as.example")
    ///     .build()?;
    /// assert_eq!(request.pending().issuer(), Some("https://as.example"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The `max_age` sent, if any (ID tokens must then carry `auth_time`).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .max_age(600)
    ///     .build()?;
    /// assert_eq!(request.pending().max_age(), Some(600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_age(&self) -> Option<u64> {
        self.max_age
    }

    /// The client id.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "my-client").build()?;
    /// assert_eq!(request.pending().client_id(), "my-client");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Whether `openid` was in the scope: the code exchange must then return an ID token.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .scope(["openid", "email"])
    ///     .build()?;
    /// assert!(request.pending().expects_id_token());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expects_id_token(&self) -> bool {
        self.openid
    }

    /// The `acr_values` sent, if any.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .acr_values(["urn:mfa"])
    ///     .build()?;
    /// assert_eq!(request.pending().acr_values(), Some(&["urn:mfa".to_owned()][..]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn acr_values(&self) -> Option<&[String]> {
        self.acr_values.as_deref()
    }

    /// The `acr` values asked for as essential (`claims` parameter, `id_token.acr` with
    /// `"essential": true`): the ID token's `acr` must be one of them.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .claims(&serde_json::json!({"id_token": {"acr": {"essential": true, "values": ["urn:mfa"]}}}))
    ///     .build()?;
    /// assert_eq!(request.pending().essential_acr(), Some(&["urn:mfa".to_owned()][..]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn essential_acr(&self) -> Option<&[String]> {
        self.essential_acr.as_deref()
    }

    /// The thumbprint of the DPoP key the code is bound to (`dpop_jkt`, or a DPoP proof on
    /// the pushed request): exchange the code with that key.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .dpop_jkt("jkt-1")
    ///     .build()?;
    /// assert_eq!(request.pending().dpop_jkt(), Some("jkt-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_jkt(&self) -> Option<&str> {
        self.dpop_jkt.as_deref()
    }

    /// The private DPoP key the code is bound to, when the client that pushed the request
    /// put it here for the code exchange (see [`AuthorizationRequest::with_dpop_key`]).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::{AuthorizationRequest, PendingDpopKey};
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .build()?
    ///     .with_dpop_key("jkt-1", PendingDpopKey::new("ES256", "-----BEGIN PRIVATE KEY-----\n..."));
    /// assert_eq!(request.pending().dpop_key().map(|key| key.algorithm()), Some("ES256"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_key(&self) -> Option<&PendingDpopKey> {
        self.dpop_key.as_ref()
    }
}

impl AuthorizationRequest {
    /// A builder for a request to `endpoint`. A query string already in it is kept, but for
    /// the parameters the request sets or reserves ([`RESERVED_PARAMETERS`]): ours replace
    /// them, so none is sent twice.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let endpoint = "https://as.example/authorize?tenant=blue&client_id=other&response_type=token";
    /// let request = AuthorizationRequest::builder(endpoint.parse()?, "c").build()?;
    /// assert!(request.url().as_str().starts_with("https://as.example/authorize?tenant=blue&client_id=c&response_type=code&"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(endpoint: Url, client_id: impl Into<String>) -> AuthorizationRequestBuilder {
        AuthorizationRequestBuilder::new(endpoint, client_id.into())
    }

    /// The URL to send the user to.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// assert_eq!(request.url().path(), "/authorize");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The request's parameters (what a pushed or signed request carries).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// assert_eq!(request.params()[1], ("response_type".to_owned(), "code".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// What to keep until the callback.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "state" && v == request.pending().state()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pending(&self) -> &PendingAuthorization {
        &self.pending
    }

    /// Takes what to keep until the callback.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// let pending = request.into_pending();
    /// assert_eq!(pending.client_id(), "c");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_pending(self) -> PendingAuthorization {
        self.pending
    }

    /// When the request stops being usable: for a pushed request, when its `request_uri`
    /// expires (the PAR response's `expires_in`); `None` when unknown.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// assert_eq!(request.expires_at(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }

    /// Whether [`expires_at`](Self::expires_at) has passed.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .build()?
    ///     .with_expiry(std::time::Duration::ZERO);
    /// assert!(request.is_expired());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_expired(&self) -> bool {
        self.expires_at.is_some_and(|at| at <= Instant::now())
    }

    /// The same request, usable for `expires_in` from now (a pushed request's lifetime).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// # use std::time::Duration;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .build()?
    ///     .with_expiry(Duration::from_secs(60));
    /// assert!(!request.is_expired());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_expiry(mut self, expires_in: Duration) -> Self {
        self.expires_at = Instant::now().checked_add(expires_in);
        self
    }

    /// The same request, its code bound to the DPoP key with this thumbprint (a pushed
    /// request sent with a DPoP proof, RFC 9449 section 10.1); kept in the pending state.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .build()?
    ///     .with_dpop_jkt("jkt-1");
    /// assert_eq!(request.pending().dpop_jkt(), Some("jkt-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_dpop_jkt(mut self, jkt: impl Into<String>) -> Self {
        self.pending.dpop_jkt = Some(jkt.into());
        self
    }

    /// The same request, its code bound to this DPoP key (thumbprint `jkt`), which the
    /// pending state carries to the code exchange, serialized with it: the exchange then
    /// proves the same key in whatever process the callback reaches.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::{AuthorizationRequest, PendingDpopKey};
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .build()?
    ///     .with_dpop_key("jkt-1", PendingDpopKey::new("ES256", "-----BEGIN PRIVATE KEY-----\n..."));
    /// assert_eq!(request.pending().dpop_jkt(), Some("jkt-1"));
    /// let stored = serde_json::to_string(request.pending())?;
    /// let pending: oauth2_pkce_par_jar::PendingAuthorization = serde_json::from_str(&stored)?;
    /// assert_eq!(pending.dpop_key(), request.pending().dpop_key());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_dpop_key(mut self, jkt: impl Into<String>, key: PendingDpopKey) -> Self {
        self.pending.dpop_jkt = Some(jkt.into());
        self.pending.dpop_key = Some(key);
        self
    }

    /// The same request with its parameters replaced by `client_id` and `params` (after PAR,
    /// `request_uri`; with JAR, `request`). The authorization endpoint's own query string is
    /// kept, but for the parameters the request sends or reserves ([`RESERVED_PARAMETERS`]),
    /// which are never sent twice.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize?tenant=blue".parse()?, "c")
    ///     .build()?
    ///     .with_url_params(vec![("request_uri".into(), "urn:example:1".into())]);
    /// assert_eq!(request.url().query(), Some("tenant=blue&client_id=c&request_uri=urn%3Aexample%3A1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_url_params(mut self, params: Vec<(String, String)>) -> Self {
        let mut sent = vec![("client_id".to_owned(), self.pending.client_id.clone())];
        sent.extend(params.iter().cloned());
        self.url = request_url(&self.endpoint, &sent);
        self.params = params;
        self
    }
}

/// `endpoint` with `params` added to its query. The endpoint's own parameters are kept as
/// written, except those the request sends or reserves ([`RESERVED_PARAMETERS`]): ours replace
/// them, so the server never reads a parameter twice (an endpoint's `client_id=other` or
/// `response_type=token` would otherwise reach it next to ours).
fn request_url(endpoint: &Url, params: &[(String, String)]) -> Url {
    let replaced = |name: &str| {
        RESERVED_PARAMETERS.contains(&name) || params.iter().any(|(ours, _)| ours == name)
    };
    let kept: Vec<&str> = endpoint
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            url::form_urlencoded::parse(pair.as_bytes())
                .next()
                .is_some_and(|(name, _)| !replaced(&name))
        })
        .collect();
    let mut url = endpoint.clone();
    url.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
    url.query_pairs_mut().extend_pairs(params);
    url
}
