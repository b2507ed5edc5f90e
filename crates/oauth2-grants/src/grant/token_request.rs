//! Token requests (RFC 6749 section 4 and 6): one builder for every grant, so scope,
//! resource, audience and extra parameters work the same everywhere.

use oauth2_types::redact::FormParams;
use oauth2_types::token_type::{self, ExchangeableToken};
use oauth2_types::{BearerToken, FormRequest, RefreshToken, Scope, grant_type};

use crate::client::OAuth2Client;
use crate::dpop::DpopChoice;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};

mod reading;

#[cfg(feature = "oidc")]
pub(crate) use reading::IdTokenCheck;
use reading::TokenReading;

/// A request to the token endpoint, ready to be completed and sent.
///
/// Made by the grant methods of [`OAuth2Client`]; cheap to clone, and `'static`, so a token
/// manager can keep one as a template.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let token = client
///     .client_credentials()
///     .scope("api:read api:write")
///     .resource("https://api.example")
///     .param("tenant", "blue")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a token request does nothing until sent"]
pub struct TokenRequest {
    pub(super) client: OAuth2Client,
    params: Vec<(String, String)>,
    previous: Option<BearerToken>,
    pub(super) dpop: DpopChoice,
    #[cfg(feature = "oidc")]
    id_token_check: Option<IdTokenCheck>,
}

/// Parameter names, and values only where they say what is asked for (see
/// [`FormParams`]): the others include codes, verifiers, refresh tokens, passwords and
/// assertions.
impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field("client", &self.client)
            .field("params", &FormParams(&self.params))
            .field("dpop", &self.dpop)
            .finish_non_exhaustive()
    }
}

impl OAuth2Client {
    /// A token request for any grant type, for extension grants (RFC 6749 section 4.5).
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::OAuth2Client) {
    /// let request = client
    ///     .token_request("urn:ietf:params:oauth:grant-type:jwt-bearer")
    ///     .param("assertion", "eyJ...");
    /// # }
    /// ```
    pub fn token_request(&self, grant_type: &str) -> TokenRequest {
        TokenRequest {
            client: self.clone(),
            params: vec![("grant_type".to_owned(), grant_type.to_owned())],
            previous: None,
            dpop: DpopChoice::ClientDefault,
            #[cfg(feature = "oidc")]
            id_token_check: None,
        }
    }

    /// The client credentials grant (RFC 6749 section 4.4).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.client_credentials().scope("api:read").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn client_credentials(&self) -> TokenRequest {
        self.token_request(grant_type::CLIENT_CREDENTIALS)
    }

    /// The refresh token grant (RFC 6749 section 6) with a bare refresh token.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.refresh_token("tGzv3JOkF0XG5Qx2TlKWIA").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn refresh_token(&self, refresh_token: impl Into<RefreshToken>) -> TokenRequest {
        let refresh_token: RefreshToken = refresh_token.into();
        self.token_request(grant_type::REFRESH_TOKEN)
            .param("refresh_token", refresh_token.into_secret())
    }

    /// Refreshes `token` with its refresh token. When the server does not rotate refresh
    /// tokens (no `refresh_token` in the response), the new token keeps the old one. A
    /// DPoP-bound token is refreshed with its own key; one loaded from storage has no key
    /// attached, and sending its refresh is [`Error::DpopKeyMissing`] until the key is given
    /// with [`dpop_key`](TokenRequest::dpop_key).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, token: oauth2_types::BearerToken)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let fresh = client.refresh(&token)?.send().await?;
    /// assert!(fresh.refresh_token().is_some());
    /// # Ok(()) }
    /// ```
    pub fn refresh(&self, token: &BearerToken) -> Result<TokenRequest, Error> {
        let refresh_token = token.refresh_token().ok_or(Error::NoRefreshToken)?;
        let mut request = self.refresh_token(refresh_token.clone());
        request.dpop = DpopChoice::for_refresh(token);
        request.previous = Some(token.clone());
        Ok(request)
    }

    /// Token exchange (RFC 8693): trade `subject_token` (of type `subject_token_type`, a
    /// `token_type::uri` constant or a short name such as `access_token` or `jwt`, see
    /// [`to_uri`](oauth2_types::token_type::to_uri)) for a new token; add `actor_token`,
    /// `requested_token_type`, `audience`, `resource` or `scope` as needed. The response's
    /// `issued_token_type` is in [`BearerToken::extra`]. For a token that knows its type, see
    /// [`exchange_token`](Self::exchange_token).
    ///
    /// ```no_run
    /// use oauth2_types::token_type::uri;
    /// # async fn demo(client: oauth2_grants::OAuth2Client, token: &str) -> Result<(), oauth2_grants::Error> {
    /// let exchanged = client
    ///     .token_exchange(token, uri::ACCESS_TOKEN)
    ///     .requested_token_type(uri::ACCESS_TOKEN)
    ///     .audience("https://backend.example")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn token_exchange(&self, subject_token: &str, subject_token_type: &str) -> TokenRequest {
        self.token_request(grant_type::TOKEN_EXCHANGE)
            .param("subject_token", subject_token)
            .param("subject_token_type", token_type::to_uri(subject_token_type))
    }

    /// Token exchange (RFC 8693) of a token that knows its type: a [`BearerToken`] goes as an
    /// access token, a typed ID token as an ID token.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, incoming: oauth2_types::BearerToken)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let exchanged = client
    ///     .exchange_token(&incoming)
    ///     .requested_token_type("access_token")
    ///     .audience("https://backend.example")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn exchange_token(&self, subject: &impl ExchangeableToken) -> TokenRequest {
        self.token_exchange(subject.token(), subject.token_type_uri())
    }

    /// The JWT bearer grant (RFC 7523 section 2.1): a signed assertion as the grant, any
    /// string or a signed `oauth2_client_auth::GrantAssertion`.
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::OAuth2Client) {
    /// let request = client.jwt_bearer("eyJ...").scope("api:read");
    /// assert_eq!(request.get("assertion"), Some("eyJ..."));
    /// # }
    /// ```
    pub fn jwt_bearer(&self, assertion: impl AsRef<str>) -> TokenRequest {
        self.token_request(grant_type::JWT_BEARER)
            .param("assertion", assertion.as_ref())
    }

    /// The resource owner password grant (RFC 6749 section 4.3), for legacy servers only: it
    /// hands the user's password to the client, and OAuth 2.1 removes it.
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::OAuth2Client) {
    /// let request = client.resource_owner_password("alice", "correct horse");
    /// assert_eq!(request.get("grant_type"), Some("password"));
    /// # }
    /// ```
    pub fn resource_owner_password(&self, username: &str, password: &str) -> TokenRequest {
        self.token_request(grant_type::PASSWORD)
            .param("username", username)
            .param("password", password)
    }

    /// The authorization code exchange (RFC 6749 section 4.1.3). Add the `redirect_uri` and
    /// PKCE `code_verifier` the authorization request used.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client
    ///     .authorization_code("SplxlOBeZQQYbYS6WxSbIA")
    ///     .redirect_uri("https://client.example/cb")
    ///     .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn authorization_code(&self, code: impl Into<String>) -> TokenRequest {
        self.token_request(grant_type::AUTHORIZATION_CODE)
            .param("code", code)
    }
}

impl TokenRequest {
    /// Adds any form parameter; a name may repeat.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials().param("tenant", "blue");
    /// assert_eq!(request.get("tenant"), Some("blue"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Sets `scope`: a space-separated string (`"openid email"`) or a list of scopes
    /// (`["openid", "email"]`), as every `.scope()` of the workspace takes it (see
    /// [`Scope`]). An empty scope removes the parameter.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials().scope("openid email").scope("api:read");
    /// assert_eq!(request.get("scope"), Some("api:read")); // replaced, not added
    /// let request = client.client_credentials().scope(["api:read", "api:write"]);
    /// assert_eq!(request.get("scope"), Some("api:read api:write"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn scope(mut self, scope: impl Into<Scope>) -> Self {
        let scope = scope.into();
        if scope.is_empty() {
            self.params.retain(|(key, _)| key != "scope");
            return self;
        }
        self.replace("scope", scope.to_string())
    }

    /// Sets `scope` from a list of scopes; the same as [`scope`](Self::scope) with a list.
    ///
    /// ```
    /// # fn demo(client: oauth2_grants::OAuth2Client) {
    /// let request = client.client_credentials().scopes(["api:read", "api:write"]);
    /// assert_eq!(request.get("scope"), Some("api:read api:write"));
    /// # }
    /// ```
    pub fn scopes<I, S>(self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.scope(scopes.into_iter().collect::<Scope>())
    }

    /// Adds a `resource` indicator (RFC 8707); call it once per resource.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials().resource("https://api.example");
    /// assert_eq!(request.get("resource"), Some("https://api.example"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn resource(self, resource: impl Into<String>) -> Self {
        self.param("resource", resource)
    }

    /// Sets `audience` (RFC 8693, and servers such as Auth0 for client credentials).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials().audience("https://api.example");
    /// assert_eq!(request.get("audience"), Some("https://api.example"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.replace("audience", audience.into())
    }

    /// Sets `redirect_uri` (authorization code exchange).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_code("SplxlOBeZQQYbYS6WxSbIA").redirect_uri("https://app.example/cb");
    /// assert_eq!(request.get("redirect_uri"), Some("https://app.example/cb"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn redirect_uri(self, redirect_uri: impl Into<String>) -> Self {
        self.replace("redirect_uri", redirect_uri.into())
    }

    /// Sets the PKCE `code_verifier` (authorization code exchange, RFC 7636).
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_code("SplxlOBeZQQYbYS6WxSbIA")
    ///     .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    /// assert_eq!(request.get("code_verifier"), Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn code_verifier(self, code_verifier: impl Into<String>) -> Self {
        self.replace("code_verifier", code_verifier.into())
    }

    /// Asks for a DPoP-bound token (with a new key), or not, whatever the client's default.
    #[cfg(feature = "dpop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// // This one request gets a DPoP-bound token, whatever the client's default.
    /// let request = client.client_credentials().scope("api:read").dpop(true);
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn dpop(mut self, enabled: bool) -> Self {
        self.dpop = if enabled {
            DpopChoice::On
        } else {
            DpopChoice::Off
        };
        self
    }

    /// Asks for a token bound to this DPoP key.
    #[cfg(feature = "dpop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.client_credentials().dpop_key(key);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_key(mut self, key: oauth2_dpop::DpopKey) -> Self {
        self.dpop = DpopChoice::Key(key);
        self
    }

    /// Asks for a token bound like `previous`: with its binding (its DPoP key), if it has
    /// one, proved through the binding seam.
    #[cfg_attr(not(feature = "dpop"), allow(unused_mut))]
    pub(crate) fn bound_like(mut self, previous: &BearerToken) -> Self {
        #[cfg(feature = "dpop")]
        if let Some(binding) = previous.binding() {
            self.dpop = DpopChoice::Bound(binding.clone());
        }
        #[cfg(not(feature = "dpop"))]
        let _ = previous;
        self
    }

    /// Adds `actor_token` and `actor_token_type` (token exchange, RFC 8693 section 2.1); the
    /// type is a URI or a short name (see [`to_uri`](oauth2_types::token_type::to_uri)).
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.token_exchange("subject-token", uri::ACCESS_TOKEN).actor_token("actor-token", uri::JWT);
    /// assert_eq!(request.get("actor_token_type"), Some(uri::JWT));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn actor_token(self, actor_token: &str, actor_token_type: &str) -> Self {
        self.replace("actor_token", actor_token.to_owned()).replace(
            "actor_token_type",
            token_type::to_uri(actor_token_type).to_owned(),
        )
    }

    /// Adds a token that knows its type as the `actor_token` (a [`BearerToken`] goes as an
    /// access token).
    ///
    /// ```
    /// use oauth2_types::{token_type::uri, BearerToken};
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let service = BearerToken::new("service-token");
    /// let request = client.token_exchange("user-token", "access_token").actor(&service);
    /// assert_eq!(request.get("actor_token_type"), Some(uri::ACCESS_TOKEN));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn actor(self, actor: &impl ExchangeableToken) -> Self {
        self.actor_token(actor.token(), actor.token_type_uri())
    }

    /// Sets `requested_token_type` (token exchange): a URI or a short name (see
    /// [`to_uri`](oauth2_types::token_type::to_uri)).
    ///
    /// ```
    /// use oauth2_types::token_type::uri;
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.token_exchange("subject-token", uri::ACCESS_TOKEN).requested_token_type(uri::JWT);
    /// assert_eq!(request.get("requested_token_type"), Some(uri::JWT));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn requested_token_type(self, token_type: &str) -> Self {
        self.replace(
            "requested_token_type",
            oauth2_types::token_type::to_uri(token_type).to_owned(),
        )
    }

    /// The first value of a parameter set so far.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.client_credentials();
    /// assert_eq!(request.get("grant_type"), Some("client_credentials"));
    /// assert_eq!(request.get("scope"), None);
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The key its tokens are stored under in a [`TokenStore`](oauth2_types::store::TokenStore):
    /// the issuer (or the token endpoint when the issuer is not known), the client id, the
    /// grant type and the other parameters, except secrets.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let key = client.client_credentials().scope("api:read").store_key();
    /// assert_eq!(
    ///     key.as_str(),
    ///     "oauth2:iss=https%3A%2F%2Fas.example%2Ftoken&client_id=my-app&grant=client_credentials&scope=api%3Aread",
    /// );
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn store_key(&self) -> oauth2_types::store::StoreKey {
        let grant = self.get("grant_type").unwrap_or_default();
        let params = self
            .params
            .iter()
            .filter(|(name, _)| name != "grant_type")
            .map(|(name, value)| (name.as_str(), value.as_str()));
        oauth2_types::store::StoreKey::derive(
            &self.client.store_issuer(),
            self.client.client_id(),
            grant,
            params,
        )
    }

    /// The client this request goes through.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert_eq!(client.client_credentials().client().client_id(), "my-app");
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn client(&self) -> &OAuth2Client {
        &self.client
    }

    /// Validates the ID token of the response like this (set by `exchange_code`).
    #[cfg(feature = "oidc")]
    pub(crate) fn check_id_token(mut self, check: IdTokenCheck) -> Self {
        self.id_token_check = Some(check);
        self
    }

    fn replace(mut self, name: &str, value: String) -> Self {
        self.params.retain(|(key, _)| key != name);
        self.params.push((name.to_owned(), value));
        self
    }

    /// The form to send and what reads its answer, with the DPoP binding chosen (a new key
    /// made now, if the choice says so).
    fn into_parts(mut self) -> Result<(FormRequest, TokenReading), Error> {
        let mut form = FormRequest::new(self.client.endpoint_url(Endpoint::Token)?);
        form.form = std::mem::take(&mut self.params);
        let binding = self.client.dpop().binding(&self.dpop)?;
        let reading = TokenReading {
            client: self.client,
            binding,
            sent_proof: None,
            previous: self.previous,
            #[cfg(feature = "oidc")]
            id_token_check: self.id_token_check,
        };
        Ok((form, reading))
    }

    /// Sends the request and reads the token response. A DPoP nonce challenge is answered
    /// once with the server's new nonce.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let token = client.client_credentials().scope("api:read").send().await?;
    /// println!("expires in {:?}", token.expires_in());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<BearerToken, Error> {
        let (form, reading) = self.into_parts()?;
        let response = match &reading.binding {
            Some(binding) => {
                reading
                    .client
                    .send_with_dpop(Endpoint::Token, form, binding)
                    .await?
            }
            None => {
                reading
                    .client
                    .send_authenticated(Endpoint::Token, form)
                    .await?
            }
        };
        reading.read(response).await
    }

    /// The request, authenticated (and with its DPoP proof), to send with any HTTP stack,
    /// and the reader of its response: [`send`](Self::send) without the sending. A DPoP nonce
    /// challenge is [`Error::DpopNonce`] with `retried: false`; the nonce is remembered, so
    /// preparing the request again (a new proof) and sending it answers it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::ClientSecretPost::new("my-app", "my-secret")).build()?;
    /// let (request, reader) = client.client_credentials().scope("api:read").prepare().await?;
    /// assert_eq!(request.method(), http::Method::POST);
    /// assert!(String::from_utf8(request.body().clone())?.contains("grant_type=client_credentials"));
    /// // Send `request` with any HTTP stack; here, the server's answer:
    /// let response = http::Response::builder()
    ///     .header("content-type", "application/json")
    ///     .body(br#"{"access_token":"at-1","token_type":"Bearer","expires_in":300}"#.to_vec())?;
    /// let token = reader.read(response).await?;
    /// assert_eq!(token.access_token().secret(), "at-1");
    /// # Ok(()) }
    /// ```
    pub async fn prepare(self) -> Result<PreparedCall<BearerToken>, Error> {
        let (mut form, mut reading) = self.into_parts()?;
        if let Some(binding) = &reading.binding {
            reading.sent_proof = Some(crate::dpop::add_form_proof(binding, &mut form).await?);
        }
        let request = reading
            .client
            .authenticated_request(Endpoint::Token, form)
            .await?;
        let reader = ResponseReader::new_async(Endpoint::Token, move |response| {
            Box::pin(reading.read_prepared(response))
        });
        Ok((request, reader))
    }
}
