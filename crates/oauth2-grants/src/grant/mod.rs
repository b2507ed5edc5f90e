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
pub use polling::{DEFAULT_POLL_INTERVAL, PollCancel, PollProgress, PollStatus, PollStep, Poller};
pub use revocation::RevocationRequest;
pub use token_request::TokenRequest;

use oauth2_types::redact::FormParams;
use oauth2_types::{FormRequest, HttpResponse};

use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};

/// How the answer of an authenticated form POST reads (given the endpoint's name).
type ReadForm<T> = fn(&'static str, HttpResponse) -> Result<T, Error>;

/// Sends the authenticated form POST of `params` to `endpoint` and reads its answer.
async fn send_form<T>(
    client: &OAuth2Client,
    endpoint: Endpoint,
    params: Vec<(String, String)>,
    read: ReadForm<T>,
) -> Result<T, Error> {
    let mut form = FormRequest::new(client.endpoint_url(endpoint)?);
    form.form = params;
    let response = client.send_authenticated(endpoint, form).await?;
    read(endpoint.name(), response)
}

/// The authenticated form POST of [`send_form`], prepared: the request, and its reader.
async fn prepare_form<T: Send + 'static>(
    client: &OAuth2Client,
    endpoint: Endpoint,
    params: Vec<(String, String)>,
    read: ReadForm<T>,
) -> Result<PreparedCall<T>, Error> {
    let mut form = FormRequest::new(client.endpoint_url(endpoint)?);
    form.form = params;
    let request = client.authenticated_request(endpoint, form).await?;
    let reader = ResponseReader::new(endpoint, move |response| read(endpoint.name(), response));
    Ok((request, reader))
}

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

    async fn send<T>(self, read: ReadForm<T>) -> Result<T, Error> {
        send_form(&self.client, self.endpoint, self.params, read).await
    }

    async fn prepare<T: Send + 'static>(self, read: ReadForm<T>) -> Result<PreparedCall<T>, Error> {
        prepare_form(&self.client, self.endpoint, self.params, read).await
    }
}
