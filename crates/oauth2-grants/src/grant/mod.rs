//! The requests a client makes to the authorization server, one module per RFC.

#[cfg(feature = "oidc")]
mod authorization_code;
mod ciba;
mod device;
mod introspection;
mod polling;
mod revocation;
mod token_request;
mod userinfo;

pub use ciba::{BackchannelAuthenticationRequest, BackchannelAuthenticationResponse};
pub use device::{DeviceAuthorizationRequest, DeviceAuthorizationResponse};
pub use introspection::{IntrospectionRequest, IntrospectionResponse};
pub use polling::DEFAULT_POLL_INTERVAL;
pub use revocation::RevocationRequest;
pub use token_request::TokenRequest;

use oauth2_types::redact::FormParams;
use oauth2_types::{FormRequest, HttpResponse};

use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;

/// An authenticated form POST about one token (revocation, introspection).
#[derive(Clone)]
struct TokenCall {
    client: OAuth2Client,
    endpoint: Endpoint,
    params: Vec<(String, String)>,
}

impl std::fmt::Debug for TokenCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCall")
            .field("endpoint", &self.endpoint)
            .field("params", &FormParams(&self.params))
            .finish_non_exhaustive()
    }
}

impl TokenCall {
    fn new(client: &OAuth2Client, endpoint: Endpoint, token: &str) -> Self {
        Self {
            client: client.clone(),
            endpoint,
            params: vec![("token".to_owned(), token.to_owned())],
        }
    }

    fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.params.push((name.into(), value.into()));
    }

    async fn send(self) -> Result<HttpResponse, Error> {
        let mut form = FormRequest::new(self.client.endpoint_url(self.endpoint)?);
        form.form = self.params;
        self.client.send_authenticated(self.endpoint, form).await
    }
}
