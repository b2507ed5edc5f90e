//! The builder's setters and `build`.

use oauth2_types::Scope;
use serde_json::Value;
use url::Url;

use super::{
    AuthorizationRequest, AuthorizationRequestBuilder, AuthorizationRequestError, MIN_STATE_LEN,
    PendingAuthorization, RESERVED_PARAMETERS,
};
use crate::pkce::{CodeChallengeMethod, CodeVerifier};
use crate::random::random_token;

/// The `acr` values of a `claims` parameter's `id_token.acr` when marked essential; an
/// empty list when essential without values.
fn essential_acr_of(claims: &Value) -> Option<Vec<String>> {
    let acr = claims.get("id_token")?.get("acr")?;
    if acr.get("essential").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let mut values: Vec<String> = acr
        .get("values")
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if let Some(value) = acr.get("value").and_then(Value::as_str) {
        values.push(value.to_owned());
    }
    Some(values)
}

impl AuthorizationRequestBuilder {
    pub(super) fn new(endpoint: Url, client_id: String) -> Self {
        Self {
            endpoint,
            client_id,
            redirect_uri: None,
            scope: Scope::new(),
            state: None,
            nonce: None,
            pkce: Some(CodeChallengeMethod::S256),
            code_verifier: None,
            issuer: None,
            require_iss: false,
            max_age: None,
            acr_values: None,
            claims: None,
            dpop_jkt: None,
            params: Vec::new(),
            reserved: None,
        }
    }

    /// Sets `redirect_uri`.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .redirect_uri("https://app.example/cb")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "redirect_uri" && v == "https://app.example/cb"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// Sets the scopes (sent space-separated): a list (`["openid", "email"]`) or a
    /// space-separated string (`"openid email"`), as every `.scope()` of the workspace takes
    /// it (see [`Scope`]).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .scope(["openid", "email"])
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "scope" && v == "openid email"));
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .scope("openid email")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "scope" && v == "openid email"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scope(mut self, scope: impl Into<Scope>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Sets `state` (by default 256 random bits). It must have at least [`MIN_STATE_LEN`]
    /// printable ASCII characters, or [`build`](Self::build) fails with
    /// [`AuthorizationRequestError::InvalidState`]; use at least 128 random bits.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .state("state-1234")
    ///     .build()?;
    /// assert_eq!(request.pending().state(), "state-1234");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Sets `nonce` (by default 256 random bits when `openid` is in the scope).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .scope(["openid"]).nonce("n-0S6_WzA2Mj")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "nonce" && v == "n-0S6_WzA2Mj"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// Uses this PKCE verifier instead of a random one.
    ///
    /// ```
    /// use oauth2_pkce_par_jar::{AuthorizationRequest, CodeVerifier};
    /// let verifier = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .code_verifier(verifier.clone())
    ///     .build()?;
    /// assert_eq!(request.pending().code_verifier(), Some(&verifier));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_verifier(mut self, verifier: CodeVerifier) -> Self {
        self.code_verifier = Some(verifier);
        self
    }

    /// Sets the PKCE method (S256 by default; `plain` only for servers that cannot do S256).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .pkce(oauth2_pkce_par_jar::CodeChallengeMethod::Plain)
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "code_challenge_method" && v == "plain"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pkce(mut self, method: CodeChallengeMethod) -> Self {
        self.pkce = Some(method);
        self
    }

    /// Sends no PKCE challenge. Only for servers that reject PKCE.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .without_pkce()
    ///     .build()?;
    /// assert!(request.pending().code_verifier().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_pkce(mut self) -> Self {
        self.pkce = None;
        self
    }

    /// The issuer expected in the response's `iss` (RFC 9207). A present `iss` is always
    /// checked against it.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .issuer("https://as.example")
    ///     .build()?;
    /// assert_eq!(request.pending().issuer(), Some("https://as.example"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Requires `iss` in the response (when the server's metadata says
    /// `authorization_response_iss_parameter_supported`). An expected
    /// [`issuer`](Self::issuer) is then needed.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::{AuthorizationRequest, CallbackError};
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .issuer("https://as.example")
    ///     .require_iss(true)
    ///     .build()?;
    /// let query = format!("code=abc&state={}", request.pending().state());
    /// assert_eq!(request.pending().validate_query(&query).err(), Some(CallbackError::MissingIssuer));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn require_iss(mut self, require: bool) -> Self {
        self.require_iss = require;
        self
    }

    /// Sets `max_age`: the ID token must then carry `auth_time`.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .max_age(600)
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "max_age" && v == "600"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Sets `response_mode` (`query`, `form_post`, ...).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .response_mode("form_post")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "response_mode" && v == "form_post"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn response_mode(self, mode: impl Into<String>) -> Self {
        self.param("response_mode", mode)
    }

    /// Sets `prompt` (`login`, `consent`, `none`, ...).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .prompt("consent")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "prompt" && v == "consent"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prompt(self, prompt: impl Into<String>) -> Self {
        self.param("prompt", prompt)
    }

    /// Sets `acr_values` (sent space-separated), kept in the pending state. To make the
    /// ID token's `acr` checked, ask for it as essential with [`claims`](Self::claims).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .acr_values(["urn:mfa", "urn:pwd"])
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "acr_values" && v == "urn:mfa urn:pwd"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn acr_values<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.acr_values = Some(values.into_iter().map(|v| v.as_ref().to_owned()).collect());
        self
    }

    /// Sets `login_hint`.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .login_hint("alice@example.com")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "login_hint" && v == "alice@example.com"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn login_hint(self, hint: impl Into<String>) -> Self {
        self.param("login_hint", hint)
    }

    /// Sets `ui_locales`.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .ui_locales("fr-CA fr")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "ui_locales" && v == "fr-CA fr"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ui_locales(self, locales: impl Into<String>) -> Self {
        self.param("ui_locales", locales)
    }

    /// Sets `claims` (OpenID Connect Core 5.5). An essential `id_token.acr` with `values`
    /// (or without: then the [`acr_values`](Self::acr_values)) makes the ID token's `acr`
    /// checked against them at the exchange.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let claims = serde_json::json!({"userinfo": {"email": null}});
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .claims(&claims)
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "claims" && v == claims.to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claims(mut self, claims: &Value) -> Self {
        self.claims = Some(claims.clone());
        self
    }

    /// Adds a `resource` indicator (RFC 8707); repeat for several.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .resource("https://api.example")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "resource" && v == "https://api.example"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resource(self, resource: impl Into<String>) -> Self {
        self.param("resource", resource)
    }

    /// Sets `authorization_details` (RFC 9396).
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let details = serde_json::json!([{"type": "payment_initiation"}]);
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .authorization_details(&details)
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "authorization_details" && v == details.to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorization_details(self, details: &Value) -> Self {
        self.param("authorization_details", details.to_string())
    }

    /// Sets `dpop_jkt` (RFC 9449 section 10): the thumbprint of the DPoP key the code is
    /// bound to.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .dpop_jkt("jkt-1")
    ///     .build()?;
    /// assert!(request.url().query_pairs().any(|(k, v)| k == "dpop_jkt" && v == "jkt-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_jkt(mut self, jkt: impl Into<String>) -> Self {
        self.dpop_jkt = Some(jkt.into());
        self
    }

    /// Adds any other parameter. The parameters the builder sets itself
    /// ([`RESERVED_PARAMETERS`]: `state`, `nonce`, `client_id`, `code_challenge`...) are
    /// refused: [`build`](Self::build) then fails with
    /// [`AuthorizationRequestError::ReservedParameter`].
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::{AuthorizationRequest, AuthorizationRequestError};
    /// let err = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .param("state", "mine")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err, AuthorizationRequestError::ReservedParameter("state".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        if RESERVED_PARAMETERS.contains(&name.as_str()) {
            self.reserved.get_or_insert(name);
        } else {
            self.params.push((name, value.into()));
        }
        self
    }

    /// Builds the request: the URL, and the pending state to keep.
    ///
    /// ```
    /// # use oauth2_pkce_par_jar::AuthorizationRequest;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// let query = request.url().query().unwrap_or_default();
    /// assert!(query.starts_with("client_id=c&response_type=code&state="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(self) -> Result<AuthorizationRequest, AuthorizationRequestError> {
        if let Some(name) = self.reserved {
            return Err(AuthorizationRequestError::ReservedParameter(name));
        }
        if self.require_iss && self.issuer.is_none() {
            return Err(AuthorizationRequestError::IssuerRequired);
        }
        let state = match self.state {
            Some(state)
                if state.len() >= MIN_STATE_LEN
                    && state.bytes().all(|b| (0x20..=0x7e).contains(&b)) =>
            {
                state
            }
            Some(_) => return Err(AuthorizationRequestError::InvalidState),
            None => random_token()?,
        };
        let wants_openid = self.scope.contains("openid");
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
            params.push(("scope".into(), self.scope.to_string()));
        }
        params.push(("state".into(), state.clone()));
        if let Some(nonce) = &nonce {
            params.push(("nonce".into(), nonce.clone()));
        }
        if let (Some(method), Some(verifier)) = (self.pkce, &code_verifier) {
            params.push(("code_challenge".into(), verifier.challenge(method)));
            params.push(("code_challenge_method".into(), method.as_str().into()));
        }
        if let Some(max_age) = self.max_age {
            params.push(("max_age".into(), max_age.to_string()));
        }
        if let Some(acr_values) = &self.acr_values {
            params.push(("acr_values".into(), acr_values.join(" ")));
        }
        let mut essential_acr = None;
        if let Some(claims) = &self.claims {
            params.push(("claims".into(), claims.to_string()));
            essential_acr = match essential_acr_of(claims) {
                Some(values) if values.is_empty() => self.acr_values.clone(),
                other => other,
            };
        }
        if let Some(jkt) = &self.dpop_jkt {
            params.push(("dpop_jkt".into(), jkt.clone()));
        }
        params.extend(self.params);
        let url = super::request_url(&self.endpoint, &params);
        Ok(AuthorizationRequest {
            endpoint: self.endpoint,
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
                openid: wants_openid,
                acr_values: self.acr_values,
                essential_acr,
                dpop_jkt: self.dpop_jkt,
                dpop_key: None,
            },
            expires_at: None,
        })
    }
}
