//! One module per parser; each target's doc says what it checks.

mod callback;
mod dpop_nonce;
mod jose;
mod responses;
mod www_authenticate;

pub use callback::callback;
pub use dpop_nonce::dpop_nonce;
pub use jose::{jwk, jws};
pub use responses::{error_response, introspection, metadata, token_response};
pub use www_authenticate::www_authenticate;
