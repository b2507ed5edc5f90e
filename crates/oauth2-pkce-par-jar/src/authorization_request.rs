//! Authorization requests (RFC 6749 section 4.1.1, OpenID Connect Core 3.1.2.1), secure by
//! default: PKCE S256, a random `state`, and a `nonce` when `openid` is asked for.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::pkce::{CodeChallengeMethod, CodeVerifier, PkceError};
use crate::random::random_token;

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
#[derive(Debug, Clone)]
#[must_use]
pub struct AuthorizationRequestBuilder {
    endpoint: Url,
    client_id: String,
    redirect_uri: Option<String>,
    scope: Vec<String>,
    state: Option<String>,
    nonce: Option<String>,
    pkce: Option<CodeChallengeMethod>,
    code_verifier: Option<CodeVerifier>,
    issuer: Option<String>,
    require_iss: bool,
    max_age: Option<u64>,
    params: Vec<(String, String)>,
}

/// An authorization request: the URL to send the user to, and what must be kept until the
/// callback ([`PendingAuthorization`]).
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    url: Url,
    params: Vec<(String, String)>,
    pending: PendingAuthorization,
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingAuthorization {
    pub(crate) client_id: String,
    pub(crate) state: String,
    pub(crate) nonce: Option<String>,
    pub(crate) code_verifier: Option<CodeVerifier>,
    pub(crate) redirect_uri: Option<String>,
    pub(crate) issuer: Option<String>,
    pub(crate) require_iss: bool,
    pub(crate) max_age: Option<u64>,
}

impl PendingAuthorization {
    /// The `state` sent.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The `nonce` sent, if any (ID tokens must carry it back).
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The PKCE verifier, for the code exchange.
    pub fn code_verifier(&self) -> Option<&CodeVerifier> {
        self.code_verifier.as_ref()
    }

    /// The `redirect_uri` sent, for the code exchange.
    pub fn redirect_uri(&self) -> Option<&str> {
        self.redirect_uri.as_deref()
    }

    /// The issuer expected in the response (RFC 9207).
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The `max_age` sent, if any (ID tokens must then carry `auth_time`).
    pub fn max_age(&self) -> Option<u64> {
        self.max_age
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl AuthorizationRequest {
    /// A builder for a request to `endpoint` (a query string already in it is kept).
    pub fn builder(endpoint: Url, client_id: impl Into<String>) -> AuthorizationRequestBuilder {
        AuthorizationRequestBuilder {
            endpoint,
            client_id: client_id.into(),
            redirect_uri: None,
            scope: Vec::new(),
            state: None,
            nonce: None,
            pkce: Some(CodeChallengeMethod::S256),
            code_verifier: None,
            issuer: None,
            require_iss: false,
            max_age: None,
            params: Vec::new(),
        }
    }

    /// The URL to send the user to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The request's parameters (what a pushed or signed request carries).
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// What to keep until the callback.
    pub fn pending(&self) -> &PendingAuthorization {
        &self.pending
    }

    /// Takes what to keep until the callback.
    pub fn into_pending(self) -> PendingAuthorization {
        self.pending
    }

    /// The same request with its parameters replaced by `client_id` and `params` (after PAR,
    /// `request_uri`; with JAR, `request`).
    pub fn with_url_params(mut self, params: Vec<(String, String)>) -> Self {
        let mut url = self.url.clone();
        url.set_query(None);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("client_id", &self.pending.client_id);
            for (name, value) in &params {
                query.append_pair(name, value);
            }
        }
        self.url = url;
        self.params = params;
        self
    }
}

impl AuthorizationRequestBuilder {
    /// Sets `redirect_uri`.
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// Sets the scopes (sent space-separated).
    pub fn scope<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scope = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sets `state` (by default 256 random bits).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Sets `nonce` (by default 256 random bits when `openid` is in the scope).
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// Uses this PKCE verifier instead of a random one.
    pub fn code_verifier(mut self, verifier: CodeVerifier) -> Self {
        self.code_verifier = Some(verifier);
        self
    }

    /// Sets the PKCE method (S256 by default; `plain` only for servers that cannot do S256).
    pub fn pkce(mut self, method: CodeChallengeMethod) -> Self {
        self.pkce = Some(method);
        self
    }

    /// Sends no PKCE challenge. Only for servers that reject PKCE.
    pub fn without_pkce(mut self) -> Self {
        self.pkce = None;
        self
    }

    /// The issuer expected in the response's `iss` (RFC 9207). A present `iss` is always
    /// checked against it.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Requires `iss` in the response (when the server's metadata says
    /// `authorization_response_iss_parameter_supported`).
    pub fn require_iss(mut self, require: bool) -> Self {
        self.require_iss = require;
        self
    }

    /// Sets `max_age`: the ID token must then carry `auth_time`.
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self.param("max_age", seconds.to_string())
    }

    /// Sets `response_mode` (`query`, `form_post`, ...).
    pub fn response_mode(self, mode: impl Into<String>) -> Self {
        self.param("response_mode", mode)
    }

    /// Sets `prompt` (`login`, `consent`, `none`, ...).
    pub fn prompt(self, prompt: impl Into<String>) -> Self {
        self.param("prompt", prompt)
    }

    /// Sets `acr_values` (sent space-separated).
    pub fn acr_values<I, S>(self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let joined = values
            .into_iter()
            .map(|v| v.as_ref().to_owned())
            .collect::<Vec<_>>()
            .join(" ");
        self.param("acr_values", joined)
    }

    /// Sets `login_hint`.
    pub fn login_hint(self, hint: impl Into<String>) -> Self {
        self.param("login_hint", hint)
    }

    /// Sets `ui_locales`.
    pub fn ui_locales(self, locales: impl Into<String>) -> Self {
        self.param("ui_locales", locales)
    }

    /// Sets `claims` (OpenID Connect Core 5.5).
    pub fn claims(self, claims: &serde_json::Value) -> Self {
        self.param("claims", claims.to_string())
    }

    /// Adds a `resource` indicator (RFC 8707); repeat for several.
    pub fn resource(self, resource: impl Into<String>) -> Self {
        self.param("resource", resource)
    }

    /// Sets `authorization_details` (RFC 9396).
    pub fn authorization_details(self, details: &serde_json::Value) -> Self {
        self.param("authorization_details", details.to_string())
    }

    /// Sets `dpop_jkt` (RFC 9449 section 10): the thumbprint of the DPoP key the code is
    /// bound to.
    pub fn dpop_jkt(self, jkt: impl Into<String>) -> Self {
        self.param("dpop_jkt", jkt)
    }

    /// Adds any parameter.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Builds the request: the URL, and the pending state to keep.
    pub fn build(self) -> Result<AuthorizationRequest, PkceError> {
        let state = match self.state {
            Some(state) => state,
            None => random_token()?,
        };
        let wants_openid = self.scope.iter().any(|scope| scope == "openid");
        let nonce = match (self.nonce, wants_openid) {
            (Some(nonce), _) => Some(nonce),
            (None, true) => Some(random_token()?),
            (None, false) => None,
        };
        let code_verifier = match (self.pkce, self.code_verifier) {
            (None, _) => None,
            (Some(_), Some(verifier)) => Some(verifier),
            (Some(_), None) => Some(CodeVerifier::generate()?),
        };
        let mut params = vec![
            ("client_id".to_owned(), self.client_id.clone()),
            ("response_type".to_owned(), "code".to_owned()),
        ];
        if let Some(redirect_uri) = &self.redirect_uri {
            params.push(("redirect_uri".into(), redirect_uri.clone()));
        }
        if !self.scope.is_empty() {
            params.push(("scope".into(), self.scope.join(" ")));
        }
        params.push(("state".into(), state.clone()));
        if let Some(nonce) = &nonce {
            params.push(("nonce".into(), nonce.clone()));
        }
        if let (Some(method), Some(verifier)) = (self.pkce, &code_verifier) {
            params.push(("code_challenge".into(), verifier.challenge(method)));
            params.push(("code_challenge_method".into(), method.as_str().into()));
        }
        params.extend(self.params);
        let mut url = self.endpoint;
        url.query_pairs_mut().extend_pairs(&params);
        Ok(AuthorizationRequest {
            url,
            params,
            pending: PendingAuthorization {
                client_id: self.client_id,
                state,
                nonce,
                code_verifier,
                redirect_uri: self.redirect_uri,
                issuer: self.issuer,
                require_iss: self.require_iss,
                max_age: self.max_age,
            },
        })
    }
}
