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
//! The two JWT methods (and [`AssertionOptions`] with them) are the `jwt` feature, on by
//! default; without it this crate pulls no JOSE crate. With it, [`GrantAssertion`] signs the
//! assertions of the JWT bearer grant (RFC 7523 section 2.1) with the same claims and code:
//!
//! ```
//! use oauth2_client_auth::GrantAssertion;
//! use oauth2_jose::{Algorithm, SigningKey};
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = SigningKey::generate(Algorithm::ES256)?; // an issuer's key the server trusts
//! let assertion = GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
//!     .sign(&key)
//!     .await?; // for client.jwt_bearer(&assertion)
//! # Ok(()) }
//! ```
//!
//! [`ClientAuthentication`]: oauth2_types::ClientAuthentication

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "jwt")]
mod assertion;
#[cfg(feature = "jwt")]
mod claims;
#[cfg(feature = "jwt")]
mod grant_assertion;
mod none;
#[cfg(feature = "jwt")]
mod private_key_jwt;
mod secret_basic;
#[cfg(feature = "jwt")]
mod secret_jwt;
#[cfg(feature = "jwt")]
mod secret_mac;
mod secret_post;

#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use assertion::{AssertionOptions, Audience, JWT_BEARER_ASSERTION_TYPE};
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use claims::{Clock, DEFAULT_LIFETIME, JtiGenerator, random_jti};
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use grant_assertion::{GrantAssertion, SignedAssertion};
pub use none::NoAuth;
/// Why a signed assertion (a client assertion, or [`GrantAssertion::sign`]'s) could not be
/// made: the client authentication seam's own type, so it reaches the caller typed, through
/// any crate that holds the method as `dyn ClientAuthentication`, no downcast needed.
///
/// ```
/// use oauth2_client_auth::{AssertionError, PrivateKeyJwt};
/// use oauth2_types::{AuthenticationContext, ClientAuthError, ClientAuthentication, FormRequest};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let auth = PrivateKeyJwt::new("client", oauth2_jose::HmacKey::new("secret"));
/// let mut request = FormRequest::new("https://as.example/token".parse()?);
/// let err = auth.authenticate(&mut request, &AuthenticationContext::default()).await.unwrap_err();
/// assert!(matches!(err, ClientAuthError::Assertion(AssertionError::SymmetricKey(_))));
/// # Ok(()) }
/// ```
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use oauth2_types::AssertionError;
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use private_key_jwt::PrivateKeyJwt;
pub use secret_basic::ClientSecretBasic;
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub use secret_jwt::ClientSecretJwt;
pub use secret_post::ClientSecretPost;

#[cfg(test)]
#[cfg(feature = "jwt")]
mod tests;
