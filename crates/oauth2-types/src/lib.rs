//! OAuth 2.x core types: tokens, errors, server metadata, and the traits that join the
//! reqwest-oauth2-client crates.
//!
//! This crate has no HTTP client and no cryptography: it is what every other crate of the
//! workspace agrees on.
//!
//! ```
//! use std::time::Duration;
//! use oauth2_types::{BearerToken, ErrorCode, ErrorResponse};
//!
//! let token = BearerToken::from_response(br#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#)?;
//! assert!(!token.is_expired(Duration::from_secs(20)));
//!
//! let error: ErrorResponse = serde_json::from_slice(br#"{"error":"invalid_grant"}"#)?;
//! assert_eq!(error.error, ErrorCode::InvalidGrant);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod error_response;
pub mod exchange;
mod metadata;
pub mod redact;
mod scope;
pub mod seams;
mod secret;
pub mod store;
mod token;
pub mod token_type;
mod www_authenticate;

pub use error_response::{ErrorCode, ErrorResponse};
pub use metadata::AuthorizationServerMetadata;
pub use scope::Scope;
pub use seams::{
    AssertionError, AuthenticationContext, AuthorizeError, BoxError, ClientAuthError,
    ClientAuthentication, ClientSecretMac, FormRequest, HttpClient, HttpError, HttpRequest,
    HttpResponse, RetryAdvice, TokenBinding, TokenSource, TokenSourceError,
    invalid_token_challenge, retry_advice,
};
pub use secret::{AccessToken, ClientSecret, RefreshToken, constant_time_eq};
pub use token::{BearerToken, TokenResponseError};
pub use token_type::grant_type;
pub use www_authenticate::Challenge;

pub use url::Url;
