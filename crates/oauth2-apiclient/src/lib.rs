//! Call APIs with OAuth 2.x tokens.
//!
//! - [`OAuth2Middleware`]: a `reqwest-middleware` layer over any [`TokenSource`] (a token
//!   manager, or a fixed token). It authorizes every request, and when the resource server
//!   rejects the token (`invalid_token`) or asks for a DPoP nonce, it retries once.
//! - [`ApiClient`]: a base URL and a token source; paths cannot leave the base, sub-clients
//!   keep the authorization.
//! - [`RequestBuilderExt::send_with`]: authorize and send one plain reqwest request with a
//!   token, with the same single retry on a DPoP nonce challenge.
//!
//! ```no_run
//! use oauth2_apiclient::OAuth2Middleware;
//! use oauth2_types::BearerToken;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(OAuth2Middleware::new(BearerToken::new("2YotnFZFEjr1zCsicMWpAA")))
//!     .build();
//! let response = http.get("https://api.example/me").send().await?;
//! # Ok(()) }
//! ```
//!
//! [`TokenSource`]: oauth2_types::TokenSource

mod api_client;
mod error;
mod middleware;
mod request;

pub use api_client::ApiClient;
pub use error::Error;
pub use middleware::OAuth2Middleware;
pub use request::{RequestBuilderExt, authorize_request};
