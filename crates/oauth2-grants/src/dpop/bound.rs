//! DPoP (RFC 9449) at the authorization server: the nonce dance of a form POST with a proof
//! (the `dpop` feature).

use oauth2_dpop::DpopBinding;
use oauth2_types::{ErrorResponse, FormRequest, HttpResponse};

use super::trace_nonce_answered;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;

/// The binding of a DPoP request (named alike without the `dpop` feature).
pub(crate) type Binding = DpopBinding;

impl OAuth2Client {
    /// Sends an authenticated form POST with a DPoP proof; on `use_dpop_nonce` with a nonce
    /// other than the one this request sent, once more. A server that asks for a nonce
    /// without giving one, or gives the one just sent, gets a typed error, never a loop.
    pub(crate) async fn send_with_dpop(
        &self,
        endpoint: Endpoint,
        form: FormRequest,
        binding: &DpopBinding,
    ) -> Result<HttpResponse, Error> {
        let mut retried = false;
        loop {
            let mut request = form.clone();
            let sent = binding
                .add_proof(&http::Method::POST, &request.url, &mut request.headers)
                .await
                .map_err(Error::dpop)?;
            let url = request.url.clone();
            let response = self.send_authenticated(endpoint, request).await?;
            let retry_nonce =
                binding.nonce_to_retry_with(&url, sent.as_deref(), response.headers());
            let Some(error) = use_dpop_nonce_error(&response) else {
                return Ok(response);
            };
            if retry_nonce.is_some() && !retried {
                trace_nonce_answered(endpoint, &url);
                retried = true;
                continue;
            }
            return Err(Error::DpopNonce {
                status: response.status(),
                response: Box::new(error),
                retried,
            });
        }
    }
}

/// The `use_dpop_nonce` error of a 400 response, if that is what it is.
pub(super) fn use_dpop_nonce_error(response: &HttpResponse) -> Option<ErrorResponse> {
    if response.status() != http::StatusCode::BAD_REQUEST {
        return None;
    }
    serde_json::from_slice::<ErrorResponse>(response.body())
        .ok()
        .filter(|error| error.error.as_str() == "use_dpop_nonce")
}
