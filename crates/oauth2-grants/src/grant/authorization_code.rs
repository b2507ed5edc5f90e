//! The authorization code flow (RFC 6749 section 4.1) from the client's side: requests built
//! from the server's metadata, pushed (RFC 9126) when asked or required, and the exchange of
//! a validated response.

use oauth2_dpop::DpopKey;
use oauth2_pkce_par_jar::{
    AuthorizationRequest, AuthorizationRequestBuilder, AuthorizationResponse,
};
use oauth2_types::FormRequest;
use serde::Deserialize;

use super::TokenRequest;
use crate::client::{Endpoint, OAuth2Client};
use crate::dpop::DpopChoice;
use crate::error::Error;
use crate::response;

/// The answer of a pushed authorization request endpoint (RFC 9126 section 2.2).
#[derive(Debug, Deserialize)]
struct PushedResponse {
    request_uri: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

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

    /// Pushes the request when the server's metadata says every request must be pushed;
    /// returns it unchanged otherwise.
    pub async fn prepare_authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationRequest, Error> {
        if self.metadata().require_pushed_authorization_requests == Some(true) {
            self.push_authorization_request(request, None).await
        } else {
            Ok(request)
        }
    }

    /// Pushes the request's parameters to the PAR endpoint, with client authentication (and a
    /// DPoP proof by `dpop_key`, which binds the code to that key: exchange it with the same
    /// key). The returned request's URL carries only `client_id` and `request_uri`.
    pub async fn push_authorization_request(
        &self,
        request: AuthorizationRequest,
        dpop_key: Option<&DpopKey>,
    ) -> Result<AuthorizationRequest, Error> {
        let endpoint = Endpoint::PushedAuthorization;
        let mut form = FormRequest::new(self.endpoint_url(endpoint)?);
        form.form = request.params().to_vec();
        let response = match dpop_key {
            Some(key) => {
                let binding = self
                    .dpop_binding(&DpopChoice::Key(key.clone()))?
                    .ok_or_else(|| Error::Config("no DPoP binding".into()))?;
                self.send_with_dpop(endpoint, form, &binding).await?
            }
            None => self.send_authenticated(endpoint, form).await?,
        };
        let pushed: PushedResponse = response::json(endpoint.name(), response)?;
        tracing::debug!(target: "oauth2", expires_in = ?pushed.expires_in, "pushed authorization request");
        Ok(request.with_url_params(vec![("request_uri".into(), pushed.request_uri)]))
    }

    /// The code exchange of a validated authorization response: `code`, and the
    /// `redirect_uri` and PKCE `code_verifier` of the request, sent by themselves.
    pub fn exchange_code(&self, response: &AuthorizationResponse) -> TokenRequest {
        let pending = response.pending();
        let mut request = self.authorization_code(response.code());
        if let Some(redirect_uri) = pending.redirect_uri() {
            request = request.redirect_uri(redirect_uri);
        }
        if let Some(verifier) = pending.code_verifier() {
            request = request.code_verifier(verifier.secret());
        }
        request.check_id_token(super::token_request::IdTokenCheck {
            nonce: pending.nonce().map(str::to_owned),
            max_age: pending.max_age(),
            code: Some(response.code().to_owned()),
        })
    }
}
