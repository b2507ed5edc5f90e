//! Without the `dpop` feature: no request has a DPoP binding. A DPoP-bound token (loaded from
//! storage, say) cannot be refreshed, nor a code bound to a key exchanged: that is
//! [`Error::DpopKeyMissing`].

use oauth2_types::{BearerToken, FormRequest, HttpResponse};

use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
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
    /// A DPoP key must be proved: it cannot be without the `dpop` feature.
    KeyMissing,
}

impl DpopChoice {
    /// The choice for refreshing `token`.
    pub(crate) fn for_refresh(token: &BearerToken) -> Self {
        if token.has_dpop_type() {
            Self::KeyMissing
        } else {
            Self::ClientDefault
        }
    }
}

/// A client's DPoP settings: none without the `dpop` feature.
#[derive(Debug, Clone, Default)]
pub(crate) struct DpopSettings;

impl DpopSettings {
    /// `choice`, after checking that it can be sent.
    pub(crate) fn pin(&self, choice: &DpopChoice) -> Result<DpopChoice, Error> {
        match self.binding(choice)? {
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

    /// No binding, or an error for a request that must prove a key.
    pub(crate) fn binding(&self, choice: &DpopChoice) -> Result<Option<Binding>, Error> {
        match choice {
            DpopChoice::ClientDefault => Ok(None),
            DpopChoice::KeyMissing => Err(Error::DpopKeyMissing),
        }
    }
}

impl OAuth2Client {
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

/// The proof a prepared request carries: none without the `dpop` feature.
#[derive(Debug, Clone)]
pub(crate) enum SentProof {}

/// Never called: there is no binding.
pub(crate) async fn add_form_proof(
    binding: &Binding,
    _form: &mut FormRequest,
) -> Result<SentProof, Error> {
    match *binding {}
}

/// Never called: there is no binding.
pub(crate) fn check_nonce(
    binding: &Binding,
    _sent: &SentProof,
    _response: &HttpResponse,
) -> Result<(), Error> {
    match *binding {}
}
