//! OAuth 2.x client authentication: every method of RFC 6749, RFC 7523 and OpenID Connect
//! Core section 9, each an implementation of the [`ClientAuthentication`] trait of
//! `oauth2-types`, so the grants crate (or yours) can use any of them.
//!
//! | method | type |
//! |---|---|
//! | `client_secret_basic` | [`ClientSecretBasic`] |
//! | `client_secret_post` | [`ClientSecretPost`] |
//! | `client_secret_jwt` | [`ClientSecretJwt`] |
//! | `private_key_jwt` | [`PrivateKeyJwt`] |
//! | `none` | [`NoAuth`] |
//!
//! ```
//! use oauth2_client_auth::{ClientSecretBasic, PrivateKeyJwt};
//! use oauth2_jose::{Algorithm, SigningKey};
//!
//! let basic = ClientSecretBasic::new("my-client", "my-secret");
//! let jwt = PrivateKeyJwt::new("my-client", SigningKey::generate(Algorithm::ES256)?);
//! # Ok::<(), oauth2_jose::Error>(())
//! ```
//!
//! [`ClientAuthentication`]: oauth2_types::ClientAuthentication

mod assertion;
mod none;
mod private_key_jwt;
mod secret_basic;
mod secret_jwt;
mod secret_post;

pub use assertion::{
    AssertionError, AssertionOptions, Audience, Clock, DEFAULT_LIFETIME, JWT_BEARER_ASSERTION_TYPE,
    JtiGenerator, random_jti,
};
pub use none::NoAuth;
pub use private_key_jwt::PrivateKeyJwt;
pub use secret_basic::ClientSecretBasic;
pub use secret_jwt::ClientSecretJwt;
pub use secret_post::ClientSecretPost;

#[cfg(test)]
mod tests;
