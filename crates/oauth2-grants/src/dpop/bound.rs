//! DPoP (RFC 9449) at the authorization server: proofs on token requests, the nonce dance,
//! and binding the tokens obtained (the `dpop` feature).

use std::sync::Arc;

use oauth2_dpop::{DpopBinding, DpopKey, DpopOptions, NonceStore, use_dpop_nonce_answer};
use oauth2_jose::Algorithm;
use oauth2_types::exchange::{AuthorizedExchange, Decision};
use oauth2_types::{BearerToken, FormRequest, HttpResponse, TokenBinding};

use super::trace_nonce_answered;
use crate::client::{Endpoint, OAuth2Client};
use crate::error::Error;

/// The binding of a DPoP request (named alike without the `dpop` feature).
#[cfg(feature = "oidc")]
pub(crate) type Binding = DpopBinding;

/// Makes the DPoP key of a new token.
///
/// ```
/// use std::sync::Arc;
/// use oauth2_jose::Algorithm;
/// let generate: oauth2_grants::KeyGenerator = Arc::new(|| oauth2_dpop::DpopKey::generate(Algorithm::EdDSA));
/// assert_eq!(generate()?.algorithm(), Algorithm::EdDSA);
/// # Ok::<(), oauth2_dpop::Error>(())
/// ```
pub type KeyGenerator = Arc<dyn Fn() -> Result<DpopKey, oauth2_dpop::Error> + Send + Sync>;

/// A client's DPoP settings; see the `dpop_*` methods of the builder.
#[derive(Clone)]
pub(crate) struct DpopSettings {
    /// Whether token requests use DPoP unless told otherwise.
    pub(crate) by_default: bool,
    pub(crate) key_generator: KeyGenerator,
    pub(crate) options: DpopOptions,
    /// The nonces of every origin this client talked to with DPoP.
    pub(crate) nonces: Arc<NonceStore>,
    /// Refuse a non-DPoP token_type in answer to a DPoP request.
    pub(crate) require_dpop_token_type: bool,
}

impl Default for DpopSettings {
    fn default() -> Self {
        Self {
            by_default: false,
            key_generator: Arc::new(|| DpopKey::generate(Algorithm::ES256)),
            options: DpopOptions::default(),
            nonces: Arc::default(),
            require_dpop_token_type: true,
        }
    }
}

impl std::fmt::Debug for DpopSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DpopSettings")
            .field("by_default", &self.by_default)
            .field("require_dpop_token_type", &self.require_dpop_token_type)
            .finish_non_exhaustive()
    }
}

/// What a token request does about DPoP.
#[derive(Debug, Clone, Default)]
pub(crate) enum DpopChoice {
    /// As the client's settings say.
    #[default]
    ClientDefault,
    /// No DPoP.
    Off,
    /// DPoP with a new key.
    On,
    /// DPoP with this key.
    Key(DpopKey),
    /// DPoP with the binding of the token being refreshed or renewed, whatever its key is:
    /// the binding proves its key through the seam.
    Bound(Arc<dyn TokenBinding>),
    /// Refreshing a DPoP-bound token whose key is not at hand (a token loaded from storage):
    /// an error unless the caller gives the key (or says what to do) first.
    KeyMissing,
}

impl DpopChoice {
    /// The choice for refreshing `token`: a DPoP-bound token is refreshed with its own key
    /// (RFC 9449 section 5); one whose key is not attached (loaded from storage) needs the
    /// caller to give it.
    pub(crate) fn for_refresh(token: &BearerToken) -> Self {
        if let Some(binding) = token.binding() {
            Self::Bound(binding.clone())
        } else if token.is_dpop() {
            Self::KeyMissing
        } else {
            Self::ClientDefault
        }
    }
}

impl OAuth2Client {
    /// `choice` with its key fixed (a new key made now), so that every retry of a polled
    /// request proves the same key.
    pub(crate) fn pin_dpop(&self, choice: &DpopChoice) -> Result<DpopChoice, Error> {
        if let DpopChoice::Bound(_) = choice {
            return Ok(choice.clone());
        }
        Ok(match self.dpop_binding(choice)? {
            Some(binding) => DpopChoice::Key(binding.key().clone()),
            None => choice.clone(),
        })
    }

    /// Binds `token`, obtained with `binding`; a token that is not DPoP-bound is refused
    /// unless the client allows it.
    pub(crate) fn bind_token(
        &self,
        binding: Arc<dyn TokenBinding>,
        token: BearerToken,
    ) -> Result<BearerToken, Error> {
        if !token.is_dpop() && self.dpop_settings().require_dpop_token_type {
            return Err(Error::NotDpopBound {
                token_type: token.token_type().to_owned(),
            });
        }
        Ok(token.with_binding(binding))
    }

    /// The binding a token request with `choice` proves its key with, if any: the binding of
    /// the token it renews, or a new one.
    pub(crate) fn token_binding(
        &self,
        choice: &DpopChoice,
    ) -> Result<Option<Arc<dyn TokenBinding>>, Error> {
        if let DpopChoice::Bound(binding) = choice {
            return Ok(Some(binding.clone()));
        }
        Ok(self
            .dpop_binding(choice)?
            .map(|binding| Arc::new(binding) as Arc<dyn TokenBinding>))
    }

    /// The binding a token request with `choice` uses, if any.
    pub(crate) fn dpop_binding(&self, choice: &DpopChoice) -> Result<Option<DpopBinding>, Error> {
        let settings = self.dpop_settings();
        let key = match choice {
            DpopChoice::Off => return Ok(None),
            DpopChoice::KeyMissing => return Err(Error::DpopKeyMissing),
            // Used as it is, by token_binding; never made anew.
            DpopChoice::Bound(_) => {
                return Err(Error::Config(
                    "a token's own binding is not made anew".into(),
                ));
            }
            DpopChoice::ClientDefault if !settings.by_default => return Ok(None),
            DpopChoice::Key(key) => key.clone(),
            DpopChoice::ClientDefault | DpopChoice::On => {
                (settings.key_generator)().map_err(Error::dpop)?
            }
        };
        DpopBinding::with_options(key, settings.options.clone(), settings.nonces.clone())
            .map(Some)
            .map_err(Error::dpop)
    }

    /// Sends an authenticated form POST with a DPoP proof; on `use_dpop_nonce` with a nonce
    /// other than the one this request sent, once more. A server that asks for a nonce
    /// without giving one, or gives the one just sent, gets a typed error, never a loop.
    pub(crate) async fn send_with_dpop(
        &self,
        endpoint: Endpoint,
        form: FormRequest,
        binding: &dyn TokenBinding,
    ) -> Result<HttpResponse, Error> {
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
