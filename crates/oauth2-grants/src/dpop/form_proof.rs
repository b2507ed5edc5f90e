//! The DPoP steps of a prepared form POST (the `dpop` feature): the proof added when the
//! request is prepared, the server's nonce read with the response.

use oauth2_dpop::use_dpop_nonce_answer;
use oauth2_types::{FormRequest, HttpResponse};
use url::Url;

use super::bound::Binding;
use crate::error::Error;

/// The proof a prepared request carries: its URL and the headers the proof went in.
#[derive(Debug, Clone)]
pub(crate) struct SentProof {
    url: Url,
    headers: http::HeaderMap,
}

/// Adds a DPoP proof by `binding` to `form`.
pub(crate) async fn add_form_proof(
    binding: &Binding,
    form: &mut FormRequest,
) -> Result<SentProof, Error> {
    binding
        .seam()
        .prove(&http::Method::POST, &form.url, &mut form.headers)
        .await
        .map_err(Error::authorization)?;
    Ok(SentProof {
        url: form.url.clone(),
        headers: form.headers.clone(),
    })
}

/// Remembers the server's nonce from `response` for the next proof; a nonce challenge is
/// [`Error::DpopNonce`] (`retried: false`: preparing the request again answers it).
pub(crate) fn check_nonce(
    binding: &Binding,
    sent: &SentProof,
    response: &HttpResponse,
) -> Result<(), Error> {
    binding.seam().on_token_response(
        &sent.url,
        &sent.headers,
        response.status(),
        response.headers(),
        response.body(),
    );
    match use_dpop_nonce_answer(response.status(), response.body()) {
        Some(error) => Err(Error::DpopNonce {
            status: response.status(),
            response: Box::new(error),
            retried: false,
        }),
        None => Ok(()),
    }
}
