//! Without the `dpop` feature: no request has a DPoP binding. A DPoP-bound token (loaded from
//! storage, say) cannot be refreshed: that is [`Error::DpopKeyMissing`].

use oauth2_types::{BearerToken, FormRequest, HttpResponse};

use crate::client::{Endpoint, OAuth2Client};
use crate::error::Error;

/// The binding of a DPoP request: there is none without the `dpop` feature.
#[derive(Debug)]
pub(crate) enum Binding {}

/// What a token request does about DPoP.
#[derive(Debug, Clone, Default)]
pub(crate) enum DpopChoice {
    /// No DPoP.
    #[default]
    ClientDefault,
    /// Refreshing a DPoP-bound token: its key cannot be used without the `dpop` feature.
    KeyMissing,
}

impl DpopChoice {
    /// The choice for refreshing `token`.
    pub(crate) fn for_refresh(token: &BearerToken) -> Self {
        if token.is_dpop() {
            Self::KeyMissing
        } else {
            Self::ClientDefault
        }
    }
}

impl OAuth2Client {
    /// `choice`, after checking that it can be sent.
    pub(crate) fn pin_dpop(&self, choice: &DpopChoice) -> Result<DpopChoice, Error> {
        match self.dpop_binding(choice)? {
            Some(binding) => match binding {},
            None => Ok(choice.clone()),
        }
    }

    /// Never called: there is no binding.
    pub(crate) fn bind_token(
        &self,
        binding: Binding,
        _token: BearerToken,
    ) -> Result<BearerToken, Error> {
        match binding {}
    }

    /// No binding, or an error for a DPoP-bound token's refresh.
    pub(crate) fn dpop_binding(&self, choice: &DpopChoice) -> Result<Option<Binding>, Error> {
        match choice {
            DpopChoice::ClientDefault => Ok(None),
            DpopChoice::KeyMissing => Err(Error::DpopKeyMissing),
        }
    }

    /// No binding (see [`dpop_binding`](Self::dpop_binding)).
    pub(crate) fn token_binding(&self, choice: &DpopChoice) -> Result<Option<Binding>, Error> {
        self.dpop_binding(choice)
    }

    /// Never called: there is no binding.
    pub(crate) async fn send_with_dpop(
        &self,
        _endpoint: Endpoint,
        _form: FormRequest,
        binding: &Binding,
    ) -> Result<HttpResponse, Error> {
        match *binding {}
    }
}
