//! DPoP (RFC 9449) at the authorization server. With the `dpop` feature, `settings` says
//! which key a request proves and binds the tokens, and `bound` sends with proofs; without it,
//! `unbound` gives the same internal names, and a request never has a binding, so the grants
//! have one code path either way.

use crate::endpoint::Endpoint;

#[cfg(feature = "dpop")]
mod bound;
#[cfg(feature = "dpop")]
mod form_proof;
#[cfg(feature = "dpop")]
mod options;
#[cfg(feature = "dpop")]
mod settings;
#[cfg(not(feature = "dpop"))]
mod unbound;

#[cfg(feature = "dpop")]
pub(crate) use bound::Binding;
#[cfg(feature = "dpop")]
pub(crate) use form_proof::{SentProof, add_form_proof, check_nonce};
#[cfg(feature = "dpop")]
pub use settings::KeyGenerator;
#[cfg(feature = "dpop")]
pub(crate) use settings::{DpopChoice, DpopSettings};
#[cfg(not(feature = "dpop"))]
pub(crate) use unbound::{
    Binding, DpopChoice, DpopSettings, SentProof, add_form_proof, check_nonce,
};

/// Tells (at `info`) that a DPoP nonce challenge from `url`'s server is answered by a retry.
pub(crate) fn trace_nonce_answered(endpoint: Endpoint, url: &url::Url) {
    tracing::info!(
        target: "oauth2",
        endpoint = endpoint.name(),
        origin = %url.origin().ascii_serialization(),
        "DPoP nonce challenge: answered with the new nonce"
    );
}

#[cfg(test)]
#[cfg(feature = "dpop")]
mod provider_tests;
