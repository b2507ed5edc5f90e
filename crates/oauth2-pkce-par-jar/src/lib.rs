//! OAuth 2.x authorization requests, sans-IO: PKCE (RFC 7636), authorization requests with
//! `state` and `nonce`, and callback validation (RFC 9207 `iss` included). PAR (RFC 9126) and
//! JAR (RFC 9101) build on these in `oauth2-grants`.
//!
//! No HTTP stack: what goes over the network is built here and sent by `oauth2-grants`.
//!
//! Cargo features, both on by default: `jar` (signed request objects) and `id-token` (ID
//! token validation). They bring the JOSE crates; without them, PKCE, requests and callbacks
//! need little more than sha2, a random source and base64.
//!
//! ```
//! use oauth2_pkce_par_jar::{CodeChallengeMethod, CodeVerifier};
//! let verifier = CodeVerifier::generate()?;
//! let challenge = verifier.challenge(CodeChallengeMethod::default());
//! # Ok::<(), oauth2_pkce_par_jar::PkceError>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod authorization_request;
mod callback;
#[cfg(feature = "id-token")]
mod id_token;
#[cfg(feature = "id-token")]
mod issuer_template;
mod pkce;
mod random;
#[cfg(feature = "jar")]
mod request_object;

pub use authorization_request::{
    AuthorizationRequest, AuthorizationRequestBuilder, AuthorizationRequestError, MIN_STATE_LEN,
    PendingAuthorization, PendingDpopKey, RESERVED_PARAMETERS,
};
pub use callback::{AuthorizationResponse, CallbackError, STATE_PREFIX_CHARS};
#[cfg(feature = "id-token")]
#[cfg_attr(docsrs, doc(cfg(feature = "id-token")))]
pub use id_token::{
    DEFAULT_LEEWAY, IdToken, IdTokenClaims, IdTokenError, IdTokenExpectations, check_refreshed,
    half_hash,
};
#[cfg(feature = "id-token")]
#[cfg_attr(docsrs, doc(cfg(feature = "id-token")))]
pub use issuer_template::IssuerTemplate;
#[cfg(feature = "jar")]
#[cfg_attr(docsrs, doc(cfg(feature = "jar")))]
pub use request_object::{
    DEFAULT_REQUEST_OBJECT_LIFETIME, REQUEST_OBJECT_TYPE, RequestObjectError,
};
#[cfg(test)]
mod request_tests;
#[cfg(test)]
mod tests;

pub use pkce::{CodeChallengeMethod, CodeVerifier, MAX_VERIFIER_LEN, MIN_VERIFIER_LEN, PkceError};
