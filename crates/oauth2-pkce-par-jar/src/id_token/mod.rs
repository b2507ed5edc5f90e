//! OpenID Connect ID tokens, sans-IO: their validation (OpenID Connect Core 3.1.3.7) with
//! the key set the caller brings (the grants crate fetches and caches it), the checks after a
//! refresh (12.2), and the validated token as a typed value.

mod claims;
mod error;
mod expectations;
mod hs256;
mod refresh;
mod token;
mod validation;

pub use claims::IdTokenClaims;
pub use error::IdTokenError;
pub use expectations::{DEFAULT_LEEWAY, IdTokenExpectations};
pub use refresh::check_refreshed;
pub use token::IdToken;
pub use validation::half_hash;

#[cfg(test)]
mod tests;
