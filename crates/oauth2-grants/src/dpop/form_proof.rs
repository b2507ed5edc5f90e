//! The DPoP steps of a prepared form POST (the `dpop` feature): the proof added when the
//! request is prepared, the server's nonce read with the response.

use oauth2_dpop::DpopBinding;
use oauth2_types::{FormRequest, HttpResponse};
use url::Url;

use super::bound::use_dpop_nonce_error;
use crate::error::Error;

/// The proof a prepared request carries: for its URL, with this nonce (if any).
#[derive(Debug, Clone)]
pub(crate) struct SentProof {
    url: Url,
    nonce: Option<String>,
}

/// Adds a DPoP proof by `binding` to `form`.
pub(crate) async fn add_form_proof(
    binding: &DpopBinding,
    form: &mut FormRequest,
) -> Result<SentProof, Error> {
    let nonce = binding
        .add_proof(&http::Method::POST, &form.url, &mut form.headers)
        .await
        .map_err(Error::dpop)?;
    Ok(SentProof {
        url: form.url.clone(),
        nonce,
    })
}

/// Remembers the server's nonce from `response` for the next proof; a nonce challenge is
/// [`Error::DpopNonce`] (`retried: false`: preparing the request again answers it).
pub(crate) fn check_nonce(
    binding: &DpopBinding,
    sent: &SentProof,
    response: &HttpResponse,
) -> Result<(), Error> {
    binding.nonce_to_retry_with(&sent.url, sent.nonce.as_deref(), response.headers());
    match use_dpop_nonce_error(response) {
        Some(error) => Err(Error::DpopNonce {
            status: response.status(),
            response: Box::new(error),
            retried: false,
        }),
        None => Ok(()),
    }
}
