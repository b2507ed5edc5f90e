//! DPoP (RFC 9449) at the authorization server. With the `dpop` feature, `bound` makes the
//! proofs and binds the tokens; without it, `unbound` gives the same internal names, and a
//! request never has a binding, so the grants have one code path either way.

use crate::client::Endpoint;

#[cfg(feature = "dpop")]
mod bound;
#[cfg(feature = "dpop")]
mod settings;
#[cfg(not(feature = "dpop"))]
mod unbound;

#[cfg(all(feature = "dpop", feature = "oidc"))]
pub(crate) use bound::Binding;
#[cfg(feature = "dpop")]
pub use bound::KeyGenerator;
#[cfg(feature = "dpop")]
pub(crate) use bound::{DpopChoice, DpopSettings};
#[cfg(all(not(feature = "dpop"), feature = "oidc"))]
pub(crate) use unbound::Binding;
#[cfg(not(feature = "dpop"))]
pub(crate) use unbound::DpopChoice;

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
