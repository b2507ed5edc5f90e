//! The authorization code flow (RFC 6749 section 4.1) from the client's side: requests built
//! from the server's metadata, pushed (RFC 9126) when asked or required, and the exchange of
//! a validated response.

use std::time::Duration;

use oauth2_pkce_par_jar::{
    AuthorizationRequest, AuthorizationRequestBuilder, AuthorizationResponse, PendingAuthorization,
};
use oauth2_types::{FormRequest, HttpResponse};
use serde::Deserialize;

use super::TokenRequest;
use crate::client::OAuth2Client;
use crate::dpop::{Binding, DpopChoice};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};
use crate::response;

#[cfg(feature = "dpop")]
mod pushed_dpop;

/// The answer of a pushed authorization request endpoint (RFC 9126 section 2.2).
#[derive(Debug, Deserialize)]
struct PushedResponse {
    request_uri: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// `request`, its code bound to the key of `binding` (carried by the pending state).
#[cfg(feature = "dpop")]
fn bind_code(request: AuthorizationRequest, binding: &Binding) -> AuthorizationRequest {
    match (binding.key(), binding.seam().thumbprint()) {
        (Some(key), _) => pushed_dpop::bind_code(request, key),
        // A binding this client does not hold the key of: the code is bound to it, and the
        // exchange needs it given again.
        (None, Some(jkt)) => request.with_dpop_jkt(jkt),
        (None, None) => request,
    }
}

/// Without the `dpop` feature there is no binding, hence no key to carry.
#[cfg(not(feature = "dpop"))]
fn bind_code(_request: AuthorizationRequest, binding: &Binding) -> AuthorizationRequest {
    match *binding {}
}

/// What the exchange of `pending`'s code does about DPoP, when the code is bound to a key.
#[cfg(feature = "dpop")]
fn exchange_dpop(pending: &PendingAuthorization) -> Option<DpopChoice> {
    pushed_dpop::exchange_choice(pending)
}

/// Without the `dpop` feature, a code bound to a DPoP key cannot be exchanged.
#[cfg(not(feature = "dpop"))]
fn exchange_dpop(pending: &PendingAuthorization) -> Option<DpopChoice> {
    pending.dpop_jkt().map(|_| DpopChoice::KeyMissing)
}

#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
impl OAuth2Client {
    /// An authorization request builder for this client: the authorization endpoint, the
    /// client id, the issuer to expect in the response, and whether `iss` is required (RFC
    /// 9207, from the metadata). PKCE S256, `state` and `nonce` are on by default.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = client
    ///     .authorization_request()?
    ///     .redirect_uri("https://app.example/callback")
    ///     .scope(["openid", "email"])
    ///     .build()?;
    /// let request = client.prepare_authorization(request).await?; // pushed when the server requires it
    /// println!("send the user to {}", request.url());
    /// // ... later, at the callback:
    /// # let callback_url: url::Url = "https://app.example/callback?code=x&state=y".parse()?;
    /// let response = request.pending().validate_callback(&callback_url)?;
    /// let token = client.exchange_code(&response).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn authorization_request(&self) -> Result<AuthorizationRequestBuilder, Error> {
        let endpoint = self.endpoint_url(Endpoint::Authorization)?;
        let mut builder = AuthorizationRequest::builder(endpoint, self.client_id())
            .require_iss(self.metadata().iss_parameter_supported());
        if let Some(issuer) = self.issuer() {
            builder = builder.issuer(issuer);
        }
        Ok(builder)
    }

    /// Pushes the request when the server's metadata or the client's registration says every
    /// request must be pushed ([`requires_pushed_authorization_requests`](Self::requires_pushed_authorization_requests));
    /// returns it unchanged otherwise. When the client asks for DPoP-bound tokens by default
    /// ([`dpop_bound_access_tokens`](crate::OAuth2ClientBuilder::dpop_bound_access_tokens)),
    /// the push carries a DPoP proof with a new key, which the pending state carries to
    /// [`exchange_code`](Self::exchange_code).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().authorization_endpoint("https://as.example/authorize").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_request()?.build()?;
    /// let url = request.url().clone();
    /// // Not pushed: neither the server nor the client's registration requires it.
    /// let request = client.prepare_authorization(request).await?;
    /// assert_eq!(request.url(), &url);
    /// # Ok(()) }
    /// ```
    pub async fn prepare_authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationRequest, Error> {
        if !self.requires_pushed_authorization_requests() {
            return Ok(request);
        }
        let binding = self.dpop().binding(&DpopChoice::ClientDefault)?;
        self.push(request, binding.as_ref()).await
    }

    /// Pushes the request's parameters to the PAR endpoint, with client authentication. The
    /// returned request's URL carries only `client_id` and `request_uri` (after the
    /// authorization endpoint's own query, if any, less the parameters an authorization
    /// request sets), and its [`expires_at`](AuthorizationRequest::expires_at) is the
    /// `request_uri`'s expiry. To bind the code to a DPoP key, see
    /// `push_authorization_request_with_dpop` (the `dpop` feature).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let pushed = client.push_authorization_request(request).await?;
    /// assert!(pushed.url().query_pairs().any(|(name, _)| name == "request_uri"));
    /// # Ok(()) }
    /// ```
    pub async fn push_authorization_request(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationRequest, Error> {
        self.push(request, None).await
    }

    /// [`push_authorization_request`](Self::push_authorization_request) without the
    /// sending: the authenticated request to the PAR endpoint, to send with any HTTP stack,
    /// and the reader of its response, which gives the pushed request.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().authorization_endpoint("https://as.example/authorize").pushed_authorization_request_endpoint("https://as.example/par").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let (http_request, reader) = client.prepare_push_authorization_request(request).await?;
    /// assert_eq!(http_request.uri(), "https://as.example/par");
    /// let pushed = reader
    ///     .read(http::Response::builder().status(201).body(br#"{"request_uri":"urn:example:1","expires_in":60}"#.to_vec())?)
    ///     .await?;
    /// assert!(pushed.url().query_pairs().any(|(name, value)| name == "request_uri" && value == "urn:example:1"));
    /// # Ok(()) }
    /// ```
    pub async fn prepare_push_authorization_request(
        &self,
        request: AuthorizationRequest,
    ) -> Result<PreparedCall<AuthorizationRequest>, Error> {
        self.prepare_push(request, None).await
    }

    /// The form POST that pushes `request`'s parameters.
    fn push_form(&self, request: &AuthorizationRequest) -> Result<FormRequest, Error> {
        let mut form = FormRequest::new(self.endpoint_url(Endpoint::PushedAuthorization)?);
        form.form = request.params().to_vec();
        Ok(form)
    }

    /// Pushes the request (with a DPoP proof by `binding`, if any).
    async fn push(
        &self,
        request: AuthorizationRequest,
        binding: Option<&Binding>,
    ) -> Result<AuthorizationRequest, Error> {
        let endpoint = Endpoint::PushedAuthorization;
        let form = self.push_form(&request)?;
        let response = match binding {
            Some(binding) => self.send_with_dpop(endpoint, form, binding).await?,
            None => self.send_authenticated(endpoint, form).await?,
        };
        read_pushed(request, binding, response)
    }

    /// [`push`](Self::push), prepared.
    async fn prepare_push(
        &self,
        request: AuthorizationRequest,
        binding: Option<Binding>,
    ) -> Result<PreparedCall<AuthorizationRequest>, Error> {
        let endpoint = Endpoint::PushedAuthorization;
        let mut form = self.push_form(&request)?;
        let sent = match &binding {
            Some(binding) => Some(crate::dpop::add_form_proof(binding, &mut form).await?),
            None => None,
        };
        let http_request = self.authenticated_request(endpoint, form).await?;
        let reader = ResponseReader::new(endpoint, move |response| {
            if let (Some(binding), Some(sent)) = (&binding, &sent) {
                crate::dpop::check_nonce(binding, sent, &response)?;
            }
            read_pushed(request, binding.as_ref(), response)
        });
        Ok((http_request, reader))
    }

    /// The code exchange of a validated authorization response: `code`, and the
    /// `redirect_uri` and PKCE `code_verifier` of the request, sent by themselves. When the
    /// request was pushed with a DPoP proof, the exchange proves that key, which the pending
    /// state carries (from this client, or restored from a session in another one). The
    /// ID token is validated against the request: `nonce`, `max_age`, essential `acr`, and
    /// it must be there when `openid` was asked for.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().authorization_endpoint("https://as.example/authorize").token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").state("state-1234").build()?;
    /// let response = request.pending().validate_query("code=abc&state=state-1234")?;
    /// let exchange = client.exchange_code(&response);
    /// assert_eq!(exchange.get("code"), Some("abc"));
    /// assert_eq!(exchange.get("code_verifier"), request.pending().code_verifier().map(|v| v.secret()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exchange_code(&self, response: &AuthorizationResponse) -> TokenRequest {
        let pending = response.pending();
        let mut request = self.authorization_code(response.code());
        if let Some(redirect_uri) = pending.redirect_uri() {
            request = request.redirect_uri(redirect_uri);
        }
        if let Some(verifier) = pending.code_verifier() {
            request = request.code_verifier(verifier.secret());
        }
        if let Some(dpop) = exchange_dpop(pending) {
            request.dpop = dpop;
        }
        request.check_id_token(super::token_request::IdTokenCheck {
            nonce: pending.nonce().map(str::to_owned),
            max_age: pending.max_age(),
            code: Some(response.code().to_owned()),
            required: pending.expects_id_token(),
            essential_acr: pending.essential_acr().map(<[String]>::to_vec),
        })
    }
}

/// Reads the answer of the PAR endpoint: `request`, its URL now carrying the `request_uri`,
/// usable until it expires, its code bound to the key of `binding`, if any.
fn read_pushed(
    request: AuthorizationRequest,
    binding: Option<&Binding>,
    response: HttpResponse,
) -> Result<AuthorizationRequest, Error> {
    let endpoint = Endpoint::PushedAuthorization;
    let pushed: PushedResponse = response::json(endpoint.name(), response)?;
    tracing::debug!(target: "oauth2", expires_in = ?pushed.expires_in, "pushed authorization request");
    let expires_in = pushed.expires_in.map(Duration::from_secs);
    let mut request = request.with_url_params(vec![("request_uri".into(), pushed.request_uri)]);
    if let Some(expires_in) = expires_in {
        request = request.with_expiry(expires_in);
    }
    if let Some(binding) = binding {
        request = bind_code(request, binding);
    }
    Ok(request)
}
