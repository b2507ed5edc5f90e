//! DPoP (RFC 9449) at the authorization server: the nonce dance of a form POST with a proof
//! (the `dpop` feature).

use std::sync::Arc;

use oauth2_dpop::{DpopBinding, DpopKey, use_dpop_nonce_answer};
use oauth2_types::exchange::{AuthorizedExchange, Decision};
use oauth2_types::{FormRequest, HttpResponse, TokenBinding};

use super::trace_nonce_answered;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;

/// What a DPoP request proves its key with: a key this client holds (a new one, or one the
/// caller gave), or the binding of the token being refreshed or renewed, through the binding
/// seam whatever its key is (named alike without the `dpop` feature).
#[derive(Debug, Clone)]
pub(crate) enum Binding {
    /// A key of this client's.
    Key(DpopBinding),
    /// The binding of the token a request renews.
    Token(Arc<dyn TokenBinding>),
}

impl Binding {
    /// The binding, as the seam every proof goes through.
    pub(crate) fn seam(&self) -> &dyn TokenBinding {
        match self {
            Self::Key(binding) => binding,
            Self::Token(binding) => &**binding,
        }
    }

    /// The key, when this client holds it.
    #[cfg_attr(not(feature = "oidc"), allow(dead_code))]
    pub(crate) fn key(&self) -> Option<&DpopKey> {
        match self {
            Self::Key(binding) => Some(binding.key()),
            Self::Token(_) => None,
        }
    }

    /// The binding a token obtained with it carries.
    pub(crate) fn into_seam(self) -> Arc<dyn TokenBinding> {
        match self {
            Self::Key(binding) => Arc::new(binding),
            Self::Token(binding) => binding,
        }
    }
}

impl OAuth2Client {
    /// Sends an authenticated form POST with a DPoP proof; on `use_dpop_nonce` with a nonce
    /// other than the one this request sent, once more (the decision is the shared
    /// [`AuthorizedExchange`]'s). A server that asks for a nonce without giving one, or gives
    /// the one just sent, gets a typed error, never a loop.
    pub(crate) async fn send_with_dpop(
        &self,
        endpoint: Endpoint,
        form: FormRequest,
        binding: &Binding,
    ) -> Result<HttpResponse, Error> {
        let binding = binding.seam();
        let mut exchange = AuthorizedExchange::new();
        loop {
            let mut request = form.clone();
            binding
                .prove(&http::Method::POST, &request.url, &mut request.headers)
                .await
                .map_err(Error::authorization)?;
            let (url, sent) = (request.url.clone(), request.headers.clone());
            let response = self.send_authenticated(endpoint, request).await?;
            let advice = binding.on_token_response(
                &url,
                &sent,
                response.status(),
                response.headers(),
                response.body(),
            );
            if exchange.decide(advice, true) == Decision::RetryWithNonce {
                trace_nonce_answered(endpoint, &url);
                continue;
            }
            return match use_dpop_nonce_answer(response.status(), response.body()) {
                Some(error) => Err(Error::DpopNonce {
                    status: response.status(),
                    response: Box::new(error),
                    retried: exchange.retried(),
                }),
                None => Ok(response),
            };
        }
    }
}
