//! The traits that join the crates of this workspace.
//!
//! Each role is a small trait, so a crate can use another's work without depending on it:
//! the grants crate authenticates clients through [`ClientAuthentication`] whatever the method,
//! the API client authorizes requests with a [`BearerToken`](crate::BearerToken), whose
//! [`TokenBinding`] adds what a sender-constrained token needs, and
//! everything that speaks HTTP does so through [`HttpClient`].

mod authorize;
mod binding;
mod client_auth;
mod client_auth_error;
mod http_client;
mod token_source;

pub use authorize::{AuthorizeError, RetryAdvice, invalid_token_challenge, retry_advice};
pub use binding::TokenBinding;
pub use client_auth::{AuthenticationContext, ClientAuthentication, ClientSecretMac, FormRequest};
pub use client_auth_error::{AssertionError, ClientAuthError};
pub use http_client::{BoxError, HttpClient, HttpError, HttpRequest, HttpResponse};
pub use token_source::{TokenSource, TokenSourceError};
